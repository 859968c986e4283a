"""JSON scanning shared by the JSON and JSON Lines readers: exact decimals, duplicate keys
refused, and finding where a field stands in the text (only when an error needs it)."""

from __future__ import annotations

import json
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
"""Reads numbers with a fraction as ``Decimal`` from their text, and refuses duplicate keys."""

_PLAIN = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


def skip_whitespace(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def find(text: str, start: int, path: FieldPath) -> int:
    """Offset in ``text`` of the key (or list item) named by ``path`` inside the value at
    ``start``; raises ``LookupError`` when it is not there."""
    index = skip_whitespace(text, start)
    step, rest = path[0], path[1:]
    if text[index] == "{" and isinstance(step, str):
        index = skip_whitespace(text, index + 1)
        while text[index] == '"':
            key_at = index
            key, index = scanstring(text, index + 1)
            index = skip_whitespace(text, index)
            index = skip_whitespace(text, index + 1)  # past the colon
            if key == step:
                return find(text, index, rest) if rest else key_at
            index = _past_value(text, index)
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
