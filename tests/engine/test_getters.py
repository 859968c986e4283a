"""Expressions compiled to generated getters: each shape of the language gives the value
``rules.md`` says, a null term makes the whole expression null, event dates after the
as-of date read as null, and ``days`` parameters count on the day basis."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from sales_policy.calendars import ChineseCalendar, DayCounter
from sales_policy.compile.values import Env, Parameters, expression
from sales_policy.judgement.world import World
from sales_policy.policy.scope import Scope
from sales_policy.records import Receivable, RecordSet

AS_OF = dt.date(2026, 3, 10)
SCOPE = Scope(
    "receivable",
    {"notice_days": "days", "attempts": "integer", "grace": "map[role,days]"},
    {},
    {"trigger": "date"},
)
PARAMETERS = Parameters(
    {"notice_days": 5, "attempts": 3, "grace": {"sales_rep": 2, "sales_manager": 4}},
    {"grace": "sales_manager"},
)


def _receivable(**fields: Any) -> Receivable:
    values: dict[str, Any] = {
        "id": "R-1",
        "contract_id": "K-1",
        "amount_due": Decimal(100),
        "due_on": dt.date(2026, 2, 6),  # a Friday, before the Spring Festival holiday
    }
    return Receivable(**{**values, **fields})


def _value(text: str, basis: str = "calendar", **names: Any) -> Any:
    getter, _ = expression(text, SCOPE, PARAMETERS)
    days = DayCounter(basis, ChineseCalendar())
    world = World(RecordSet(), AS_OF, dt.date(2026, 1, 1), days, {})
    subject = names.pop("subject", None) or _receivable()
    return getter(world, Env(subject, {"trigger": None, **names}))


@pytest.mark.parametrize(
    ("text", "names", "want"),
    [
        ("due_on", {}, dt.date(2026, 2, 6)),
        ("due_on + 3", {}, dt.date(2026, 2, 9)),
        ("due_on - 1", {}, dt.date(2026, 2, 5)),
        ("due_on + notice_days", {}, dt.date(2026, 2, 11)),
        ("due_on + notice_days - 1", {}, dt.date(2026, 2, 10)),
        ("trigger + attempts", {"trigger": dt.date(2026, 1, 30)}, dt.date(2026, 2, 2)),
        ("trigger + notice_days", {}, None),  # a null name: the whole expression is null
        ("notice_days - 2", {}, 3),
        ("attempts - notice_days + 1", {}, -1),
        ("-attempts", {}, -3),
        ("grace[trigger]", {}, 4),  # a null key falls back on the map's default key
        ("reconciled_on", {}, None),
        (
            "reconciled_on + 1",
            {"subject": _receivable(reconciled_on=dt.date(2026, 3, 2))},
            dt.date(2026, 3, 3),
        ),
        (
            "reconciled_on + 1",
            {"subject": _receivable(reconciled_on=AS_OF)},
            dt.date(2026, 3, 11),
        ),
        # An event date after the as-of date has not happened yet.
        ("reconciled_on + 1", {"subject": _receivable(reconciled_on=dt.date(2026, 3, 11))}, None),
        ("payments", {}, ()),
    ],
)
def test_an_expression_is_read_as_the_language_says(
    text: str, names: dict[str, Any], want: Any
) -> None:
    assert _value(text, **names) == want


def test_days_parameters_count_working_days_and_literals_calendar_days() -> None:
    # 2026-02-06 is a Friday; the Spring Festival holiday runs 15–23 February, and 14
    # and 28 February (Saturdays) are working days (调休).
    assert _value("due_on + notice_days", "working") == dt.date(2026, 2, 13)
    assert _value("due_on + notice_days + notice_days", "working") == dt.date(2026, 2, 27)
    assert _value("due_on + 5", "working") == dt.date(2026, 2, 11)
    assert _value("due_on - notice_days", "working") == dt.date(2026, 1, 30)


def test_a_getter_names_its_expression_in_a_traceback() -> None:
    getter, kind = expression("due_on + notice_days", SCOPE, PARAMETERS)
    assert kind == "date"
    assert getter.__code__.co_filename == "<expression due_on + notice_days>"
