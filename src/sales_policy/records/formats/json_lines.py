"""JSON Lines: one record per line with a ``kind``; read as a stream, in constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any, BinaryIO

from sales_policy.errors import with_suggestion
from sales_policy.records.formats import json_text
from sales_policy.records.models import KIND_TO_COLLECTION
from sales_policy.records.problems import FileError
from sales_policy.records.raw import FieldPath, RawRecord, too_large
from sales_policy.records.values import describe

_CHUNK = 1 << 16  # read past a line over the limit this much at a time


def locate(path: str, anchor: Any, field: FieldPath) -> tuple[int, int | None]:
    """The line and column of ``field`` in the record at ``anchor`` (its line number and
    the byte offset the line starts at): read again from the file, as only a rejected
    record is located."""
    line_number, offset = anchor
    with open(path, "rb") as handle:
        handle.seek(offset)
        text = handle.readline().decode("utf-8")
    return line_number, json_text.find(text, 0, field) + 1


def read(path: str, source: str, max_size: int) -> Iterator[RawRecord | FileError]:
    locate_in = partial(locate, path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; a generator cannot use `with` across yields cleanly
    except OSError as error:
        yield FileError(source, None, None, "unreadable-file", str(error))
        return
    with handle:
        for line_number, line_offset, line in lines(handle, max_size):
            if line is None:
                yield too_long(source, line_number, max_size)
            else:
                yield record(line, source, line_number, line_offset, locate_in)


def lines(handle: BinaryIO, max_size: int) -> Iterator[tuple[int, int, bytes | None]]:
    """``(line number, offset, line)`` of each line that is not blank, past a byte order
    mark; the line is None when it is longer than ``max_size`` bytes (read past a chunk
    at a time, never whole)."""
    offset = 0
    read = iter(partial(handle.readline, max_size + 1), b"")  # none read whole past it
    for line_number, raw_line in enumerate(read, start=1):
        line_offset, offset = offset, offset + len(raw_line)
        if len(raw_line) > max_size and raw_line[-1:] != b"\n":
            offset += _skip_line(handle)
            yield line_number, line_offset, None
            continue
        line = raw_line
        if line_number == 1 and line[:3] == b"\xef\xbb\xbf":
            line, line_offset = line[3:], line_offset + 3  # past a byte order mark
        if line[:1] == b"{" or line.strip():  # blank lines are skipped
            yield line_number, line_offset, line


def too_long(source: str, line_number: int, max_size: int) -> RawRecord:
    """The record of a line over the size limit: refused unread."""
    problem = ("too-large", too_large("the line", max_size, "bytes"), ())
    return RawRecord(source, None, None, line_number, 1, problem=problem)


def record(
    line: bytes, source: str, line_number: int, line_offset: int, locate_in: Any
) -> RawRecord:
    """The raw record of one line (``lines``), located by ``locate_in``."""
    anchor = (line_number, line_offset)
    try:
        data = json_text.decode_line(line)
    except (ValueError, RecursionError):  # not UTF-8, not JSON...: said below
        data = None
    kind = data.pop("kind", None) if type(data) is dict else None
    if type(kind) is str and kind in KIND_TO_COLLECTION:  # the common case
        collection = KIND_TO_COLLECTION[kind]
        return RawRecord(source, collection, data, line_number, 1, anchor, locate_in)
    return _record(line, source, line_number, anchor, locate_in)


def _skip_line(handle: BinaryIO) -> int:
    """Reads past the rest of a line a chunk at a time; the bytes skipped."""
    skipped = 0
    while True:
        chunk = handle.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk[-1:] == b"\n":
            return skipped


def _record(
    raw_line: bytes, source: str, line_number: int, anchor: tuple[int, int], locate: Any
) -> RawRecord:
    record = RawRecord(source, None, None, line_number, 1, anchor=anchor, locator=locate)
    try:
        text = raw_line.decode("utf-8").rstrip("\r\n")  # a column past the end stays on the line
        data = json_text.DECODER.decode(text)
    except UnicodeDecodeError as error:
        record.problem = ("parse-error", f"not UTF-8 text: {error.reason}", ())
        return record
    except json_text.DuplicateKeyError:
        record.data, _, path = json_text.decode_repeating(text)
        record.problem = ("duplicate-field", "is given twice", path)
    except json.JSONDecodeError as error:
        record.column = error.colno
        record.problem = ("parse-error", f"not a JSON record: {error.msg}", ())
        return record
    except RecursionError:
        record.problem = ("parse-error", "not a JSON record: nested too deeply to read", ())
        return record
    else:
        record.data = data
    data = record.data
    if not isinstance(data, dict):
        message = f"a record must be a JSON object, found {describe(data)}"
        record.problem = ("wrong-type", message, ())
        return record
    kind = data.pop("kind", None)
    if kind is None:
        record.problem = record.problem or ("missing-field", "is required", ("kind",))
    elif not isinstance(kind, str):
        message = f"expected a record type, got {describe(kind)}"
        record.problem = record.problem or ("wrong-type", message, ("kind",))
    elif kind in KIND_TO_COLLECTION:
        record.collection = KIND_TO_COLLECTION[kind]
    else:
        message = with_suggestion(f"unknown kind `{kind}`", str(kind), KIND_TO_COLLECTION)
        record.problem = record.problem or ("unknown-value", message, ("kind",))
    return record


Line = tuple[int, Any, tuple[str, str] | None]
"""A line that is not blank: its number, its JSON object, or ``(code, message)`` when it
holds none (its value is then None)."""


def objects(path: str, source: str, max_size: int) -> Iterator[Line | FileError]:
    """Each line's JSON object, as a stream, for a reader of lines other than the records'
    (another system's export read through a mapping): no ``kind``, any keys."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        yield FileError(source, None, None, "unreadable-file", str(error))
        return
    with handle:
        lines = iter(partial(handle.readline, max_size + 1), b"")
        for number, read in enumerate(lines, start=1):
            if len(read) > max_size and read[-1:] != b"\n":
                _skip_line(handle)
                yield number, None, ("too-large", too_large("the line", max_size, "bytes"))
                continue
            line = read[3:] if number == 1 and read[:3] == b"\xef\xbb\xbf" else read
            if line.strip():
                yield _object(number, line)


def _object(number: int, line: bytes) -> Line:
    try:
        value = json_text.decode_line(line)
    except UnicodeDecodeError as error:
        return number, None, ("parse-error", f"not UTF-8 text: {error.reason}")
    except json_text.DuplicateKeyError as error:
        return number, None, ("duplicate-field", f"`{error.key}` is given twice")
    except json.JSONDecodeError as error:
        return number, None, ("parse-error", f"not a JSON record: {error.msg}")
    except RecursionError:
        return number, None, ("parse-error", "not a JSON record: nested too deeply to read")
    if type(value) is not dict:
        return (
            number,
            None,
            ("wrong-type", f"a record must be a JSON object, found {describe(value)}"),
        )
    return number, value, None
