"""Strategies aimed at one rule: records that make a duty comply, fall due, be missed or
be done late, with the dates at the edges of its window.

Everything is read from the rule itself, as the policy (overlays applied) states it:
the date its trigger is counted from (the *anchor*: ``due_on`` in ``due_on + 1``), the
trigger, deadline and window expressions, evaluated here on their own (a restatement,
so a mistake in the engine's date arithmetic shows), the parameters' values, the
activity that completes the duty, what it must be about and what its ``where`` asks.
A rule of a company's overlay with the same shapes is supported as well.

Supported: duties (not checks or cycles, not ``for_each`` over periods) of a customer,
contract, receivable or activity, completed by an activity (``done: {activity: ...}``,
with ``about``, ``covers`` and a ``where`` of ``present``, ``true``, ``is`` (with
``staff.role``: done by someone of that role) and ``compare: [field, "=",
subject.id]``), whose trigger is counted from one of
``_ANCHORS``, and whose ``owed_if`` / ``not_owed_if`` test payments and write-offs.
``supported_rules(policy)`` lists them; any other rule raises ``UnsupportedRuleError``
saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from hypothesis import strategies as st

from sales_policy.calendars import DayCounter, calendar_for
from sales_policy.errors import with_suggestion
from sales_policy.findings import AuditResult, CheckResult, Finding, Status, Subject
from sales_policy.policy import Policy, Rule, vocabulary
from sales_policy.policy.expressions import Number, Reference, parse
from sales_policy.policy.model import Done
from sales_policy.records.models import (
    ACTIVITY_MODELS,
    ActivityBase,
    ActivityType,
    BaseRecord,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Department,
    Grade,
    Material,
    Payment,
    Receivable,
    Role,
    Staff,
    Terms,
)
from sales_policy.records.models import (
    parse as parse_record,
)
from sales_policy.records.recordset import RecordSet
from sales_policy.testing._records import ShownRecordSet, days

Outcome = Literal["comply", "action_required", "violation", "late"]
"""What the drawn records make of the duty as of the drawn date."""
OUTCOMES: tuple[Outcome, ...] = ("comply", "action_required", "violation", "late")
_STATUS: dict[Outcome, Status] = {
    "comply": "pass",
    "action_required": "action_required",
    "violation": "violation",
    "late": "violation",
}
_DAY = dt.timedelta(days=1)


class UnsupportedRuleError(ValueError):
    """The rule has a shape these strategies cannot draw records for; the message says
    which part of it, and which rules of the policy are supported."""


class RuleCase(NamedTuple):
    """Records and an as-of date that give one rule's subject (and part) a known status.

    ``records, as_of, *_ = case`` unpacks the two an audit needs.
    """

    records: RecordSet
    """The records drawn: the subject and all it needs."""
    as_of: dt.date
    """The audit date at which the subject has ``status``."""
    rule: str
    """The rule's id."""
    subject: Subject
    """The record the rule judges."""
    part: str | None
    """The part judged (a ``for_each`` item, a period), or none."""
    status: Status
    """``pass`` (outcome ``comply``), ``action_required`` or ``violation`` (``violation``
    and ``late``; a late one has ``evidence.done_on``)."""

    def finding(self, result: AuditResult | CheckResult) -> Finding | None:
        """The finding of the rule about the case's subject and part in ``result``, an
        audit's or a check's of the subject (none for a duty complied with, unless the
        audit included passes)."""
        return next(
            (
                f
                for f in result.findings
                if f.rule == self.rule and f.subject == self.subject and f.part == self.part
            ),
            None,
        )


# -- reading the rule --------------------------------------------------------------------

_CONTRACT_STEPS = frozenset(
    kind for kind, model in ACTIVITY_MODELS.items() if model.needs_reference == ("contract_id",)
)
_ANCHORS: dict[str, frozenset[str]] = {
    "customer": frozenset({"created_on"}),
    "contract": frozenset(
        {"signed_on", "terms.delivery_date", *(f"first({kind.value})" for kind in _CONTRACT_STEPS)}
    ),
    "receivable": frozenset({"due_on"}),
    "activity": frozenset({"at"}),
    "activity:visit_booked": frozenset({"at", "visit_on"}),
}
"""Subject type -> the dates a trigger may be counted from: where the drawn records put
the anchor date (``first(delivered)``: a ``delivered`` activity on it)."""
_PAYMENT_TESTS = frozenset({"unpaid_at_end_of", "paid_by", "written_off_before", "written_off_by"})


class _Unsupported(Exception):
    """Why the rule cannot be drawn for (raised while reading it)."""


@dataclass(frozen=True)
class _Item:
    """One part of a rule (``for_each``): its label and the loop name's value."""

    part: str | None
    names: Mapping[str, Any]


@dataclass(frozen=True)
class _Shape:
    """A supported duty, read from its rule."""

    rule: Rule
    policy: Policy
    subject_type: str
    anchor: str
    items: tuple[_Item, ...]
    counter: DayCounter
    about: str
    fills: Mapping[str, Any]
    subject_fields: tuple[str, ...]
    blank: str | None
    covers: tuple[str, tuple[str, ...]] | None
    payments: tuple[tuple[str, str], ...]
    """``(operator, date expression)`` of the payment tests the duty is owed by."""
    loop_types: Mapping[str, str] = field(default_factory=dict)
    actor_role: str | None = None
    """The role the completing activity's staff member must have (``staff.role``)."""

    @property
    def base(self) -> str:
        return vocabulary.base(self.subject_type)

    @property
    def actor(self) -> str:
        """Who does the completing acts: the rep ``S1``, or ``S2`` of the role asked for."""
        return "S1" if self.actor_role in (None, Role.SALES_REP.value) else "S2"

    def kinds(self, item: _Item) -> tuple[ActivityType, ...]:
        """The completing activity's types: one, a loop value such as ``rung.measure``,
        or alternatives, any one of which completes the duty (each is drawn)."""
        return activity_types(self.rule.duty.done, item.names)  # type: ignore[union-attr]

    def date(self, text: str, dates: Mapping[str, dt.date], item: _Item) -> dt.date:
        """``text`` evaluated: ``dates`` names the anchor, ``trigger``, ``deadline``, ...;
        parameters of type ``days`` count on the policy's day basis, numbers in calendar
        days, in the order written (as the engine does)."""
        base: dt.date | None = None
        offsets: list[tuple[int, str]] = []  # (days, how they count)
        for sign, term in parse(text).terms:
            if isinstance(term, Number):
                offsets.append((sign * term.value, term.unit or "calendar_days"))
            elif str(term) in dates:
                if base is not None or sign < 0:
                    raise _Unsupported(f"`{text}` is not one date plus or minus days")
                base = dates[str(term)]
            else:
                amount, on_basis = self._days(term, item)
                how = "basis" if on_basis else "calendar_days"
                offsets.append((sign * amount, term.unit or how))
        if base is None:
            raise _Unsupported(f"`{text}` is not counted from a date the strategies set")
        for amount, how in offsets:
            if how == "basis":
                base = self.counter.add(base, amount)
            elif how == "working_days":
                base = self.counter.working(base, amount)
            else:
                base = base + amount * _DAY
        return base

    def _days(self, term: Reference, item: _Item) -> tuple[int, bool]:
        parameters = self.policy.parameters
        name = term.names[0]
        plain = term.argument is None and term.key is None and len(term.names) == 1
        if plain and name in parameters and isinstance(parameters[name], int):
            return int(parameters[name]), self.policy.parameter_types.get(name) == "days"
        if name in item.names and len(term.names) == 2:
            value = self._loop_value(term, item)
            if isinstance(value, int):
                return value, self.loop_types.get(term.names[1]) == "days"
        raise _Unsupported(f"`{term}` is not a number of days the strategies know")

    def _loop_value(self, term: Any, item: _Item) -> Any:
        if not isinstance(term, Reference) or term.names[0] not in item.names:
            raise _Unsupported(f"`{term}` is neither an activity type nor a loop value")
        value = item.names[term.names[0]]
        for step in term.names[1:]:
            value = value.get(step) if isinstance(value, Mapping) else getattr(value, step)
        return value


def activity_types(done: Done, names: Mapping[str, Any]) -> tuple[ActivityType, ...]:
    """The types of a completion's activity: named, or loop values (``names``)."""
    found = []
    for text in done.activities:
        if text in {kind.value for kind in ActivityType}:
            found.append(ActivityType(text))
            continue
        term = parse(text).terms[0][1]
        if not isinstance(term, Reference) or term.names[0] not in names:
            raise _Unsupported(f"`{term}` is neither an activity type nor a loop value")
        value = names[term.names[0]]
        for step in term.names[1:]:
            value = value.get(step) if isinstance(value, Mapping) else getattr(value, step)
        found.append(ActivityType(value))
    return tuple(found)


def known_rule(policy: Policy, rule_id: str) -> Rule:
    """The rule of that id, or ``ValueError`` suggesting a close one."""
    ids = [rule.id for rule in policy.rules]
    if rule_id not in ids:
        raise ValueError(with_suggestion(f"no rule `{rule_id}` in `{policy.id}`", rule_id, ids))
    return policy.rule(rule_id)


def refusal(policy: Policy, rule_id: str, why: object, supported: tuple[str, ...]) -> str:
    """The message of an ``UnsupportedRuleError``."""
    listed = ", ".join(supported) or "none"
    return (
        f"rule `{rule_id}` is not supported by `for_rule`: {why} "
        f"(supported in `{policy.id}`: {listed})"
    )


def read_duty(policy: Policy, rule: Rule) -> _Shape:
    """The duty read and tried, or ``_Unsupported`` saying what keeps it from being drawn."""
    shape = _read(policy, rule)
    _try(shape)
    return shape


def _shape(policy: Policy, rule_id: str) -> _Shape:
    rule = known_rule(policy, rule_id)
    try:
        return read_duty(policy, rule)
    except _Unsupported as why:
        duties = tuple(r.id for r in sorted(policy.rules, key=lambda r: r.id) if _reads(policy, r))
        raise UnsupportedRuleError(refusal(policy, rule_id, why, duties)) from None


def _reads(policy: Policy, rule: Rule) -> bool:
    try:
        read_duty(policy, rule)
    except _Unsupported:
        return False
    return True


def _read(policy: Policy, rule: Rule) -> _Shape:
    duty, done = rule.duty, rule.duty.done if rule.duty else None
    if duty is None or done is None:
        raise _Unsupported("it is a " + ("check" if rule.check else "cycle") + ", not a duty")
    if rule.periods is not None:
        raise _Unsupported("it is a duty for each calendar period")
    if done.activity is None:
        how = next(k for k in ("record", "field", "complete", "never") if getattr(done, k))
        raise _Unsupported(f"it is completed by `{how}`, not by an activity")
    subject_type = vocabulary.subject_type(rule.subject, rule.activity)
    dates = [
        str(term)
        for _, term in parse(duty.trigger).terms
        if isinstance(term, Reference) and _is_date(policy, rule, term)
    ]
    anchors = _ANCHORS.get(subject_type, _ANCHORS.get(vocabulary.base(subject_type), frozenset()))
    if len(dates) != 1 or dates[0] not in anchors:
        raise _Unsupported(
            f"its trigger `{duty.trigger}` is not counted from one of "
            + ", ".join(f"`{a}`" for a in sorted(anchors))
        )
    for condition in rule.where:
        ((operator, argument),) = condition.items()
        if operator != "present" or list(argument) != dates:
            raise _Unsupported(f"its `where` tests `{operator}: {argument}`")
    payments = []
    for owed, conditions in ((True, duty.owed_if), (False, duty.not_owed_if)):
        for condition in conditions:
            ((operator, argument),) = condition.items()
            if operator not in _PAYMENT_TESTS or owed != (operator == "unpaid_at_end_of"):
                word = "owed_if" if owed else "not_owed_if"
                raise _Unsupported(f"its `{word}` tests `{operator}`")
            payments.append((operator, str(argument)))
    fills, subject_fields, blank, actor_role = completion_where(done)
    about = done.about or vocabulary.base(subject_type)
    items, loop_types = _items(policy, rule)
    covers = None
    if done.covers is not None:
        covers = (done.covers.field, tuple(str(v) for v in policy.parameters[done.covers.all_of]))
    return _Shape(
        rule=rule,
        policy=policy,
        subject_type=subject_type,
        anchor=dates[0],
        items=items,
        counter=DayCounter(policy.day_basis, calendar_for(policy.calendar, policy.path)),
        about=about,
        fills=fills,
        subject_fields=subject_fields,
        blank=blank,
        covers=covers,
        payments=tuple(payments),
        loop_types=loop_types,
        actor_role=actor_role,
    )


def _is_date(policy: Policy, rule: Rule, term: Reference) -> bool:
    """A reference to a date of the subject, not a parameter or a loop value."""
    loop = rule.for_each.as_ if rule.for_each else None
    return term.names[0] not in policy.parameters and term.names[0] != loop


def completion_where(done: Done) -> tuple[dict[str, Any], tuple[str, ...], str | None, str | None]:
    """What the completing activity must hold: field values, the fields that name the
    subject's id, a field whose blank value makes a look-alike that does not count, and
    the role of the staff member who must do it. A test through any other navigation is
    one the strategies cannot honour: the rule is refused rather than drawn wrong."""
    fills: dict[str, Any] = {}
    subject_fields: list[str] = []
    blank = None
    actor_role = None
    for condition in done.where:
        ((operator, argument),) = condition.items()
        if operator == "present":
            fills.update(dict.fromkeys(argument, "recorded"))
            blank = blank or str(argument[0])
        elif operator == "true":
            fills[str(argument)] = True
        elif operator == "is":
            for name, value in argument.items():
                if name == "staff.role":
                    actor_role = str(value)
                elif "." in str(name):
                    raise _Unsupported(f"its completion's `where` tests `{name}`, a navigation")
                else:
                    fills[name] = value
        elif operator == "compare" and list(argument[1:]) == ["=", "subject.id"]:
            subject_fields.append(str(argument[0]))
        else:
            raise _Unsupported(f"its completion's `where` tests `{operator}: {argument}`")
    return fills, tuple(subject_fields), blank, actor_role


def _items(policy: Policy, rule: Rule) -> tuple[tuple[_Item, ...], dict[str, str]]:
    loop = rule.for_each
    if loop is None:
        return (_Item(None, {}),), {}
    spec = policy.declarations[loop.parameter].items
    types = dict(spec) if isinstance(spec, dict) else {}
    items = []
    for value in policy.parameters[loop.parameter]:
        label: Any = value
        for step in parse(loop.part).terms[0][1].names[1:]:  # type: ignore[union-attr]
            label = label.get(step) if isinstance(label, Mapping) else label
        items.append(_Item(None if label is None else str(label), {loop.as_: value}))
    return tuple(items), types


def _try(shape: _Shape) -> None:
    """Evaluate every expression once, so an unsupported one is found when reading."""
    duty = shape.rule.duty
    assert duty is not None
    for item in shape.items:
        for kind in shape.kinds(item):
            if f"{shape.about}_id" not in ACTIVITY_MODELS[kind].needs_reference:
                raise _Unsupported(f"a `{kind.value}` activity is not about a {shape.about}")
        day = shape.policy.effective_from
        window = _window(shape, day, item, day)
        for _, text in shape.payments:
            shape.date(text, window.names, item)


@dataclass(frozen=True)
class _Window:
    """A duty's dates for one anchor date: trigger, deadline, and the window."""

    trigger: dt.date
    deadline: dt.date
    start: dt.date | None
    end: dt.date
    names: dict[str, dt.date]


def _window(shape: _Shape, anchor: dt.date, item: _Item, as_of: dt.date) -> _Window:
    duty = shape.rule.duty
    assert duty is not None
    names = {shape.anchor: anchor, "as_of": as_of}
    names["trigger"] = trigger = shape.date(duty.trigger, names, item)
    names["deadline"] = deadline = shape.date(duty.deadline, names, item)
    start = shape.date(duty.window.from_, names, item) if duty.window.from_ else None
    end = shape.date(duty.window.to, names, item)
    return _Window(trigger, deadline, start, end, names)


# -- drawing records ---------------------------------------------------------------------


def duty_cases(shape: _Shape, outcome: Outcome, part: str | None) -> st.SearchStrategy[RuleCase]:
    """Records and an as-of date that make a duty come out as ``outcome`` for one
    subject: ``comply`` (done in its window), ``action_required`` (due, not done yet),
    ``violation`` (missed: not done by the as-of date, after the deadline) or ``late``
    (done after the deadline).

    The dates sit at and around the edges: the as-of date on the trigger ``T``, on the
    deadline ``D`` or the day after it, the act on the first or last day of its window
    or the day after ``D``, look-alikes that must not count (the day before the window,
    a blank ``cause``, the act one day after the as-of date), payments that do not end
    the duty. The subject has the smallest records around it (``S1``, ``C1``, ``K1``,
    ``R1``; the subject activity is ``A1``). Of a rule with parts (``for_each``), ``part``
    picks one (default: every part, drawn); the others are done in their windows where
    the as-of date allows, so they usually have no finding. The deadline is on or after
    the policy's ``effective_from``: audit with the default period.

    Raises ``ValueError`` for an unknown part or an outcome the duty never has.
    """
    rule_id = shape.rule.id
    duty = shape.rule.duty
    assert duty is not None
    if outcome == "violation" and duty.overdue == "action_required":
        raise ValueError(f"rule `{rule_id}` is never a violation: a missed one stays open")
    items = shape.items
    if part is not None:
        items = tuple(i for i in items if i.part == part)
        if not items:
            labels = [str(i.part) for i in shape.items]
            raise ValueError(
                with_suggestion(f"rule `{rule_id}` has no part `{part}`", part, labels)
            )
    return st.sampled_from(items).flatmap(lambda item: _case(shape, outcome, item))


@st.composite
def _case(draw: st.DrawFn, shape: _Shape, outcome: Outcome, item: _Item) -> RuleCase:
    start = shape.policy.effective_from
    anchor = start + (30 + draw(st.integers(0, 330))) * _DAY
    window = _window(shape, anchor, item, anchor)
    while window.deadline < start:  # judged only when D is in the audit period
        anchor += (start - window.deadline).days * _DAY
        window = _window(shape, anchor, item, anchor)
    plan = _Plan(shape, item, window, draw)
    as_of = plan.outcome(outcome)
    plan.others(as_of)
    records, subject = _Records(shape, plan, as_of).build(draw)
    return RuleCase(records, as_of, shape.rule.id, subject, item.part, _STATUS[outcome])


_CHAINS: tuple[tuple[Role, ...], ...] = (
    (),
    (Role.SALES_SUPERVISOR,),
    (Role.SALES_SUPERVISOR, Role.SALES_MANAGER),
    (Role.SALES_MANAGER,),
)
"""The supervisor chains drawn above the rep: none, a supervisor, a supervisor and a
manager above them, a manager alone (shrinking to none)."""


def _edge(lo: dt.date, hi: dt.date) -> st.SearchStrategy[dt.date]:
    """A date in ``[lo, hi]``: as often either edge as any day between."""
    return st.one_of(st.just(lo), st.just(hi), days(lo, hi))


@dataclass
class _Act:
    """An activity to write: its type, day, and fields beyond the references."""

    kind: ActivityType
    at: dt.date
    fields: dict[str, Any] = field(default_factory=dict)
    staff_id: str = "S1"


@dataclass
class _Plan:
    """The dates of one case: the acts that complete the duty (or look like they do)."""

    shape: _Shape
    item: _Item
    window: _Window
    draw: st.DrawFn
    acts: list[_Act] = field(default_factory=list)

    def outcome(self, outcome: Outcome) -> dt.date:
        """Place the completing acts for ``outcome``; returns the as-of date."""
        w, draw = self.window, self.draw
        first = w.start if w.start is not None else min(w.trigger, w.end) - 7 * _DAY
        if outcome == "comply":
            done = draw(_edge(first, w.end))
            self.complete(done, first)
            as_of = draw(_edge(max(w.trigger, done), max(w.trigger, done, w.end) + 10 * _DAY))
        elif outcome == "late":
            done = draw(_edge(w.end + _DAY, w.end + 15 * _DAY))
            self.complete(done, first)
            as_of = draw(_edge(done, done + 10 * _DAY))
        else:
            lo, hi = (
                (w.trigger, w.deadline)
                if outcome == "action_required"
                else (w.deadline + _DAY, w.deadline + 30 * _DAY)
            )
            as_of = draw(_edge(lo, hi))
            self.partly(first, min(w.end, as_of))
            if draw(st.booleans()):  # done the day after the audit, or later: unseen
                self.complete(draw(_edge(as_of + _DAY, as_of + 10 * _DAY)), first)
        self.decoys(first, as_of)
        return as_of

    def fields(self) -> dict[str, Any]:
        return dict(self.shape.fills)

    def kind(self) -> ActivityType:
        """One of the completing types, drawn (shrinking to the first)."""
        return self.draw(st.sampled_from(self.shape.kinds(self.item)))

    def complete(self, done: dt.date, first: dt.date) -> None:
        """Acts that complete the duty on ``done`` (with ``covers``: together, the last
        of them on ``done``, of one of the alternative types)."""
        kind = self.kind()
        covers = self.shape.covers
        actor = self.shape.actor
        if covers is None:
            self.acts.append(_Act(kind, done, self.fields(), actor))
            return
        name, needed = covers
        split = self.draw(st.integers(0, len(needed) - 1))
        if split:
            earlier = self.draw(_edge(min(first, done), done))
            self.acts.append(_Act(kind, earlier, {**self.fields(), name: needed[:split]}, actor))
        self.acts.append(_Act(kind, done, {**self.fields(), name: needed[split:]}, actor))

    def partly(self, first: dt.date, last: dt.date) -> None:
        """With ``covers``: maybe some of what is needed, in the window, not all."""
        covers = self.shape.covers
        if covers is None or first > last or not self.draw(st.booleans()):
            return
        name, needed = covers
        some = needed[: self.draw(st.integers(0, len(needed) - 1))]
        self.acts.append(
            _Act(
                self.kind(),
                self.draw(_edge(first, last)),
                {name: some},
                self.shape.actor,
            )
        )

    def decoys(self, first: dt.date, as_of: dt.date) -> None:
        """Acts that look like completions and must not count: the day before the window
        opens, with the field the rule needs left blank, or by someone of another role."""
        kind, w, actor = self.kind(), self.window, self.shape.actor
        fields = self.fields()
        if self.shape.covers is not None:
            fields[self.shape.covers[0]] = self.shape.covers[1]
        if w.start is not None and self.draw(st.booleans()):
            self.acts.append(_Act(kind, w.start - _DAY, fields, actor))
        in_window = first <= min(w.end, as_of)
        blank = self.shape.blank
        if blank is not None and in_window and self.draw(st.booleans()):
            day = self.draw(_edge(first, min(w.end, as_of)))
            self.acts.append(_Act(kind, day, {**self.fields(), blank: " "}, actor))
        if actor != "S1" and in_window and self.draw(st.booleans()):
            self.acts.append(_Act(kind, self.draw(_edge(first, min(w.end, as_of))), fields))

    def others(self, as_of: dt.date) -> None:
        """The rule's other parts done on the first day of their windows, where it is
        on or before ``as_of`` (and their act could not complete this part too)."""
        kinds = set(self.shape.kinds(self.item))
        for item in self.shape.items:
            others = self.shape.kinds(item)
            if item == self.item or kinds & set(others):
                continue
            other = self.draw(st.sampled_from(others))
            w = _window(self.shape, self.window.names[self.shape.anchor], item, as_of)
            day = w.start if w.start is not None else min(w.trigger, w.end)
            if w.trigger <= as_of and day <= as_of:
                self.acts.append(_Act(other, day, dict(self.fields()), self.shape.actor))

    def payment_dates(self, as_of: dt.date) -> list[dt.date]:
        """The dates the duty's payment tests look at."""
        names = {**self.window.names, "as_of": as_of}
        return [self.shape.date(text, names, self.item) for _, text in self.shape.payments]


@dataclass
class _Records:
    """The records of a case: the subject and the few records around it."""

    shape: _Shape
    plan: _Plan
    as_of: dt.date
    records: list[BaseRecord] = field(default_factory=list)
    ids: Iterator[int] = field(default_factory=lambda: iter(range(1, 10_000)))

    def build(self, draw: st.DrawFn) -> tuple[RecordSet, Subject]:
        shape, plan = self.shape, self.plan
        anchor = plan.window.names[shape.anchor]
        dates = [anchor, plan.window.trigger, self.as_of, *(act.at for act in plan.acts)]
        floor = min(dates) - draw(st.integers(0, 5)) * _DAY
        hired_on = dt.date(floor.year - 1, 1, 1)
        actor = shape.actor
        # S1's supervisors, S3 up: an owner `first_up` a role is found, or not, up a chain.
        chain = draw(st.sampled_from(_CHAINS), label="supervisors")
        ids = [f"S{number}" for number in range(3, 3 + len(chain))]
        staff = Staff(
            id="S1",
            name="李梅",
            role=Role.SALES_REP,
            hired_on=hired_on,
            supervisor_id=ids[0] if ids else None,
        )
        for index, (chief, role) in enumerate(zip(ids, chain, strict=True)):
            above = ids[index + 1] if index + 1 < len(ids) else None
            name = f"主管{index + 1}"
            self.records.append(
                Staff(id=chief, name=name, role=role, hired_on=hired_on, supervisor_id=above)
            )
        customer = Customer(
            id="C1",
            company_name="华瑞精工",
            contact_name="张伟",
            contact_phone="021-5555 0100",
            business_scope="machine tools",
            owner_id="S1",
            created_on=anchor if shape.anchor == "created_on" else floor,
            status=CustomerStatus.ACTIVE,
            grade=Grade.B,
        )
        self.records += [staff, customer]
        if actor != "S1":  # who the completion's `where` asks for
            role = Role(str(shape.actor_role))
            self.records.append(Staff(id=actor, name="王强", role=role, hired_on=hired_on))
        about: dict[str, str] = {"customer": "C1"}
        base = shape.base
        model = ACTIVITY_MODELS[ActivityType(shape.rule.activity)] if shape.rule.activity else None
        needs = model.needs_reference if model else ()
        if base in ("contract", "receivable") or "contract_id" in needs or "receivable_id" in needs:
            self.records.append(self._contract(anchor, floor))
            about["contract"] = "K1"
        if base == "receivable" or "receivable_id" in needs:
            self.records.append(self._receivable(anchor, floor, draw))
            about["receivable"] = "R1"
        subject_ids = {"customer": "C1", "contract": "K1", "receivable": "R1"}
        subject = Subject(base, subject_ids.get(base) or f"A{next(self.ids)}")
        if model is not None:
            activity = self._subject_activity(
                model, subject.id, anchor=anchor, floor=floor, about=about, draw=draw
            )
            self.records.append(activity)
        if shape.anchor.startswith("first("):
            kind = ActivityType(shape.anchor[6:-1])
            self.records.append(self._activity(_Act(kind, anchor), {"contract_id": "K1"}))
        reference = {f"{shape.about}_id": about[shape.about]}
        for act in plan.acts:
            own = dict.fromkeys(shape.subject_fields, subject.id)
            self.records.append(self._activity(act, {**reference, **own}))
        return ShownRecordSet(self.records), subject

    def _contract(self, anchor: dt.date, floor: dt.date) -> Contract:
        anchored = self.shape.anchor
        signed_on = anchor if anchored == "signed_on" else floor
        return Contract(
            id="K1",
            customer_id="C1",
            owner_id="S1",
            status=ContractStatus.SIGNED,
            amount=Decimal(100_000),
            terms=Terms(
                price=Decimal(100_000),
                delivery_date=anchor if anchored == "terms.delivery_date" else None,
                payment_terms="30% on signing, 70% net 30",
                after_sales="one year warranty",
            ),
            reviewed_by_company_on=signed_on,
            reviewed_by_customer_on=signed_on,
            signed_on=signed_on,
        )

    def _receivable(self, anchor: dt.date, floor: dt.date, draw: st.DrawFn) -> Receivable:
        due_on = anchor if self.shape.anchor == "due_on" else floor
        amount = Decimal(30_000)
        payments: tuple[Payment, ...] = ()
        written_off_on = None
        if self.shape.payments:
            after = max(self.plan.payment_dates(self.as_of)) + _DAY
            how = draw(st.sampled_from(("unpaid", "part", "paid_late")))
            if how == "part":
                payments = (Payment(paid_on=draw(days(floor, after)), amount=amount / 2),)
            elif how == "paid_late":
                payments = (Payment(paid_on=draw(_edge(after, after + 10 * _DAY)), amount=amount),)
            if draw(st.booleans()):
                written_off_on = draw(_edge(after, after + 10 * _DAY))
        return Receivable(
            id="R1",
            contract_id="K1",
            amount_due=amount,
            due_on=due_on,
            payments=payments,
            written_off_on=written_off_on,
        )

    def _subject_activity(
        self,
        model: type[ActivityBase],
        subject_id: str,
        *,
        anchor: dt.date,
        floor: dt.date,
        about: dict[str, str],
        draw: st.DrawFn,
    ) -> ActivityBase:
        kind = ActivityType(str(self.shape.rule.activity))
        at, fields = anchor, dict[str, Any]()
        if kind is ActivityType.VISIT_BOOKED:
            fields["materials"] = list(Material)
            if self.shape.anchor == "visit_on":
                at = draw(_edge(floor, anchor))
                fields["visit_on"] = anchor
            else:
                fields["visit_on"] = anchor + 3 * _DAY
        references = {
            name: about[name.removesuffix("_id")]
            for name in model.needs_reference
            if name.removesuffix("_id") in about
        }
        data = {"id": subject_id, "type": kind.value, "staff_id": "S1", "at": at}
        data.update(references, **fields)
        return parse_record(model, data)

    def _activity(self, act: _Act, references: dict[str, str]) -> ActivityBase:
        fields = dict(act.fields)
        if act.kind is ActivityType.HANDOVER:
            fields.setdefault("departments", [d.value for d in Department])
            fields.setdefault("briefed", True)
        data = {
            "id": f"A{next(self.ids)}",
            "type": act.kind.value,
            "staff_id": act.staff_id,
            "at": act.at,
            **references,
            **fields,
        }
        return parse_record(ACTIVITY_MODELS[act.kind], data)


# -- completing a finding ----------------------------------------------------------------


def completing(
    policy: Policy, finding: Finding, records: RecordSet, *, as_of: dt.date
) -> st.SearchStrategy[tuple[ActivityBase, ...]]:
    """Activities that complete the duty of ``finding`` (one of ``records`` audited as of
    ``as_of``) in its window, dated on or before ``as_of``: what would have made it pass.

    Raises ``UnsupportedRuleError`` when the rule is not a duty ``for_rule`` supports, and
    ``ValueError`` when its window holds no day up to ``as_of``.
    """
    shape = _shape(policy, finding.rule)
    item = next((i for i in shape.items if i.part == finding.part), None)
    if item is None:
        raise ValueError(f"rule `{finding.rule}` has no part `{finding.part}`")
    subject = _subject(records, finding.subject)
    window = _window(shape, _anchor_of(shape, subject, records, as_of), item, as_of)
    first = window.start if window.start is not None else min(window.trigger, window.end) - 7 * _DAY
    last = min(window.end, as_of)
    if first > last:
        raise ValueError(f"the window of `{finding.rule}` holds no day up to {as_of}")
    kinds = shape.kinds(item)
    fields: dict[str, Any] = {**shape.fills, **dict.fromkeys(shape.subject_fields, subject.id)}
    if shape.covers is not None:
        fields[shape.covers[0]] = shape.covers[1]
    reference = {f"{shape.about}_id": _about(shape.about, subject, records)}
    staff_id = _owner_of(subject, records)
    if shape.actor_role is not None:
        staff_id = next(
            (
                s.id
                for s in sorted(records.staff.values(), key=lambda s: s.id)
                if s.role.value == shape.actor_role and s.hired_on <= first
            ),
            "",
        )
        if not staff_id:
            raise ValueError(f"no {shape.actor_role} in the records to do it")
    number = len(records.activities) + 1
    while f"A{number}" in records.activities:
        number += 1
    new_id = f"A{number}"

    data = {"id": new_id, "staff_id": staff_id, **reference, **fields}
    strategy: st.SearchStrategy[tuple[ActivityBase, ...]] = _completion(kinds, data, first, last)
    return strategy


@st.composite
def _completion(
    draw: st.DrawFn,
    kinds: tuple[ActivityType, ...],
    data: dict[str, Any],
    first: dt.date,
    last: dt.date,
) -> tuple[ActivityBase, ...]:
    kind = draw(st.sampled_from(kinds))
    data = {**data, "type": kind.value, "at": draw(_edge(first, last))}
    return (parse_record(ACTIVITY_MODELS[kind], data),)


def _subject(records: RecordSet, subject: Subject) -> Any:
    collection: Mapping[str, Any] = {
        "customer": records.customers,
        "contract": records.contracts,
        "receivable": records.receivables,
        "activity": records.activities,
    }[subject.type]
    return collection[subject.id]


def _anchor_of(shape: _Shape, subject: Any, records: RecordSet, as_of: dt.date) -> dt.date:
    if shape.anchor.startswith("first("):
        kind = ActivityType(shape.anchor[6:-1])
        found = [
            a.at for a in records.activities_about("contract", subject.id, kind) if a.at <= as_of
        ]
        if not found:
            raise ValueError(f"`{subject.id}` has no `{kind.value}` up to {as_of}")
        return min(found)
    value: Any = subject
    for step in shape.anchor.split("."):
        value = getattr(value, step)
    if not isinstance(value, dt.date):
        raise ValueError(f"`{subject.id}` has no `{shape.anchor}`")
    return value


def _about(about: str, subject: Any, records: RecordSet) -> str:
    """The id of the record of type ``about`` the subject is, or belongs to."""
    if isinstance(subject, ActivityBase):
        found = {
            "customer": records.customer_of(subject),
            "contract": records.contract_of(subject),
            "receivable": subject.receivable_id,
        }[about]
    elif isinstance(subject, Receivable):
        contract = records.contracts[subject.contract_id]
        found = {
            "customer": contract.customer_id,
            "contract": contract.id,
            "receivable": subject.id,
        }[about]
    elif isinstance(subject, Contract):
        found = {"customer": subject.customer_id, "contract": subject.id}.get(about)
    else:
        found = subject.id if about == "customer" else None
    if found is None:
        raise ValueError(f"`{subject.id}` is about no {about}")
    return found


def _owner_of(subject: Any, records: RecordSet) -> str:
    if isinstance(subject, ActivityBase):
        return subject.staff_id
    if isinstance(subject, Receivable):
        return records.contracts[subject.contract_id].owner_id
    owner: str = subject.owner_id
    return owner
