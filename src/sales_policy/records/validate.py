"""From a raw record to a model, or to a rejection that says where and why.

Pydantic does the checking; this module turns its errors into the format's stable
codes and plain messages, and finds fields the format does not name.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from sales_policy.errors import did_you_mean, with_choices, with_suggestion
from sales_policy.records.models import (
    ACTIVITY_MODELS,
    RECORD_MODELS,
    ActivityBase,
    BaseRecord,
    adapter,
    fields_of,
)
from sales_policy.records.problems import Issue, Rejection
from sales_policy.records.raw import FieldPath, RawRecord, path_text
from sales_policy.records.values import describe

_WRONG_TYPE = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping",
    "dict_type": "a mapping",
}


def validate(
    raw: RawRecord, time_zone: str
) -> tuple[BaseRecord | None, Rejection | None, list[tuple[str, str | None]]]:
    """The record ``raw`` holds, or why it is rejected; and the fields the format does not
    name, which are left out of the record, as ``(field path, likely intended field)``."""
    data = raw.data
    if raw.problem is None and type(data) is dict:
        record, problems, unknown = validate_data(raw.collection or "", data, time_zone)
        if record is None:
            return None, _rejection(raw, _record_id(data), problems), unknown
        return record, None, unknown
    if raw.problem is not None:
        code, message, path = raw.problem
        return None, _rejection(raw, _record_id(data), [(path, code, message)]), []
    message = f"a record must be a mapping of fields, found {describe(data)}"
    return None, _rejection(raw, None, [((), "wrong-type", message)]), []


Problems = list[tuple[FieldPath, str, str]]
"""``(field path, code, message)`` of each problem of one record."""


def validate_data(
    collection: str, data: dict[str, Any], time_zone: str
) -> tuple[BaseRecord | None, Problems, list[tuple[str, str | None]]]:
    """The record of ``collection`` that ``data`` holds, else its problems; and the fields
    the format does not name, as ``(field path, likely intended field)``, which are left
    out of the record. The loader's one validation, and ``parse_record``'s."""
    kind = data.get("type") if collection == "activities" else None
    plan = _PLANS.get((collection, kind)) if kind is None or type(kind) is str else None
    if plan is None:
        model, problem = model_for(collection, data)
        if model is None:
            return None, [problem] if problem else [], []
        plan = _plan(collection, kind, model)
    unknown: list[tuple[str, str | None]] = []
    if has_unknown_fields(plan.model, data):  # the records refuse them: validate the rest
        unknown = unknown_fields(plan.model, data)
        data = _known_only(plan.model, data)
    for field in plan.references:  # one string object per referenced id
        value = data.get(field)
        if type(value) is str:
            data[field] = sys.intern(value)
    context = _CONTEXTS.get(time_zone) or _CONTEXTS.setdefault(time_zone, {"time_zone": time_zone})
    try:
        return plan.check(data, context=context), [], unknown
    except ValidationError as error:
        details = error.errors(include_url=False)
        return None, [_problem(detail, plan.model) for detail in details], unknown


def _known_only(model: type[Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` without the fields ``model`` does not name, at any depth."""
    known = _field_names(model)
    nested = _nested_models(model)
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        inner = nested.get(key)
        if inner is not None and isinstance(value, dict):
            kept[key] = _known_only(inner, value)
        elif inner is not None and isinstance(value, list):
            kept[key] = [_known_only(inner, v) if isinstance(v, dict) else v for v in value]
        else:
            kept[key] = value
    return kept


@dataclass(frozen=True, slots=True)
class _Plan:
    """How to validate the records of one collection (and activity type)."""

    model: type[BaseRecord]
    check: Callable[..., BaseRecord]
    """The model's ``validate_python``."""
    references: tuple[str, ...]
    """The fields that hold ids: a million activities name a few thousand staff and
    customers, and sharing one string per id saves each copy's memory."""


_PLANS: dict[tuple[str, str | None], _Plan] = {}


def _plan(collection: str, kind: str | None, model: type[BaseRecord]) -> _Plan:
    plan = _Plan(model, adapter(model).validator.validate_python, tuple(model.references))
    _PLANS[collection, kind] = plan
    return plan


_CONTEXTS: dict[str, dict[str, str]] = {}
"""The validation context of each time zone, made once."""


def _record_id(data: Any) -> str | None:
    record_id = data.get("id") if isinstance(data, dict) else None
    return record_id if isinstance(record_id, str) else None


def model_for(
    collection: str, data: Mapping[str, Any]
) -> tuple[type[BaseRecord] | None, tuple[FieldPath, str, str] | None]:
    """The model for a record of ``collection``; for an activity, the one its type names."""
    model = RECORD_MODELS[collection]
    if model is not ActivityBase:
        return model, None
    kind = data.get("type")
    if kind is None:
        return None, (("type",), "missing-field", "is required")
    if not isinstance(kind, str):
        return None, (("type",), "wrong-type", f"expected an activity type, got {describe(kind)}")
    if kind in ACTIVITY_MODELS:
        return ACTIVITY_MODELS[kind], None  # type: ignore[index]
    message = with_choices(f"unknown activity type `{kind}`", str(kind), ACTIVITY_MODELS)
    return None, (("type",), "unknown-value", message)


def unknown_fields(model: type[Any], data: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """``(field path, likely intended field)`` for each field ``model`` does not name."""
    if not has_unknown_fields(model, data):
        return []  # the common case
    known = _field_names(model)
    found: list[tuple[str, str | None]] = []
    for key, value in data.items():
        if key not in known:
            # A field the record already has is not what this one meant.
            found.append((str(key), did_you_mean(str(key), known - data.keys())))
            continue
        nested = _nested_models(model).get(key)
        if nested is None:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                found += [
                    (f"{key}.{name}", hint and f"{key}.{hint}")
                    for name, hint in unknown_fields(nested, item)
                ]
    return found


def has_unknown_fields(model: type[Any], data: Mapping[str, Any]) -> bool:
    """Whether ``unknown_fields`` would find any: decided with set operations, as most
    records name only known fields."""
    keys = data.keys()
    if not keys <= (_NAMES.get(model) or _field_names(model)):
        return True
    nested = _NESTED[model] if model in _NESTED else _nested_models(model)
    if not nested:
        return False
    for key in keys & nested.keys():
        value = data[key]
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, dict) and has_unknown_fields(nested[key], item):
                return True
    return False


_NAMES: dict[type[Any], frozenset[str]] = {}
_NESTED: dict[type[Any], dict[str, type[Any]]] = {}


def _field_names(model: type[Any]) -> frozenset[str]:
    if model not in _NAMES:
        _NAMES[model] = frozenset(fields_of(model))
    return _NAMES[model]


def _nested_models(model: type[Any]) -> dict[str, type[Any]]:
    if model in _NESTED:
        return _NESTED[model]
    nested: dict[str, type[Any]] = {}
    for name, info in fields_of(model).items():
        for candidate in (info.annotation, *getattr(info.annotation, "__args__", ())):
            if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
                nested[name] = candidate
    _NESTED[model] = nested
    return nested


def _problem(detail: ErrorDetails, model: type[BaseRecord]) -> tuple[FieldPath, str, str]:
    path: FieldPath = tuple(detail["loc"])
    kind, context = detail["type"], detail.get("ctx") or {}
    if "field" in context and not path:
        path = (context["field"],)
    value = detail.get("input")
    if kind == "missing" or (value is None and path and isinstance(path[-1], str)):
        if issubclass(model, ActivityBase) and path == model.needs_reference[:1]:
            kind_name = _ACTIVITY_TYPES[model]  # a visit needs the customer it was about
            return path, "missing-field", f"a `{kind_name}` activity needs `{path[0]}`"
        return path, "missing-field", "is required"  # absent, or null
    if kind in ("enum", "literal_error"):
        expected = context.get("expected", "")
        if not isinstance(value, str):
            return path, "wrong-type", f"expected one of {expected}, got {describe(value)}"
        options = [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part]
        message = with_suggestion(f"unknown value `{value}`", str(value), options)
        return path, "unknown-value", f"{message} (expected one of {expected})"
    if kind in ("greater_than", "greater_than_equal"):
        bound = context.get("gt", context.get("ge"))
        words = "greater than" if kind == "greater_than" else "at least"
        return path, "value-too-small", f"must be {words} {bound}, got {value}"
    if kind in ("less_than", "less_than_equal"):
        bound = context.get("lt", context.get("le"))
        words = "less than" if kind == "less_than" else "at most"
        return path, "value-too-large", f"must be {words} {bound}, got {value}"
    if kind == "unexpected_keyword_argument":  # an unknown field where none is set aside
        name = str(path[-1])
        known = _field_names(_model_at(model, path[:-1]))
        return path, "unknown-field", with_suggestion(f"unknown field `{name}`", name, known)
    if kind in _WRONG_TYPE:
        return path, "wrong-type", f"expected {_WRONG_TYPE[kind]}, got {describe(value)}"
    if "-" in kind:  # one of this package's own codes, raised by a value type
        return path, kind, detail["msg"]
    return path, "invalid-value", detail["msg"]


_ACTIVITY_TYPES = {model: name for name, model in ACTIVITY_MODELS.items()}


def _model_at(model: type[Any], path: FieldPath) -> type[Any]:
    """The model of the value at ``path`` in a record of ``model`` (``terms`` -> Terms)."""
    for step in path:
        if isinstance(step, str):
            model = _nested_models(model).get(step, model)
    return model


def _rejection(
    raw: RawRecord, record_id: str | None, problems: list[tuple[FieldPath, str, str]]
) -> Rejection:
    (path, code, message), rest = problems[0], problems[1:]
    line, column = raw.locate(path)
    more = tuple(Issue(path_text(p) or None, c, m) for p, c, m in rest)
    return Rejection(
        raw.source,
        line,
        column,
        raw.collection,
        record_id,
        path_text(path) or None,
        code,
        message,
        more,
    )


def validate_item(
    raw: RawRecord, record_id: str | None, field: str, time_zone: str
) -> tuple[Any, Rejection | None]:
    """One item of the list field ``field`` of a record of ``raw.collection`` (a payment
    of a receivable), read on its own (from a row of a table of them): the item, or why
    it is rejected. ``record_id`` is the record it belongs to."""
    model = _nested_models(RECORD_MODELS[raw.collection or ""])[field]
    problems: Problems = []
    if raw.problem is not None:
        code, message, path = raw.problem
        problems.append((path, code, message))
    else:
        try:
            context = _CONTEXTS.get(time_zone) or {"time_zone": time_zone}
            return adapter(model).validate_python(raw.data, context=context), None
        except ValidationError as error:
            details = error.errors(include_url=False)
            problems = [_problem(detail, model) for detail in details]
    rejection = _rejection(raw, record_id, problems)
    where = f"{field}.{rejection.field}" if rejection.field else field
    return None, dataclasses.replace(rejection, field=where)
