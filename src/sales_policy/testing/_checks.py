"""Strategies aimed at one check: a contract or an activity that passes the check, or
fails it by one of its requirements, dated in the audit period.

Each requirement is read from the rule and restated here (a mistake in the engine's
conditions shows): ``present`` and ``true`` on the subject's fields, ``compare`` of one
of its dates with the check's date (``<=``, ``<``, ``=``), and ``exists`` of an
activity about the customer or contract whose ``where`` compares its dates with the
check's date and tests ``present``, ``true`` and ``is`` of its own fields. A violation
breaks one requirement, drawn; an ``exists`` broken may leave look-alikes that each
fail one of its conditions. Any other test (a ``when``, the rule's ``where``, a
navigation) is refused rather than drawn wrong.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from hypothesis import strategies as st

from sales_policy.findings import Status, Subject
from sales_policy.policy import Policy, Rule
from sales_policy.records.models import (
    ACTIVITY_MODELS,
    ActivityType,
    BaseRecord,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Receivable,
    Role,
    Staff,
    Terms,
)
from sales_policy.records.models import parse as parse_record
from sales_policy.testing._records import ShownRecordSet
from sales_policy.testing._rules import Outcome, RuleCase, _edge, _Unsupported

_DAY = dt.timedelta(days=1)
_DATES = {"contract": "signed_on", "activity": "at"}
"""Subject type -> the check date the strategies set."""
_BEFORE = {"<=": (0, 10), "<": (1, 10), "=": (0, 0)}
"""Operator -> the days a complying date lies before the check's date (least, most)."""
_IDS = {"customer": "C1", "contract": "K1", "receivable": "R1"}


@dataclass(frozen=True)
class _Need:
    """One condition: ``present``, ``true``, ``compare`` or ``exists``, read."""

    operator: str
    fields: tuple[str, ...] = ()
    op: str = ""
    kinds: tuple[ActivityType, ...] = ()
    tests: tuple[_Need, ...] = ()
    values: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class CheckShape:
    """A supported check, read from its rule."""

    rule: Rule
    policy: Policy
    base: str
    kind: ActivityType | None
    needs: tuple[_Need, ...]


def read_check(policy: Policy, rule: Rule) -> CheckShape:
    """The check read, or ``_Unsupported`` saying what keeps it from being drawn."""
    check = rule.check
    assert check is not None
    if rule.subject not in _DATES:
        raise _Unsupported(f"it checks a {rule.subject}; checks of a contract or an activity are")
    if check.when:
        raise _Unsupported(f"its `when` tests {_listed(check.when)}")
    if rule.where:
        raise _Unsupported(f"its `where` tests {_listed(rule.where)}")
    if str(check.date) != _DATES[rule.subject]:
        raise _Unsupported(f"it is dated by `{check.date}`, not `{_DATES[rule.subject]}`")
    kind = ActivityType(rule.activity) if rule.activity else None
    model: type[Any] = ACTIVITY_MODELS[kind] if kind else Contract
    needs = tuple(
        _need(condition, model, str(check.date), subject=True, own=kind)
        for condition in check.require
    )
    return CheckShape(rule, policy, rule.subject, kind, needs)


def _listed(conditions: list[dict[str, Any]]) -> str:
    return ", ".join(
        f"`{operator}: {argument}`" for c in conditions for operator, argument in c.items()
    )


def _need(
    condition: Mapping[str, Any],
    model: type[Any],
    date: str,
    *,
    subject: bool,
    own: ActivityType | None = None,
) -> _Need:
    """One condition read: of the subject (``subject``), or of an ``exists`` activity."""
    ((operator, argument),) = condition.items()
    if operator == "present":
        fields = tuple(str(name) for name in argument)
        for name in fields:
            _field_type(model, name)
        return _Need("present", fields)
    if operator == "true":
        if _field_type(model, str(argument)) is not bool:
            raise _Unsupported(f"`true: {argument}` does not test a yes/no field")
        return _Need("true", (str(argument),))
    if operator == "is" and not subject:
        for name in argument:
            if "." in str(name):
                raise _Unsupported(f"its `exists` tests `{name}`, a navigation")
            _field_type(model, str(name))
        return _Need("is", values=dict(argument))
    if operator == "compare":
        left, op, right = (str(part) for part in argument)
        wanted = date if subject else f"subject.{date}"
        if op in _BEFORE and right == wanted and _field_type(model, left) is dt.date:
            return _Need("compare", (left,), op)
    if operator == "exists" and subject:
        return _exists(argument, date, own)
    raise _Unsupported(f"it tests `{operator}: {argument}`")


def _exists(argument: Mapping[str, Any], date: str, own: ActivityType | None) -> _Need:
    unknown = set(argument) - {"activity", "about", "where"}
    if unknown or "activity" not in argument:
        raise _Unsupported(f"its `exists` tests `{argument}`")
    names = argument["activity"]
    kinds = tuple(ActivityType(n) for n in ([names] if isinstance(names, str) else names))
    about = str(argument.get("about", "customer"))
    for kind in kinds:
        if kind == own:
            raise _Unsupported("its `exists` asks for an activity of the subject's own type")
        if f"{about}_id" not in ACTIVITY_MODELS[kind].needs_reference:
            raise _Unsupported(f"a `{kind.value}` activity is not about a {about}")
    tests = []
    for condition in argument.get("where", []):
        for kind in kinds:
            tests.append(_need(condition, ACTIVITY_MODELS[kind], date, subject=False))
    # One test per condition (the same for every alternative type).
    return _Need("exists", kinds=kinds, tests=tuple(tests[:: len(kinds)]))


def _field_type(model: type[Any], name: str) -> type[Any]:
    """The type of ``name`` (``terms.price`` of a contract) with ``None`` taken out."""
    if name == "at":
        return dt.date
    if "." in name:
        head, _, rest = name.partition(".")
        if model is Contract and head == "terms":
            return _field_type(Terms, rest)
        raise _Unsupported(f"it tests `{name}`, a navigation")
    hints = typing.get_type_hints(model)
    if name not in hints:
        raise _Unsupported(f"`{name}` is not a field the strategies set")
    found = hints[name]
    if isinstance(found, types.UnionType) or typing.get_origin(found) is typing.Union:
        found = next(a for a in typing.get_args(found) if a is not type(None))
    origin = typing.get_origin(found)
    return typing.cast(type[Any], origin or found)


def _value(model: type[Any], name: str, on: dt.date) -> Any:
    """A value that is present, for ``present``."""
    kind = _field_type(model, name)
    if kind is tuple:
        member = typing.get_args(typing.get_type_hints(model)[name])[0]
        return [m.value for m in member] if issubclass(member, Enum) else ["recorded"]
    filled: dict[type[Any], Any] = {
        str: "recorded",
        dt.date: on,
        Decimal: Decimal(100_000),
        bool: True,
        int: 1,
    }
    if kind not in filled:
        raise _Unsupported(f"`{name}` is not a field the strategies fill")
    return filled[kind]


def check_cases(shape: CheckShape, outcome: Outcome) -> st.SearchStrategy[RuleCase]:
    """Records and an as-of date that make the check pass (``comply``) or fail
    (``violation``) for one subject, ``K1`` or ``A1``."""
    if outcome not in ("comply", "violation"):
        raise ValueError(
            f"rule `{shape.rule.id}` is a check: its cases `comply` or are a `violation`"
        )
    return _check_case(shape, outcome)


@st.composite
def _check_case(draw: st.DrawFn, shape: CheckShape, outcome: Outcome) -> RuleCase:
    start = shape.policy.effective_from
    on = start + (30 + draw(st.integers(0, 330))) * _DAY
    as_of = draw(_edge(on, on + 30 * _DAY))
    floor = on - 40 * _DAY
    broken = draw(st.integers(0, len(shape.needs) - 1)) if outcome == "violation" else None
    model: type[Any] = ACTIVITY_MODELS[shape.kind] if shape.kind else Contract
    values: dict[str, Any] = {}
    acts: list[tuple[ActivityType, dict[str, Any]]] = []
    # Dates first, so a `present` of the same field keeps the date a `compare` set.
    ordered = sorted(enumerate(shape.needs), key=lambda pair: pair[1].operator != "compare")
    for index, need in ordered:
        fail = index == broken
        if need.operator == "exists":
            acts += _acts(draw, need, on, fail=fail)
        else:
            _fill(draw, need, model, on, values, fail=fail)
    records = _around(shape, on, floor)
    subject_id = "K1" if shape.base == "contract" else "A1"
    if shape.base == "contract":
        terms = {k.removeprefix("terms."): v for k, v in values.items() if k.startswith("terms.")}
        data = {
            "id": "K1",
            "customer_id": "C1",
            "owner_id": "S1",
            "status": "signed",
            "amount": Decimal(100_000),
            "signed_on": on,
            "terms": terms,
            **{k: v for k, v in values.items() if not k.startswith("terms.")},
        }
        records.append(parse_record(Contract, data))
    else:
        assert shape.kind is not None
        records.append(_activity(shape.kind, "A1", on, values))
    for number, (kind, fields) in enumerate(acts, start=2):
        records.append(_activity(kind, f"A{number}", fields.pop("at"), fields))
    status: Status = "pass" if outcome == "comply" else "violation"
    subject = Subject(shape.base, subject_id)
    return RuleCase(ShownRecordSet(records), as_of, shape.rule.id, subject, None, status)


def _fill(
    draw: st.DrawFn,
    need: _Need,
    model: type[Any],
    on: dt.date,
    values: dict[str, Any],
    *,
    fail: bool,
) -> None:
    """Set the subject's fields so ``need`` holds, or (``fail``) does not."""
    if need.operator == "compare":
        (name,) = need.fields
        least, most = _BEFORE[need.op]
        if fail:  # after the check's date (for `=`: before it as well)
            after = draw(st.integers(0 if need.op == "<" else 1, 10))
            if need.op == "=" and draw(st.booleans()):
                after = -after
            values[name] = on + after * _DAY
        else:
            values[name] = on - draw(st.integers(least, most)) * _DAY
    elif need.operator == "present":
        if fail:
            blank = draw(st.lists(st.sampled_from(need.fields), min_size=1, unique=True))
            for name in need.fields:
                kept = values.get(name, _value(model, name, on))
                values[name] = _blank(model, name) if name in blank else kept
        else:
            for name in need.fields:
                values.setdefault(name, _value(model, name, on))
    elif need.operator == "true":
        (name,) = need.fields
        values[name] = draw(st.sampled_from((False, None))) if fail else True
    elif need.operator == "is":
        assert need.values is not None
        for name, value in need.values.items():
            values[name] = _other(model, name, value) if fail else value


def _blank(model: type[Any], name: str) -> Any:
    """The field left blank: no value, or an empty list where a list is always there."""
    return [] if _field_type(model, name) is tuple else None


def _other(model: type[Any], name: str, value: Any) -> Any:
    """A value of the field that is not ``value``."""
    kind = _field_type(model, name)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return next(m.value for m in kind if m.value != value)
    if kind is bool:
        return not value
    raise _Unsupported(f"`is: {{{name}: {value}}}` tests a field the strategies cannot vary")


def _acts(
    draw: st.DrawFn, need: _Need, on: dt.date, *, fail: bool
) -> list[tuple[ActivityType, dict[str, Any]]]:
    """The activities of an ``exists``: one that counts, or (``fail``) look-alikes that
    each fail one of its conditions (none, where it has no conditions)."""
    count = draw(st.integers(0, 2)) if fail and need.tests else (0 if fail else 1)
    acts = []
    for _ in range(count):
        kind = draw(st.sampled_from(need.kinds))
        model = ACTIVITY_MODELS[kind]
        broken = draw(st.integers(0, len(need.tests) - 1)) if fail else None
        values: dict[str, Any] = {}
        tests = sorted(enumerate(need.tests), key=lambda pair: pair[1].operator != "compare")
        for index, test in tests:
            _fill(draw, test, model, on, values, fail=index == broken)
        values.setdefault("at", on - draw(st.integers(0, 10)) * _DAY)
        acts.append((kind, values))
    return acts


def _around(shape: CheckShape, on: dt.date, floor: dt.date) -> list[BaseRecord]:
    """The rep ``S1``, the customer ``C1`` and, unless the subject, the contract ``K1``
    (signed before ``floor``) with its receivable ``R1``."""
    hired_on = dt.date(floor.year - 1, 1, 1)
    found: list[BaseRecord] = [
        Staff(id="S1", name="李梅", role=Role.SALES_REP, hired_on=hired_on),
        Customer(
            id="C1",
            company_name="华瑞精工",
            owner_id="S1",
            created_on=floor - 30 * _DAY,
            status=CustomerStatus.ACTIVE,
        ),
    ]
    if shape.base != "contract":
        terms = Terms(
            price=Decimal(100_000),
            delivery_date=on + 30 * _DAY,
            payment_terms="30% on signing, 70% net 30",
            after_sales="one year warranty",
        )
        signed_on = floor - 20 * _DAY
        found.append(
            Contract(
                id="K1",
                customer_id="C1",
                owner_id="S1",
                status=ContractStatus.SIGNED,
                amount=Decimal(100_000),
                terms=terms,
                reviewed_by_company_on=signed_on,
                reviewed_by_customer_on=signed_on,
                signed_on=signed_on,
            )
        )
        found.append(
            Receivable(id="R1", contract_id="K1", amount_due=Decimal(30_000), due_on=floor)
        )
    return found


def _activity(kind: ActivityType, id_: str, at: dt.date, fields: Mapping[str, Any]) -> Any:
    model = ACTIVITY_MODELS[kind]
    references = {name: _IDS[name.removesuffix("_id")] for name in model.needs_reference}
    data = {"id": id_, "type": kind.value, "staff_id": "S1", "at": at, **references, **fields}
    return parse_record(model, data)
