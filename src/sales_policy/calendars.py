"""Day arithmetic on the policy's day basis: calendar days, or working days on a calendar.

``CN`` is the Chinese statutory calendar (holidays and the weekend days worked in
exchange, 调休) from the ``chinese_calendar`` package. A company may supply its own
calendar file. For a year a calendar has no data for, Monday to Friday are working days
and the audit says so in its warnings.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import chinese_calendar
import yaml

_ONE_DAY = dt.timedelta(days=1)


class Calendar(Protocol):
    @property
    def name(self) -> str: ...

    def covers(self, year: int) -> bool: ...

    def is_workday(self, day: dt.date) -> bool: ...


class ChineseCalendar:
    """China's statutory working days, as published each year."""

    name = "CN"

    def covers(self, year: int) -> bool:
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: dt.date) -> bool:
        return bool(chinese_calendar.is_workday(day))


@dataclass(frozen=True)
class FileCalendar:
    """A company calendar: ``years`` it covers, ``holidays`` off and ``workdays`` worked
    (weekends are off unless listed as workdays)."""

    name: str
    years: frozenset[int]
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    @classmethod
    def read(cls, path: Path) -> FileCalendar:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a calendar file is a mapping with years, holidays, workdays")
        return cls(
            name=str(data.get("name", path.stem)),
            years=frozenset(int(y) for y in data.get("years", ())),
            holidays=frozenset(_dates(data.get("holidays", ()), path)),
            workdays=frozenset(_dates(data.get("workdays", ()), path)),
        )

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def _dates(values: Iterable[object], path: Path) -> Iterable[dt.date]:
    for value in values:
        if not isinstance(value, dt.date):
            raise ValueError(f"{path}: `{value}` is not a date")
        yield value


class DayCounter:
    """Adds days on a basis; remembers the years it had to guess (Monday to Friday)."""

    def __init__(self, basis: str, calendar: Calendar) -> None:
        self.basis = basis
        self.calendar = calendar
        self._workdays: dict[dt.date, bool] = {}
        self._added: dict[tuple[dt.date, int], dt.date] = {}
        self._covered: dict[int, bool] = {}
        self._lock = threading.Lock()

    def add(self, day: dt.date, days: int) -> dt.date:
        """``day`` plus ``days`` on the basis: the ``days``-th working day after it (before
        it when negative) with a working basis; 0 days is ``day`` itself."""
        if self.basis != "working":
            return day + dt.timedelta(days=days)
        return self.working(day, days)

    def working(self, day: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``day`` (before it when negative) on the
        calendar, whatever the basis; 0 days is ``day`` itself."""
        known = self._added.get((day, days))
        if known is not None:
            return known
        step = _ONE_DAY if days > 0 else -_ONE_DAY
        remaining = abs(days)
        found = day
        while remaining:
            found += step
            if self.is_workday(found):
                remaining -= 1
        self._added[day, days] = found  # a few thousand dates, many times each
        return found

    def is_workday(self, day: dt.date) -> bool:
        known = self._workdays.get(day)
        if known is None:
            covered = self._covers(day.year)
            known = self.calendar.is_workday(day) if covered else day.weekday() < 5
            self._workdays[day] = known
        return known

    def _covers(self, year: int) -> bool:
        covered = self._covered.get(year)
        if covered is None:
            covered = self.calendar.covers(year)
            with self._lock:
                self._covered[year] = covered
        return covered

    def guessed_years(self) -> list[int]:
        """Years looked up that the calendar has no data for."""
        return sorted(year for year, covered in self._covered.items() if not covered)


def calendar_for(name: str, base: Path) -> Calendar:
    """``CN``, or a calendar file in the policy's folder (``load_policy`` checks it is)."""
    if name == "CN":
        return ChineseCalendar()
    return FileCalendar.read(base / name)
