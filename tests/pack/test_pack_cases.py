"""The shipped pack's own tests, ``policies/sales-staff/tests/*.yaml``: every case on both
backends, as ``sales-policy test policies/sales-staff --engine ...`` runs them; and what
each rule's file must cover."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sales_policy import policytest
from sales_policy.cli import cli
from sales_policy.engine import BackendName
from sales_policy.policy import Rule, load_policy

PACK = Path(__file__).resolve().parents[2] / "policies" / "sales-staff"
COLLECTED = policytest.collect(PACK)
NO_VIOLATION = {"PAY-ESCALATE-MANAGER"}  # never a violation, only an open review


@pytest.mark.parametrize("case", COLLECTED.cases, ids=[case.id for case in COLLECTED.cases])
def test_case(case: policytest.Case, backend: BackendName, engines: policytest.Engines) -> None:
    outcome = policytest.run_case(case, backend, engines)
    assert outcome.passed, "\n".join(outcome.differences)


def test_the_case_files_are_well_formed() -> None:
    assert [str(problem) for problem in COLLECTED.problems] == []


@pytest.mark.parametrize("rule", load_policy(PACK).rules, ids=lambda rule: rule.id)
def test_each_rule_has_the_cases_it_needs(rule: Rule) -> None:
    """A compliant case and a failing one; a duty also an open action and (unless it can
    never be one) a violation with and one without its action; boundaries by name."""
    cases = [case for case in COLLECTED.cases if case.rule == rule.id]
    statuses = {want.status for case in cases for want in case.spec.want}
    assert any(not case.spec.want for case in cases), "no compliant case"
    names = " / ".join(case.spec.name for case in cases)
    if rule.check is not None:
        assert "violation" in statuses
        assert "after the as-of date" in names, "no case with a record dated after A"
        assert "before the audit period" in names, "no case with a record before F"
        return
    assert "action_required" in statuses
    assert "exactly" in names, "no case on the deadline itself"
    if rule.id not in NO_VIOLATION:
        assert "violation" in statuses
        assert "D + 1" in names or "the day after" in names, "no case the day after D"


def test_the_command_runs_the_same_cases() -> None:
    result = CliRunner().invoke(cli, ["test", str(PACK)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{len(COLLECTED.cases)} passed, 0 failed\n"
