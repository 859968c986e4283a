"""CSV: one file per collection, named after it (``contracts.csv``), read as a stream.

The header row names the fields (``tables.py`` says how nested and list fields are
written); each later row is a record at the line where it starts (a quoted cell may
span lines), and a field's column is its cell's place in the row. Every cell stays
text: validation reads decimals, dates and whole numbers from it, so amounts are exact.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sales_policy.records.formats import tables
from sales_policy.records.models import RECORD_MODELS
from sales_policy.records.problems import FileError
from sales_policy.records.raw import RawRecord, too_large

if TYPE_CHECKING:
    from _csv import Reader

_CHUNK = 1 << 20
_SKIP = 1 << 16  # read past a line over the limit this much at a time
PAST_HEADER = ": a cell holding a comma must be in quotes"


def read(path: str, source: str, max_size: int) -> Iterator[RawRecord | FileError]:
    collection = Path(path).stem
    if collection not in RECORD_MODELS:
        message = tables.unknown_collection(f"the file name `{Path(path).name}`", collection)
        yield FileError(source, None, None, "unknown-collection", message)
        return
    table: tables.Table | None = None
    for row in rows(path, source, max_size):
        if isinstance(row, FileError):
            yield row
            return
        line, cells, problem = row
        if table is None:
            if problem is not None:
                yield FileError(source, line, None, *problem)
                return
            if len(cells) == 1 and any(mark in cells[0] for mark in ";\t"):
                message = "the header is one cell: separate cells with commas (`,`)"
                yield FileError(source, line, 1, "parse-error", message)
                return
            columns, problems = tables.header_problems(collection, cells)
            if problems:
                yield from tables.header_errors(source, line, problems)
                return
            table = tables.Table.of(source, collection, columns, _value, PAST_HEADER)
        elif problem is not None:
            yield RawRecord(source, collection, None, line, 1, problem=(*problem, ()))
        else:
            yield table.record(line, cells)


Row = tuple[int, list[str], tuple[str, str] | None]
"""A row that is not empty: its line, its cells, and ``(code, message)`` when it cannot
be read (its cells are then empty)."""


def rows(path: str, source: str, max_size: int) -> Iterator[Row | FileError]:
    """The file's rows that are not empty, as a stream; a file that is not UTF-8 (or
    cannot be opened) is a file error, and no row of it is read."""
    try:
        not_utf8 = _not_utf8(path)
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        yield FileError(source, None, None, "unreadable-file", str(error))
        return
    if not_utf8 is not None:
        handle.close()
        line, reason = not_utf8
        message = f"not UTF-8 text ({reason}): save it as CSV UTF-8"
        yield FileError(source, line, None, "unreadable-file", message)
        return
    with handle:
        lines = _Lines(handle, max_size)
        yield from _rows(csv.reader(lines, strict=True), lines)


class _LineTooLong(Exception):
    """A line over the size limit, read past without keeping it."""


class _Lines:
    """The file's lines for ``csv.reader``, none read whole past ``max_size``; a longer
    one raises ``_LineTooLong`` (the reader then starts afresh on the next line)."""

    def __init__(self, handle: TextIO, max_size: int) -> None:
        self._handle, self.max_size = handle, max_size
        self._readline = partial(handle.readline, max_size + 1)
        self.number = 0
        """Lines read so far."""

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._readline()
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > self.max_size and line[-1] not in "\r\n":
            while line and line[-1] not in "\r\n":
                line = self._handle.readline(_SKIP)
            raise _LineTooLong
        return line


def _rows(reader: Reader, lines: _Lines) -> Iterator[Row]:
    while True:
        line = lines.number + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _LineTooLong:
            yield line, [], ("too-large", too_large(f"line {lines.number}", lines.max_size))
            continue
        except csv.Error as error:
            yield line, [], ("parse-error", _csv_problem(str(error), lines.number))
            continue
        if not tables.is_empty(cells):
            yield line, cells, None


def _value(cell: str, shape: tables.Shape) -> object:
    return tables.text_value(cell, shape)


def _csv_problem(error: str, last_line: int) -> str:
    if error == "unexpected end of data":
        return f"a quoted cell opened on this row is never closed: it runs to line {last_line}"
    if error.startswith("',' expected after"):
        return 'a quoted cell goes on after its closing quote (write a quote inside it as `""`)'
    if error.startswith("field larger than field limit"):
        return "a cell is longer than the limit: is a quoted cell left open?"
    return f"not valid CSV: {error}"


def _not_utf8(path: str) -> tuple[int, str] | None:
    """Line and reason of the first bytes that are not UTF-8, if any: checked before any
    record is read, so such a file (Excel's plain CSV on a Chinese Windows is GBK) loads
    nothing rather than a part."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            pending = len(decoder.getstate()[0])  # bytes of a character split between chunks
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return lines + chunk.count(b"\n", 0, max(error.start - pending, 0)), error.reason
            if not chunk:
                return None
            lines += chunk.count(b"\n")
