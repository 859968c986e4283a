"""Names and expressions of a rule, lowered to getters: ``getter(world, env) -> value``.

A getter reads the current record (``env.record``) or a local name (``env.names``),
follows navigations between records, and applies the as-of view: an event date after
``A`` reads as null. Date arithmetic counts parameters of type ``days`` on the policy's
day basis, integer literals in calendar days, and a term that says ``working_days`` or
``calendar_days`` as it says. Each expression becomes one Python
expression in generated source (``Source``), so reading ``due_on + notice_days`` is one
call, and a rule's judge can run it inline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sales_policy.judgement.world import World
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
    source = Source()
    code, kind, _ = _reference(ref, scope, parameters, source)
    return source.function(f"reference {ref}", "w, e", [f"return {code}"]), kind


def expression(text: str, scope: Scope, parameters: Parameters) -> tuple[Getter, str]:
    """A getter for a checked expression, and its type (``date``, ``days`` or a value's)."""
    source = Source()
    code, kind = source.expression(text, scope, parameters)
    return source.function(f"expression {text}", "w, e", [f"return {code}"]), kind


_UNKNOWN = object()
"""The value of a reference not known before the audit."""


class Source:
    """Python source built from checked expressions, with the values it uses bound by
    name: a getter or a rule's judge is one function, not a chain of closures, as the
    audit runs it for every subject."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.count = 0

    def name(self, value: Any = _UNKNOWN) -> str:
        """A fresh name; with ``value``, a global bound to it."""
        self.count += 1
        name = f"_{self.count}"
        if value is not _UNKNOWN:
            self.namespace[name] = value
        return name

    def expression(self, text: str, scope: Scope, parameters: Parameters) -> tuple[str, str]:
        """``text`` as one Python expression of ``w`` (the world) and ``e`` (the env), null
        when any term is; and its type. Days of type ``days`` count on the day basis."""
        terms: list[tuple[int, str, str, Any]] = []
        for sign, term in parse(str(text)).terms:
            if isinstance(term, Number):
                terms.append((sign, repr(term.value), term.unit or "integer", term.value))
            else:
                code, kind, constant = _reference(term, scope, parameters, self)
                terms.append((sign, code, term.unit or kind, constant))
        if len(terms) == 1 and terms[0][0] > 0:
            return terms[0][1], terms[0][2]
        dates = [code for _, code, kind, _ in terms if kind == "date"]
        offsets = [term for term in terms if term[2] != "date"]
        if not dates:
            held = [(self.name(), sign, code) for sign, code, _, _ in offsets]
            nulls = " or ".join(f"({name} := {code}) is None" for name, _, code in held)
            total = " + ".join(f"{sign} * int({name})" for name, sign, _ in held)
            return f"(None if {nulls} else {total})", "days"
        code = dates[0]
        for sign, offset, kind, constant in offsets:
            day = self.name()
            if type(constant) is int:  # a literal or a parameter: the amount is known now
                test, amount = f"({day} := {code}) is None", str(sign * constant)
            else:
                value = self.name()
                test = f"({day} := {code}) is None or ({value} := {offset}) is None"
                amount = f"{sign} * int({value})"
            if kind == "days":  # counted on the policy's day basis
                shifted = f"w.days.add({day}, {amount})"
            elif kind == "working_days":  # on the policy's calendar, whatever its basis
                shifted = f"w.days.working({day}, {amount})"
            elif type(constant) is int:
                shifted = f"{day} + {self.name(dt.timedelta(days=sign * constant))}"
            else:
                shifted = f"{day} + {self.name(dt.timedelta)}(days={amount})"
            code = f"(None if {test} else {shifted})"
        return code, "date"

    def function(self, title: str, parameters: str, lines: list[str]) -> Any:
        """The function of ``lines`` (its body) compiled, named ``<title>`` in tracebacks."""
        body = "".join(f"\n    {line}" for line in lines)
        code = compile(f"def function({parameters}):{body}", f"<{title}>", "exec")
        exec(code, self.namespace)  # the source is built here, from checked names only
        return self.namespace.pop("function")


def _reference(
    ref: Reference, scope: Scope, parameters: Parameters, source: Source
) -> tuple[str, str, Any]:
    """The code of ``ref`` as one Python expression of ``w`` and ``e``, its type, and its
    value if it is a parameter's (known before the audit)."""
    if ref.argument is not None:
        call: Getter
        if ref.names[0] == "in_year":
            month, day = (int(part) for part in str(parameters.values[ref.argument]).split("-"))
            call = lambda w, e: _in_year(e.names["period"].start.year, month, day)  # noqa: E731
        else:
            activity, about = ActivityType(ref.argument), vocabulary.base(scope.record)
            call = lambda w, e: w.first_activity(about, e.record.id, activity)  # noqa: E731
        return f"{source.name(call)}(w, e)", "date", _UNKNOWN
    head, *rest = ref.names
    constant: Any = _UNKNOWN
    if head in scope.names:
        kind, code = scope.names[head], f"e.names.get({head!r})"
    elif head in scope.members(scope.record):
        kind = scope.members(scope.record)[head]
        if _is_special(scope.record, head):
            code = _member(scope.record, head, "e.record", source)
        else:  # the current record's own field: read directly, as it is read most
            code = f"getattr(e.record, {head!r}, None)"
    else:
        kind, constant = scope.parameters[head], parameters.values[head]
        code = source.name(constant)
    for name in rest:
        code = _member(kind, name, code, source)
        kind, constant = scope.members(kind)[name], _UNKNOWN
    if ref.key is None:
        return code, kind, constant
    key, _, _ = _reference(ref.key, scope, parameters, source)
    default_key, found = source.name(parameters.default_keys.get(ref.names[0])), source.name()
    code = f"{code}.get({default_key} if ({found} := {key}) is None else {found})"
    return code, kind[4:-1].split(",")[1], _UNKNOWN


def _member(type_name: str, name: str, value: str, source: Source) -> str:
    """The code reading ``name`` from ``value``, a value of ``type_name`` (null-safe)."""
    held = source.name()
    if type_name.startswith("item:"):
        return f"(None if ({held} := {value}) is None else {held}.get({name!r}))"
    if not _is_special(type_name, name):
        return f"(None if ({held} := {value}) is None else getattr({held}, {name!r}))"
    special = _NAVIGATE.get((vocabulary.base(type_name), name))
    if special is not None:
        return f"(None if ({held} := {value}) is None else {source.name(special)}(w, {held}))"
    # The rest of what is special: an event date, null after the as-of date.
    day = source.name()
    return (
        f"(None if ({held} := {value}) is None or ({day} := getattr({held}, {name!r})) is None"
        f" or {day} > w.as_of else {day})"
    )


def _in_year(year: int, month: int, day: int) -> dt.date:
    """``02-29`` in a year without it is the last day of February."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)
