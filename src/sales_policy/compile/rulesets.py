"""Each rule's conditions in durable_rules' JSON ruleset form, and the facts they read.

The ``durable`` backend judges a rule, subject and part in a session of its own: the
records that could decide it are asserted as candidate facts (the activities a condition
or a completion names, the items of a list, the records matching a duty's record), then
the subject's fact, and the rule's ruleset joins them and evaluates every condition
(comparisons, presence, ``owed_if``/``not_owed_if``, ``require``, the window and
lateness): exactly one of its outcome rules fires, carrying the day a duty was done.

Python only reads: it lowers each operand of a condition (an expression, with its
navigations and parameters) to a value durable_rules compares exactly, day numbers for
dates, numbers, text; it finds the records a fact is joined with in the indexes; and it
keeps what cannot be a fact (``docs/engines.md``, "What stays in Python"). No key of a
fact is ever missing (durable_rules fails on a missing key it compares): a missing value
reads as a sentinel that makes its comparison false (``BIG``), with a twin ``n…`` flag
for presence.

A formula is a tuple tree: ``("all", [...])``, ``("any", [...])``, ``("not", f)``,
``("s", local)`` a test of the subject's fact, ``("join", kind, local, guards)`` some
candidate of ``kind`` passing ``local``. A local test is ``("and", [...])``, ``("or",
[...])``, ``("eq", key, value)``, ``("ne", key, value)`` or ``("cmp", op, key,
reference)``. Outcome rules are the formula's disjunctive normal form, each term one
durable_rules rule whose patterns hold conjunctions only (``Conjunction``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sales_policy.compile.conditions import compile_one
from sales_policy.compile.values import Env, Getter, Parameters, expression
from sales_policy.judgement.world import World
from sales_policy.policy import vocabulary
from sales_policy.policy.expressions import Reference, parse
from sales_policy.policy.scope import Scope
from sales_policy.records.models import ActivityType

Json = dict[str, Any]
Formula = tuple[Any, ...]
Local = tuple[Any, ...]

MAX_TERMS = 64
"""Outcome rules per outcome at most: a rule past it keeps that condition in Python."""

_LONG_TEXT = 1024
"""Text from this length on is compared by its digest: durable_rules compares text of
64 KiB and more by its length."""

_INVERSE = {"<": ">=", "<=": ">", "=": "!=", "!=": "=", ">=": "<", ">": "<="}
_FLIPPED = {"<": ">", "<=": ">=", "=": "=", "!=": "!=", ">=": "<=", ">": "<"}
_OPERATOR = {"<": "$lt", "<=": "$lte", ">=": "$gte", ">": "$gt", "!=": "$neq"}
TRUE: Formula = ("all", [])
FALSE: Formula = ("any", [])


class Unsupported(Exception):
    """A construct durable_rules cannot express: the condition is decided in Python."""


def lowered(value: Any) -> Any:
    """A value as durable_rules compares it: a date as its day number, a decimal as a
    float, an enumeration by its value, long text by its digest; ``None`` stays."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return lowered(value.value)
    if isinstance(value, str):
        if len(value) >= _LONG_TEXT:
            return "#" + hashlib.sha256(value.encode()).hexdigest()
        return value
    return str(value)


def _presence(value: Any) -> Any:
    """For ``present``: blank text and empty lists read as no value."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, list | tuple) and not value:
        return None
    return 1 if value is not None else None


def _truth(value: Any) -> Any:
    return 1 if value is True else 0


BIG = 2**53
"""Beyond every day number and amount: what a missing value reads as in a comparison, so
that the comparison fails without a test of its own (which a negation would turn into
a disjunction, and each disjunct into a rule)."""
_NO_TEXT = "\u0000none"
_NUMERIC = frozenset({"date", "days", "integer", "decimal", "percent"})


@dataclass(frozen=True, slots=True)
class Operand:
    """One value a fact carries: ``key`` (``absent`` when it has none), and ``n`` +
    ``key``, 1 if it has one, else 0."""

    key: str
    getter: Getter
    lower: Callable[[Any], Any] = lowered
    absent: Any = 0


@dataclass
class Kind:
    """Candidate facts of one kind: which records, and the values each carries."""

    name: str
    fetch: Callable[[World, Env], Sequence[Any]]
    operands: list[Operand] = field(default_factory=list)
    env: Callable[[Env, Any], Env] = lambda e, record: e.inner(record, subject=e.record)


@dataclass
class Facts:
    """What a ruleset's facts carry: the subject's operands and each candidate kind."""

    subject: list[Operand] = field(default_factory=list)
    kinds: list[Kind] = field(default_factory=list)
    keys: itertools.count[int] = field(default_factory=itertools.count)

    def key(self) -> str:
        return f"v{next(self.keys)}"

    def kind(self, fetch: Callable[[World, Env], Sequence[Any]]) -> Kind:
        found = Kind(f"c{len(self.kinds)}", fetch)
        self.kinds.append(found)
        return found

    def subject_fact(self, w: World, e: Env) -> Json:
        return _fact("s", self.subject, w, e)

    def candidates(self, w: World, e: Env) -> list[Json]:
        found = []
        for kind in self.kinds:
            for record in kind.fetch(w, e):
                found.append(_fact(kind.name, kind.operands, w, kind.env(e, record)))
        return found


def _fact(kind: str, operands: list[Operand], w: World, e: Env) -> Json:
    fact: Json = {"k": kind}
    for operand in operands:
        value = operand.lower(operand.getter(w, e))
        fact[operand.key] = operand.absent if value is None else value
        fact["n" + operand.key] = 0 if value is None else 1
    return fact


# -- conditions to formulas --------------------------------------------------------------


@dataclass
class Context:
    """Where a condition is compiled: the fact its values go on (the subject's, or a
    candidate kind's), and the subject's for a candidate condition naming ``subject.…``."""

    scope: Scope
    parameters: Parameters
    facts: Facts
    kind: Kind | None = None
    guards: list[str] = field(default_factory=list)

    def operand(
        self, text: str, lower: Callable[[Any], Any] = lowered, absent: Any = 0
    ) -> tuple[str, bool]:
        """The key of ``text``'s value, and whether it is on the subject's fact."""
        getter = expression(str(text), self.scope, self.parameters)[0]
        return self.value(getter, lower, _names_subject(str(text)), absent)

    def type_of(self, text: str) -> str:
        return expression(str(text), self.scope, self.parameters)[1]

    def value(
        self,
        getter: Getter,
        lower: Callable[[Any], Any] = lowered,
        on_subject: bool = False,
        absent: Any = 0,
    ) -> tuple[str, bool]:
        key = self.facts.key()
        operand = Operand(key, getter, lower, absent)
        if self.kind is None or on_subject:
            self.facts.subject.append(operand)
        else:
            self.kind.operands.append(operand)
        return key, self.kind is not None and on_subject

    def inner(self, kind: Kind, scope: Scope) -> Context:
        if self.kind is not None:
            raise Unsupported("a condition about another record inside one")
        return Context(scope, self.parameters, self.facts, kind)


def _names_subject(text: str) -> bool:
    """Whether ``text`` is a plain ``subject.…`` reference (joined, not copied)."""
    terms = parse(text).terms
    return (
        len(terms) == 1
        and isinstance(terms[0][1], Reference)
        and terms[0][1].names[0] == "subject"
        and terms[0][0] == 1
    )


def _set(key: str, context: Context, on_subject: bool) -> Local:
    """``key`` has a value: a guard on the subject for a joined value."""
    if on_subject:
        context.guards.append(key)
        return ("and", [])
    return ("eq", "n" + key, 1)


def _local(context: Context, test: Local) -> Formula:
    return ("s", test) if context.kind is None else ("c", test)


def _sentinels(op: str, numeric: bool) -> tuple[Any, Any] | None:
    """What each side of ``left op right`` reads as when it has no value, so that the
    comparison is false (as the language says) with no test of its own; ``None`` for
    ``!=`` and text order, which need one."""
    if op == "=":
        return (BIG, -BIG) if numeric else (_NO_TEXT + "l", _NO_TEXT + "r")
    if op == "!=" or not numeric:
        return None
    return (BIG, -BIG) if op in ("<", "<=") else (-BIG, BIG)


def _compare(context: Context, left: str, op: str, right: str) -> Formula:
    numeric = context.type_of(left) in _NUMERIC and context.type_of(right) in _NUMERIC
    sentinels = _sentinels(op, numeric)
    a_absent, b_absent = sentinels or (0, 0)
    (a, a_joined) = context.operand(left, absent=a_absent)
    (b, b_joined) = context.operand(right, absent=b_absent)
    if a_joined and b_joined:
        raise Unsupported("a test of two subject values inside a condition about another")
    if a_joined:
        a, b, op, a_joined, b_joined = b, a, _FLIPPED[op], b_joined, a_joined
    reference = {"s": b} if b_joined else {"$m": b}
    if sentinels is not None:
        return _local(context, ("cmp", op, a, reference))
    guards = [_set(a, context, a_joined), _set(b, context, b_joined)]
    return _local(context, ("and", [*guards, ("cmp", op, a, reference)]))


def _present(argument: Any, context: Context) -> list[Formula]:
    found = []
    for text in argument:
        key, joined = context.operand(str(text), _presence)
        if joined:
            raise Unsupported("presence of a subject value inside a condition about another")
        found.append(_local(context, ("eq", "n" + key, 1)))
    return found


def _equal(context: Context, text: str, value: Any) -> Formula:
    key, joined = context.operand(text, absent=_NO_TEXT)
    if joined:
        raise Unsupported("a subject value inside a condition about another")
    if value is None:
        return _local(context, ("eq", "n" + key, 0))
    return _local(context, ("eq", key, lowered(value)))


def _exists(argument: Any, context: Context) -> Formula:
    kind_name, about = argument["activity"], argument["about"]
    activity_type = ActivityType(kind_name)
    about_id = _about_id(about, context.scope)
    kind = context.facts.kind(lambda w, e: w.activities(about, about_id(w, e), activity_type))
    inner = context.inner(
        kind, context.scope.inner(f"activity:{kind_name}", subject=context.scope.record)
    )
    where = _all([lower(c, inner) for c in argument.get("where", [])])
    return ("join", kind.name, candidate_local(where), tuple(inner.guards))


def _about_id(about: str, scope: Scope) -> Callable[[World, Env], str | None]:
    if vocabulary.base(scope.record) == about:
        return lambda w, e: e.record.id
    path = expression(about, scope, Parameters({}, {}))[0]
    return lambda w, e: getattr(path(w, e), "id", None)


def _items(
    context: Context, values: Callable[[World, Env], Any], scope: Scope
) -> tuple[Kind, Context]:
    if context.kind is not None:
        raise Unsupported("a list inside a condition about another record")
    kind = context.facts.kind(lambda w, e: tuple(values(w, e) or ()))
    return kind, context.inner(kind, scope)


def _every(argument: Any, context: Context) -> Formula:
    ((name, conditions),) = argument.items()
    getter, type_name = expression(name, context.scope, context.parameters)
    kind, inner = _items(
        context, getter, context.scope.inner(type_name[5:-1], subject=context.scope.record)
    )
    each = _all([lower(c, inner) for c in conditions])
    if inner.guards:
        raise Unsupported("a subject value inside `every`")
    return ("not", ("join", kind.name, candidate_local(("not", each)), ()))


def _contains(argument: Any, context: Context) -> Formula:
    ((name, values),) = argument.items()
    getter = expression(name, context.scope, context.parameters)[0]
    kind, inner = _items(context, getter, context.scope)
    kind.env = lambda e, item: e.inner(item)
    key, _ = inner.value(lambda w, e: e.record)
    return _all([("join", kind.name, ("eq", key, lowered(value)), ()) for value in values])


def _employed_on(argument: Any, context: Context) -> Formula:
    staff = expression(argument["staff"], context.scope, context.parameters)[0]
    if context.kind is not None:
        raise Unsupported("`employed_on` inside a condition about another record")
    # Hired by the day (no one, or no day: not employed), and not left before it.
    hired, _ = context.value(lambda w, e: _hired(staff(w, e)), absent=BIG)
    on, _ = context.operand(argument["date"], absent=-BIG)
    left, _ = context.value(lambda w, e: _left(w, staff(w, e)), absent=BIG)
    by, _ = context.operand(argument["date"], absent=-BIG)
    return _local(
        context, ("and", [("cmp", "<=", hired, {"$m": on}), ("cmp", ">=", left, {"$m": by})])
    )


def _hired(person: Any) -> Any:
    return None if person is None else person.hired_on


def _left(w: World, person: Any) -> Any:
    """A departure known by the as-of date (a later one has not happened yet)."""
    left = None if person is None else person.left_on
    return left if left is not None and left <= w.as_of else None


def _paid(argument: Any, context: Context, paid: bool) -> Formula:
    if context.kind is not None:
        raise Unsupported("payment inside a condition about another record")
    on, _ = context.value(lambda w, e: w.paid_on(e.record), absent=BIG)
    day, _ = context.operand(argument, absent=-BIG)
    test = _local(context, ("cmp", "<=", on, {"$m": day}))
    return test if paid else ("not", test)


def _written_off(argument: Any, context: Context, strict: bool) -> Formula:
    if context.kind is not None:
        raise Unsupported("a write-off inside a condition about another record")
    off, _ = context.value(lambda w, e: _off(w, e.record), absent=BIG)
    day, _ = context.operand(argument, absent=-BIG)
    return _local(context, ("cmp", "<" if strict else "<=", off, {"$m": day}))


def _off(w: World, record: Any) -> Any:
    off = record.written_off_on
    return off if off is not None and off <= w.as_of else None


def _all(formulas: list[Formula]) -> Formula:
    return formulas[0] if len(formulas) == 1 else ("all", formulas)


def _in(argument: Any, context: Context) -> Formula:
    ((name, values),) = argument.items()
    allowed = context.parameters.values[values] if isinstance(values, str) else values
    key, joined = context.operand(name, absent=_NO_TEXT)
    if joined:
        raise Unsupported("a subject value inside a condition about another")
    tests: list[Local] = [
        ("eq", key, lowered(v)) for v in sorted(allowed, key=str) if v is not None
    ]
    if None in allowed:
        tests.append(("eq", "n" + key, 0))
    return _local(context, ("or", tests))


_LOWER: dict[str, Callable[[Any, Context], Formula]] = {
    "present": lambda a, c: _all(_present(a, c)),
    "any_present": lambda a, c: ("any", _present(a, c)),
    "true": lambda a, c: _local(
        c, ("and", [("eq", "n" + (k := c.operand(a, _truth)[0]), 1), ("eq", k, 1)])
    ),
    "is": lambda a, c: _all([_equal(c, name, value) for name, value in a.items()]),
    "is_not": lambda a, c: _all([("not", _equal(c, name, value)) for name, value in a.items()]),
    "in": _in,
    "compare": lambda a, c: _compare(c, str(a[0]), a[1], str(a[2])),
    "exists": _exists,
    "employed_on": _employed_on,
    "contains": _contains,
    "every": _every,
    "unpaid_at_end_of": lambda a, c: _paid(a, c, False),
    "paid_by": lambda a, c: _paid(a, c, True),
    "written_off_before": lambda a, c: _written_off(a, c, True),
    "written_off_by": lambda a, c: _written_off(a, c, False),
    "not": lambda a, c: ("not", lower(a, c)),
    "any": lambda a, c: ("any", [lower(x, c) for x in a]),
    "all": lambda a, c: _all([lower(x, c) for x in a]),
}
"""Each operator of the language lowered to a formula (a test checks none is missing)."""


def lower(condition: dict[str, Any], context: Context) -> Formula:
    """One condition as a formula; what durable_rules cannot express is decided in Python
    and reaches it as a flag on the fact (``docs/engines.md`` names these)."""
    ((name, argument),) = condition.items()
    mark = (len(context.facts.kinds), len(context.guards))
    try:
        return _LOWER[name](argument, context)
    except Unsupported:
        del context.facts.kinds[mark[0] :]
        del context.guards[mark[1] :]
        return _in_python(condition, context)


def _in_python(condition: dict[str, Any], context: Context) -> Formula:
    test = compile_one(condition, context.scope, context.parameters)[0]
    key, _ = context.value(test, _truth)
    return _local(context, ("eq", key, 1))


def lower_all(conditions: Sequence[dict[str, Any]], context: Context) -> Formula:
    return _all([lower(c, context) for c in conditions]) if conditions else TRUE


def candidate_local(formula: Formula) -> Local:
    """A formula of candidate tests only (``("c", …)``) as one local test."""
    tag = formula[0]
    if tag == "c":
        return formula[1]  # type: ignore[no-any-return]
    if tag == "all":
        return ("and", [candidate_local(f) for f in formula[1]])
    if tag == "any":
        return ("or", [candidate_local(f) for f in formula[1]])
    if tag == "not":
        return _negated(candidate_local(formula[1]))
    raise Unsupported("a join inside a condition about another record")


def _negated(test: Local) -> Local:
    tag = test[0]
    if tag == "and":
        return ("or", [_negated(t) for t in test[1]])
    if tag == "or":
        return ("and", [_negated(t) for t in test[1]])
    if tag == "eq":
        return ("ne", test[1], test[2])
    if tag == "ne":
        return ("eq", test[1], test[2])
    return ("cmp", _INVERSE[test[1]], test[2], test[3])


# -- formulas to rules -------------------------------------------------------------------


Conjunction = tuple[Local, ...]
"""Tests (``eq``, ``ne``, ``cmp``) that must all hold: durable_rules is given no
``$or`` (one crashed the process once a session it did not match was deleted) and no
``$and`` inside an ``$and`` (a test in it was ignored), so every disjunction becomes rules
or patterns of their own."""


@dataclass(frozen=True)
class Term:
    """One conjunction: tests of the subject, candidates that must and must not exist."""

    subject: Conjunction = ()
    some: tuple[tuple[str, Conjunction], ...] = ()
    none: tuple[tuple[str, Conjunction], ...] = ()

    def __add__(self, other: Term) -> Term:
        return Term(self.subject + other.subject, self.some + other.some, self.none + other.none)


def conjunctions(test: Local) -> list[Conjunction]:
    """A local test in disjunctive normal form: ``[]`` never holds, ``[()]`` always."""
    tag = test[0]
    if tag == "or":
        return [c for part in test[1] for c in conjunctions(part)]
    if tag == "and":
        found: list[Conjunction] = [()]
        for part in test[1]:
            found = [a + b for a in found for b in conjunctions(part)]
            if len(found) > MAX_TERMS:
                raise Unsupported("too many alternatives")
        return found
    return [(test,)]


def terms(formula: Formula, negated: bool = False) -> list[Term]:
    """``formula`` (or its negation) in disjunctive normal form."""
    tag = formula[0]
    if tag == "not":
        return terms(formula[1], not negated)
    if tag in ("all", "any"):
        parts = [terms(f, negated) for f in formula[1]]
        if (tag == "all") != negated:
            found = [Term()]
            for alternatives in parts:
                found = [a + b for a in found for b in alternatives]
                if len(found) > MAX_TERMS:
                    raise Unsupported("too many alternatives")
            return found
        return [term for alternatives in parts for term in alternatives]
    if tag == "s":
        test = _negated(formula[1]) if negated else formula[1]
        return [Term(subject=c) for c in conjunctions(test)]
    if tag == "join":
        _, kind, test, guards = formula
        set_ = tuple(("eq", "n" + g, 1) for g in guards)
        if not negated:
            return [Term(subject=set_, some=((kind, c),)) for c in conjunctions(test)]
        unset = [Term(subject=(("eq", "n" + g, 0),)) for g in guards]
        none = tuple((kind, c) for c in conjunctions(test))
        return [*unset, Term(subject=set_, none=none)]
    raise Unsupported(f"a formula `{tag}`")


def local_json(test: Local) -> Json:
    """One test of a conjunction as durable_rules writes it."""
    tag = test[0]
    if tag == "eq":
        return {test[1]: test[2]}
    if tag == "ne":
        return {"$neq": {test[1]: test[2]}}
    _, op, key, reference = test
    if op == "=":
        return {key: reference}
    return {_OPERATOR[op]: {key: reference}}


def subject_pattern(tests: Conjunction) -> Json:
    return _pattern([{"k": "s"}, *(local_json(t) for t in tests)])


def candidate_pattern(kind: str, tests: Conjunction, *more: Json) -> Json:
    return _pattern([{"k": kind}, *(local_json(t) for t in tests), *more])


def _pattern(tests: list[Json]) -> Json:
    return tests[0] if len(tests) == 1 else {"$and": tests}


def rule(term: Term, *more_subject: Local, extra: Sequence[Json] = ()) -> Json:
    """One durable_rules rule for ``term``: the subject first (every rule starts with an
    equality on its fact's kind), then the candidates that must and must not exist."""
    patterns: list[Json] = [{"s": subject_pattern((*term.subject, *more_subject))}]
    patterns += [{f"j{i}": candidate_pattern(k, t)} for i, (k, t) in enumerate(term.some)]
    patterns += [{f"x{i}$not": candidate_pattern(k, t)} for i, (k, t) in enumerate(term.none)]
    return {"all": patterns + list(extra)}


# -- whole rules ---------------------------------------------------------------------------


@dataclass
class Case:
    """One rule, subject and part to judge: its facts (the candidates first, the subject
    last, so that no absence is decided before every candidate is in), and how the outcome
    that fired, with the day it carries, becomes a judgement (or none)."""

    facts: list[Json]
    finish: Callable[[str, int | None], Any]


@dataclass(frozen=True)
class Ruleset:
    """A rule's outcome rules (named ``outcome.n``, without their action) and its cases."""

    definition: dict[str, Json]
    cases: Callable[[World, Env, str | None], list[Case]]


def outcome_of(rule_name: str) -> str:
    return rule_name.split(".", 1)[0]


def decided(conditions: Sequence[dict[str, Any]], context: Context) -> Formula:
    """``conditions`` as one formula; all of them in Python if their normal form is too
    large for durable_rules."""
    formula = lower_all(conditions, context)
    try:
        terms(formula)
        terms(formula, True)
    except Unsupported:
        return _in_python({"all": list(conditions)}, context)
    return formula


def _named(outcomes: dict[str, list[Json]]) -> dict[str, Json]:
    return {
        f"{outcome}.{i}": found
        for outcome, rules in outcomes.items()
        for i, found in enumerate(rules)
    }


def check_rules(applies: Formula, require: Formula, has_action: bool) -> dict[str, Json]:
    """Outcomes of a check: no judgement, passed, failed (with its action or not)."""
    failed = "check_failed" if has_action else "check_failed_no_action"
    return _named(
        {
            "none": [rule(t) for t in terms(applies, True)],
            "check_passed": [rule(t) for t in terms(("all", [applies, require]))],
            failed: [rule(t) for t in terms(("all", [applies, ("not", require)]))],
        }
    )


def duty_rules(
    owed: Formula,
    done: Local,
    guards: Sequence[str],
    overdue_violation: bool,
    when_late: str,
) -> dict[str, Json]:
    """Outcomes of something owed (a duty, a cycle): not owed; done in the window ``[ws,
    we]`` (its first counted day); done late (the first counted day after ``we``); not done,
    before or after the deadline. A candidate ``d`` counts from ``ws`` up to ``A`` if it
    passes ``done`` (one of its conjunctions)."""
    ways = conjunctions(done)

    def counted(way: Conjunction, *more: Json) -> Json:
        bounds: list[Json] = [
            {"nday": 1},
            {"$gte": {"day": {"s": "ws"}}},
            {"$lte": {"day": {"s": "A"}}},
        ]
        return candidate_pattern("d", way, *bounds, *more)

    def none(name: str, *more: Json) -> list[Json]:
        """No candidate counts (with ``more``): one absence per way of counting."""
        return [{f"{name}{i}$not": counted(way, *more)} for i, way in enumerate(ways)]

    set_ = tuple(("eq", "n" + g, 1) for g in guards)
    in_window: Json = {"$lte": {"day": {"s": "we"}}}
    after: Json = {"$gt": {"day": {"s": "we"}}}
    earlier: Json = {"$lt": {"day": {"c": "day"}}}
    owed_terms = terms(owed)
    nothing: list[tuple[Conjunction, list[Json]]] = [((("eq", "n" + g, 0),), []) for g in guards]
    nothing.append((set_, none("i")))
    passed: Local = ("cmp", ">", "A", {"$m": "D"})
    overdue: dict[str, Conjunction]
    if not overdue_violation:
        overdue = {"overdue_open": ()}
    elif when_late == "keep":
        overdue = {"missed": ()}
    elif when_late == "drop":
        overdue = {"missed_for_good": ()}
    else:
        overdue = {"missed": (("eq", "paid", 0),), "missed_for_good": (("eq", "paid", 1),)}
    outcomes: dict[str, list[Json]] = {
        "none": [rule(t) for t in terms(owed, True)],
        "done_in_window": [
            rule(t, *set_, extra=[{"c": counted(way, in_window)}, *none("e", earlier)])
            for t in owed_terms
            for way in ways
        ],
        "done_late": [
            rule(
                t,
                *set_,
                extra=[
                    *none("i", in_window),
                    {"c": counted(way, after)},
                    *none("e", after, earlier),
                ],
            )
            for t in owed_terms
            for way in ways
        ],
        "open": [
            rule(t, *tests, _negated(passed), extra=extra)
            for t in owed_terms
            for tests, extra in nothing
        ],
    }
    for outcome, more in overdue.items():
        outcomes[outcome] = [
            rule(t, *tests, passed, *more, extra=extra)
            for t in owed_terms
            for tests, extra in nothing
        ]
    return _named(outcomes)
