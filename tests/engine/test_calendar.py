"""Working days on the Chinese statutory calendar, with 调休 and a Monday-to-Friday fallback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sales_policy.calendars import ChineseCalendar, DayCounter, FileCalendar


def test_calendar_days_ignore_the_calendar() -> None:
    days = DayCounter("calendar", ChineseCalendar())
    assert days.add(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 3)


def test_working_days_skip_the_national_holiday() -> None:
    days = DayCounter("working", ChineseCalendar())
    # 2026-10-01 to 10-07 are off; the first working day after 9-30 is 10-08 or later.
    after = days.add(dt.date(2026, 9, 30), 1)
    assert after > dt.date(2026, 10, 7)
    assert days.guessed_years() == []


def test_a_weekend_day_worked_in_exchange_counts() -> None:
    days = DayCounter("working", ChineseCalendar())
    assert days.is_workday(dt.date(2026, 2, 14))  # a Saturday worked for the Spring Festival
    assert days.add(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)


def test_negative_and_zero_working_days() -> None:
    days = DayCounter("working", ChineseCalendar())
    assert days.add(dt.date(2026, 11, 26), 0) == dt.date(2026, 11, 26)
    assert days.add(dt.date(2026, 11, 30), -1) == dt.date(2026, 11, 27)  # Monday -> Friday


def test_a_year_without_data_falls_back_and_says_so() -> None:
    days = DayCounter("working", ChineseCalendar())
    assert days.add(dt.date(2031, 1, 3), 1) == dt.date(2031, 1, 6)  # Friday -> Monday
    assert days.guessed_years() == [2031]


def test_a_company_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(
        "name: acme\nyears: [2026]\nholidays: [2026-11-27]\nworkdays: [2026-11-28]\n",
        encoding="utf-8",
    )
    days = DayCounter("working", FileCalendar.read(path))
    assert days.add(dt.date(2026, 11, 26), 1) == dt.date(2026, 11, 28)
    assert days.guessed_years() == []


def test_working_days_on_a_calendar_day_basis() -> None:
    """`working_days` in an expression counts on the calendar even in a calendar-day
    policy: across the Spring Festival (15-23 February 2026 off, Saturday 28 worked) and
    National Day (1-7 October off, Saturday 10 worked)."""
    days = DayCounter("calendar", ChineseCalendar())
    assert days.add(dt.date(2026, 2, 15), 5) == dt.date(2026, 2, 20)
    assert days.working(dt.date(2026, 2, 15), 5) == dt.date(2026, 2, 28)
    assert days.working(dt.date(2026, 9, 29), 5) == dt.date(2026, 10, 12)
    assert days.working(dt.date(2026, 10, 8), -1) == dt.date(2026, 9, 30)
    assert days.guessed_years() == []
