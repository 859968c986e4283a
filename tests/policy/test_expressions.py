"""The expression grammar: what parses to what, printing and parsing again, where a syntax
error points, and the types ``Scope`` gives expressions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_policy.policy.expressions import (
    Expression,
    ExpressionError,
    Number,
    Reference,
    Term,
    parse,
)
from sales_policy.policy.scope import Scope


def _ref(*names: str, argument: str | None = None, key: Reference | None = None) -> Reference:
    return Reference(names, argument, key)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("due_on", ((1, _ref("due_on")),)),
        ("7", ((1, Number(7)),)),
        ("-1", ((-1, Number(1)),)),
        ("due_on + notice_days", ((1, _ref("due_on")), (1, _ref("notice_days")))),
        (
            "trigger - 1 + market_report_days",
            ((1, _ref("trigger")), (-1, Number(1)), (1, _ref("market_report_days"))),
        ),
        ("period.end + 1", ((1, _ref("period", "end")), (1, Number(1)))),
        ("first(delivered)", ((1, _ref("first", argument="delivered")),)),
        (
            "discount_limits[owner.role]",
            ((1, _ref("discount_limits", key=_ref("owner", "role"))),),
        ),
        ("revisit_days[grade]", ((1, _ref("revisit_days", key=_ref("grade"))),)),
        (
            "trigger + 5 working_days",
            ((1, _ref("trigger")), (1, Number(5, "working_days"))),
        ),
        (
            "due_on + notice_days calendar_days",
            ((1, _ref("due_on")), (1, Reference(("notice_days",), unit="calendar_days"))),
        ),
    ],
)
def test_what_parses_to_what(text: str, terms: tuple[tuple[int, Term], ...]) -> None:
    assert parse(text) == Expression(terms)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("due_on + notice_days", "due_on + notice_days"),
        ("due_on+notice_days", "due_on + notice_days"),
        ("  trigger -1+  market_report_days ", "trigger - 1 + market_report_days"),
        ("- 3", "-3"),
        ("discount_limits[ owner . role ]", "discount_limits[owner.role]"),
        ("first ( visit )", "first(visit)"),
        ("trigger+5  working_days", "trigger + 5 working_days"),
    ],
)
def test_printing_is_canonical_and_parses_back(text: str, printed: str) -> None:
    assert str(parse(text)) == printed
    assert parse(printed) == parse(text)


_NAMES = st.sampled_from(["due_on", "trigger", "owner", "role", "first", "visit", "x2", "_a"])


@st.composite
def _references(draw: st.DrawFn, depth: int = 2) -> Reference:
    names = tuple(draw(st.lists(_NAMES, min_size=1, max_size=3)))
    argument = draw(st.none() | _NAMES)
    key = draw(st.none() | _references(depth - 1)) if depth > 0 else None
    return Reference(names, argument, key)


_UNITS = st.none() | st.sampled_from(["working_days", "calendar_days"])
_TERMS = st.one_of(
    st.builds(Number, st.integers(min_value=0, max_value=10_000), _UNITS),
    st.builds(lambda r, unit: Reference(r.names, r.argument, r.key, unit), _references(), _UNITS),
)
_EXPRESSIONS = st.lists(st.tuples(st.sampled_from([1, -1]), _TERMS), min_size=1, max_size=4).map(
    lambda terms: Expression(tuple(terms))
)


@given(_EXPRESSIONS)
def test_every_expression_prints_to_text_that_parses_back_to_it(expression: Expression) -> None:
    assert parse(str(expression)) == expression


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("", 1, "expected a name, found the end"),
        ("due_on +", 9, "expected a name, found the end"),
        ("due_on ++ 1", 9, "expected a name, found `+`"),
        ("due_on * 2", 8, "unexpected `*`"),
        ("due_on 2", 8, "unexpected `2`"),
        ("owner.", 7, "expected a name, found the end"),
        ("owner..role", 7, "expected a name, found `.`"),
        ("first(visit", 12, "expected `)`, found the end"),
        ("first()", 7, "expected a name, found `)`"),
        ("first(7)", 7, "expected a name, found `7`"),
        ("limits[owner.role", 18, "expected `]`, found the end"),
        ("limits[7]", 8, "expected a name, found `7`"),
        ("due_on ]", 8, "unexpected `]`"),
        ("  截止日期", 3, "unexpected `截`"),
    ],
)
def test_syntax_errors_point_at_their_column(text: str, column: int, message: str) -> None:
    with pytest.raises(ExpressionError) as error:
        parse(text)
    assert (error.value.column, str(error.value)) == (column, message)


SCOPE = Scope(
    "receivable",
    {
        "notice_days": "days",
        "attempts": "integer",
        "ceiling": "decimal",
        "limits": "map[role,percent]",
    },
    {},
    {"as_of": "date", "trigger": "date"},
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("due_on", "date"),
        ("due_on + notice_days", "date"),
        ("trigger - 1 + notice_days", "date"),
        ("notice_days + 2", "days"),
        ("-2", "days"),
        ("2", "integer"),
        ("attempts", "integer"),
        ("due_on + attempts", "date"),
        ("amount_due", "decimal"),
        ("limits[owner.role]", "percent"),
        ("contract.owner.supervisor.hired_on", "date"),
        ("first(collection_call)", "date"),
        ("days_overdue", "integer"),
        ("paid_on", "date"),
        ("payments", "list[payment]"),
        ("due_on + 5 working_days", "date"),
        ("due_on + notice_days calendar_days - attempts working_days", "date"),
    ],
)
def test_the_type_of_an_expression(text: str, kind: str) -> None:
    problems: list[tuple[str, str]] = []
    _, found = SCOPE.expression(text, lambda code, message: problems.append((code, message)))
    assert (found, problems) == (kind, [])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("due_on + amount_due", "type-mismatch"),  # decimals do not add to dates
        ("due_on + ceiling", "type-mismatch"),
        ("due_on + due_on", "type-mismatch"),
        ("notice_days - due_on + due_on", "type-mismatch"),
        ("notice_days - due_on", "type-mismatch"),  # a date is added, never subtracted
        ("limits[grade]", "unknown-name"),  # a receivable has no grade
        ("limits[customer.grade]", "type-mismatch"),
        ("amount_due[owner.role]", "type-mismatch"),
        ("due_on.year", "unknown-field"),
        ("first(visits)", "unknown-value"),
        ("last(visit)", "unknown-name"),
        ("first(visit).at", "type-mismatch"),
        ("due_on +", "syntax-error"),
        ("5 working_days", "type-mismatch"),  # a unit says how days count from a date
        ("notice_days working_days + 2", "type-mismatch"),
        ("due_on + amount_due working_days", "type-mismatch"),
        ("due_on working_days", "type-mismatch"),
    ],
)
def test_expressions_that_do_not_type(text: str, code: str) -> None:
    problems: list[str] = []
    SCOPE.expression(text, lambda kind, _: problems.append(kind))
    assert problems == [code]
