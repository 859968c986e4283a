"""XLSX workbooks (what HR and finance export from Excel): one sheet per collection,
named after it, its first row the field names as in CSV (``tables.py``).

Read with openpyxl in read-only mode, row by row. A record's line is its row number
and a field's column its cell's column number (A = 1). Excel types its cells: a date
cell is a date (a datetime at midnight is read as its date), a time of day stays on
a datetime (for an activity's ``at``: in the policy's time zone), and a number is a
binary float, read back as the decimal it shows (``0.1`` stays ``0.1``); a number in
a text field (an id, a phone number) is its text.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

from sales_policy.records.formats import tables
from sales_policy.records.models import RECORD_MODELS
from sales_policy.records.problems import FileError
from sales_policy.records.raw import RawRecord

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet


def read(path: str, source: str, _max_size: int) -> Iterator[RawRecord | FileError]:
    """Rows are streamed from the sheet, one at a time: no line or document to bound."""
    for sheet in sheets(path, source):
        if isinstance(sheet, FileError):
            yield sheet
        else:
            yield from _sheet(*sheet, source)


Rows = Iterator[tuple[int, tuple[Any, ...]]]
"""A sheet's rows, numbered from 1, each a tuple of its cells' values; a formula cell
without a stored value is a ``Formula``."""


def sheets(path: str, source: str) -> Iterator[tuple[str, Rows] | FileError]:
    """Each sheet of the workbook, by its title, with its rows as a stream (read each
    before the next sheet is asked for); what cannot be read is a file error."""
    # openpyxl takes a tenth of a second to import: only when a workbook is read.
    import openpyxl  # noqa: PLC0415
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet  # noqa: PLC0415

    not_a_workbook = (
        zipfile.BadZipFile,
        zlib.error,  # a part's compressed bytes damaged
        EOFError,
        InvalidFileException,
        KeyError,
        ValueError,
        ParseError,
    )
    try:
        with warnings.catch_warnings():  # about styles and extensions it skips: not the data's
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        yield FileError(source, None, None, "unreadable-file", str(error))
        return
    except not_a_workbook as error:
        message = f"not an Excel workbook (.xlsx): {error}"
        yield FileError(source, None, None, "parse-error", message)
        return
    # Formulas are seen only in a second reading, and only when the workbook has any.
    formulas = None
    try:
        if _has_formulas(path):
            formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
        for index, sheet in enumerate(book.worksheets):
            if isinstance(sheet, ReadOnlyWorksheet):
                texts = formulas.worksheets[index] if formulas is not None else None
                yield sheet.title, _rows(sheet, texts)
    except not_a_workbook as error:
        yield FileError(source, None, None, "parse-error", f"a damaged workbook: {error}")
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _has_formulas(path: str) -> bool:
    """Whether any sheet of the workbook holds a formula (a ``<f>`` element)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as handle:
                    tail = b""
                    while chunk := handle.read(1 << 20):
                        if _FORMULA.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def _rows(sheet: ReadOnlyWorksheet, texts: Any) -> Rows:
    sheet.reset_dimensions()  # some writers record a wrong size: read every row there is
    formulas: Iterator[tuple[Any, ...]] = iter(())
    if texts is not None:
        texts.reset_dimensions()
        formulas = iter(texts.values)
    for line, cells in _numbered(sheet):
        yield line, _uncomputed(cells, next(formulas, ()))


def _sheet(collection: str, rows: Rows, source: str) -> Iterator[RawRecord | FileError]:
    if collection not in RECORD_MODELS:
        if any(not tables.is_empty(cells) for _, cells in rows):  # an empty `Sheet1` is fine
            message = tables.unknown_collection(f"the sheet `{collection}`", collection)
            yield FileError(source, None, None, "unknown-collection", message)
        return
    header = next(((line, cells) for line, cells in rows if not tables.is_empty(cells)), None)
    if header is None:
        return
    line, cells = header
    columns, problems = tables.header_problems(collection, cells)
    if problems:
        yield from tables.header_errors(source, line, problems, f"sheet `{collection}`: ")
        return
    table = tables.Table.of(source, collection, columns, value)
    for line, cells in rows:  # the rows after the header
        if tables.is_empty(cells):
            continue
        record = table.record(line, cells)
        missing = next((n for n, cell in enumerate(cells) if isinstance(cell, Formula)), None)
        if missing is not None and record.problem is None and missing < len(columns):
            formula = cells[missing]
            path = columns[missing].path or ()
            message = (
                f"the cell holds the formula `{formula.text}` but no value: the workbook was "
                "saved without calculating it (open and save it in Excel, or paste values)"
            )
            record.problem = ("uncomputed-formula", message, path)
        yield record


class Formula:
    """A formula cell with no stored value: not a value, and never its text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _numbered(sheet: ReadOnlyWorksheet) -> Iterable[tuple[int, tuple[Any, ...]]]:
    return enumerate(sheet.values, start=1)


def _uncomputed(cells: tuple[Any, ...], texts: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row's values, with each formula that has no stored value marked as such."""
    if not texts:
        return cells
    return tuple(
        Formula(text) if value is None and isinstance(text, str) and text.startswith("=") else value
        for value, text in zip(cells, (*texts, *(None,) * len(cells)), strict=False)
    )


def value(cell: Any, shape: tables.Shape) -> object:
    """A cell as the value of a field of ``shape``; None for an empty one."""
    if isinstance(cell, Formula):
        return None  # the record is rejected at this cell
    if isinstance(cell, str):
        return tables.text_value(cell, shape)
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0) and cell.tzinfo is None:
        cell = cell.date()
    elif isinstance(cell, float):
        cell = tables.exact_number(cell)
    if shape.kind == "text" and isinstance(cell, int | Decimal) and not isinstance(cell, bool):
        return str(cell)
    if shape.kind == "list":
        return [value(cell, shape.item) if shape.item else cell]
    return cell
