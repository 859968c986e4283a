"""The condition operators of the policy language: one small checking function each.

A condition is a mapping with one operator key (``present: [company_name]``). Each
operator's function checks its argument where it is written and says nothing when it is
right. ``OPERATORS`` is the one registry of the language's operators: each entry carries
its check (here) and its compilation (attached by ``compile.conditions``, a layer above,
which this one cannot import). ``docs/policy-language.md`` documents each operator from
its check's docstring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sales_policy.errors import with_choices, with_suggestion
from sales_policy.policy import vocabulary
from sales_policy.policy.place import Place
from sales_policy.policy.scope import NUMBERS, Scope

Check = Callable[[Any, Scope, Place], None]
COMPARISONS = ("<", "<=", "=", "!=", ">=", ">")
_ABOUT = ("customer", "contract", "receivable")


def check_conditions(conditions: Any, scope: Scope, place: Place) -> None:
    """Check a list of conditions (all must hold)."""
    if not isinstance(conditions, list):
        place.report("wrong-type", "expected a list of conditions")
        return
    for index, condition in enumerate(conditions):
        check_condition(condition, scope, place.child(index))


def check_condition(condition: Any, scope: Scope, place: Place) -> None:
    if not isinstance(condition, dict) or len(condition) != 1:
        place.report(
            "wrong-type", "a condition is a mapping with one operator, like `present: [...]`"
        )
        return
    ((name, argument),) = condition.items()
    operator = OPERATORS.get(name)
    if operator is None:
        place.report(
            "unknown-operator", with_suggestion(f"unknown condition `{name}`", str(name), OPERATORS)
        )
        return
    operator.check(argument, scope, place.child(name))


def _field(path: Any, scope: Scope, place: Place) -> str | None:
    if not isinstance(path, str):
        place.report("wrong-type", f"expected a field name, found `{path}`")
        return None
    _, kind = scope.expression(path, place.report)
    return kind


def _fields(argument: Any, scope: Scope, place: Place) -> None:
    if not isinstance(argument, list) or not argument:
        place.report("wrong-type", "expected a list of field names")
        return
    for index, path in enumerate(argument):
        _field(path, scope, place.child(index))


def present(argument: Any, scope: Scope, place: Place) -> None:
    """Every field listed is set and, for text and lists, not blank or empty. The finding's
    evidence lists the ones missing."""
    _fields(argument, scope, place)


def any_present(argument: Any, scope: Scope, place: Place) -> None:
    """At least one of the fields listed is set and not blank."""
    _fields(argument, scope, place)


def is_true(argument: Any, scope: Scope, place: Place) -> None:
    """The boolean field is true (not false, not missing)."""
    kind = _field(argument, scope, place)
    if kind is not None and kind != "bool":
        place.report("type-mismatch", f"`{argument}` is {kind}, not true or false")


def _value_for(kind: str, value: Any, place: Place) -> None:
    if kind in vocabulary.ENUMS:
        allowed = [member.value for member in vocabulary.ENUMS[kind]]
        if value not in allowed:
            message = with_choices(
                f"`{value}` is not a {kind.replace('_', ' ')}", str(value), allowed
            )
            place.report("unknown-value", message)


def _equality(argument: Any, scope: Scope, place: Place) -> None:
    if not isinstance(argument, dict) or not argument:
        place.report("wrong-type", "expected a mapping of field to value")
        return
    for path, value in argument.items():
        kind = _field(path, scope, place.child(path))
        if kind is not None:
            _value_for(kind, value, place.child(path))


def is_(argument: Any, scope: Scope, place: Place) -> None:
    """Each field listed has the value given (``is: {status: signed}``)."""
    _equality(argument, scope, place)


def is_not(argument: Any, scope: Scope, place: Place) -> None:
    """Each field listed has a value other than the one given."""
    _equality(argument, scope, place)


def in_(argument: Any, scope: Scope, place: Place) -> None:
    """The field's value is in the list, given as a list or a list parameter's name
    (``in: {role: market_report_roles}``)."""
    if not isinstance(argument, dict) or len(argument) != 1:
        place.report("wrong-type", "expected one field and the list it must be in")
        return
    ((path, values),) = argument.items()
    kind = _field(path, scope, place.child(path))
    if isinstance(values, str):
        listed = scope.parameters.get(values)
        if listed is None:
            place.child(path).report(
                "unknown-name",
                with_suggestion(f"unknown parameter `{values}`", values, scope.parameters),
            )
        elif kind is not None and listed != f"list[{kind}]":
            place.child(path).report("type-mismatch", f"`{values}` is {listed}, not list[{kind}]")
    elif isinstance(values, list):
        for index, value in enumerate(values):
            if kind is not None:
                _value_for(kind, value, place.child(path, index))
    else:
        place.child(path).report("wrong-type", "expected a list or a list parameter's name")


def compare(argument: Any, scope: Scope, place: Place) -> None:
    """``[left, op, right]`` with op one of ``< <= = != >= >``: dates with dates, numbers
    with numbers. A comparison with a missing value is false."""
    if not isinstance(argument, list) or len(argument) != 3:
        place.report("wrong-type", "expected `[left, operator, right]`")
        return
    left, op, right = argument
    if op not in COMPARISONS:
        place.child(1).report("unknown-operator", f"`{op}` is not one of {' '.join(COMPARISONS)}")
    _, left_type = scope.expression(left, place.child(0).report)
    _, right_type = scope.expression(right, place.child(2).report)
    if left_type is None or right_type is None:
        return
    if {left_type, right_type} <= NUMBERS or left_type == right_type:
        if op not in ("=", "!=") and left_type not in NUMBERS | {"date"}:
            place.report("type-mismatch", f"`{left}` is {left_type}: it can only be equal or not")
        return
    place.report(
        "type-mismatch", f"cannot compare {left_type} `{left}` with {right_type} `{right}`"
    )


def exists(argument: Any, scope: Scope, place: Place) -> None:
    """An activity of a type about the subject's customer, contract or receivable, up to the
    as-of date, for which ``where`` holds; inside ``where``, ``subject`` is the outer record
    (``exists: {activity: visit_booked, about: customer, where: [...]}``)."""
    if not isinstance(argument, dict):
        place.report("wrong-type", "expected `activity`, `about` and optionally `where`")
        return
    unknown = set(argument) - {"activity", "about", "where"}
    for key in sorted(unknown, key=str):
        place.child(key).report(
            "unknown-field",
            with_suggestion(f"unknown key `{key}`", str(key), ("activity", "about", "where")),
        )
    activity = argument.get("activity")
    if activity not in {member.value for member in vocabulary.ENUMS["activity_type"]}:
        place.child("activity").report(
            "unknown-value",
            with_choices(
                f"unknown activity type `{activity}`",
                str(activity),
                (m.value for m in vocabulary.ENUMS["activity_type"]),
            ),
        )
        return
    about = argument.get("about")
    if about not in _ABOUT:
        place.child("about").report("unknown-value", f"`about` must be one of {', '.join(_ABOUT)}")
        return
    if about not in scope.members(scope.record) and vocabulary.base(scope.record) != about:
        place.child("about").report("type-mismatch", f"a {scope.record} has no {about}")
    inner = scope.inner(f"activity:{activity}", subject=scope.record)
    check_conditions(argument.get("where", []), inner, place.child("where"))


def employed_on(argument: Any, scope: Scope, place: Place) -> None:
    """A staff member is employed on a date: hired on or before it, not left before it
    (``employed_on: {staff: discount_approver, date: signed_on}``)."""
    if not isinstance(argument, dict) or set(argument) != {"staff", "date"}:
        place.report("wrong-type", "expected `staff` and `date`")
        return
    kind = _field(argument["staff"], scope, place.child("staff"))
    if kind is not None and kind != "staff":
        place.child("staff").report("type-mismatch", f"`{argument['staff']}` is {kind}, not staff")
    _, date = scope.expression(argument["date"], place.child("date").report)
    if date is not None and date != "date":
        place.child("date").report("type-mismatch", f"`{argument['date']}` is {date}, not a date")


def contains(argument: Any, scope: Scope, place: Place) -> None:
    """A list field holds every value given (``contains: {documents: [contract, receipt]}``);
    the evidence lists those missing."""
    if not isinstance(argument, dict) or len(argument) != 1:
        place.report("wrong-type", "expected one list field and the values it must hold")
        return
    ((path, values),) = argument.items()
    kind = _field(path, scope, place.child(path))
    if kind is None:
        return
    if not kind.startswith("list["):
        place.child(path).report("type-mismatch", f"`{path}` is {kind}, not a list")
        return
    if not isinstance(values, list):
        place.child(path).report("wrong-type", "expected a list of values")
        return
    for index, value in enumerate(values):
        _value_for(kind[5:-1], value, place.child(path, index))


def every(argument: Any, scope: Scope, place: Place) -> None:
    """Each item of a list field meets the conditions
    (``every: {payments: [{present: [receipt_ref]}]}``)."""
    if not isinstance(argument, dict) or len(argument) != 1:
        place.report("wrong-type", "expected one list field and its conditions")
        return
    ((path, conditions),) = argument.items()
    kind = _field(path, scope, place.child(path))
    if kind is None:
        return
    if not kind.startswith("list[") or not vocabulary.is_record(kind[5:-1]):
        place.child(path).report("type-mismatch", f"`{path}` is {kind}, not a list of records")
        return
    check_conditions(conditions, scope.inner(kind[5:-1], subject=scope.record), place.child(path))


def _receivable_date(argument: Any, scope: Scope, place: Place) -> None:
    if vocabulary.base(scope.record) != "receivable":
        place.report("type-mismatch", "this condition is about a receivable")
        return
    _, kind = scope.expression(argument, place.report)
    if kind is not None and kind != "date":
        place.report("type-mismatch", f"`{argument}` is {kind}, not a date")


def unpaid_at_end_of(argument: Any, scope: Scope, place: Place) -> None:
    """The receivable has no paid date on or before the date (see ``paid_on``)."""
    _receivable_date(argument, scope, place)


def paid_by(argument: Any, scope: Scope, place: Place) -> None:
    """The receivable's paid date is on or before the date."""
    _receivable_date(argument, scope, place)


def written_off_before(argument: Any, scope: Scope, place: Place) -> None:
    """The receivable was written off (``written_off_on``, up to the as-of date) before
    the date."""
    _receivable_date(argument, scope, place)


def written_off_by(argument: Any, scope: Scope, place: Place) -> None:
    """The receivable was written off on or before the date."""
    _receivable_date(argument, scope, place)


def not_(argument: Any, scope: Scope, place: Place) -> None:
    """The condition does not hold."""
    check_condition(argument, scope, place)


def any_(argument: Any, scope: Scope, place: Place) -> None:
    """At least one of the conditions holds."""
    check_conditions(argument, scope, place)


def all_(argument: Any, scope: Scope, place: Place) -> None:
    """All of the conditions hold."""
    check_conditions(argument, scope, place)


@dataclass(slots=True)
class Operator:
    """One operator of the language: how its argument is checked where it is written, and
    how it is compiled to a test (set once by ``compile.conditions`` when it is imported)."""

    name: str
    check: Check
    compilation: Callable[..., Any] | None = None


OPERATORS: dict[str, Operator] = {
    operator.name: operator
    for operator in (
        Operator("present", present),
        Operator("any_present", any_present),
        Operator("true", is_true),
        Operator("is", is_),
        Operator("is_not", is_not),
        Operator("in", in_),
        Operator("compare", compare),
        Operator("exists", exists),
        Operator("employed_on", employed_on),
        Operator("contains", contains),
        Operator("every", every),
        Operator("unpaid_at_end_of", unpaid_at_end_of),
        Operator("paid_by", paid_by),
        Operator("written_off_before", written_off_before),
        Operator("written_off_by", written_off_by),
        Operator("not", not_),
        Operator("any", any_),
        Operator("all", all_),
    )
}
"""Operator name -> its entry (whose check's docstring documents it)."""

_Compilation = TypeVar("_Compilation", bound=Callable[..., Any])


def compiles(name: str) -> Callable[[_Compilation], _Compilation]:
    """Attach the decorated function to operator ``name`` as its compilation."""

    def attach(compilation: _Compilation) -> _Compilation:
        operator = OPERATORS[name]
        if operator.compilation is not None:
            raise ValueError(f"operator `{name}` is compiled twice")
        operator.compilation = compilation
        return compilation

    return attach
