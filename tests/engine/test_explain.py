"""``explain``: how a rule judged a subject, and why there is no finding."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from sales_policy.cli import cli
from sales_policy.engine import Engine
from sales_policy.engine.explain import explain
from sales_policy.policy import Policy
from sales_policy.records import LoadResult

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
    assert "status: violation" in result.output
    unknown = CliRunner().invoke(cli, ["explain", "NOPE", "RV-06", "examples/company"])
    assert unknown.exit_code == 2
