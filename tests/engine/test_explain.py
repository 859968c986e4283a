"""``explain``: how a rule judged a subject, and why there is no finding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from sales_policy.cli import cli
from sales_policy.engine import Engine
from sales_policy.engine.explain import explain
from sales_policy.policy import Policy
from sales_policy.records import LoadResult, RecordSet, load_records

AS_OF = dt.date(2026, 11, 26)


def test_a_late_notice_shows_its_dates_window_and_the_activity(
    pack: Policy, company: LoadResult
) -> None:
    found = explain(Engine(pack), company.records, "PAY-NOTICE", "RV-06", as_of=AS_OF)
    (part,) = found.parts
    steps = dict(part.steps)
    assert steps["T (trigger)"] == dt.date(2026, 7, 16)
    assert steps["D (deadline)"] == dt.date(2026, 7, 18)
    assert part.candidates == [("A-0073", dt.date(2026, 7, 20), "after the deadline")]
    assert part.finding is not None
    assert part.finding.status == "violation"
    assert part.finding.evidence["done_on"] == dt.date(2026, 7, 20)


def test_why_not_a_duty_due_before_the_period(pack: Policy, company: LoadResult) -> None:
    found = explain(Engine(pack), company.records, "HANDOVER", "CT-01", as_of=AS_OF)
    (part,) = found.parts
    assert part.finding is None
    assert part.why_not is not None
    assert "before the audit period" in part.why_not


def test_why_not_a_check_dated_before_the_period(pack: Policy, company: LoadResult) -> None:
    found = explain(Engine(pack), company.records, "CONTRACT-TERMS", "CT-01", as_of=AS_OF)
    (part,) = found.parts
    assert part.finding is None
    assert part.why_not is not None
    assert part.why_not.startswith("`signed_on` 20")
    assert part.why_not.endswith(" is outside the audit period")


def test_why_not_an_unknown_subject(pack: Policy, company: LoadResult) -> None:
    found = explain(Engine(pack), company.records, "HANDOVER", "CT-99", as_of=AS_OF)
    assert found.in_scope == "no contract `CT-99` in the records"
    assert found.parts == []


def test_an_unknown_rule(pack: Policy, company: LoadResult) -> None:
    with pytest.raises(KeyError):
        explain(Engine(pack), company.records, "NO-SUCH-RULE", "CT-01", as_of=AS_OF)


def test_the_command(pack: Policy) -> None:
    del pack
    result = CliRunner().invoke(
        cli, ["explain", "PAY-NOTICE", "RV-06", "examples/company", "--as-of", "2026-11-26"]
    )
    assert result.exit_code == 0, result.output
    assert "A-0073 on 2026-07-20: after the deadline" in result.output
    assert "Outcome: violation." in result.output
    assert "paid in full on 2026-08-20" in result.output
    unknown = CliRunner().invoke(cli, ["explain", "NOPE", "RV-06", "examples/company"])
    assert unknown.exit_code == 2


EXPLAINED = """\
staff:
  - {id: S1, name: Rep, role: sales_rep, hired_on: 2025-01-01}
customers:
  - {id: C1, owner_id: S1, created_on: 2025-01-05, status: active}
contracts:
  - {id: K1, customer_id: C1, owner_id: S1, status: signed, amount: 1000,
     signed_on: 2026-03-10, discount_pct: 30}
receivables:
  - {id: R1, contract_id: K1, amount_due: 100, due_on: 2026-05-31}
activities:
  - {id: A1, type: overdue_cause, staff_id: S1, at: 2026-06-02, receivable_id: R1,
     plan: pay in July}
"""


def _records(tmp_path: Path) -> RecordSet:
    path = tmp_path / "records.yaml"
    path.write_text(EXPLAINED, encoding="utf-8")
    loaded = load_records([path])
    assert not loaded.rejected
    return loaded.records


def test_an_activity_the_where_turns_away_does_not_count(pack: Policy, tmp_path: Path) -> None:
    """PAY-CAUSE is done by an `overdue_cause` that names the cause: one without it is
    listed with the condition it fails, never as counting."""
    found = explain(Engine(pack), _records(tmp_path), "PAY-CAUSE", "R1", as_of=AS_OF)
    (part,) = found.parts
    assert part.candidates == [
        ("A1", dt.date(2026, 6, 2), "does not count: `present: cause` does not hold for it")
    ]
    assert part.finding is not None
    assert part.finding.status == "violation"


def test_a_check_names_the_require_that_failed(pack: Policy, tmp_path: Path) -> None:
    found = explain(Engine(pack), _records(tmp_path), "CONTRACT-DISCOUNT", "K1", as_of=AS_OF)
    (part,) = found.parts
    failed = [(group, text) for group, text, held in part.conditions if not held]
    assert failed == [
        ("require", "present: discount_approved_by"),
        ("require", "employed_on: staff discount_approver, date signed_on"),
        ("require", "compare: discount_pct <= discount_limits[discount_approver.role]"),
    ]
    assert ("when", "compare: discount_pct > discount_limits[owner.role]", True) in (
        part.conditions
    )
    records = str(tmp_path / "records.yaml")
    dates = ["--as-of", "2026-11-26", "--from", "2026-01-01"]
    text = CliRunner().invoke(cli, ["explain", "CONTRACT-DISCOUNT", "K1", records, *dates]).output
    assert "`present: discount_approved_by` does not hold." in text


def test_a_record_the_where_turns_away_does_not_count(pack: Policy, tmp_path: Path) -> None:
    """TRAINING-PLAN is done by an approved plan that states its goals, content, methods,
    schedule and trainers: one without goals is listed as not counting, and why."""
    path = tmp_path / "plans.yaml"
    path.write_text(
        "training_plans:\n"
        "  - {id: T1, year: 2026, approved_on: 2026-01-20, content: [products],\n"
        "     methods: [lectures], schedule: [March], trainers: [S1]}\n"
        "  - {id: T2, year: 2026, content: [products], goals: [skills], methods: [lectures],\n"
        "     schedule: [March], trainers: [S1]}\n",
        encoding="utf-8",
    )
    records = load_records([path]).records
    found = explain(Engine(pack), records, "TRAINING-PLAN", "2026", as_of=AS_OF)
    (part,) = found.parts
    assert part.candidates == [
        ("T2", None, "does not count: no `approved_on`"),
        (
            "T1",
            dt.date(2026, 1, 20),
            "does not count: `present: goals content methods schedule trainers`"
            " does not hold for it",
        ),
    ]
    assert part.finding is not None
    assert part.finding.status == "violation"
