"""Parameter types: what a parameter's declaration means, and whether a value fits it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from sales_policy.errors import with_choices, with_suggestion
from sales_policy.policy import vocabulary
from sales_policy.policy.model import Parameter
from sales_policy.policy.place import Place

_SCALAR_TYPES = vocabulary.SCALARS - {"date", "bool"} | set(vocabulary.ENUMS)
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")


def declared_type(name: str, spec: Parameter, place: Place) -> tuple[str | None, dict[str, str]]:
    """The parameter's type string, and its items' fields for a list of mappings."""
    if spec.type == "list":
        if isinstance(spec.items, dict):
            fields = {}
            for field, kind in spec.items.items():
                if _scalar(kind, place.child("items", field)):
                    fields[field] = kind
            return f"list[item:{name}]", fields
        if spec.items is None:
            place.report("missing-field", "a list parameter declares the type of its `items`")
            return None, {}
        return (f"list[{spec.items}]" if _scalar(spec.items, place.child("items")) else None), {}
    if spec.type == "map":
        if spec.keys not in vocabulary.ENUMS:
            place.child("keys").report(
                "unknown-type",
                f"map keys must be one of {', '.join(vocabulary.ENUMS)}; found `{spec.keys}`",
            )
            return None, {}
        if spec.values is None or not _scalar(spec.values, place.child("values")):
            if spec.values is None:
                place.report("missing-field", "a map parameter declares the type of its `values`")
            return None, {}
        if spec.default_key is not None:
            _enum_value(spec.keys, spec.default_key, place.child("default_key"))
        return f"map[{spec.keys},{spec.values}]", {}
    return (spec.type if _scalar(spec.type, place.child("type")) else None), {}


def _scalar(kind: str, place: Place) -> bool:
    if kind in _SCALAR_TYPES:
        return True
    known = sorted(_SCALAR_TYPES | {"list", "map"})
    place.report("unknown-type", with_suggestion(f"unknown type `{kind}`", kind, known))
    return False


def check_value(kind: str, value: Any, items: dict[str, dict[str, str]], place: Place) -> None:
    """Report where ``value`` does not fit ``kind``."""
    if kind.startswith("list["):
        if not isinstance(value, list):
            place.report("wrong-type", f"expected a list, found `{value}`")
            return
        for index, item in enumerate(value):
            check_value(kind[5:-1], item, items, place.child(index))
    elif kind.startswith("map["):
        key_type, value_type = kind[4:-1].split(",")
        if not isinstance(value, dict):
            place.report("wrong-type", f"expected a mapping, found `{value}`")
            return
        for key, item in value.items():
            _enum_value(key_type, key, place.child(key))
            check_value(value_type, item, items, place.child(key))
    elif kind.startswith("item:"):
        fields = items[kind]
        if not isinstance(value, dict):
            place.report("wrong-type", f"expected a mapping of {', '.join(fields)}")
            return
        for field in sorted(set(fields) - set(value)):
            place.report("missing-field", f"`{field}` is required")
        for field, item in value.items():
            if field not in fields:
                place.child(field).report(
                    "unknown-field", with_suggestion(f"unknown field `{field}`", str(field), fields)
                )
            else:
                check_value(fields[field], item, items, place.child(field))
    else:
        _scalar_value(kind, value, place)


def _scalar_value(kind: str, value: Any, place: Place) -> None:
    if kind in vocabulary.ENUMS:
        _enum_value(kind, value, place)
    elif kind in ("days", "integer"):
        if isinstance(value, bool) or not isinstance(value, int) or (kind == "days" and value < 0):
            wanted = "a whole number of days (0 or more)" if kind == "days" else "a whole number"
            place.report("wrong-type", f"expected {wanted}, found `{value}`")
    elif kind in ("decimal", "percent"):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            place.report("wrong-type", f"expected a number, found `{value}`")
        elif kind == "percent" and not 0 <= value <= 100:
            place.report("value-out-of-range", f"a percentage is from 0 to 100, found `{value}`")
    elif kind == "month_day":
        match = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
        try:
            if match is None:
                raise ValueError(value)
            dt.date(2024, int(match[1]), int(match[2]))  # 2024: a leap year admits 02-29
        except ValueError:
            place.report("wrong-type", f"expected a month and day like `01-31`, found `{value}`")
    elif kind == "period_kind":
        if value not in vocabulary.PERIOD_KINDS:
            place.report(
                "unknown-value",
                with_suggestion(
                    f"`{value}` is not a period kind", str(value), vocabulary.PERIOD_KINDS
                ),
            )
    elif kind == "text" and not isinstance(value, str):
        place.report("wrong-type", f"expected text, found `{value}`")


def _enum_value(kind: str, value: Any, place: Place) -> None:
    allowed = [member.value for member in vocabulary.ENUMS[kind]]
    if value not in allowed:
        message = with_choices(f"`{value}` is not a {kind.replace('_', ' ')}", str(value), allowed)
        place.report("unknown-value", message)
