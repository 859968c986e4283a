"""Strategies aimed at one cycle (revisits): a customer whose first cycle is restarted in
its window, falls due, is missed or is restarted late.

The cycle is restated here: it starts on the customer's first signing ``S`` (contract
``K1``), its deadline is ``D = S + length`` and it falls due at ``T = D - notice``; a
restarting activity after ``S`` and by ``D`` completes it and starts the next cycle,
which the as-of date leaves before its own ``T``. Supported: customer cycles starting
on ``first_signed_on``, a length and notice of a number, a parameter or a map parameter
by ``grade``, the rule's ``where`` of ``is`` on the customer's status, and a restart
whose ``where`` the duties' strategies support.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from sales_policy.calendars import DayCounter, calendar_for
from sales_policy.findings import Subject
from sales_policy.policy import Policy, Rule
from sales_policy.policy.expressions import Number, Reference, parse
from sales_policy.records.models import (
    ACTIVITY_MODELS,
    ActivityType,
    BaseRecord,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Grade,
    Role,
    Staff,
)
from sales_policy.records.models import parse as parse_record
from sales_policy.testing._records import ShownRecordSet
from sales_policy.testing._rules import (
    _STATUS,
    Outcome,
    RuleCase,
    _edge,
    _Unsupported,
    activity_types,
    completion_where,
)

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class CycleShape:
    """A supported cycle, read from its rule."""

    rule: Rule
    policy: Policy
    status: CustomerStatus
    kinds: tuple[ActivityType, ...]
    fills: Mapping[str, Any]
    subject_fields: tuple[str, ...]
    blank: str | None
    actor_role: str | None
    counter: DayCounter

    def days(self, text: str, grade: Grade | None) -> tuple[int, bool]:
        """``text`` (a length or notice) for a customer of ``grade``: the days, and
        whether they count on the policy's day basis (a parameter of days) or not."""
        terms = parse(text).terms
        if len(terms) != 1 or terms[0][0] != 1:
            raise _Unsupported(f"`{text}` is not one number of days")
        term = terms[0][1]
        if isinstance(term, Number):
            return int(term.value), term.unit == "working_days"
        name = term.names[0]
        parameters, declarations = self.policy.parameters, self.policy.declarations
        if not isinstance(term, Reference) or len(term.names) != 1 or name not in parameters:
            raise _Unsupported(f"`{text}` is not a number of days the strategies know")
        value = parameters[name]
        spec = declarations[name]
        if term.key is not None:
            if str(term.key) != "grade" or not isinstance(value, Mapping):
                raise _Unsupported(f"`{text}` is not a parameter by `grade`")
            value = value[grade.value if grade else str(spec.default_key)]
            return int(value), spec.values == "days"
        return int(value), spec.type == "days"

    def add(self, day: dt.date, text: str, grade: Grade | None, sign: int = 1) -> dt.date:
        amount, on_basis = self.days(text, grade)
        if on_basis:
            return self.counter.add(day, sign * amount)
        return day + sign * amount * _DAY


def read_cycle(policy: Policy, rule: Rule) -> CycleShape:
    """The cycle read, or ``_Unsupported`` saying what keeps it from being drawn."""
    cycle = rule.cycle
    assert cycle is not None
    if rule.subject != "customer" or str(cycle.starts_on) != "first_signed_on":
        raise _Unsupported(f"its cycles start on `{cycle.starts_on}`, not `first_signed_on`")
    status = CustomerStatus.ACTIVE
    for condition in rule.where:
        ((operator, argument),) = condition.items()
        if operator != "is" or set(argument) != {"status"}:
            raise _Unsupported(f"its `where` tests `{operator}: {argument}`")
        status = CustomerStatus(argument["status"])
    done = cycle.restarts_on
    if done.activity is None or done.covers is not None or done.about not in (None, "customer"):
        raise _Unsupported("it is restarted by something other than an activity")
    kinds = activity_types(done, {})
    for kind in kinds:
        if "customer_id" not in ACTIVITY_MODELS[kind].needs_reference:
            raise _Unsupported(f"a `{kind.value}` activity is not about a customer")
    fills, subject_fields, blank, actor_role = completion_where(done)
    shape = CycleShape(
        rule=rule,
        policy=policy,
        status=status,
        kinds=kinds,
        fills=fills,
        subject_fields=subject_fields,
        blank=blank,
        actor_role=actor_role,
        counter=DayCounter(policy.day_basis, calendar_for(policy.calendar, policy.path)),
    )
    for grade in (*Grade, None):
        shape.days(str(cycle.length), grade)
        shape.days(str(cycle.notice), grade)
    return shape


def cycle_cases(shape: CycleShape, outcome: Outcome) -> st.SearchStrategy[RuleCase]:
    """Records and an as-of date that make the first cycle of customer ``C1`` come out
    as ``outcome``: ``comply`` (restarted in ``(S, D]``), ``action_required`` (due, not
    restarted), ``violation`` (not restarted by the as-of date, after ``D``) or ``late``
    (restarted after ``D``). The part is the cycle's deadline."""
    return _cycle_case(shape, outcome)


@st.composite
def _cycle_case(draw: st.DrawFn, shape: CycleShape, outcome: Outcome) -> RuleCase:
    cycle = shape.rule.cycle
    assert cycle is not None
    length, notice = str(cycle.length), str(cycle.notice)
    grade = draw(st.sampled_from((*Grade, None)), label="grade")
    start = shape.policy.effective_from + (30 + draw(st.integers(0, 330))) * _DAY
    deadline = shape.add(start, length, grade)
    trigger = shape.add(deadline, notice, grade, -1)
    actor = "S1" if shape.actor_role in (None, Role.SALES_REP.value) else "S2"
    acts: list[tuple[dt.date, str, dict[str, Any]]] = []  # day, staff, fields

    def restart(day: dt.date) -> dt.date:
        """A restart on ``day``; returns the last day before the next cycle falls due."""
        acts.append((day, actor, dict(shape.fills)))
        return shape.add(shape.add(day, length, grade), notice, grade, -1) - _DAY

    if outcome in ("comply", "late"):
        day = draw(
            _edge(start + _DAY, deadline)
            if outcome == "comply"
            else _edge(deadline + _DAY, deadline + 15 * _DAY)
        )
        last = restart(day)
        assume(max(trigger, day) <= last)
        as_of = draw(_edge(max(trigger, day), last))
    else:
        lo, hi = (
            (trigger, deadline)
            if outcome == "action_required"
            else (deadline + _DAY, deadline + 30 * _DAY)
        )
        as_of = draw(_edge(lo, hi))
        if draw(st.booleans()):  # restarted after the audit: unseen
            restart(draw(_edge(as_of + _DAY, as_of + 10 * _DAY)))
    # Look-alikes that restart nothing: on the first signing, a blank field, another role.
    window_end = min(deadline, as_of)
    if draw(st.booleans()):
        acts.append((draw(_edge(start - 10 * _DAY, start)), actor, dict(shape.fills)))
    if shape.blank is not None and start < window_end and draw(st.booleans()):
        day = draw(_edge(start + _DAY, window_end))
        acts.append((day, actor, {**shape.fills, shape.blank: " "}))
    if actor != "S1" and start < window_end and draw(st.booleans()):
        acts.append((draw(_edge(start + _DAY, window_end)), "S1", dict(shape.fills)))
    records = _around(shape, start, grade, actor)
    for number, (day, staff_id, fields) in enumerate(acts, start=1):
        kind = draw(st.sampled_from(shape.kinds))
        own = dict.fromkeys(shape.subject_fields, "C1")
        data = {
            "id": f"A{number}",
            "type": kind.value,
            "staff_id": staff_id,
            "at": day,
            "customer_id": "C1",
            **fields,
            **own,
        }
        records.append(parse_record(ACTIVITY_MODELS[kind], data))
    subject = Subject("customer", "C1")
    part = deadline.isoformat()
    return RuleCase(ShownRecordSet(records), as_of, shape.rule.id, subject, part, _STATUS[outcome])


def _around(
    shape: CycleShape, signed_on: dt.date, grade: Grade | None, actor: str
) -> list[BaseRecord]:
    """The rep ``S1`` (and ``S2`` of the role the restart asks for), the customer ``C1``
    and its first contract ``K1``, signed on the cycle's start."""
    hired_on = dt.date(signed_on.year - 2, 1, 1)
    found: list[BaseRecord] = [
        Staff(id="S1", name="李梅", role=Role.SALES_REP, hired_on=hired_on),
        Customer(
            id="C1",
            company_name="华瑞精工",
            owner_id="S1",
            created_on=signed_on - 60 * _DAY,
            status=shape.status,
            grade=grade,
        ),
        Contract(
            id="K1",
            customer_id="C1",
            owner_id="S1",
            status=ContractStatus.SIGNED,
            amount=Decimal(100_000),
            reviewed_by_company_on=signed_on,
            reviewed_by_customer_on=signed_on,
            signed_on=signed_on,
        ),
    ]
    if actor != "S1":
        role = Role(str(shape.actor_role))
        found.append(Staff(id=actor, name="王强", role=role, hired_on=hired_on))
    return found
