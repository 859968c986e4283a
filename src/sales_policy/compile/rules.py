"""One rule lowered to its intermediate form: which subjects, which parts, and how to
derive the fact each judgement is made of (``Judgement``).

The shapes of the language (check, duty, cycle; ``for_each`` and ``periods``) each
become one small derivation function here; the as-of semantics of ``rules.md`` ("How a
rule is judged") are implemented once, in ``judge_owed``, for duties and cycles alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sales_policy.compile.conditions import (
    Explain,
    Test,
    all_of,
    always,
    compile_all,
    compile_one,
)
from sales_policy.compile.owners import OwnerFn, compile_owner
from sales_policy.compile.rulesets import (
    Case,
    Context,
    Facts,
    Formula,
    Kind,
    Local,
    Operand,
    Ruleset,
    candidate_local,
    check_rules,
    decided,
    duty_rules,
    lower_all,
)
from sales_policy.compile.values import Env, Getter, Parameters, Source, expression, reference
from sales_policy.judgement.decisions import NO_FLAGS
from sales_policy.judgement.world import World
from sales_policy.policy import vocabulary
from sales_policy.policy.expressions import Reference, parse
from sales_policy.policy.model import Done, Rule
from sales_policy.policy.scope import Scope
from sales_policy.records.models import ActivityType, Receivable


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar month, quarter or year."""

    start: dt.date
    end: dt.date
    label: str


@dataclass(frozen=True, slots=True)
class TrainingYear:
    """The subject of a yearly duty with no record of its own."""

    id: str
    year: int


@dataclass(slots=True)
class Judgement:
    """The fact derived for one rule, subject and part, before a backend classifies it."""

    subject: Any
    part: str | None
    env: Env
    duty: bool
    flags: dict[str, int]
    trigger: dt.date | None = None
    deadline: dt.date | None = None
    done_on: dt.date | None = None
    evidence: Mapping[str, Any] | None = None
    """What decided it beyond its dates (what is missing), if anything."""
    missing_now: Sequence[str] = ()

    def fact(self) -> dict[str, int]:
        """The flat fact of 0/1 flags the decision table reads: every flag, 0 unless set."""
        return {**NO_FLAGS, "duty": int(self.duty), **self.flags}


Judge = Callable[[World, Env, "str | None"], list[Judgement]]
Candidates = Callable[[World, Env], list[tuple[str, "dt.date | None", "str | None"]]]
"""Each activity or record that could complete a duty (of its types, about its record;
of its collection, matching): its id, its date, and why it does not count, if it does
not (the condition of the completion's `where` it fails)."""
Parts = Callable[[World, Env], Iterator[tuple["str | None", Env]]]
"""A subject's parts: each part's label and the names it is judged with."""


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to run."""

    rule: Rule
    subject_type: str
    subjects: Callable[[World], Iterable[Any]]
    where: Test
    parts: Parts
    judge: Judge
    owner: OwnerFn
    action_owner: OwnerFn
    evidence: tuple[tuple[str, Getter], ...]
    explain: Explain
    candidates: Candidates | None = None
    """For a duty or cycle done by an activity: what ``explain`` lists."""
    conditions: tuple[tuple[str, str, Test], ...] = ()
    """For a check: ``(when or require, the condition's text, its test)``, each test the
    one the check runs, so ``explain`` names the condition that failed."""
    ruleset: Ruleset | None = None
    """The rule for the ``durable`` backend: its conditions as durable_rules rules."""

    @property
    def id(self) -> str:
        return self.rule.id


def compile_rule(
    rule: Rule,
    parameters: Parameters,
    parameter_types: dict[str, str],
    item_fields: dict[str, dict[str, str]],
) -> CompiledRule:
    """Lower a checked rule."""
    record = vocabulary.subject_type(rule.subject, rule.activity)
    scope = Scope(
        record,
        parameter_types,
        item_fields,
        {"as_of": "date", "period_start": "date", "subject": record},
    )
    where, _ = compile_all(rule.where, scope, parameters)
    parts, scope = _parts(rule, scope, parameters)
    evidence: list[tuple[str, Getter]] = []
    explain: Explain = lambda w, e: {}  # noqa: E731
    candidates: Candidates | None = None
    conditions: tuple[tuple[str, str, Test], ...] = ()
    context = Context(scope, parameters, Facts())
    applies = decided(rule.where, context)
    ruleset: Ruleset
    if rule.check is not None:
        judge, evidence, explain, conditions, ruleset = _check(
            rule, scope, parameters, context, applies
        )
    elif rule.duty is not None:
        judge, evidence, explain, candidates, ruleset = _duty(
            rule, scope, parameters, context, applies
        )
    else:
        judge, evidence, candidates, ruleset = _cycle(rule, scope, parameters, context, applies)
    owner = compile_owner(rule.owner, record, scope, parameters, act=False)
    action_spec = rule.action.owner if rule.action else None
    action_owner = compile_owner(action_spec or rule.owner, record, scope, parameters, act=True)
    return CompiledRule(
        rule,
        record,
        _subjects(record),
        where,
        parts,
        judge,
        owner,
        action_owner,
        tuple(evidence),
        explain,
        candidates,
        conditions,
        ruleset,
    )


def _evidence_refs(
    texts: list[str | None], scope: Scope, parameters: Parameters
) -> list[tuple[str, Getter]]:
    """Getters for the subject's own fields that the expressions read (``due_on`` in
    ``due_on + notice_days``): the values that decided a finding."""
    found: dict[str, Getter] = {}
    members = scope.members(scope.record)
    for text in texts:
        if text is None:
            continue
        for _, term in parse(str(text)).terms:
            if (
                isinstance(term, Reference)
                and term.argument is None
                and (term.names[0] in members and term.names[0] not in scope.names)
            ):
                name = str(dataclasses.replace(term, unit=None))
                found.setdefault(name, reference(term, scope, parameters)[0])
    return list(found.items())


# -- subjects and parts ------------------------------------------------------------------


def _subjects(record: str) -> Callable[[World], Iterable[Any]]:
    base = vocabulary.base(record)
    if base == "activity":
        kind = ActivityType(record.split(":", 1)[1])
        return lambda w: [
            a
            for a in w.records.activities_of_type(kind)
            if a.at <= w.as_of and not w.cancelled(w.records.contract_of(a))
        ]
    table: dict[str, Callable[[World], Iterable[Any]]] = {
        "customer": lambda w: [c for c in w.records.customers.values() if c.created_on <= w.as_of],
        "contract": lambda w: [c for c in w.records.contracts.values() if w.judged(c)],
        "receivable": lambda w: [
            r
            for r in w.records.receivables.values()
            if w.judged(w.records.contracts.get(r.contract_id))
        ],
        "staff": lambda w: [s for s in w.records.staff.values() if s.hired_on <= w.as_of],
        "training_year": lambda w: [
            TrainingYear(str(y), y) for y in range(w.period_start.year, w.as_of.year + 1)
        ],
    }
    return table[base]


def _parts(rule: Rule, scope: Scope, parameters: Parameters) -> tuple[Parts, Scope]:
    if rule.for_each is not None:
        loop = rule.for_each
        items = list(parameters.values[loop.parameter])
        kind = parameter_item(scope, loop.parameter)
        scope = scope.with_names(**{loop.as_: kind})
        part, _ = expression(loop.part, scope, parameters)

        def each(w: World, e: Env) -> Iterator[tuple[str | None, Env]]:
            for item in items:
                inner = e.inner(e.record, **{loop.as_: item})
                value = part(w, inner)
                yield (None if value is None else str(value)), inner

        return each, scope
    if rule.periods is not None:
        periods = rule.periods
        every = periods.every
        kind_of = (
            (lambda: every)
            if every in vocabulary.PERIOD_KINDS
            else (lambda: parameters.values[every])
        )
        employed = periods.employed
        scope = scope.with_names(period="period")
        yearly = rule.subject == "training_year"

        def each_period(w: World, e: Env) -> Iterator[tuple[str | None, Env]]:
            if yearly:
                year = e.record.year
                whole = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
                yield None, e.inner(e.record, period=whole)
                return
            for period in calendar_periods(kind_of(), w.period_start.year - 1, w.as_of):
                if employed == "first_day" and not w.employed(e.record, period.start):
                    continue
                if employed == "whole_period" and not (
                    e.record.hired_on <= period.start and not w.has_left(e.record, period.end)
                ):
                    continue
                yield period.label, e.inner(e.record, period=period)

        return each_period, scope

    return whole, scope


def whole(_w: World, e: Env) -> Iterator[tuple[str | None, Env]]:
    """The parts of a rule without ``for_each`` or ``periods``: the subject as a whole."""
    yield None, e


def parameter_item(scope: Scope, name: str) -> str:
    return scope.parameters[name][5:-1]


def calendar_periods(kind: str, first_year: int, until: dt.date) -> Iterator[Period]:
    """Months, quarters or years from ``first_year`` to the one holding ``until``."""
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    year, month = first_year, 1
    while dt.date(year, month, 1) <= until:
        start = dt.date(year, month, 1)
        next_year, next_month = (year + 1, 1) if month + months > 12 else (year, month + months)
        end = dt.date(next_year, next_month, 1) - dt.timedelta(days=1)
        if kind == "month":
            label = f"{year}-{month:02d}"
        elif kind == "quarter":
            label = f"{year}-Q{(month - 1) // 3 + 1}"
        else:
            label = str(year)
        yield Period(start, end, label)
        year, month = next_year, next_month


# -- checks ------------------------------------------------------------------------------


def _check(
    rule: Rule, scope: Scope, parameters: Parameters, context: Context, applies: Formula
) -> tuple[Judge, list[tuple[str, Getter]], Explain, tuple[tuple[str, str, Test], ...], Ruleset]:
    check = rule.check
    assert check is not None
    source = Source()
    day, _ = source.expression(check.date, scope, parameters)
    when_parts = [compile_one(c, scope, parameters) for c in check.when]
    when, _ = all_of(when_parts)
    require_parts = [compile_one(c, scope, parameters) for c in check.require]
    require, require_explain = all_of(require_parts)
    conditions = tuple(
        (group, _condition_text(condition), test)
        for group, written, compiled in (
            ("when", check.when, when_parts),
            ("require", check.require, require_parts),
        )
        for condition, (test, _) in zip(written, compiled, strict=True)
    )
    has_action = int(rule.action is not None)
    date_text = str(check.date).replace("{", "{{").replace("}", "}}")
    outside = f"`{date_text}` {{}} is outside the audit period"
    no_date = f"no `{check.date}` on or before the as-of date"

    def judged(w: World, e: Env, part: str | None) -> list[Judgement]:
        if when is not always and not when(w, e):
            return _why(e, "the check does not apply to this subject: its conditions do not hold")
        failed = not require(w, e)
        return [
            Judgement(e.record, part, e, False, {"failed": int(failed), "has_action": has_action})
        ]

    def explain(w: World, e: Env) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        for test, values in when_parts:  # a failed `when`'s values, as `all_of` shows them
            if not test(w, e):
                shown.update(values(w, e))
        return {**shown, **require_explain(w, e)}

    judge: Judge = source.function(  # as one function: most subjects stop at their date
        f"judge {rule.id}",
        "w, e, part",
        [
            f"on = {day}",
            "if on is None:",
            f"    e.names['$why'] = ({source.name(no_date)}, ())",
            "    return []",
            "if not w.period_start <= on <= w.as_of:",
            f"    e.names['$why'] = ({source.name(outside)}, (on,))",
            "    return []",
            f"return {source.name(judged)}(w, e, part)",
        ],
    )
    applies = ("all", [applies, decided(check.when, context)])
    definition = check_rules(applies, decided(check.require, context), bool(has_action))
    facts = context.facts
    date = expression(check.date, scope, parameters)[0]

    def cases(w: World, e: Env, part: str | None) -> list[Case]:
        on = date(w, e)
        if on is None or not w.period_start <= on <= w.as_of:
            return []

        def finish(outcome: str, _day: int | None) -> Judgement | None:
            return None if outcome == "none" else Judgement(e.record, part, e, False, {})

        return [Case([*facts.candidates(w, e), facts.subject_fact(w, e)], finish)]

    ruleset = Ruleset(definition, cases)
    return judge, _evidence_refs([check.date], scope, parameters), explain, conditions, ruleset


# -- duties ------------------------------------------------------------------------------


def judge_owed(
    w: World,
    e: Env,
    part: str | None,
    *,
    trigger: dt.date,
    deadline: dt.date,
    window: tuple[dt.date | None, dt.date],
    done: Sequence[dt.date],
    overdue_violation: int,
    keep_action: int,
) -> Judgement:
    """The one judgement of something owed, for duties and cycles alike: done in the
    window (a day before its start does not count, one on its end does), done late (the
    first counted day after the window), and whether the deadline has passed by ``A``;
    ``done_on`` is the day it was done in time, else the day done late.
    ``done`` is in date order; the decision table makes the status of these flags."""
    start, end = window
    counted = [day for day in done if start is None or day >= start]
    in_time = next((day for day in counted if day <= end), None)
    in_window = in_time is not None
    late = None if in_window else next((day for day in counted if day > end), None)
    e.names["$window"] = window
    flags = {
        "in_window": int(in_window),
        "late": int(late is not None),
        "due_passed": int(w.as_of > deadline),
        "overdue_violation": overdue_violation,
        "keep_action": keep_action,
    }
    return Judgement(
        e.record, part, e, True, flags, trigger=trigger, deadline=deadline, done_on=in_time or late
    )


@dataclass(frozen=True)
class _Completion:
    """Finds the dates a duty was done on (up to A), and what is still missing."""

    dates: Callable[[World, Env], list[dt.date]]
    missing: Callable[[World, Env, dt.date], list[str]] | None = None
    candidates: Candidates | None = None
    found: Callable[[World, Env], Sequence[Any]] = lambda w, e: ()
    """For the ``durable`` backend: what could complete it (records, activities, days)."""
    day: Getter = lambda w, e: None
    """The day one of ``found`` was done on, read in the env of ``env``."""
    env: Callable[[Env, Any], Env] = lambda e, found: e.inner(found, subject=e.record)
    where: tuple[Sequence[dict[str, Any]], Scope] | None = None
    """The conditions one of ``found`` must meet, and their scope."""
    python_where: Callable[[World, Env], bool] | None = None
    """The same, when they are decided in Python (several activity types with a `where`)."""


def _done_kind(completion: _Completion, context: Context) -> tuple[Local, tuple[str, ...]]:
    """The candidates of ``d``, the facts of what could complete a duty, and the test
    one must pass (with the subject values it joins, each of which must be set)."""
    kind = Kind("d", completion.found, [Operand("day", completion.day)], completion.env)
    context.facts.kinds.append(kind)
    if completion.python_where is not None:
        test = completion.python_where
        key, _ = Context(context.scope, context.parameters, context.facts, kind).value(
            lambda w, e: int(test(w, e))
        )
        return ("eq", key, 1), ()
    if completion.where is None:
        return ("and", []), ()
    conditions, scope = completion.where
    inner = Context(scope, context.parameters, context.facts, kind)
    return candidate_local(lower_all(conditions, inner)), tuple(inner.guards)


def _duty(
    rule: Rule, scope: Scope, parameters: Parameters, context: Context, applies: Formula
) -> tuple[Judge, list[tuple[str, Getter]], Explain, Candidates | None, Ruleset]:
    duty = rule.duty
    assert duty is not None
    source = Source()
    trigger, _ = source.expression(duty.trigger, scope, parameters)
    scope = scope.with_names(trigger="date")
    deadline, _ = source.expression(duty.deadline, scope, parameters)
    scope = scope.with_names(deadline="date")
    start = expression(duty.window.from_, scope, parameters)[0] if duty.window.from_ else None
    end, _ = expression(duty.window.to, scope, parameters)
    owed, _ = compile_all(duty.owed_if, scope, parameters)
    exempt = [compile_all([c], scope, parameters) for c in duty.not_owed_if]
    conditions = [compile_all([c], scope, parameters) for c in duty.owed_if] + exempt
    completion = _completion(duty.done, scope, parameters)
    overdue_violation = int(duty.overdue == "violation")
    when_late = rule.action.when_late if rule.action else "drop"
    exemptions = [
        (test, f"not owed: `{_condition_text(condition)}` holds")
        for (test, _), condition in zip(exempt, duty.not_owed_if, strict=True)
    ]

    def owed_now(w: World, e: Env, part: str | None, t: dt.date, d: dt.date) -> list[Judgement]:
        if owed is not always and not owed(w, e):
            return _why(e, "not owed: the conditions under which it is owed do not hold")
        for test, reason in exemptions:
            if test(w, e):
                return _why(e, reason)
        window_start = start(w, e) if start is not None else None
        window = (window_start, end(w, e))
        keep = when_late == "keep" or (when_late == "drop_if_paid" and not _paid_by_now(w, e))
        judgement = judge_owed(
            w,
            e,
            part,
            trigger=t,
            deadline=d,
            window=window,
            done=completion.dates(w, e),
            overdue_violation=overdue_violation,
            keep_action=int(keep),
        )
        evidence: dict[str, Any] = {}
        if not judgement.flags["in_window"] and completion.missing is not None:
            evidence["missing"] = completion.missing(w, e, d)
            judgement.missing_now = completion.missing(w, e, w.as_of)
        if window_start is not None and window_start != t:
            evidence["window_from"] = window_start
        judgement.evidence = evidence or None
        return [judgement]

    # The steps every subject takes, generated as one function (most subjects stop here).
    judge: Judge = source.function(
        f"judge {rule.id}",
        "w, e, part",
        [
            "names = e.names",
            f"t = {trigger}",
            "if t is None:",
            f"    names['$why'] = ({source.name(_NO_TRIGGER.format(duty.trigger))}, ())",
            "    return []",
            "names['trigger'] = t",
            f"d = {deadline}",
            "if d is None:",
            f"    names['$why'] = ({source.name(_NO_DEADLINE.format(duty.deadline))}, ())",
            "    return []",
            "names['deadline'] = d",
            "if d < w.period_start:",
            f"    names['$why'] = ({source.name(_BEFORE_PERIOD)}, (d,))",
            "    return []",
            "if t > w.as_of:",
            f"    names['$why'] = ({source.name(_NOT_YET)}, (t,))",
            "    return []",
            f"return {source.name(owed_now)}(w, e, part, t, d)",
        ],
    )

    def explain(w: World, e: Env) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        for _, values in conditions:
            shown.update(values(w, e))
        return shown

    ruleset = _duty_ruleset(
        rule, Context(scope, parameters, context.facts), applies, completion, (start, end)
    )
    texts = [duty.trigger, duty.deadline, duty.window.from_, duty.window.to]
    evidence_refs = _evidence_refs(texts, scope, parameters)
    return judge, evidence_refs, explain, completion.candidates, ruleset


def _duty_ruleset(
    rule: Rule,
    context: Context,
    applies: Formula,
    completion: _Completion,
    window_at: tuple[Getter | None, Getter],
) -> Ruleset:
    """A duty for the ``durable`` backend: its outcome rules, and its cases, each with
    the day numbers of its trigger, deadline, window and as-of date on the subject."""
    duty = rule.duty
    assert duty is not None
    scope, parameters = context.scope, context.parameters
    start, end = window_at
    overdue_violation = duty.overdue == "violation"
    when_late = rule.action.when_late if rule.action else "drop"
    owed_formula: Formula = (
        "all",
        [
            applies,
            decided(duty.owed_if, context),
            *(("not", decided([c], context)) for c in duty.not_owed_if),
        ],
    )
    done, guards = _done_kind(completion, context)
    definition = duty_rules(owed_formula, done, guards, bool(overdue_violation), when_late)
    facts = context.facts
    trigger_at = expression(duty.trigger, scope, parameters)[0]
    deadline_at = expression(duty.deadline, scope.with_names(trigger="date"), parameters)[0]

    def cases(w: World, e: Env, part: str | None) -> list[Case]:
        names = e.names
        t = names["trigger"] = trigger_at(w, e)
        if t is None:
            return []
        d = names["deadline"] = deadline_at(w, e)
        if d is None or d < w.period_start or t > w.as_of:
            return []
        window_start = start(w, e) if start is not None else None
        window = (window_start, end(w, e))
        subject = facts.subject_fact(w, e)
        subject.update(
            T=t.toordinal(),
            D=d.toordinal(),
            A=w.as_of.toordinal(),
            ws=window_start.toordinal() if window_start is not None else 0,
            we=window[1].toordinal(),
            paid=int(_paid_by_now(w, e)),
        )

        def finish(outcome: str, day: int | None) -> Judgement | None:
            if outcome == "none":
                return None
            e.names["$window"] = window
            done_on = dt.date.fromordinal(day) if day is not None else None
            judgement = Judgement(
                e.record, part, e, True, {}, trigger=t, deadline=d, done_on=done_on
            )
            evidence: dict[str, Any] = {}
            if outcome != "done_in_window" and completion.missing is not None:
                evidence["missing"] = completion.missing(w, e, d)
                judgement.missing_now = completion.missing(w, e, w.as_of)
            if window_start is not None and window_start != t:
                evidence["window_from"] = window_start
            judgement.evidence = evidence or None
            return judgement

        return [Case([*facts.candidates(w, e), subject], finish)]

    return Ruleset(definition, cases)


_NO_TRIGGER = "not started: the date that starts it ({}) is not set as of the as-of date"
_NO_DEADLINE = "no deadline: the date it is due by ({}) is not set"
_BEFORE_PERIOD = "the deadline {} falls before the audit period starts: an earlier audit judges it"
_NOT_YET = "it starts on {}, after the as-of date: not owed yet"


def _why(e: Env, reason: str, *values: Any) -> list[Judgement]:
    """No judgement, and why (``sales-policy explain`` shows it): the reason with its
    ``{}`` filled by ``values``, only if it is shown (most subjects owe nothing)."""
    e.names["$why"] = (reason, values)
    return []


def why_not(e: Env) -> str | None:
    """Why the judge made no judgement in ``e``, if it said."""
    found = e.names.get("$why")
    if found is None:
        return None
    reason, values = found
    return str(reason.format(*values)) if values else str(reason)


def _condition_text(condition: dict[str, Any]) -> str:
    """A condition as a reader writes it: ``compare: discount_pct > 5``, never a Python
    list or mapping."""
    ((name, argument),) = condition.items()
    return f"{name}: {_words(argument)}"


def _words(argument: Any) -> str:
    if isinstance(argument, list | tuple):
        return " ".join(_words(item) for item in argument)
    if isinstance(argument, dict):
        return ", ".join(f"{key} {_words(value)}" for key, value in argument.items())
    return str(argument)


def _paid_by_now(w: World, e: Env) -> bool:
    return isinstance(e.record, Receivable) and w.paid_on(e.record) is not None


def _completion(done: Done, scope: Scope, parameters: Parameters) -> _Completion:
    if done.never:
        return _Completion(lambda w, e: [])
    if done.complete is not None:
        complete, complete_explain = compile_all(done.complete, scope, parameters)

        def complete_dates(w: World, e: Env) -> list[dt.date]:
            return [e.names["trigger"]] if complete(w, e) else []

        return _Completion(
            complete_dates,
            lambda w, e, _: list(complete_explain(w, e).get("missing", [])),
            found=_itself,
            day=lambda w, e: e.names["trigger"],
            env=_same,
            where=(done.complete, scope),
        )
    if done.field is not None:
        value, _ = expression(done.field, scope, parameters)

        def field_dates(w: World, e: Env) -> list[dt.date]:
            day = value(w, e)
            return [day] if day is not None and day <= w.as_of else []

        return _Completion(field_dates, found=_itself, day=value, env=_same)
    if done.record is not None:
        return _record_completion(done, scope, parameters)
    return _activity_completion(done, scope, parameters)


def _itself(_w: World, e: Env) -> Sequence[Any]:
    return (e.record,)


def _same(e: Env, _found: Any) -> Env:
    return e


def _record_completion(done: Done, scope: Scope, parameters: Parameters) -> _Completion:
    collection = {
        "market_report": "market_reports",
        "sales_plan": "sales_plans",
        "training_plan": "training_plans",
    }[str(done.record)]
    fields = tuple(done.match)
    values = [expression(text, scope, parameters)[0] for text in done.match.values()]
    date_field = str(done.date)
    inner = scope.inner(str(done.record), subject=scope.record)
    parts = [compile_one(condition, inner, parameters) for condition in done.where]
    where, where_explain = all_of(parts)
    texts = [_condition_text(condition) for condition in done.where]
    no_date = f"does not count: no `{date_field}`"

    def dates(w: World, e: Env) -> list[dt.date]:
        wanted = tuple(getter(w, e) for getter in values)
        found = []
        for record in w.matching(collection, fields, wanted):
            day = getattr(record, date_field)
            if day is not None and day <= w.as_of and where(w, e.inner(record, subject=e.record)):
                found.append(day)
        return sorted(found)

    def candidates(w: World, e: Env) -> list[tuple[str, dt.date | None, str | None]]:
        wanted = tuple(getter(w, e) for getter in values)
        shown: list[tuple[str, dt.date | None, str | None]] = []
        for record in w.matching(collection, fields, wanted):
            day = getattr(record, date_field)
            if day is not None and day > w.as_of:
                continue  # not yet submitted or approved: the audit cannot see it
            record_env = e.inner(record, subject=e.record)
            failed = next(
                (
                    text
                    for text, (test, _) in zip(texts, parts, strict=True)
                    if not test(w, record_env)
                ),
                None,
            )
            shown.append((str(record.id), day, no_date if day is None else failed))
        return sorted(shown, key=lambda c: (c[1] or dt.date.min, c[0]))

    missing = None
    if done.where:

        def missing(w: World, e: Env, _: dt.date) -> list[str]:
            wanted = tuple(getter(w, e) for getter in values)
            shown: list[str] = []
            seen = False
            for record in w.matching(collection, fields, wanted):
                day = getattr(record, date_field)
                if day is not None and day > w.as_of:
                    continue  # not yet submitted or approved: the audit cannot see it
                seen = True
                found = where_explain(w, e.inner(record, subject=e.record)).get("missing", [])
                shown += [m for m in found if m not in shown]
            return shown if seen else [str(done.record)]  # none at all: the record is missing

    return _Completion(
        dates,
        missing,
        candidates,
        found=lambda w, e: w.matching(collection, fields, tuple(g(w, e) for g in values)),
        day=lambda w, e: getattr(e.record, date_field),
        where=(done.where, inner),
    )


def _activity_completion(done: Done, scope: Scope, parameters: Parameters) -> _Completion:
    known = {t.value for t in ActivityType}
    fixed = tuple(ActivityType(text) for text in done.activities if text in known)
    kind_getter = None if fixed else expression(done.activities[0], scope, parameters)[0]
    about = done.about or vocabulary.base(scope.record)
    # Each condition of `where` compiled once per completing type: the engine's filter and
    # the candidates `explain` shows run the very same tests.
    inners: list[tuple[ActivityType | None, str]] = [(k, f"activity:{k}") for k in fixed]
    where: dict[ActivityType | None, list[tuple[str, Test]]] = {
        kind: [
            (
                _condition_text(condition),
                compile_one(condition, scope.inner(record, subject=scope.record), parameters)[0],
            )
            for condition in done.where
        ]
        for kind, record in inners or [(None, "activity")]
    }
    about_id: Callable[[World, Env], str | None]
    if about == vocabulary.base(scope.record):
        about_id = lambda w, e: e.record.id  # noqa: E731
    else:
        path, _ = expression(about, scope, parameters)
        about_id = lambda w, e: getattr(path(w, e), "id", None)  # noqa: E731

    def of_type(w: World, e: Env) -> Sequence[Any]:
        """The activities of the completing types about the subject, oldest first."""
        if len(fixed) == 1:
            return w.activities(about, about_id(w, e), fixed[0])
        if not fixed:
            kind = kind_getter(w, e)  # type: ignore[misc]
            return () if kind is None else w.activities(about, about_id(w, e), kind)
        found = [w.activities(about, about_id(w, e), kind) for kind in fixed]
        return list(heapq.merge(*found, key=lambda a: a.at))

    def failed(w: World, e: Env, activity: Any) -> str | None:
        """The first condition of `where` the activity fails, if any."""
        tests = where[activity.type if fixed else None]
        inner = e.inner(activity, subject=e.record)
        return next((text for text, test in tests if not test(w, inner)), None)

    def candidates(w: World, e: Env) -> list[tuple[str, dt.date | None, str | None]]:
        return [(a.id, a.at, failed(w, e, a) if done.where else None) for a in of_type(w, e)]

    def activities(w: World, e: Env) -> Sequence[Any]:
        if not done.where:
            return of_type(w, e)
        return [a for a in of_type(w, e) if failed(w, e, a) is None]

    def python_where(w: World, e: Env) -> bool:
        return failed(w, Env(e.names["subject"], e.names), e.record) is None

    if done.covers is None:
        one_scope = len(fixed) <= 1 or not done.where
        return _Completion(
            lambda w, e: [a.at for a in activities(w, e)],
            None,
            candidates,
            found=of_type,
            day=lambda w, e: e.record.at,
            where=(
                done.where,
                scope.inner(inners[0][1] if fixed else "activity", subject=scope.record),
            )
            if one_scope
            else None,
            python_where=None if one_scope else python_where,
        )
    covers = done.covers
    needed = list(parameters.values[covers.all_of])
    window = expression("trigger", scope.with_names(trigger="date"), parameters)[0]

    def covered(w: World, e: Env) -> list[dt.date]:
        remaining = set(needed)
        start = window(w, e)
        for activity in activities(w, e):
            if start is not None and activity.at < start:
                continue
            remaining -= {str(v) for v in getattr(activity, covers.field)}
            if not remaining:
                return [activity.at]
        return []

    def missing(w: World, e: Env, by: dt.date) -> list[str]:
        remaining = list(needed)
        start = window(w, e)
        for activity in activities(w, e):
            if activity.at > by or (start is not None and activity.at < start):
                continue
            held = {str(v) for v in getattr(activity, covers.field)}
            remaining = [r for r in remaining if r not in held]
        return remaining

    return _Completion(
        covered,
        missing,
        candidates,
        found=covered,
        day=lambda w, e: e.record,
        env=lambda e, day: e.inner(day),
    )


# -- cycles ------------------------------------------------------------------------------


def _cycle(
    rule: Rule, scope: Scope, parameters: Parameters, context: Context, applies: Formula
) -> tuple[Judge, list[tuple[str, Getter]], Candidates | None, Ruleset]:
    cycle = rule.cycle
    assert cycle is not None
    starts, _ = expression(cycle.starts_on, scope, parameters)
    length, length_type = expression(cycle.length, scope, parameters)
    notice, notice_type = expression(cycle.notice, scope, parameters)
    # As in any expression: `days` count on the day basis, plain numbers in calendar days.
    length_basis, notice_basis = length_type == "days", notice_type == "days"
    restart = _activity_completion(cycle.restarts_on, scope, parameters)

    def cycles(w: World, e: Env) -> Iterator[tuple[dt.date, dt.date, dt.date, dt.date | None]]:
        """Each cycle judged: its start S, trigger, deadline, and the restart after S."""
        start = starts(w, e)
        days, lead = length(w, e), notice(w, e)
        if start is None or days is None or lead is None:
            return
        done = sorted(set(restart.dates(w, e)))
        days, lead = int(days), -int(lead)
        while True:
            d = w.days.add(start, days) if length_basis else start + dt.timedelta(days=days)
            t = w.days.add(d, lead) if notice_basis else d + dt.timedelta(days=lead)
            after = bisect_right(done, start)
            following = done[after] if after < len(done) else None
            if t <= w.as_of and (following is None or d >= w.period_start):
                yield start, t, d, following
            if following is None:
                return
            start = following

    ruleset = _cycle_ruleset(context, applies, cycles)

    def judge(w: World, e: Env, _part: str | None) -> list[Judgement]:
        # A cycle's part is its own deadline, not one given from outside.
        start = starts(w, e)
        days, lead = length(w, e), notice(w, e)
        if start is None:
            return _why(e, f"no cycle starts: `{cycle.starts_on}` has no value")
        if days is None or lead is None:
            return _why(e, f"no cycle length: `{cycle.length}` or `{cycle.notice}` has no value")
        done = sorted(set(restart.dates(w, e)))
        judgements = []
        days, lead = int(days), -int(lead)
        while True:
            d = w.days.add(start, days) if length_basis else start + dt.timedelta(days=days)
            t = w.days.add(d, lead) if notice_basis else d + dt.timedelta(days=lead)
            after = bisect_right(done, start)  # the first restart after this cycle's start
            following = done[after] if after < len(done) else None
            # A closed cycle is judged like any duty; the open one whatever its deadline.
            judged = t <= w.as_of and (following is None or d >= w.period_start)
            if judged:
                env = e.inner(e.record, trigger=t, deadline=d)
                window = (start + dt.timedelta(days=1), d)  # (S, D]: done by the next restart
                restarted = [following] if following is not None else []
                judgement = judge_owed(
                    w,
                    env,
                    d.isoformat(),
                    trigger=t,
                    deadline=d,
                    window=window,
                    done=restarted,
                    overdue_violation=1,
                    keep_action=1,
                )
                judgements.append(judgement)
            if following is None:
                return judgements
            start = following

    evidence = _evidence_refs([cycle.starts_on], scope, parameters)
    return judge, evidence, restart.candidates, ruleset


Cycles = Callable[[World, Env], Iterator[tuple[dt.date, dt.date, dt.date, "dt.date | None"]]]


def _cycle_ruleset(context: Context, applies: Formula, cycles: Cycles) -> Ruleset:
    """A cycle for the ``durable`` backend: each cycle a case, done by the restart that
    follows its start (found in Python: each cycle starts at the previous restart)."""
    definition = duty_rules(applies, ("and", []), (), True, "keep")
    facts = context.facts

    def cases(w: World, e: Env, _part: str | None) -> list[Case]:
        found = []
        for start, t, d, following in cycles(w, e):
            env = e.inner(e.record, trigger=t, deadline=d)
            subject = facts.subject_fact(w, env)
            subject.update(
                T=t.toordinal(),
                D=d.toordinal(),
                A=w.as_of.toordinal(),
                ws=start.toordinal() + 1,
                we=d.toordinal(),
                paid=0,
            )
            restarted = [] if following is None else [following]
            candidates = [{"k": "d", "day": day.toordinal(), "nday": 1} for day in restarted]
            found.append(Case([*candidates, subject], _cycle_finish(env, t, d, start)))
        return found

    return Ruleset(definition, cases)


def _cycle_finish(
    env: Env, t: dt.date, d: dt.date, start: dt.date
) -> Callable[[str, int | None], Judgement | None]:
    def finish(outcome: str, day: int | None) -> Judgement | None:
        if outcome == "none":
            return None
        env.names["$window"] = (start + dt.timedelta(days=1), d)
        done_on = dt.date.fromordinal(day) if day is not None else None
        return Judgement(
            env.record, d.isoformat(), env, True, {}, trigger=t, deadline=d, done_on=done_on
        )

    return finish
