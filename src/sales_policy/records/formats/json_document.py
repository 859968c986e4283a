"""JSON documents: ``{"staff": [...], "contracts": [...]}``, with each record's position."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from sales_policy.records.formats import json_text
from sales_policy.records.formats.documents import TOP_LEVEL, collection_problem, not_a_list
from sales_policy.records.problems import FileError
from sales_policy.records.raw import FieldPath, RawRecord, too_large
from sales_policy.records.values import describe


def read(path: str, source: str, max_size: int) -> Iterator[RawRecord | FileError]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read(max_size + 1)  # a JSON document is read whole: not past the limit
    except (OSError, UnicodeDecodeError) as error:
        yield FileError(source, None, None, "unreadable-file", str(error))
        return
    if len(text) > max_size:
        yield FileError(source, 1, 1, "too-large", too_large("the document", max_size))
        return
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def position(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        yield FileError(source, error.lineno, error.colno, "parse-error", error.msg)
        return
    index = json_text.skip_whitespace(text, 0)
    if text[index] != "{":
        yield FileError(source, *position(index), "not-a-mapping", TOP_LEVEL)
        return

    def locate(anchor: Any, field: FieldPath) -> tuple[int, int | None]:
        return position(json_text.find(text, anchor, field))

    index = json_text.skip_whitespace(text, index + 1)
    while text[index] == '"':
        name, index = scanstring(text, index + 1)
        index = json_text.skip_whitespace(text, index)
        index = json_text.skip_whitespace(text, index + 1)
        value_at = index
        if text[index] == "[":
            problem = collection_problem(name)
            index = json_text.skip_whitespace(text, index + 1)
            while text[index] != "]":
                record_at = index
                data, index, record_problem = _decode(text, index)
                yield RawRecord(
                    source,
                    name,
                    data,
                    *position(record_at),
                    anchor=record_at,
                    locator=locate,
                    problem=problem or record_problem,
                )
                index = json_text.skip_whitespace(text, index)
                if text[index] == ",":
                    index = json_text.skip_whitespace(text, index + 1)
            index += 1
        else:
            value, index = json.JSONDecoder().raw_decode(text, index)
            if value is not None:
                message = not_a_list(name, describe(value))
                yield FileError(source, *position(value_at), "not-a-list", message)
        index = json_text.skip_whitespace(text, index)
        if text[index] == ",":
            index = json_text.skip_whitespace(text, index + 1)


def _decode(text: str, index: int) -> tuple[Any, int, tuple[str, str, FieldPath] | None]:
    try:
        data, end = json_text.DECODER.raw_decode(text, index)
    except json_text.DuplicateKeyError:
        data, end, path = json_text.decode_repeating(text, index)
        return data, end, ("duplicate-field", "is given twice", path)
    return data, end, None
