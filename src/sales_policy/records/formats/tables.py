"""What CSV files and XLSX sheets share: one table per collection, a header row of
field names, then one record per row.

Nested fields are flattened with ``.``: ``terms.price``, and a list of objects by
item number, ``payments.0.amount``, ``payments.1.amount``. List fields hold their
items in one cell, separated by ``;``. Which fields are lists, booleans or nested
objects is read from the models, so a field added to a record type is a column at once.
An empty cell is a field left out.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from sales_policy.errors import with_suggestion
from sales_policy.records.models import ACTIVITY_MODELS, RECORD_MODELS, fields_of
from sales_policy.records.problems import FileError
from sales_policy.records.raw import FieldPath, RawRecord

LIST_SEPARATOR = ";"

Kind = Literal["text", "value", "bool", "list", "object", "objects"]


@dataclass(frozen=True, slots=True)
class Shape:
    """How a field is written in a table. ``text``: a string field; ``value``: any other
    single value (a date, a decimal, an enumeration, ...); ``list``: ``;``-separated items
    of shape ``item``; ``object``: one nested record (``terms.price``); ``objects``: a
    list of them, by item number (``payments.0.amount``)."""

    kind: Kind
    item: Shape | None = None
    fields: dict[str, Shape] = field(default_factory=dict)


def shape_of(annotation: Any) -> Shape:
    """The shape of a field of the given type annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return shape_of(args[0])  # the format's unions are `X | None`
    if origin is typing.Annotated:
        return shape_of(typing.get_args(annotation)[0])
    if origin is tuple:
        item = shape_of(typing.get_args(annotation)[0])
        if item.kind == "object":
            return Shape("objects", fields=item.fields)
        return Shape("list", item=item)
    if annotation is bool:
        return Shape("bool")
    if annotation is str:
        return Shape("text")
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return Shape("object", fields=fields_shapes(annotation))
    return Shape("value")


def fields_shapes(model: type[Any]) -> dict[str, Shape]:
    return {name: shape_of(info.annotation) for name, info in fields_of(model).items()}


def _collection_shapes(collection: str) -> dict[str, Shape]:
    """The fields of a collection: for activities, those of every activity type."""
    model = RECORD_MODELS[collection]
    models = [model, *ACTIVITY_MODELS.values()] if collection == "activities" else [model]
    shapes: dict[str, Shape] = {}
    for each in models:
        for name, shape in fields_shapes(each).items():
            shapes.setdefault(name, shape)
    return shapes


SHAPES: dict[str, dict[str, Shape]] = {name: _collection_shapes(name) for name in RECORD_MODELS}
"""Collection -> field name -> how the field is written in a table."""


@dataclass(frozen=True, slots=True)
class Column:
    """A header cell: the field path it fills (None: a column without a name) and how."""

    path: FieldPath | None
    shape: Shape


_UNNAMED = Column(None, Shape("value"))


def header_problems(
    collection: str, cells: Sequence[object]
) -> tuple[list[Column], list[tuple[int, str, str]]]:
    """The columns a header row names, and its problems as ``(column, code, message)``."""
    shapes = SHAPES[collection]
    columns: list[Column] = []
    problems: list[tuple[int, str, str]] = []
    seen: dict[FieldPath, int] = {}
    for number, cell in enumerate(cells, start=1):
        name = "" if cell is None else str(cell).strip()
        if not name:
            columns.append(_UNNAMED)
            continue
        column, problem = _column(name, shapes)
        columns.append(column)
        if problem is not None:
            problems.append((number, "bad-column", problem))
        elif column.path in seen:
            message = f"column `{name}` names the same field as column {seen[column.path]}"
            problems.append((number, "duplicate-field", message))
        else:
            seen[column.path] = number  # type: ignore[index]
    return columns, problems


def _column(name: str, shapes: dict[str, Shape]) -> tuple[Column, str | None]:
    head, *rest = name.split(".")
    shape = shapes.get(head)
    if shape is None or shape.kind not in ("object", "objects"):
        if shape is not None and not rest:
            return Column((name,), shape), None
        # Not a field of the format: it loads, and is reported as an unknown field.
        return Column((name,), Shape("value")), None
    names = ", ".join(f"`{head}.{sub}`" for sub in shape.fields)
    if shape.kind == "object":
        if len(rest) == 1 and rest[0]:
            return Column((head, rest[0]), shape.fields.get(rest[0], Shape("value"))), None
        return _UNNAMED, f"column `{name}`: write each field of `{head}` in a column: {names}"
    if len(rest) == 2 and rest[0].isdigit() and rest[0].isascii() and rest[1]:
        sub_shape = shape.fields.get(rest[1], Shape("value"))
        return Column((head, int(rest[0]), rest[1]), sub_shape), None
    first = ", ".join(f"`{head}.0.{sub}`" for sub in shape.fields)
    second = f"`{head}.1.{next(iter(shape.fields))}`"
    return _UNNAMED, f"column `{name}`: number the items of `{head}`: {first}, then {second}, ..."


def header_errors(
    source: str, line: int, problems: list[tuple[int, str, str]], where: str = ""
) -> Iterator[FileError]:
    for column, code, message in problems:
        yield FileError(source, line, column, code, where + message)


def unknown_collection(what: str, name: str) -> str:
    return with_suggestion(f"{what} names no collection", name, RECORD_MODELS)


def is_empty(cells: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def text_value(text: str, shape: Shape) -> object:
    """A cell's text as the value of a field of ``shape``; None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    if shape.kind == "list":
        return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    if shape.kind == "bool" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


Convert = typing.Callable[[Any, Shape], object]
"""Turns one non-empty cell into the value of a field of the given shape."""


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV file or sheet past its header: turns each row into a record."""

    source: str
    collection: str
    columns: list[Column]
    convert: Convert
    locate: typing.Callable[[Any, FieldPath], tuple[int, int | None]]
    past_header: str
    """What to say of a value in a cell past the header's last column."""

    @classmethod
    def of(
        cls, source: str, collection: str, columns: list[Column], convert: Convert, past: str = ""
    ) -> Table:
        return cls(source, collection, columns, convert, column_locator(columns), past)

    def record(self, line: int, cells: Sequence[object]) -> RawRecord:
        """The record the row at ``line`` holds."""
        record = RawRecord(
            self.source, self.collection, None, line, 1, anchor=line, locator=self.locate
        )
        data: dict[str, Any] = {}
        for number, cell in enumerate(cells, start=1):
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            column = self.columns[number - 1] if number <= len(self.columns) else _UNNAMED
            if column.path is None:
                if record.problem is None:
                    message = f"a value in column {number}, which the header does not name"
                    if number > len(self.columns):
                        message = f"a value in column {number}, past the header's last"
                        message += f" ({len(self.columns)}){self.past_header}"
                    record.column = number
                    record.problem = ("parse-error", message, ())
                continue
            value = self.convert(cell, column.shape)
            if value is not None:
                _place(data, column.path, value)
        gaps: list[tuple[str, tuple[int, ...]]] = []
        for name, value in data.items():
            if isinstance(value, dict) and value and all(type(key) is int for key in value):
                numbers = tuple(sorted(value))
                data[name] = [value[number] for number in numbers]
                if numbers != tuple(range(len(numbers))):
                    gaps.append((name, numbers))
        if gaps:  # items numbered 1, 2 (or 0, 2) are the list's [0], [1]; positions keep them
            record.anchor = (line, tuple(gaps))
        record.data = data
        return record


def _place(data: dict[str, Any], path: FieldPath, value: object) -> None:
    target: dict[Any, Any] = data
    for step in path[:-1]:
        target = target.setdefault(step, {})
    target[path[-1]] = value


def column_locator(
    columns: list[Column],
) -> typing.Callable[[Any, FieldPath], tuple[int, int | None]]:
    """Finds the cell of a field: the row from the record's anchor, the column from the
    header. A list item points at its list's cell; a missing field at its empty cell."""
    numbers: dict[FieldPath, int] = {}
    for number, column in enumerate(columns, start=1):
        if column.path is not None:
            numbers.setdefault(column.path, number)
            for end in range(1, len(column.path)):
                numbers.setdefault(column.path[:end], number)

    def locate(anchor: Any, path: FieldPath) -> tuple[int, int | None]:
        line = anchor
        if isinstance(anchor, tuple):
            line, gaps = anchor
            for name, items in gaps:
                if len(path) > 1 and path[0] == name and isinstance(path[1], int):
                    path = (name, items[path[1]], *path[2:])
        for end in range(len(path), 0, -1):
            number = numbers.get(path[:end])
            if number is not None:
                return line, number
        raise LookupError(path)

    return locate


def exact_number(value: float) -> Decimal:
    """A binary float as the decimal it was typed as (``0.1`` stays ``0.1``)."""
    return Decimal(repr(value))
