"""The one judgement of something owed (``judge_owed``), which duties and cycles share:
a day before the window does not count, its first and last days do, the first counted
day after it is late, and the deadline has passed only after it."""

from __future__ import annotations

import datetime as dt

import pytest

from sales_policy.calendars import ChineseCalendar, DayCounter
from sales_policy.compile.rules import judge_owed
from sales_policy.compile.values import Env
from sales_policy.judgement.decisions import TABLE, matches
from sales_policy.judgement.world import World
from sales_policy.records import RecordSet

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 10)


def _day(day: int | None) -> dt.date | None:
    return None if day is None else dt.date(2026, 3, day)


@pytest.mark.parametrize(
    ("start", "done", "as_of", "want_status", "want_done_on"),
    [
        (1, [1], 20, "done_in_window", 1),  # the window's first day counts
        (1, [10], 20, "done_in_window", 10),  # and its last
        (1, [11], 20, "done_late", 11),
        (1, [11, 12], 20, "done_late", 11),  # the first day after the window is the late one
        (1, [5, 12], 20, "done_in_window", 5),  # done in time: the day it was
        (2, [1], 20, "missed", None),  # a day before the window does not count
        (2, [1, 4], 20, "done_in_window", 4),
        (None, [1], 20, "done_in_window", 1),  # no start: any day up to the end counts
        (1, [], 10, "open", None),  # on the deadline, not passed yet
        (1, [], 11, "missed", None),
    ],
)
def test_owed(
    start: int | None,
    done: list[int],
    as_of: int,
    want_status: str,
    want_done_on: int | None,
) -> None:
    days = DayCounter("calendar", ChineseCalendar())
    world = World(RecordSet(), dt.date(2026, 3, as_of), dt.date(2026, 1, 1), days, {})
    env = Env(None, {})
    judgement = judge_owed(
        world,
        env,
        None,
        trigger=START,
        deadline=END,
        window=(_day(start), END),
        done=[dt.date(2026, 3, day) for day in done],
        overdue_violation=1,
        keep_action=1,
    )
    (row,) = [row for row in TABLE if matches(row, judgement.fact())]
    assert row.name == want_status
    assert judgement.done_on == _day(want_done_on)
    assert env.names["$window"] == (_day(start), END)
