"""Impact of the example draft 2.0.0 (examples/policies/sales-staff-2027) on the example
company, with attributions checked by hand, and what `diff-policy` prints."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.history.conftest import COMPANY, DRAFT, SHIPPED

from sales_policy import LoadResult, load_policy
from sales_policy.cli import cli
from sales_policy.history import impact, policy_changes
from sales_policy.policy import find_policy

NOV = dt.date(2026, 11, 26)


def test_the_draft_differs_in_three_places() -> None:
    changes = [str(c) for c in policy_changes(load_policy(SHIPPED), load_policy(DRAFT))]
    assert changes == [
        "parameter `cause_days`: 7 → 5",
        "parameter `notice_days`: 3 → 1",
        "severity `PAY-RECONCILE`: medium → high",
    ]


def test_the_draft_on_the_company(company: LoadResult) -> None:
    found = impact(company, load_policy(SHIPPED), load_policy(DRAFT), as_of=NOV)
    rows = [
        (
            e.entry.change,
            e.entry.key[0],
            e.entry.key[2],
            e.entry.changed,
            [str(c) for c in e.causes],
        )
        for e in found.entries
    ]
    assert rows == [
        # RV-06 fell due 07-15 and its cause was recorded 07-21: in time within 7 days
        # (07-22), late within 5 (07-20).
        ("new", "PAY-CAUSE", "RV-06", (), ["parameter `cause_days`: 7 → 5"]),
        # RV-04 fell due 10-30, its notice went out 11-01: within 3 days, not within 1.
        ("new", "PAY-NOTICE", "RV-04", (), ["parameter `notice_days`: 3 → 1"]),
        # RV-14 fell due 06-30, its notice went out 07-02.
        ("new", "PAY-NOTICE", "RV-14", (), ["parameter `notice_days`: 3 → 1"]),
        # RV-05 was reconciled late under both; only its severity changes.
        (
            "changed",
            "PAY-RECONCILE",
            "RV-05",
            ("severity",),
            ["severity `PAY-RECONCILE`: medium → high"],
        ),
    ]
    assert found.diff.counts["persisting"] == 49


def test_an_overlay_that_disables_a_rule_and_waives_a_finding(
    company: LoadResult, tmp_path: Path
) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "overlay: lenient\nextends: sales-staff\n"
        "disable:\n  PAY-ESCALATE-MANAGER: reviewed monthly instead\n"
        "waivers:\n  - rule: PAY-NOTICE\n    subject: receivable/RV-06\n"
        "    reason: agreed with the customer\n",
        encoding="utf-8",
    )
    base = load_policy(SHIPPED)
    found = impact(company, base, load_policy(SHIPPED, [str(overlay)]), as_of=NOV)
    rows = {(e.entry.change, e.entry.key[0], e.entry.key[2]): e.causes for e in found.entries}
    assert [str(c) for c in rows[("resolved", "PAY-ESCALATE-MANAGER", "RV-12")]] == [
        "rule disabled `PAY-ESCALATE-MANAGER`"
    ]
    assert [str(c) for c in rows[("changed", "PAY-NOTICE", "RV-06")]] == [
        "waiver added `PAY-NOTICE receivable/RV-06`"
    ]
    assert len(rows) == 2


def test_the_draft_is_chosen_by_date() -> None:
    roots = [SHIPPED.parent, DRAFT.parent]
    assert find_policy("sales-staff", as_of=NOV, roots=roots) == SHIPPED
    assert find_policy("sales-staff", as_of=dt.date(2027, 1, 1), roots=roots) == DRAFT


def test_the_commands() -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["diff-policy", "sales-staff@1.0.0", str(DRAFT)])
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[1] == "parameter `notice_days`: 3 → 1"
    done = runner.invoke(
        cli,
        [
            "impact",
            str(COMPANY),
            "--as-of",
            "2026-11-26",
            "--against",
            str(DRAFT),
            "--format",
            "json",
        ],
    )
    assert done.exit_code == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"] == {"new": 3, "changed": 1, "resolved": 0, "new_violations": 3}
    assert data["findings"][0]["causes"] == [
        {"kind": "parameter", "name": "cause_days", "old": 7, "new": 5}
    ]


@pytest.mark.parametrize(("lang", "word"), [("en", "Policy changes"), ("zh", "制度变化")])
@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_impact_in_both_languages(output_format: str, lang: str, word: str) -> None:
    done = CliRunner().invoke(
        cli,
        [
            "impact",
            str(COMPANY),
            "--as-of",
            "2026-11-26",
            "--against",
            str(DRAFT),
            "--format",
            output_format,
            "--lang",
            lang,
        ],
    )
    assert done.exit_code == 0, done.stderr
    assert word in done.stdout
    assert "RV-04" in done.stdout
