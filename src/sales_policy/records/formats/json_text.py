"""JSON scanning shared by the JSON and JSON Lines readers: exact decimals, duplicate keys
refused, and finding where a field stands in the text (only when an error needs it)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

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
_SCAN = json.JSONDecoder(parse_float=Decimal).scan_once  # type: ignore[attr-defined]
_KEY = re.compile(r'"\s*:')
_SPACED_COLON = re.compile(r"[ \t\r\n]:")
_JSON_WHITESPACE = " \t\n\r"


def decode_record(text: str) -> Any:
    """``DECODER.decode(text)``, faster: scan without the duplicate-key hook, and use the
    hook only when the text has more `"key":` marks than the value has keys (a repeated
    key, or a string that happens to hold `":`). Bad text raises as ``DECODER`` does."""
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        return DECODER.decode(text)  # raises the decoder's own error
    if end != len(text) and text[end:].strip(_JSON_WHITESPACE):
        return DECODER.decode(text)
    keys = len(value) if type(value) is dict and text.count("{") == 1 else _keys(value)
    if text.count('":') == keys and not _SPACED_COLON.search(text):
        return value  # every key ends in `":` and none repeats
    if len(_KEY.findall(text)) == keys:
        return value  # some key stands apart from its colon, and none repeats
    return DECODER.decode(text)


def _keys(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_keys(v) for v in value.values() if isinstance(v, dict | list))
    if isinstance(value, list):
        return sum(_keys(v) for v in value if isinstance(v, dict | list))
    return 0


"""Reads numbers with a fraction as ``Decimal`` from their text, and refuses duplicate keys."""


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
