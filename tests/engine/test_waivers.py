"""Waivers in an overlay: a covered finding is `waived`, with no action, until it expires."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sales_policy.engine import audit
from sales_policy.policy import PolicyError, load_policy
from sales_policy.records import LoadResult

from .conftest import ROOT

PACK = ROOT / "policies" / "sales-staff"
AS_OF = dt.date(2026, 11, 26)


def _overlay(tmp_path: Path, waivers: str) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(f"overlay: acme\nextends: sales-staff\nwaivers:\n{waivers}", encoding="utf-8")
    return path


def test_a_waived_finding_has_its_reason_and_no_action(tmp_path: Path, company: LoadResult) -> None:
    overlay = _overlay(
        tmp_path,
        "  - rule: CONTRACT-DISCOUNT\n    subject: contract/CT-03\n"
        "    reason: approved by the board on 2026-04-14\n    expires_on: 2026-12-31\n",
    )
    result = audit(company, load_policy(PACK, [overlay]), as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "CONTRACT-DISCOUNT"]
    assert finding.status == "waived"
    assert finding.action is None
    assert finding.waiver == {
        "reason": "approved by the board on 2026-04-14",
        "expires_on": dt.date(2026, 12, 31),
        "overlay": "acme",
    }
    assert result.summary["waived"] == 1
    assert '"waiver":{' in result.to_json()


def test_an_expired_waiver_lets_the_finding_count_and_says_so(
    tmp_path: Path, company: LoadResult
) -> None:
    overlay = _overlay(
        tmp_path,
        "  - rule: TRAINING-PLAN\n    subject: training_year/2026\n"
        "    reason: trainers named in the spring\n    expires_on: 2026-06-30\n",
    )
    result = audit(company, load_policy(PACK, [overlay]), as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "TRAINING-PLAN"]
    assert finding.status == "violation"
    assert [w.code for w in result.warnings] == ["waiver-expired"]


def test_a_waiver_for_one_part_leaves_the_others(tmp_path: Path, company: LoadResult) -> None:
    overlay = _overlay(
        tmp_path,
        "  - rule: MARKET-REPORT\n    subject: staff/S-05\n    part: 2026-10\n"
        "    reason: on leave in October\n",
    )
    result = audit(company, load_policy(PACK, [overlay]), as_of=AS_OF)
    statuses = {
        f.part: f.status
        for f in result.findings
        if f.rule == "MARKET-REPORT" and f.subject.id == "S-05"
    }
    assert statuses["2026-10"] == "waived"
    assert statuses["2026-02"] == "violation"


@pytest.mark.parametrize(
    ("waiver", "code"),
    [
        ("  - {rule: CONTRACT-DISCOUNTS, subject: contract/CT-03, reason: x}\n", "unknown-rule"),
        ("  - {rule: CONTRACT-DISCOUNT, subject: receivable/RV-1, reason: x}\n", "type-mismatch"),
        ("  - {rule: CONTRACT-DISCOUNT, subject: CT-03, reason: x}\n", "invalid-value"),
        ("  - {rule: CONTRACT-DISCOUNT, subject: contract/CT-03}\n", "missing-field"),
    ],
)
def test_a_wrong_waiver_refuses_the_policy(tmp_path: Path, waiver: str, code: str) -> None:
    with pytest.raises(PolicyError) as refused:
        load_policy(PACK, [_overlay(tmp_path, waiver)])
    assert [p.code for p in refused.value.problems] == [code]
    assert refused.value.problems[0].location.line == 4
