"""The decision table: every well-formed fact has exactly one outcome, on both backends."""

from __future__ import annotations

import itertools

import pytest

from sales_policy.engine.native import NativeBackend
from sales_policy.judgement.decisions import CHECK_FLAGS, DUTY_FLAGS, TABLE, matches


def _facts() -> list[dict[str, int]]:
    facts = [
        {"duty": 1, **dict(zip(DUTY_FLAGS, values, strict=True))}
        for values in itertools.product((0, 1), repeat=len(DUTY_FLAGS))
    ]
    facts += [
        {"duty": 0, **dict(zip(CHECK_FLAGS, values, strict=True))}
        for values in itertools.product((0, 1), repeat=len(CHECK_FLAGS))
    ]
    return facts


@pytest.mark.parametrize("fact", _facts(), ids=str)
def test_each_fact_matches_exactly_one_row(fact: dict[str, int]) -> None:
    assert len([row for row in TABLE if matches(row, fact)]) == 1


def test_table_reads_as_rules_md_says() -> None:
    native = NativeBackend()
    done_in_window, done_late, open_, missed, overdue_open = native.classify(
        [
            {"duty": 1, "in_window": 1},
            {"duty": 1, "late": 1, "due_passed": 1, "overdue_violation": 1, "keep_action": 1},
            {"duty": 1, "overdue_violation": 1, "keep_action": 1},
            {"duty": 1, "due_passed": 1, "overdue_violation": 1, "keep_action": 1},
            {"duty": 1, "due_passed": 1, "overdue_violation": 0},
        ]
    )
    assert (done_in_window.status, done_in_window.with_action) == ("pass", False)
    assert (done_late.status, done_late.with_action) == ("violation", False)
    assert (open_.status, open_.with_action) == ("action_required", True)
    assert (missed.status, missed.with_action) == ("violation", True)
    assert (overdue_open.status, overdue_open.with_action) == ("action_required", True)
