"""What a policy means, checked before use: names, types, clauses, parameters, windows.

Every problem is collected with its place; a policy with any problem is refused whole.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Mapping
from typing import Any

from sales_policy.errors import with_choices, with_suggestion
from sales_policy.policy import vocabulary
from sales_policy.policy.clauses import clauses, split
from sales_policy.policy.conditions import check_conditions
from sales_policy.policy.expressions import ExpressionError, Number, Reference, parse
from sales_policy.policy.model import Done, Owner, Rule, Text
from sales_policy.policy.parameters import check_value, declared_type
from sales_policy.policy.place import Place
from sales_policy.policy.scope import Scope

FINDING_VALUES = {
    "subject": "the subject's id",
    "part": "the part (a period, a ladder rung, a cycle's deadline)",
    "trigger": "the trigger date T",
    "deadline": "the deadline D",
    "done_on": "the date the duty was done (in time, or late)",
    "days_late": "days past the deadline (as of the as-of date, or when done late)",
    "missing": "what is missing, from the evidence",
    "as_of": "the as-of date",
}
"""Placeholders every message may use, besides the subject's own fields."""

_ABOUT = ("customer", "contract", "receivable")


class ParameterTypes:
    """The types of a policy's parameters, from their declarations."""

    def __init__(self) -> None:
        self.types: dict[str, str] = {}
        self.items: dict[str, dict[str, str]] = {}


def check_parameters(
    specs: Mapping[str, Any], values: Mapping[str, Any], place: Place
) -> ParameterTypes:
    """Check declarations and their defaults (``values``: the defaults, overlays applied)."""
    types = ParameterTypes()
    for name, spec in specs.items():
        kind, fields = declared_type(name, spec, place.child(name))
        if kind is None:
            continue
        types.types[name] = kind
        if fields:
            types.items[f"item:{name}"] = fields
        check_value(kind, values[name], types.items, place.child(name, "default"))
    return types


def check_rule(
    rule: Rule, parameters: ParameterTypes, values: Mapping[str, Any], place: Place
) -> None:
    """Report every problem of one rule."""
    for cited in split(rule.clause):
        if cited not in clauses():
            place.child("clause").report(
                "unknown-clause",
                with_suggestion(f"no clause `{cited}` in the regulation", cited, clauses()),
            )
    record = vocabulary.subject_type(rule.subject, rule.activity)
    if rule.subject == "activity":
        if rule.activity is None:
            place.child("subject").report("missing-field", "say which `activity` type")
        elif rule.activity not in _activity_types():
            place.child("activity").report(
                "unknown-value",
                with_choices(
                    f"unknown activity type `{rule.activity}`", rule.activity, _activity_types()
                ),
            )
            return
    elif rule.activity is not None:
        place.child("activity").report("unknown-field", "`activity` goes with subject `activity`")
    scope = Scope(
        record,
        parameters.types,
        parameters.items,
        {"as_of": "date", "period_start": "date", "subject": record},
    )
    check_conditions(rule.where, scope, place.child("where"))
    scope = _loops(rule, scope, place)
    if rule.check is not None:
        _date(rule.check.date, scope, place.child("check", "date"))
        check_conditions(rule.check.when, scope, place.child("check", "when"))
        check_conditions(rule.check.require, scope, place.child("check", "require"))
    if rule.duty is not None:
        _duty(rule, scope, values, place.child("duty"))
    if rule.cycle is not None:
        here = place.child("cycle")
        _date(rule.cycle.starts_on, scope, here.child("starts_on"))
        _days(rule.cycle.length, scope, here.child("length"))
        _days(rule.cycle.notice, scope, here.child("notice"))
        if rule.cycle.restarts_on.activity is None:
            here.child("restarts_on").report("wrong-type", "a cycle restarts on an `activity`")
        _done(rule.cycle.restarts_on, scope, here.child("restarts_on"))
    if rule.owner is not None:
        _owner(rule.owner, scope, place.child("owner"))
    if rule.action is not None and rule.action.owner is not None:
        _owner(rule.action.owner, scope, place.child("action", "owner"))
    placeholders = set(FINDING_VALUES) | set(scope.members(record))
    _text(rule.message, placeholders, place.child("message"))
    for status, text in (
        ("action_required", rule.messages.action_required),
        ("pass", rule.messages.pass_),
    ):
        if text is not None:
            _text(text, placeholders, place.child("messages", status))
    if rule.action is not None:
        _text(rule.action.text, placeholders, place.child("action", "text"))


def _activity_types() -> list[str]:
    return [member.value for member in vocabulary.ENUMS["activity_type"]]


def _loops(rule: Rule, scope: Scope, place: Place) -> Scope:
    if rule.for_each is not None:
        here = place.child("for_each")
        kind = scope.parameters.get(rule.for_each.parameter)
        if kind is None or not kind.startswith("list["):
            here.child("parameter").report(
                "unknown-name",
                with_suggestion(
                    f"`{rule.for_each.parameter}` is not a list parameter",
                    rule.for_each.parameter,
                    [n for n, k in scope.parameters.items() if k.startswith("list[")],
                ),
            )
            return scope
        scope = scope.with_names(**{rule.for_each.as_: kind[5:-1]})
        _, part = scope.expression(rule.for_each.part, here.child("part").report)
        if part is not None and part.startswith(("list[", "map[")):
            here.child("part").report("type-mismatch", "a part is one value, not a collection")
    if rule.periods is not None:
        here = place.child("periods")
        every = rule.periods.every
        if every not in vocabulary.PERIOD_KINDS and scope.parameters.get(every) != "period_kind":
            here.child("every").report(
                "unknown-value",
                with_suggestion(
                    f"`{every}` is neither month, quarter, year nor a period_kind parameter",
                    every,
                    [*vocabulary.PERIOD_KINDS, *scope.parameters],
                ),
            )
        if rule.subject not in ("staff", "training_year"):
            here.report("type-mismatch", "periods apply to `staff` and `training_year` subjects")
        if rule.periods.employed is not None and rule.subject != "staff":
            here.child("employed").report("type-mismatch", "`employed` applies to staff")
        scope = scope.with_names(period="period")
    elif rule.subject == "training_year":
        place.child("subject").report("missing-field", "a `training_year` rule needs `periods`")
    return scope


def _duty(rule: Rule, scope: Scope, values: Mapping[str, Any], place: Place) -> None:
    duty = rule.duty
    assert duty is not None
    _date(duty.trigger, scope, place.child("trigger"))
    scope = scope.with_names(trigger="date")
    _date(duty.deadline, scope, place.child("deadline"))
    scope = scope.with_names(deadline="date")
    if duty.window.from_ is not None:
        _date(duty.window.from_, scope, place.child("window", "from"))
    _date(duty.window.to, scope, place.child("window", "to"))
    check_conditions(duty.owed_if, scope, place.child("owed_if"))
    check_conditions(duty.not_owed_if, scope, place.child("not_owed_if"))
    _done(duty.done, scope, place.child("done"))
    _windows(rule, values, place)


def _done(done: Done, scope: Scope, place: Place) -> None:
    if done.activity is not None:
        kinds = _completing_types(done, scope, place.child("activity"))
        if kinds is None:
            return
        about = done.about or vocabulary.base(scope.record)
        if about not in _ABOUT:
            place.child("about").report(
                "missing-field",
                "say which of customer, contract or receivable the activity is `about`",
            )
        elif about != vocabulary.base(scope.record) and about not in scope.members(scope.record):
            place.child("about").report("type-mismatch", f"a {scope.record} has no {about}")
        for kind in kinds:  # each alternative has what `where` and `covers` read
            inner = scope.inner(f"activity:{kind}" if kind else "activity", subject=scope.record)
            check_conditions(done.where, inner, place.child("where"))
            if done.covers is not None:
                _covers(done, inner, place.child("covers"))
    if done.record is not None:
        inner = scope.inner(done.record, subject=scope.record)
        members = inner.members(done.record)
        for field, expression in done.match.items():
            if field not in members:
                place.child("match", field).report(
                    "unknown-field",
                    with_suggestion(f"a {done.record} has no field `{field}`", field, members),
                )
                continue
            _, found = scope.expression(expression, place.child("match", field).report)
            if found is not None and found != members[field] and members[field] != "text":
                place.child("match", field).report(
                    "type-mismatch", f"`{field}` is {members[field]}, `{expression}` is {found}"
                )
        if done.date is None or members.get(done.date) != "date":
            place.child("date").report("missing-field", f"name the date field of the {done.record}")
        check_conditions(done.where, inner, place.child("where"))
    if done.field is not None:
        _, found = scope.expression(done.field, place.child("field").report)
        if found is not None and found != "date":
            place.child("field").report("type-mismatch", f"`{done.field}` is {found}, not a date")
    if done.complete is not None:
        check_conditions(done.complete, scope, place.child("complete"))


def _completing_types(done: Done, scope: Scope, place: Place) -> list[str] | None:
    """The activity types that complete ``done`` (``""``: a loop value, known per item),
    or None after reporting why there are none."""
    if isinstance(done.activity, list):
        unknown = [kind for kind in done.activity if kind not in _activity_types()]
        for index, kind in enumerate(done.activity):
            if kind in unknown:
                place.child(index).report(
                    "unknown-value",
                    with_choices(f"unknown activity type `{kind}`", kind, _activity_types()),
                )
        twice = [k for i, k in enumerate(done.activity) if k in done.activity[:i]]
        if twice:
            place.report("wrong-type", f"`{twice[0]}` is listed twice")
        return None if unknown or twice else list(dict.fromkeys(done.activity))
    kind = str(done.activity)
    if kind not in _activity_types() and "." not in kind and kind not in scope.visible():
        place.report(
            "unknown-value",
            with_choices(f"unknown activity type `{kind}`", kind, _activity_types()),
        )
        return None
    if kind not in _activity_types():
        _, found = scope.expression(kind, place.report)
        if found is not None and found != "activity_type":
            place.report("type-mismatch", f"`{kind}` is {found}, not an activity type")
        return [""]
    return [kind]


def _covers(done: Done, scope: Scope, place: Place) -> None:
    covers = done.covers
    assert covers is not None
    members = scope.members(scope.record)
    field = members.get(covers.field)
    listed = scope.parameters.get(covers.all_of)
    if field is None:
        message = f"the activity has no field `{covers.field}`"
        place.child("field").report(
            "unknown-field", with_suggestion(message, covers.field, members)
        )
    elif listed is None:
        place.child("all_of").report(
            "unknown-name",
            with_suggestion(
                f"unknown parameter `{covers.all_of}`", covers.all_of, scope.parameters
            ),
        )
    elif field != listed:
        place.report("type-mismatch", f"`{covers.field}` is {field}, `{covers.all_of}` is {listed}")


def _owner(owner: Owner, scope: Scope, place: Place) -> None:
    roles = [member.value for member in vocabulary.ENUMS["role"]]
    for key in ("first_up", "role"):
        value = getattr(owner, key)
        if value is not None and value not in roles:
            place.child(key).report(
                "unknown-value", with_choices(f"`{value}` is not a role", value, roles)
            )
    if owner.staff is not None:
        _, found = scope.expression(owner.staff, place.child("staff").report)
        if found is not None and found != "staff":
            place.child("staff").report("type-mismatch", f"`{owner.staff}` is {found}, not staff")
    if owner.role is not None and owner.staff is not None:
        place.report("wrong-type", "give a `staff` path or a `role`, not both")


def _text(text: Text, placeholders: set[str], place: Place) -> None:
    for language in ("zh", "en"):
        try:
            names = [
                name
                for _, name, _, _ in string.Formatter().parse(getattr(text, language))
                if name is not None
            ]
        except ValueError as error:
            place.child(language).report("syntax-error", f"bad placeholder: {error}")
            continue
        for name in names:
            if name not in placeholders:
                place.child(language).report(
                    "unknown-name",
                    with_suggestion(f"unknown placeholder `{{{name}}}`", name, placeholders),
                )


def _date(text: str, scope: Scope, place: Place) -> None:
    _, found = scope.expression(text, place.report)
    if found is not None and found != "date":
        place.report("type-mismatch", f"`{text}` is {found}, not a date")


def _days(text: str, scope: Scope, place: Place) -> None:
    _, found = scope.expression(text, place.report)
    if found is not None and found not in ("days", "integer"):  # as in `due_on + days`
        place.report("type-mismatch", f"`{text}` is {found}, not a number of days")


def _windows(rule: Rule, parameters: Mapping[str, Any], place: Place) -> None:
    """Refuse a duty that no act could ever meet: a deadline before its trigger while the
    window opens no earlier than the trigger, or a window that closes before it opens
    (judged with the parameters' values). A window that opens before the trigger
    (``from: null``) can still be met by a deadline before it: a report due on the last
    day of the period it is about."""
    duty = rule.duty
    assert duty is not None
    values = {"trigger": _offset(duty.trigger, parameters, {})}
    values["deadline"] = _offset(duty.deadline, parameters, values)
    start = _offset(duty.window.from_, parameters, values) if duty.window.from_ else None
    end = _offset(duty.window.to, parameters, values)
    trigger, deadline = values["trigger"], values["deadline"]
    late, opens = _between(trigger, deadline), _between(trigger, start)
    length = _between(start, end)
    if late is not None and late < 0 and opens is not None and opens >= 0:
        place.child("deadline").report(
            "empty-window",
            f"the deadline `{duty.deadline}` comes {-late} day(s) before the trigger "
            f"`{duty.trigger}` and the window opens no earlier: no act is ever on time",
        )
    elif length is not None and length < 0:
        place.child("window").report(
            "empty-window",
            f"the window closes {-length} day(s) before it opens: no act can ever count",
        )


def _between(first: tuple[str, int] | None, second: tuple[str, int] | None) -> int | None:
    """Days from ``first`` to ``second`` when both are offsets of the same date."""
    if first is None or second is None or first[0] != second[0]:
        return None
    return second[1] - first[1]


def _offset(
    text: str, parameters: Mapping[str, Any], known: dict[str, tuple[str, int] | None]
) -> tuple[str, int] | None:
    """``(base date, days)`` for an expression of one date plus constant days, else None."""
    try:
        expression = parse(text)
    except ExpressionError:
        return None
    base: str | None = None
    days = 0
    for sign, term in expression.terms:
        if isinstance(term, Number):
            days += sign * term.value
            continue
        name = str(dataclasses.replace(term, unit=None))
        if name in known:
            found = known[name]
            if found is None:
                return None
            base, days = found[0], days + sign * found[1]
        elif name in parameters:
            value = parameters[name]
            if not isinstance(value, int):
                return None
            days += sign * value
        elif isinstance(term, Reference) and base is None and sign > 0:
            base = name
        else:
            return None
    return (base, days) if base is not None else None
