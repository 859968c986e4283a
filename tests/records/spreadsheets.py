"""Writing records as CSV files and XLSX workbooks, and workbooks from YAML fixtures:
what the CSV and XLSX tests read back.

``*.xlsx.yaml`` fixtures describe a workbook, sheet by sheet, row by row, with YAML's
own types for the cells (what openpyxl writes for each): ``2026-01-05`` a date cell,
``2026-01-05 09:30:00`` a datetime, ``0.1`` a number (a binary float), ``"0.1"``
text, ``~`` an empty cell and ``[]`` an empty row::

    staff:
      - [id, name, role, hired_on]
      - [S1, Li Lei, sales_rep, 2026-01-05]
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from sales_policy.records.models import RECORD_MODELS, BaseRecord, fields_of

WORKBOOK_FIXTURE = ".xlsx.yaml"


def build_workbook(fixture: Path, folder: Path) -> Path:
    """The workbook a ``*.xlsx.yaml`` fixture describes, written into ``folder``."""
    sheets = yaml.safe_load(fixture.read_text("utf-8"))
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(str(title))
        for number, row in enumerate(rows or [], start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
    path = folder / fixture.name.removesuffix(WORKBOOK_FIXTURE)
    path = path.with_name(path.name + ".xlsx")
    book.save(path)
    return path


def tables(records: Iterable[BaseRecord]) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """Collection -> (columns, rows): each record flattened as the CSV and XLSX formats
    write it (``terms.price``, ``payments.0.amount``), its fields left out when empty."""
    found: dict[str, tuple[list[str], list[dict[str, Any]]]] = {}
    for record in records:
        columns, rows = found.setdefault(type(record).collection, ([], []))
        row = _flat(record)
        columns += [name for name in row if name not in columns]
        rows.append(row)
    return {name: found[name] for name in RECORD_MODELS if name in found}


def _flat(record: Any, prefix: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in fields_of(type(record)):
        value = getattr(record, name)
        if dataclasses.is_dataclass(value):
            row |= _flat(value, f"{prefix}{name}.")
        elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
            for number, item in enumerate(value):
                row |= _flat(item, f"{prefix}{name}.{number}.")
        elif value is not None and value != ():
            row[prefix + name] = value
    return row


def write_csv(records: Iterable[BaseRecord], folder: Path) -> list[Path]:
    """One ``<collection>.csv`` per collection (as Excel's "CSV UTF-8" writes it)."""
    written = []
    for collection, (columns, rows) in tables(records).items():
        path = folder / f"{collection}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(_text(row.get(name)) for name in columns)
        written.append(path)
    return written


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ";".join(_text(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_xlsx(records: Iterable[BaseRecord], path: Path, *, numbers: bool = True) -> Path:
    """One sheet per collection, typed as a finance export is: dates as date cells,
    booleans as booleans, decimals as numbers (binary floats; with ``numbers`` false,
    as text), lists as ``;``-separated text. Text is a text cell even when it starts with
    ``=`` (openpyxl would make ``=0`` a formula; a text column exported from Excel holds
    ``=0`` as text)."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for collection, (columns, rows) in tables(records).items():
        sheet = book.create_sheet(collection)
        sheet.append(columns)
        for number, row in enumerate(rows, start=2):
            sheet.append([_cell(row.get(name), numbers) for name in columns])
            for cell in sheet[number]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    book.save(path)
    return path


def _cell(value: Any, numbers: bool) -> Any:
    if isinstance(value, Decimal):
        return float(value) if numbers else str(value)
    if isinstance(value, bool | int | dt.date) or value is None:
        return value
    return _text(value)
