"""JSON scanning shared by the JSON and JSON Lines readers: exact decimals, duplicate keys
refused, and finding where a field stands in the text (only when an error needs it)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import orjson

from sales_policy.records.raw import FieldPath


class DuplicateKeyError(ValueError):
    """An object names the same key twice; JSON parsers silently keep the last."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return result


DECODER = json.JSONDecoder(parse_float=Decimal, object_pairs_hook=_refuse_duplicates)
"""Reads numbers with a fraction as ``Decimal`` from their text, and refuses duplicate keys."""


def decode_line(line: bytes) -> Any:
    """The JSON value of one line of UTF-8, exactly as ``DECODER`` reads it (numbers with
    a fraction as decimals from their text, a repeated key refused, the same errors), three
    times faster: orjson parses it, and ``DECODER`` reads it again only where orjson would
    differ: a number with a fraction or an exponent (orjson makes it a binary float), a
    key given twice (orjson keeps the last), or text orjson refuses (``NaN``, an integer
    past 64 bits, or text that is not JSON at all, for ``DECODER`` to say why).

    A repeated key is found by counting: each string of the text (key or value) has two
    quotes, and a quote inside a string is escaped, so when the quotes are exactly twice
    the strings of the value, no key was dropped.
    """
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return DECODER.decode(line.decode("utf-8"))
    strings, exact = _strings(value)
    if exact and line.count(b'"') == 2 * strings:
        return value
    return DECODER.decode(line.decode("utf-8"))


def _strings(value: Any) -> tuple[int, bool]:
    """The strings in ``value`` (keys included), and whether it holds no float (if it
    does, the count is left unfinished: the line is read again anyway)."""
    if type(value) is dict:
        items: Iterable[Any] = value.values()
        strings = len(value)
    elif type(value) is list:
        items, strings = value, 0
    else:
        return int(type(value) is str), type(value) is not float
    kinds = list(map(type, items))
    if float in kinds:
        return strings, False
    strings += kinds.count(str)
    if dict in kinds or list in kinds:
        for item in items:
            if type(item) is dict or type(item) is list:
                more, exact = _strings(item)
                if not exact:
                    return strings, False
                strings += more
    return strings, True


class _Repeating(dict[str, Any]):
    """An object that names ``repeated`` twice; holds each key's last value."""

    repeated: str


def _mark_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    try:
        return _refuse_duplicates(pairs)
    except DuplicateKeyError as error:
        marked = _Repeating(pairs)
        marked.repeated = error.key
        return marked


_MARKING = json.JSONDecoder(parse_float=Decimal, object_pairs_hook=_mark_duplicates)


def decode_repeating(text: str, index: int = 0) -> tuple[Any, int, FieldPath]:
    """The value at ``index`` that ``DECODER`` refused for a repeated key: read keeping
    each key's last value (as JSON parsers do), its end, and the path to the repeated key."""
    data, end = _MARKING.raw_decode(text, index)
    return data, end, _repeated_path(data)


def _repeated_path(value: Any) -> FieldPath:
    if isinstance(value, _Repeating):
        return (value.repeated,)
    if isinstance(value, dict):
        steps: Iterable[tuple[str | int, Any]] = value.items()
    else:
        steps = enumerate(value) if isinstance(value, list) else ()
    for step, item in steps:
        path = _repeated_path(item)
        if path:
            return (step, *path)
    return ()


_PLAIN = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


def skip_whitespace(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def find(text: str, start: int, path: FieldPath) -> int:
    """Offset in ``text`` of the key (or list item) named by ``path`` inside the value at
    ``start``; raises ``LookupError`` when it is not there. Of a repeated key, the last
    (whose value was read)."""
    index = skip_whitespace(text, start)
    step, rest = path[0], path[1:]
    if text[index] == "{" and isinstance(step, str):
        found: tuple[int, int] | None = None
        index = skip_whitespace(text, index + 1)
        while text[index] == '"':
            key_at = index
            key, index = scanstring(text, index + 1)
            index = skip_whitespace(text, index)
            index = skip_whitespace(text, index + 1)  # past the colon
            if key == step:
                found = key_at, index
            index = _past_value(text, index)
        if found is not None:
            key_at, value_at = found
            return find(text, value_at, rest) if rest else key_at
    elif text[index] == "[" and isinstance(step, int):
        index = skip_whitespace(text, index + 1)
        position = 0
        while text[index] != "]":
            if position == step:
                return find(text, index, rest) if rest else index
            index = _past_value(text, index)
            position += 1
    raise LookupError(path)


def _past_value(text: str, index: int) -> int:
    _, end = _PLAIN.raw_decode(text, index)
    end = skip_whitespace(text, end)
    if text[end] == ",":
        end = skip_whitespace(text, end + 1)
    return end
