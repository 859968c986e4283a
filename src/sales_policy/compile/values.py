"""Names and expressions of a rule, lowered to getters: ``getter(world, env) -> value``.

A getter reads the current record (``env.record``) or a local name (``env.names``),
follows navigations between records, and applies the as-of view: an event date after
``A`` reads as null. Date arithmetic counts parameters of type ``days`` on the policy's
day basis and integer literals in calendar days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sales_policy.engine.world import World
from sales_policy.policy import vocabulary
from sales_policy.policy.expressions import Number, Reference, parse
from sales_policy.policy.scope import Scope
from sales_policy.records.models import ActivityType


class Env:
    """Where a getter is evaluated: the current record and the local names."""

    __slots__ = ("names", "record")

    def __init__(self, record: Any, names: dict[str, Any]) -> None:
        self.record = record
        self.names = names

    def inner(self, record: Any, **names: Any) -> Env:
        return Env(record, {**self.names, **names})


Getter = Callable[[World, Env], Any]
Member = Callable[[World, Any], Any]


def _contract_of(w: World, v: Any) -> Any:
    return w.contract_of(v)


def _customer_of_contract(w: World, v: Any) -> Any:
    contract = w.contract_of(v)
    return w.records.customers.get(contract.customer_id) if contract else None


def _activity_customer(w: World, v: Any) -> Any:
    customer_id = w.records.customer_of(v)
    return w.records.customers.get(customer_id) if customer_id else None


def _receivable_owner(w: World, v: Any) -> Any:
    contract = w.contract_of(v)
    return w.staff(contract.owner_id) if contract else None


_NAVIGATE: dict[tuple[str, str], Member] = {
    ("staff", "supervisor"): lambda w, v: w.staff(v.supervisor_id),
    ("customer", "owner"): lambda w, v: w.staff(v.owner_id),
    ("contract", "customer"): lambda w, v: w.records.customers.get(v.customer_id),
    ("contract", "owner"): lambda w, v: w.staff(v.owner_id),
    ("contract", "discount_approver"): lambda w, v: w.staff(v.discount_approved_by),
    ("receivable", "contract"): _contract_of,
    ("receivable", "customer"): _customer_of_contract,
    ("receivable", "owner"): _receivable_owner,
    ("activity", "staff"): lambda w, v: w.staff(v.staff_id),
    ("activity", "customer"): _activity_customer,
    ("activity", "contract"): _contract_of,
    ("activity", "receivable"): lambda w, v: w.records.receivables.get(v.receivable_id or ""),
    ("market_report", "author"): lambda w, v: w.staff(v.author_id),
    ("sales_plan", "staff"): lambda w, v: w.staff(v.staff_id),
    ("receivable", "paid_on"): lambda w, v: w.paid_on(v),
    ("receivable", "payments"): lambda w, v: tuple(p for p in v.payments if p.paid_on <= w.as_of),
    ("receivable", "days_overdue"): lambda w, v: w.days_overdue(v),
    ("customer", "first_signed_on"): lambda w, v: w.first_signed_on(v.id),
}
"""Navigations and built-ins, by (record type, name); see ``policy.vocabulary``."""


def member(type_name: str, name: str) -> Member:
    """Reads ``name`` from a value of ``type_name`` (null-safe)."""
    if type_name.startswith("item:"):
        return lambda w, v: None if v is None else v.get(name)
    if not _is_special(type_name, name):
        return lambda w, v: None if v is None else getattr(v, name)
    special = _NAVIGATE.get((vocabulary.base(type_name), name))
    if special is not None:
        return lambda w, v: None if v is None else special(w, v)

    def event_date(w: World, v: Any) -> Any:  # the rest of what is special
        value = None if v is None else getattr(v, name)
        return value if value is None or value <= w.as_of else None

    return event_date


def _is_special(type_name: str, name: str) -> bool:
    """Whether reading ``name`` is more than reading an attribute: a navigation, a built-in
    or an event date (which reads as null after the as-of date)."""
    if type_name in {"period", "training_year"} or type_name.startswith("item:"):
        return False
    base = vocabulary.base(type_name)
    return (base, name) in _NAVIGATE or name in vocabulary.EVENT_DATES.get(base, ())


@dataclass(frozen=True)
class Parameters:
    """The policy's parameter values, and the key each map falls back on."""

    values: Mapping[str, Any]
    default_keys: Mapping[str, Any]


def reference(ref: Reference, scope: Scope, parameters: Parameters) -> tuple[Getter, str]:
    """A getter for ``ref`` where ``scope`` says what names mean, and its type."""
    if ref.argument is not None:
        if ref.names[0] == "in_year":
            month, day = (int(part) for part in str(parameters.values[ref.argument]).split("-"))
            return (lambda w, e: _in_year(e.names["period"].start.year, month, day)), "date"
        activity, about = ActivityType(ref.argument), vocabulary.base(scope.record)
        return (lambda w, e: w.first_activity(about, e.record.id, activity)), "date"
    head, *rest = ref.names
    getter: Getter
    if head in scope.names:
        kind = scope.names[head]
        getter = lambda w, e: e.names.get(head)  # noqa: E731 - one-line getters read best
    elif head in scope.members(scope.record):
        kind = scope.members(scope.record)[head]
        if _is_special(scope.record, head):
            read = member(scope.record, head)
            getter = lambda w, e: read(w, e.record)  # noqa: E731
        else:  # the current record's own field: read directly, as it is read most
            getter = lambda w, e: getattr(e.record, head, None)  # noqa: E731
    else:
        kind = scope.parameters[head]
        value = parameters.values[head]
        getter = lambda w, e: value  # noqa: E731
    for name in rest:
        read_next = member(kind, name)
        getter = _chain(getter, read_next)
        kind = scope.members(kind)[name]
    if ref.key is None:
        return getter, kind
    key_getter, _ = reference(ref.key, scope, parameters)
    default_key = parameters.default_keys.get(ref.names[0])
    return _lookup(getter, key_getter, default_key), kind[4:-1].split(",")[1]


def _in_year(year: int, month: int, day: int) -> dt.date:
    """``02-29`` in a year without it is the last day of February."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


def _chain(first: Getter, then: Member) -> Getter:
    return lambda w, e: then(w, first(w, e))


def _lookup(mapping: Getter, key: Getter, default_key: Any) -> Getter:
    def look_up(w: World, e: Env) -> Any:
        table = mapping(w, e)
        found = key(w, e)
        return table.get(found if found is not None else default_key)

    return look_up


def expression(text: str, scope: Scope, parameters: Parameters) -> tuple[Getter, str]:
    """A getter for a checked expression, and its type (``date``, ``days`` or a value's)."""
    parsed = parse(str(text))
    terms: list[tuple[int, Getter, str]] = []
    for sign, term in parsed.terms:
        if isinstance(term, Number):
            terms.append((sign, _constant(term.value), "integer"))
        else:
            terms.append((sign, *reference(term, scope, parameters)))
    if len(terms) == 1 and terms[0][0] > 0:
        return terms[0][1], terms[0][2]
    dates = [getter for _, getter, kind in terms if kind == "date"]
    offsets = [(sign, getter, kind == "days") for sign, getter, kind in terms if kind != "date"]
    if not dates:
        return _sum(offsets), "days"
    return _shift(dates[0], offsets), "date"


def _constant(value: int) -> Getter:
    return lambda w, e: value


def _sum(offsets: list[tuple[int, Getter, bool]]) -> Getter:
    def total(w: World, e: Env) -> int | None:
        result = 0
        for sign, getter, _ in offsets:
            value = getter(w, e)
            if value is None:
                return None
            result += sign * int(value)
        return result

    return total


def _shift(base: Getter, offsets: list[tuple[int, Getter, bool]]) -> Getter:
    if len(offsets) == 1:  # `due_on + notice_days`: the common shape, without a loop
        ((sign, offset, on_basis),) = offsets

        def shifted_once(w: World, e: Env) -> dt.date | None:
            day = base(w, e)
            if day is None:
                return None
            value = offset(w, e)
            if value is None:
                return None
            amount = sign * int(value)
            return w.days.add(day, amount) if on_basis else day + dt.timedelta(days=amount)

        return shifted_once

    def shifted(w: World, e: Env) -> dt.date | None:
        day = base(w, e)
        for sign, getter, on_basis in offsets:
            if day is None:
                return None
            value = getter(w, e)
            if value is None:
                return None
            amount = sign * int(value)
            day = w.days.add(day, amount) if on_basis else day + dt.timedelta(days=amount)
        return day  # type: ignore[no-any-return]

    return shifted
