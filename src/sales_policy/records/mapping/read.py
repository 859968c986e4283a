"""Files read through a mapping: each CSV file, workbook sheet or JSON Lines file a table
of the mapping names, turned into raw records by ``rows.py``. A sheet of a mapped workbook
that no table names is an error of that sheet (``unmapped-sheet``); an empty one is
nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import Any

from sales_policy.errors import with_suggestion
from sales_policy.records.formats import csv_table, json_lines, tables, xlsx_workbook
from sales_policy.records.mapping.check import Mapping, TableRule
from sales_policy.records.mapping.rows import (
    CSV_CELLS,
    XLSX_CELLS,
    object_records,
    table_records,
)
from sales_policy.records.problems import FileError, LoadWarning
from sales_policy.records.raw import RawRecord

Found = Iterator[RawRecord | FileError | LoadWarning]


def read(path: str, source: str, mapping: Mapping, max_size: int) -> Found:
    """The records of the file's tables, but for tables joined to others (read by ``Joins``)."""
    chosen = mapping.tables_of(path)
    wanted = [table for table in chosen if not table.joined]
    skipped = {table.sheet for table in chosen if table.joined}
    for table in tables_read(path, source, wanted, max_size, skipped):
        if isinstance(table, FileError):
            yield table
        else:
            yield from table[1]


def tables_read(
    path: str,
    source: str,
    wanted: Sequence[TableRule],
    max_size: int,
    skipped: set[str | None] | None = None,
) -> Iterator[tuple[TableRule, Found] | FileError]:
    """Each wanted table of the file with its records, and the errors of what is not a
    table (a workbook that cannot be read, a sheet no table names). Sheets in
    ``skipped`` are read by another pass."""
    suffix = PurePath(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        for table in wanted:
            yield table, object_records(json_lines.objects(path, source, max_size), table, source)
        return
    if suffix != ".xlsx":
        for table in wanted:
            yield table, _csv_records(csv_table.rows(path, source, max_size), table, source)
        return
    by_sheet = {table.sheet: table for table in wanted}
    for sheet in xlsx_workbook.sheets(path, source):
        if isinstance(sheet, FileError):
            yield sheet
            continue
        title, cells_of = sheet
        found = by_sheet.get(title)
        if found is not None:
            rows = ((n, cells, None) for n, cells in cells_of if not tables.is_empty(cells))
            yield found, table_records(rows, found, source, XLSX_CELLS)
        elif (
            skipped is not None
            and title not in skipped
            and any(not tables.is_empty(cells) for _, cells in cells_of)
        ):
            names = [t.sheet or "" for t in wanted]
            message = with_suggestion(
                f"no table of the mapping reads the sheet `{title}`", title, names
            )
            yield FileError(source, None, None, "unmapped-sheet", message)


def _csv_records(
    rows: Iterator[csv_table.Row | FileError],
    table: TableRule,
    source: str,
) -> Found:
    """A CSV table's records; a file that cannot be read is one error."""
    errors: list[FileError] = []

    def lines() -> Iterator[tuple[int, Sequence[Any], tuple[str, str] | None]]:
        for row in rows:
            if isinstance(row, FileError):
                errors.append(row)
                return
            yield row

    yield from table_records(lines(), table, source, CSV_CELLS)
    yield from errors
