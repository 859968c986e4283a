"""The names a policy may use, and their types: record fields (read from the record
models), navigations between records, built-ins, and parameter types.

Types are short strings: ``date``, ``days``, ``integer``, ``decimal``, ``text``, ``bool``,
an enumeration (``role``, ``activity_type``, ...), a record (``staff``, ``contract``,
``activity:visit``, ...), ``list[T]`` or ``map[K,V]``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from sales_policy.records import models

ENUMS: dict[str, type[Enum]] = {
    "role": models.Role,
    "grade": models.Grade,
    "customer_status": models.CustomerStatus,
    "customer_source": models.CustomerSource,
    "contract_status": models.ContractStatus,
    "department": models.Department,
    "document": models.Document,
    "material": models.Material,
    "activity_type": models.ActivityType,
}
"""Enumeration type name -> the records' enumeration."""

SCALARS = frozenset(
    {"date", "days", "integer", "decimal", "percent", "text", "bool", "month_day", "period_kind"}
)
PERIOD_KINDS = ("month", "quarter", "year")

_RECORD_MODELS: dict[str, type[Any]] = {
    "staff": models.Staff,
    "customer": models.Customer,
    "contract": models.Contract,
    "receivable": models.Receivable,
    "market_report": models.MarketReport,
    "sales_plan": models.SalesPlan,
    "training_plan": models.TrainingPlan,
    "terms": models.Terms,
    "payment": models.Payment,
    **{f"activity:{kind.value}": model for kind, model in models.ACTIVITY_MODELS.items()},
}

NAVIGATIONS: dict[str, dict[str, str]] = {
    "staff": {"supervisor": "staff"},
    "customer": {"owner": "staff"},
    "contract": {"customer": "customer", "owner": "staff", "discount_approver": "staff"},
    "receivable": {"contract": "contract", "customer": "customer", "owner": "staff"},
    "activity": {
        "staff": "staff",
        "customer": "customer",
        "contract": "contract",
        "receivable": "receivable",
    },
    "market_report": {"author": "staff"},
    "sales_plan": {"staff": "staff"},
}
"""Record type -> navigation name -> the record type it leads to (``contract.owner``).
An activity's customer and contract follow from its contract or receivable where it
names none; a receivable's customer and owner are its contract's."""

BUILT_INS: dict[str, dict[str, tuple[str, str]]] = {
    "receivable": {
        "paid_on": (
            "date",
            "The date the payments dated up to the as-of date first add up "
            "to `amount_due`; null while unpaid.",
        ),
        "days_overdue": (
            "integer",
            "Days from `due_on` to the as-of date while unpaid (0 when not overdue).",
        ),
    },
    "customer": {
        "first_signed_on": (
            "date",
            "The earliest `signed_on` among the customer's judged "
            "contracts (signed, not after the as-of date); null if none.",
        ),
    },
    "training_year": {
        "year": ("integer", "The calendar year the duty is about."),
    },
}
"""Record type -> built-in value -> (type, documentation): derived facts a rule may read."""

FUNCTIONS: dict[str, tuple[str, str, str]] = {
    "first": (
        "activity_type",
        "date",
        "The date of the earliest activity of this type about "
        "the subject, up to the as-of date; null if there is none.",
    ),
    "in_year": (
        "month_day",
        "date",
        "The day a `month_day` parameter names (`01-31`) in the year of the `period` being "
        "judged; `02-29` in a year without it is 28 February.",
    ),
}
"""Built-in function -> (argument type, result type, documentation)."""

EVENT_DATES: dict[str, frozenset[str]] = {
    "staff": frozenset({"left_on"}),
    "contract": frozenset({"reviewed_by_company_on", "reviewed_by_customer_on", "signed_on"}),
    "receivable": frozenset({"reconciled_on", "written_off_on"}),
    "training_plan": frozenset({"approved_on"}),
}
"""Date fields that record something having happened: after the as-of date they read as
null (a contract signed after the as-of date is not signed). Other dates (``due_on``,
``visit_on``, ``terms.delivery_date``) are agreed dates and read as they are."""


@dataclass(frozen=True, slots=True)
class Field:
    """A name's type, and whether it may be null."""

    type: str
    optional: bool


def base(record_type: str) -> str:
    """``activity:visit`` -> ``activity``."""
    return record_type.split(":", 1)[0]


@cache
def fields(record_type: str) -> dict[str, Field]:
    """The fields of a record type (for ``activity``: those every activity has)."""
    model = _RECORD_MODELS.get(record_type)
    if model is None and record_type == "activity":
        model = models.ActivityBase
    found: dict[str, Field] = {"id": Field("text", False)}
    if model is None and record_type != "training_year":
        return {}
    for name, info in models.fields_of(model).items() if model else ():
        found[name] = Field(*_type_of(info.annotation))
    for name, (kind, _) in BUILT_INS.get(base(record_type), {}).items():
        found[name] = Field(kind, True)
    for name, target in NAVIGATIONS.get(base(record_type), {}).items():
        found.setdefault(name, Field(target, True))
    return found


def _type_of(annotation: object) -> tuple[str, bool]:
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
        origin = typing.get_origin(annotation)
    if origin is tuple:
        item, _ = _type_of(typing.get_args(annotation)[0])
        return f"list[{item}]", optional
    if origin is typing.Literal:
        return "activity_type", optional
    simple: dict[object, str] = {
        dt.date: "date",
        Decimal: "decimal",
        int: "integer",
        str: "text",
        bool: "bool",
        models.Terms: "terms",
        models.Payment: "payment",
    }
    if annotation in simple:
        return simple[annotation], optional
    for name, enum in ENUMS.items():
        if annotation is enum:
            return name, optional
    raise TypeError(f"no policy type for {annotation!r}")  # pragma: no cover - models are fixed


def is_record(type_name: str) -> bool:
    return bool(fields(type_name))


def subject_type(subject: str, activity: str | None) -> str:
    """The record type a rule's subject has: ``activity`` with a type becomes ``activity:visit``."""
    return f"activity:{activity}" if subject == "activity" and activity else subject
