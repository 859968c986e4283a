"""Condition operators lowered to tests: each compiles to ``(test, explain)``.

``test(world, env) -> bool`` is what the audit runs for every subject; ``explain(world,
env) -> dict`` runs only for a finding, to show the values that decided it (a
``missing`` list where something is absent). Each compiler attaches itself to its entry
in the language's one registry, ``policy.conditions.OPERATORS`` (a test checks that every
operator has both its check and its compilation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sales_policy.compile.values import Env, Getter, Parameters, expression
from sales_policy.judgement.world import World
from sales_policy.policy import vocabulary
from sales_policy.policy.conditions import OPERATORS, compiles
from sales_policy.policy.scope import Scope
from sales_policy.records.models import ActivityType

Test = Callable[[World, Env], bool]
Explain = Callable[[World, Env], dict[str, Any]]
Compiled = tuple[Test, Explain]
Compiler = Callable[[Any, Scope, Parameters], Compiled]


def compile_all(conditions: list[dict[str, Any]], scope: Scope, parameters: Parameters) -> Compiled:
    """All of ``conditions`` (true when there are none)."""
    parts = [compile_one(condition, scope, parameters) for condition in conditions]
    return all_of(parts)


def compile_one(condition: dict[str, Any], scope: Scope, parameters: Parameters) -> Compiled:
    ((name, argument),) = condition.items()
    compilation: Compiler | None = OPERATORS[name].compilation
    if compilation is None:  # a test keeps every operator compiled
        raise LookupError(f"operator `{name}` has no compilation")
    return compilation(argument, scope, parameters)


def all_of(parts: list[Compiled]) -> Compiled:
    """Conditions already compiled, all of which must hold."""
    return _all(parts)


def _all(parts: list[Compiled]) -> Compiled:
    tests = [test for test, _ in parts]
    if not tests:
        return always, (lambda w, e: {})
    test: Test = tests[0] if len(tests) == 1 else (lambda w, e: all(t(w, e) for t in tests))

    def explain(w: World, e: Env) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for t, x in parts:
            if not t(w, e):
                _merge(found, x(w, e))
        return found

    return test, explain


def always(_w: World, _e: Env) -> bool:
    """The test of no conditions."""
    return True


def _merge(into: dict[str, Any], more: dict[str, Any]) -> None:
    for key, value in more.items():
        if key == "missing" and key in into:
            into[key] = [*into[key], *(v for v in value if v not in into[key])]
        else:
            into.setdefault(key, value)


def is_present(value: Any) -> bool:
    """Set, and for text not blank, for a list not empty."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return True


def _getters(fields: list[str], scope: Scope, parameters: Parameters) -> list[tuple[str, Getter]]:
    return [(str(f), expression(f, scope, parameters)[0]) for f in fields]


@compiles("present")
def present(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    getters = _getters(argument, scope, parameters)

    def test(w: World, e: Env) -> bool:
        return all(is_present(g(w, e)) for _, g in getters)

    def explain(w: World, e: Env) -> dict[str, Any]:
        return {"missing": [name for name, g in getters if not is_present(g(w, e))]}

    return test, explain


@compiles("any_present")
def any_present(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    getters = _getters(argument, scope, parameters)
    either = " or ".join(name for name, _ in getters)

    def test(w: World, e: Env) -> bool:
        return any(is_present(g(w, e)) for _, g in getters)

    return test, lambda w, e: {"missing": [either]}


def _shown(value: Any) -> Any:
    return value.value if hasattr(value, "value") and not isinstance(value, str) else value


@compiles("true")
def true(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    getter = expression(argument, scope, parameters)[0]
    return (lambda w, e: getter(w, e) is True), (lambda w, e: {argument: getter(w, e)})


def _equality(
    argument: dict[str, Any], scope: Scope, parameters: Parameters, want: bool
) -> Compiled:
    checks = [
        (name, expression(name, scope, parameters)[0], value) for name, value in argument.items()
    ]

    def test(w: World, e: Env) -> bool:
        return all((g(w, e) == value) is want for _, g, value in checks)

    def explain(w: World, e: Env) -> dict[str, Any]:
        return {name: _shown(g(w, e)) for name, g, _ in checks}

    return test, explain


@compiles("is")
def is_(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    return _equality(argument, scope, parameters, True)


@compiles("is_not")
def is_not(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    return _equality(argument, scope, parameters, False)


@compiles("in")
def in_(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    ((name, values),) = argument.items()
    getter = expression(name, scope, parameters)[0]
    allowed = frozenset(parameters.values[values] if isinstance(values, str) else values)

    def test(w: World, e: Env) -> bool:
        return getter(w, e) in allowed

    return test, lambda w, e: {name: _shown(getter(w, e))}


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


@compiles("compare")
def compare(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    left_text, op, right_text = argument
    left = expression(str(left_text), scope, parameters)[0]
    right = expression(str(right_text), scope, parameters)[0]
    operator = _COMPARE[op]

    def test(w: World, e: Env) -> bool:
        a, b = left(w, e), right(w, e)
        return a is not None and b is not None and operator(a, b)

    def explain(w: World, e: Env) -> dict[str, Any]:
        return {str(left_text): _shown(left(w, e)), str(right_text): _shown(right(w, e))}

    return test, explain


def _about_id(about: str, scope: Scope) -> Callable[[World, Env], str | None]:
    base = vocabulary.base(scope.record)
    if base == about:
        return lambda w, e: e.record.id
    path = expression(about, scope, Parameters({}, {}))[0]

    def about_id(w: World, e: Env) -> str | None:
        found = path(w, e)
        return found.id if found is not None else None

    return about_id


@compiles("exists")
def exists(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    kind, about = argument["activity"], argument["about"]
    inner = scope.inner(f"activity:{kind}", subject=scope.record)
    where, _ = compile_all(argument.get("where", []), inner, parameters)
    about_id = _about_id(about, scope)
    activity_type = ActivityType(kind)

    def test(w: World, e: Env) -> bool:
        subject_env = e.inner(e.record, subject=e.record)
        for activity in w.activities(about, about_id(w, e), activity_type):
            subject_env.record = activity
            if where(w, subject_env):
                return True
        return False

    return test, lambda w, e: {"missing": [kind]}


@compiles("employed_on")
def employed_on(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    staff = expression(argument["staff"], scope, parameters)[0]
    day = expression(argument["date"], scope, parameters)[0]

    def test(w: World, e: Env) -> bool:
        person, when = staff(w, e), day(w, e)
        return person is not None and when is not None and w.employed(person, when)

    def explain(w: World, e: Env) -> dict[str, Any]:
        person = staff(w, e)
        left = person.left_on if person else None
        return {
            f"{argument['staff']}.hired_on": person.hired_on if person else None,
            # A departure after the as-of date has not happened yet.
            f"{argument['staff']}.left_on": left if left is not None and left <= w.as_of else None,
        }

    return test, explain


@compiles("contains")
def contains(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    ((name, values),) = argument.items()
    getter = expression(name, scope, parameters)[0]
    wanted = list(values)

    def test(w: World, e: Env) -> bool:
        held = getter(w, e) or ()
        return all(value in held for value in wanted)

    def explain(w: World, e: Env) -> dict[str, Any]:
        held = getter(w, e) or ()
        return {"missing": [f"{name}: {value}" for value in wanted if value not in held]}

    return test, explain


@compiles("every")
def every(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    ((name, conditions),) = argument.items()
    getter, kind = expression(name, scope, parameters)
    inner = scope.inner(kind[5:-1], subject=scope.record)
    each, each_explain = compile_all(conditions, inner, parameters)

    def test(w: World, e: Env) -> bool:
        item_env = e.inner(None, subject=e.record)
        for item in getter(w, e) or ():
            item_env.record = item
            if not each(w, item_env):
                return False
        return True

    def explain(w: World, e: Env) -> dict[str, Any]:
        missing: list[str] = []
        for index, item in enumerate(getter(w, e) or ()):
            item_env = e.inner(item, subject=e.record)
            if not each(w, item_env):
                found = each_explain(w, item_env).get("missing", [])
                missing += [f"{name}[{index}].{field}" for field in found]
        return {"missing": missing}

    return test, explain


def _paid(argument: Any, scope: Scope, parameters: Parameters, paid: bool) -> Compiled:
    day = expression(argument, scope, parameters)[0]

    def test(w: World, e: Env) -> bool:
        on = w.paid_on(e.record)
        when = day(w, e)
        is_paid = on is not None and when is not None and on <= when
        return is_paid is paid

    return test, lambda w, e: {"paid_on": w.paid_on(e.record)}


@compiles("unpaid_at_end_of")
def unpaid_at_end_of(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    return _paid(argument, scope, parameters, False)


@compiles("paid_by")
def paid_by(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    return _paid(argument, scope, parameters, True)


def _written_off(argument: Any, scope: Scope, parameters: Parameters, strict: bool) -> Compiled:
    day = expression(argument, scope, parameters)[0]

    def written_off_on(w: World, e: Env) -> Any:
        off = e.record.written_off_on
        return off if off is not None and off <= w.as_of else None  # later: not yet

    def test(w: World, e: Env) -> bool:
        off, when = written_off_on(w, e), day(w, e)
        if off is None or when is None:
            return False
        return bool(off < when if strict else off <= when)

    return test, lambda w, e: {"written_off_on": written_off_on(w, e)}


@compiles("written_off_before")
def written_off_before(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    return _written_off(argument, scope, parameters, True)


@compiles("written_off_by")
def written_off_by(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    return _written_off(argument, scope, parameters, False)


@compiles("not")
def not_(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    test, _ = compile_one(argument, scope, parameters)
    return (lambda w, e: not test(w, e)), (lambda w, e: {})


@compiles("any")
def any_(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    parts = [compile_one(c, scope, parameters) for c in argument]

    def test(w: World, e: Env) -> bool:
        return any(t(w, e) for t, _ in parts)

    def explain(w: World, e: Env) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for _, x in parts:
            _merge(found, x(w, e))
        return found

    return test, explain


@compiles("all")
def all_(argument: Any, scope: Scope, parameters: Parameters) -> Compiled:
    return compile_all(argument, scope, parameters)
