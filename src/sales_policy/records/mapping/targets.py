"""The fields a mapping may fill, read from the record models: where each goes, how it is
written in a table, whether it is a date or a timestamp, which values an enumeration takes,
and which fields a record requires."""

from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic.fields import FieldInfo

from sales_policy.records.formats.tables import SHAPES, Shape
from sales_policy.records.models import ACTIVITY_MODELS, RECORD_MODELS, ActivityBase, fields_of
from sales_policy.records.raw import FieldPath
from sales_policy.records.values import IsoDate, Timestamp

Kind = Literal["date", "timestamp", "other"]


@dataclass(frozen=True, slots=True)
class Target:
    """A field a table's column can fill."""

    path: FieldPath
    shape: Shape
    kind: Kind
    choices: tuple[str, ...]
    """An enumeration's values (of a list's items, for a list); empty for any other field."""


@cache
def targets(collection: str, items_of: str | None = None) -> dict[str, Target]:
    """Field name (``terms.price`` for a nested one) -> its target, for a table filling
    ``collection`` (or, with ``items_of``, items of that list field, and ``id``)."""
    models = _models(collection)
    found: dict[str, Target] = {}
    for model in models:
        for name, info in fields_of(model).items():
            shape = SHAPES[collection][name]
            if items_of is not None and name == "id":
                found.setdefault(name, Target((name,), shape, "other", ()))
            if items_of is not None and name == items_of and shape.kind == "objects":
                item = _item_model(info.annotation)
                for sub, sub_info in fields_of(item).items():
                    found[sub] = _target((sub,), shape.fields[sub], sub_info)
            elif items_of is None and shape.kind == "object":
                nested = _item_model(info.annotation)
                for sub, sub_info in fields_of(nested).items():
                    path = (name, sub)
                    target = _target(path, shape.fields[sub], sub_info)
                    found.setdefault(f"{name}.{sub}", target)
            elif items_of is None and shape.kind != "objects":
                found.setdefault(name, _target((name,), shape, info))
    return found


@cache
def list_fields(collection: str) -> tuple[str, ...]:
    """The collection's fields that are lists of records (``payments``)."""
    return tuple(name for name, shape in SHAPES[collection].items() if shape.kind == "objects")


@cache
def required(collection: str, items_of: str | None = None) -> tuple[str, ...]:
    """The fields every record (item) must have; for activities, those of every type."""
    if items_of is not None:
        info = fields_of(RECORD_MODELS[collection])[items_of]
        item = fields_of(_item_model(info.annotation))
        return ("id", *(name for name, field in item.items() if field.is_required()))
    model = RECORD_MODELS[collection]
    return tuple(name for name, field in fields_of(model).items() if field.is_required())


def _models(collection: str) -> list[type[Any]]:
    model = RECORD_MODELS[collection]
    return [model, *ACTIVITY_MODELS.values()] if model is ActivityBase else [model]


def _target(path: FieldPath, shape: Shape, info: FieldInfo) -> Target:
    # A required field's ``Annotated`` metadata is moved onto its ``FieldInfo``.
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return Target(path, shape, _kind(annotation), _choices(annotation))


def _arguments(annotation: Any) -> list[Any]:
    """``annotation`` with ``X | None`` and ``tuple[X, ...]`` opened, innermost last."""
    found = [annotation]
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return [annotation, *_arguments(typing.get_args(annotation)[0])]
    if origin in (typing.Union, types.UnionType, tuple):
        for argument in typing.get_args(annotation):
            if argument is not type(None) and argument is not Ellipsis:
                found += _arguments(argument)
    return found


def _kind(annotation: Any) -> Kind:
    arguments = _arguments(annotation)
    if any(argument == Timestamp for argument in arguments):
        return "timestamp"
    if any(argument == IsoDate for argument in arguments):
        return "date"
    return "other"


def _choices(annotation: Any) -> tuple[str, ...]:
    for argument in _arguments(annotation):
        if isinstance(argument, type) and issubclass(argument, enum.Enum):
            return tuple(str(member.value) for member in argument)
        if typing.get_origin(argument) is Literal:
            return tuple(str(getattr(value, "value", value)) for value in typing.get_args(argument))
    return ()


def _item_model(annotation: Any) -> type[Any]:
    for argument in _arguments(annotation):
        if isinstance(argument, type) and hasattr(argument, "__pydantic_fields__"):
            return argument
    raise LookupError(annotation)  # pragma: no cover - called on fields of records only
