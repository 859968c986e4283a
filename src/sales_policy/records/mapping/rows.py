"""A table's rows through a mapping: its header bound to the table's columns, then each
row into a raw record of the collection it fills, as the interchange readers give them.

A cell that does not map (a value not in its value map, text that does not match its date
format) rejects its row at that cell, naming the column and the mapping's entry; what
maps goes on to the one validation every record has.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sales_policy.errors import did_you_mean, with_suggestion
from sales_policy.records.formats import json_lines, tables, xlsx_workbook
from sales_policy.records.formats.tables import LIST_SEPARATOR, Shape
from sales_policy.records.mapping.check import FieldRule, TableRule
from sales_policy.records.problems import FileError, LoadWarning, Rejection
from sales_policy.records.raw import FieldPath, RawRecord

Convert = Callable[[Any, Shape], object]
"""A reader's own turning of a cell into a field's value (``tables.text_value`` for CSV
text, ``xlsx_workbook.value`` for a workbook's typed cells)."""

CSV_CELLS: Convert = tables.text_value
XLSX_CELLS: Convert = xlsx_workbook.value


def _json_cell(cell: Any, shape: Shape) -> object:
    """A JSON value as a field's: text as a CSV cell's, a number in a text field as its
    text, anything else as it is."""
    if type(cell) is str:
        return tables.text_value(cell, shape)
    if shape.kind == "text" and type(cell) in (int, Decimal):
        return str(cell)
    return cell


JSON_CELLS: Convert = _json_cell


class _Unmapped(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True, slots=True)
class _Field:
    rule: FieldRule
    index: int | None
    get: Callable[[Sequence[Any]], object]


@dataclass(frozen=True, slots=True)
class Bound:
    """A table whose header is read: each field's cell and how to turn it into a value."""

    table: TableRule
    source: str
    where: str
    """The table's name in messages: ``sheet `客户`: `` in a workbook, else empty."""
    fields: tuple[_Field, ...]
    located: bool = True
    """Whether a field's column is its cell's place in the row (not in JSON Lines)."""

    def record(self, line: int, cells: Sequence[Any]) -> RawRecord:
        """The raw record of the row at ``line``."""
        record = RawRecord(
            self.source,
            self.table.collection,
            None,
            line,
            1,
            anchor=MappedRow(line, self),
            locator=_locate,
        )
        data: dict[Any, Any] = {}
        for field in self.fields:
            try:
                value = field.get(cells)
            except _Unmapped as unmapped:
                if record.problem is None:
                    record.problem = (unmapped.code, unmapped.message, field.rule.target.path)
                continue
            if value is not None:
                path = field.rule.target.path
                if len(path) == 1:
                    data[path[0]] = value
                else:
                    data.setdefault(path[0], {})[path[1]] = value
        record.data = data
        return record

    def column(self, path: FieldPath) -> int | None:
        """The column a field's mapping entry reads (None for a constant)."""
        for field in self.fields:
            if field.rule.target.path == path[: len(field.rule.target.path)]:
                return None if field.index is None or not self.located else field.index + 1
        raise LookupError(path)

    def explain(self, rejection: Rejection) -> Rejection:
        """A rejection of a row of this table, naming its sheet (in a workbook) and, when
        validation found it, the column and mapping entry that filled the field at fault
        (a cell that did not map says so itself)."""
        error = rejection.error
        for field in self.fields:
            if field.rule.name == rejection.field and rejection.code not in _SAID:
                said = f"column `{field.rule.column}`, " if field.rule.column else ""
                error += f" ({said}mapping entry `{field.rule.name}` at {field.rule.entry})"
                break
        return dataclasses.replace(rejection, error=self.where + error)


@dataclass(frozen=True, slots=True)
class MappedRow:
    """Where a mapped record comes from: its row, and the table it was read through."""

    line: int
    table: Bound


def _locate(anchor: MappedRow, path: FieldPath) -> tuple[int, int | None]:
    return anchor.line, anchor.table.column(path)


_SAID = frozenset({"unmapped-value", "invalid-date", "uncomputed-formula"})


def bind(
    table: TableRule, source: str, line: int, header: Sequence[Any], convert: Convert
) -> tuple[Bound | None, list[FileError], list[LoadWarning]]:
    """The table's fields bound to the header's columns; or the header's problems (a
    column the mapping reads that is missing, or named twice), and a warning for each
    column the mapping does not read, with the likely intended one."""
    where = f"sheet `{table.sheet}`: " if table.sheet else ""
    names = ["" if cell is None else str(cell).strip() for cell in header]
    numbers: dict[str, int] = {}
    errors: list[FileError] = []
    for index, name in enumerate(names):
        if name and name in numbers and name in table.columns:
            message = f"{where}column `{name}` is named twice (columns {numbers[name] + 1}"
            message += f" and {index + 1}): which one does the mapping read?"
            errors.append(FileError(source, line, index + 1, "duplicate-column", message))
        numbers.setdefault(name, index)
    for rule in table.fields:
        if rule.column is not None and rule.column not in numbers:
            message = with_suggestion(
                f"{where}no column `{rule.column}` (mapping entry `{rule.name}` at {rule.entry})",
                rule.column,
                [name for name in names if name],
            )
            errors.append(FileError(source, line, None, "missing-column", message))
    if errors:
        return None, errors, []
    warnings = []
    unread = [name for name in table.columns if name not in numbers]
    for name in names:
        if name and name not in table.columns:
            hint = did_you_mean(name, unread or table.columns)
            message = f"{where}column `{name}` is not in the mapping" + (
                f", did you mean `{hint}`?" if hint else ""
            )
            warnings.append(
                LoadWarning(source, table.collection, name, "unmapped-column", 1, message)
            )
    fields = tuple(
        _Field(
            rule, numbers.get(rule.column) if rule.column else None, _getter(rule, numbers, convert)
        )
        for rule in table.fields
    )
    return Bound(table, source, where, fields), [], warnings


def _getter(
    rule: FieldRule, numbers: dict[str, int], convert: Convert
) -> Callable[[Sequence[Any]], object]:
    if rule.column is None:
        constant = rule.value
        return lambda cells: constant
    index = numbers[rule.column]
    shape = rule.target.shape
    default = rule.default
    if rule.values is not None:
        read = _mapped(rule)
    elif rule.formats:
        read = _dated(rule, convert)
    elif rule.split is not None:
        separator = rule.split
        read = lambda cell: _listed(cell, separator)  # noqa: E731
    else:
        read = lambda cell: convert(cell, shape)  # noqa: E731
    if rule.target.kind == "date":
        read = _day_of(read)

    def get(cells: Sequence[Any]) -> object:
        cell = cells[index] if index < len(cells) else None
        if cell is None or (type(cell) is str and not cell.strip()):
            return default
        if type(cell) is xlsx_workbook.Formula:
            raise _Unmapped("uncomputed-formula", _formula(cell, rule))
        value = read(cell)
        return default if value is None else value

    return get


def _day_of(read: Callable[[Any], object]) -> Callable[[Any], object]:
    """For a date field: a workbook's datetime cell (a due date exported at 17:30) counts
    its day, as a date format with a time does."""

    def day(cell: Any) -> object:
        value = read(cell)
        return value.date() if type(value) is dt.datetime else value

    return day


def _mapped(rule: FieldRule) -> Callable[[Any], object]:
    values = dict(rule.values or {})
    separator = rule.split or LIST_SEPARATOR
    is_list = rule.target.shape.kind == "list"

    def one(text: str) -> object:
        try:
            return values[text]
        except KeyError:
            message = f"`{text}` in column `{rule.column}` is not in the value map of"
            message += f" `{rule.name}` at {rule.entry}"
            raise _Unmapped("unmapped-value", with_suggestion(message, text, values)) from None

    if is_list:
        return lambda cell: [one(item) for item in _listed(cell, separator) or ()] or None
    return lambda cell: one(_text(cell))


_TIME_CODES = ("%H", "%I", "%M", "%S", "%p", "%z", "%X", "%c")


def _dated(rule: FieldRule, convert: Convert) -> Callable[[Any], object]:
    """Text read with the entry's formats (each text read once); a workbook's date cell
    as the reader gives it."""
    formats = rule.formats
    as_date = rule.target.kind == "date" or not any(
        code in form for form in formats for code in _TIME_CODES
    )
    known: dict[str, dt.date] = {}
    shape = rule.target.shape

    def parse(cell: Any) -> object:
        if type(cell) is not str:
            return convert(cell, shape)
        text = cell.strip()
        found = known.get(text)
        if found is not None:
            return found
        for form in formats:
            try:
                moment = dt.datetime.strptime(text, form)
            except ValueError:
                continue
            found = moment.date() if as_date else moment
            if len(known) < 100_000:
                known[text] = found
            return found
        shown = " or ".join(f"`{form}`" for form in formats)
        message = f"`{text}` in column `{rule.column}` does not match {shown}"
        message += f" (mapping entry `{rule.name}` at {rule.entry})"
        raise _Unmapped("invalid-date", message)

    return parse


def _items(text: str, separator: str) -> list[str] | None:
    items = [item.strip() for item in text.split(separator)]
    return [item for item in items if item] or None


def _listed(cell: Any, separator: str) -> list[str] | None:
    """A list cell's items: a JSON list's, or the cell's text split."""
    if type(cell) is list:
        return [text for text in map(_text, cell) if text] or None
    return _items(_text(cell), separator)


def _text(cell: Any) -> str:
    """A cell as the text a value map or a split reads."""
    if type(cell) is str:
        return cell.strip()
    if type(cell) is float:
        return str(tables.exact_number(cell))
    if type(cell) is bool:
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date().isoformat()
    if isinstance(cell, dt.date | Decimal | int):
        return str(cell)
    return str(cell)


def _formula(cell: xlsx_workbook.Formula, rule: FieldRule) -> str:
    return (
        f"the cell of column `{rule.column}` holds the formula `{cell.text}` but no value: "
        "the workbook was saved without calculating it (open and save it in Excel, or paste"
        " values)"
    )


def table_records(
    rows: Iterator[tuple[int, Sequence[Any], tuple[str, str] | None]],
    table: TableRule,
    source: str,
    convert: Convert,
) -> Iterator[RawRecord | FileError | LoadWarning]:
    """The records of a table's rows: its first row is its header."""
    bound: Bound | None = None
    for line, cells, problem in rows:
        if bound is None:
            if problem is not None:
                yield FileError(source, line, None, *problem)
                return
            bound, errors, warnings = bind(table, source, line, cells, convert)
            yield from errors
            yield from warnings
            if bound is None:
                return
        elif problem is not None:
            record = RawRecord(source, table.collection, None, line, 1, problem=(*problem, ()))
            yield record
        else:
            yield bound.record(line, cells)


def object_records(
    lines: Iterator[json_lines.Line | FileError], table: TableRule, source: str
) -> Iterator[RawRecord | FileError | LoadWarning]:
    """The records of a JSON Lines table: each object's keys are its columns; a key the
    mapping does not read warns once, with the number of lines holding it."""
    columns = table.columns
    bound, _, _ = bind(table, source, 0, columns, JSON_CELLS)
    if bound is None:  # pragma: no cover - the mapping's own columns always bind
        return
    bound = dataclasses.replace(bound, located=False)
    known = frozenset(columns)
    unread: dict[str, int] = {}
    for item in lines:
        if isinstance(item, FileError):
            yield item
            return
        line, value, problem = item
        if problem is not None:
            yield RawRecord(source, table.collection, None, line, 1, problem=(*problem, ()))
            continue
        if not value.keys() <= known:
            for key in value.keys() - known:
                unread[key] = unread.get(key, 0) + 1
        yield bound.record(line, [value.get(column) for column in columns])
    for key, count in sorted(unread.items()):
        hint = did_you_mean(key, columns)
        message = f"key `{key}` is not in the mapping" + (
            f", did you mean `{hint}`?" if hint else ""
        )
        yield LoadWarning(source, table.collection, key, "unmapped-column", count, message)
