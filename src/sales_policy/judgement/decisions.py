"""The decision table: how a judged duty or check becomes a status.

Derivation (in Python, with the joins) reduces each rule, subject and part to a flat
fact of 0/1 flags; this table says what each combination means. Both backends evaluate
exactly this table: ``native`` directly, ``durable`` as a durable_rules ruleset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal["pass", "violation", "action_required"]


@dataclass(frozen=True, slots=True)
class Row:
    """When every flag in ``when`` has its value, the fact has ``status``."""

    name: str
    when: tuple[tuple[str, int], ...]
    status: Outcome
    with_action: bool


DUTY_FLAGS = ("in_window", "late", "due_passed", "overdue_violation", "keep_action")
CHECK_FLAGS = ("failed", "has_action")

TABLE: tuple[Row, ...] = (
    Row("done_in_window", (("duty", 1), ("in_window", 1)), "pass", False),
    Row("done_late", (("duty", 1), ("in_window", 0), ("late", 1)), "violation", False),
    Row(
        "open",
        (("duty", 1), ("in_window", 0), ("late", 0), ("due_passed", 0)),
        "action_required",
        True,
    ),
    Row(
        "missed",
        (
            ("duty", 1),
            ("in_window", 0),
            ("late", 0),
            ("due_passed", 1),
            ("overdue_violation", 1),
            ("keep_action", 1),
        ),
        "violation",
        True,
    ),
    Row(
        "missed_for_good",
        (
            ("duty", 1),
            ("in_window", 0),
            ("late", 0),
            ("due_passed", 1),
            ("overdue_violation", 1),
            ("keep_action", 0),
        ),
        "violation",
        False,
    ),
    Row(
        "overdue_open",
        (("duty", 1), ("in_window", 0), ("late", 0), ("due_passed", 1), ("overdue_violation", 0)),
        "action_required",
        True,
    ),
    Row("check_passed", (("duty", 0), ("failed", 0)), "pass", False),
    Row("check_failed", (("duty", 0), ("failed", 1), ("has_action", 1)), "violation", True),
    Row(
        "check_failed_no_action",
        (("duty", 0), ("failed", 1), ("has_action", 0)),
        "violation",
        False,
    ),
)
"""Every well-formed fact matches exactly one row (a test checks all combinations)."""

ROWS = {row.name: row for row in TABLE}

ALL_FLAGS = ("duty", *DUTY_FLAGS, *CHECK_FLAGS)
NO_FLAGS = dict.fromkeys(ALL_FLAGS, 0)


def matches(row: Row, fact: dict[str, int]) -> bool:
    return all(fact.get(flag, 0) == value for flag, value in row.when)
