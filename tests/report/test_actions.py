"""Open actions: how many days overdue they are, worded as what to do, in every format;
those owed by a role name who holds it; ``--owner`` finds a role's actions; the JSON
result matches its published schema."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sales_policy.engine import audit
from sales_policy.findings import AuditResult, Finding
from sales_policy.policy import load_policy
from sales_policy.records import RecordSet, load_records
from sales_policy.testing import as_of_dates, record_sets

from .conftest import AS_OF, COMPANY, ROOT, run_audit

SCHEMA = json.loads((ROOT / "schemas" / "audit-result.schema.json").read_text(encoding="utf-8"))
POLICY = load_policy(ROOT / "policies" / "sales-staff")


def _acting(result: AuditResult) -> list[Finding]:
    return [f for f in result.findings if f.action is not None]


def _finding(result: AuditResult, rule: str, subject: str) -> Finding:
    return next(f for f in result.findings if f.rule == rule and f.subject.id == subject)


def test_overdue_days_count_from_the_due_date_to_the_as_of_date(audited: AuditResult) -> None:
    acting = _acting(audited)
    assert any(f.action and f.action.overdue_days for f in acting)
    for finding in acting:
        action = finding.action
        assert action is not None
        late = (AS_OF - action.due_on).days if action.due_on else 0
        assert action.overdue_days == max(late, 0)


def test_an_action_not_yet_due_is_not_overdue(company: object) -> None:
    # Judged the day before its deadline, the reminder of RV-12's review is not yet late.
    result = audit(company, POLICY, as_of=AS_OF)  # type: ignore[arg-type]
    escalate = _finding(result, "PAY-ESCALATE-MANAGER", "RV-12")
    assert escalate.action is not None
    assert escalate.action.due_on is not None
    day_before = escalate.action.due_on.fromordinal(escalate.action.due_on.toordinal() - 1)
    early = audit(company, POLICY, as_of=day_before)  # type: ignore[arg-type]
    found = [f for f in early.findings if f.rule == "PAY-ESCALATE-MANAGER" and f.action]
    assert found
    assert all(f.action and f.action.overdue_days == 0 for f in found)


def test_the_json_action_says_how_overdue_it_is() -> None:
    data = json.loads(run_audit("--format", "json").stdout)
    escalate = next(
        f
        for f in data["findings"]
        if f["rule"] == "PAY-ESCALATE-MANAGER" and f["subject"]["id"] == "RV-12"
    )
    assert escalate["action"]["due_on"] == "2026-11-17"
    assert escalate["action"]["overdue_days"] == 9


@pytest.mark.parametrize("extra", [(), ("--all",)])
def test_the_json_result_matches_its_schema(extra: tuple[str, ...]) -> None:
    data = json.loads(run_audit("--format", "json", *extra).stdout)
    errors = [f"{e.json_path}: {e.message}" for e in _validator().iter_errors(data)]
    assert errors == []


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(SCHEMA)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=record_sets(), data=st.data())
def test_generated_organisations_match_the_schema(records: RecordSet, data: st.DataObject) -> None:
    as_of = data.draw(as_of_dates(records))
    result = audit(records, POLICY, as_of=as_of)
    errors = [e.message for e in _validator().iter_errors(json.loads(result.to_json()))]
    assert errors == []


def test_the_schema_refuses_an_action_without_overdue_days() -> None:
    data = json.loads(run_audit("--format", "json").stdout)
    acting = next(f for f in data["findings"] if f["action"])
    del acting["action"]["overdue_days"]
    assert not _validator().is_valid(data)


@pytest.mark.parametrize(
    ("output_format", "lang", "wanted"),
    [
        ("table", "en", "by 2026-11-17 — 9 days overdue"),
        ("markdown", "en", "by 2026-11-17 — 9 days overdue"),
        ("junit", "en", "by 2026-11-17 — 9 days overdue"),
        ("table", "zh", "2026-11-17 前完成（已逾期 9 天）"),
        ("markdown", "zh", "2026-11-17 前完成（已逾期 9 天）"),
        ("junit", "zh", "2026-11-17 前完成（已逾期 9 天）"),
    ],
)
def test_every_human_format_says_how_overdue_an_action_is(
    output_format: str, lang: str, wanted: str
) -> None:
    result = run_audit("--rule", "PAY-ESCALATE-MANAGER", "--format", output_format, "--lang", lang)
    assert wanted in " ".join(result.stdout.split())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_report_carries_overdue_days_and_role_holders(lang: str) -> None:
    page = run_audit("--format", "html", "--lang", lang).stdout
    found = re.search(r'<script type="application/json" id="audit-data">(.*?)</script>', page)
    assert found is not None
    data = json.loads(found.group(1))
    acting = [row[8] for row in data["findings"] if row[8]]
    assert 9 in {action[3] for action in acting}  # RV-12's review, 9 days overdue
    assert any(owner[1].endswith(" (S-01)") for owner in data["owners"])  # any sales_manager


def test_the_csv_has_an_overdue_days_column() -> None:
    rows = list(csv.DictReader(io.StringIO(run_audit("--format", "csv").stdout)))
    escalate = next(r for r in rows if r["rule"] == "PAY-ESCALATE-MANAGER")
    assert escalate["action_overdue_days"] == "9"
    assert all(r["action_overdue_days"] == "" for r in rows if not r["action_code"])


def test_an_action_due_later_is_worded_without_lateness() -> None:
    rule = ("--rule", "PAY-ESCALATE-MANAGER")
    result = run_audit(*rule, "--as-of", "2026-11-10", "--format", "markdown")
    assert "overdue" not in result.stdout.replace("days overdue and needs", "")


def test_a_role_owner_names_who_holds_the_role(audited: AuditResult) -> None:
    plan = _finding(audited, "TRAINING-PLAN", "2026")
    assert plan.owner.staff_id is None
    assert plan.owner.role == "sales_manager"
    assert plan.owner.holders == ("S-01",)
    assert plan.action is not None
    assert plan.action.owner.holders == ("S-01",)
    data = json.loads(run_audit("--format", "json", "--rule", "TRAINING-PLAN").stdout)
    owner = data["findings"][0]["owner"]
    assert owner == {"staff_id": None, "role": "sales_manager", "holders": ["S-01"]}
    table = run_audit("--format", "markdown", "--rule", "TRAINING-PLAN").stdout
    assert "### any sales_manager (S-01)" in table


def test_a_role_holder_who_has_left_holds_it_no_more() -> None:
    loaded = load_records([COMPANY])
    manager = loaded.records.staff["S-01"]
    gone = dataclasses.replace(manager, left_on=AS_OF.replace(month=10))
    others = [r for r in loaded.records if r is not manager]
    result = audit(RecordSet([*others, gone]), POLICY, as_of=AS_OF)
    assert _finding(result, "TRAINING-PLAN", "2026").owner.holders == ()
    # Hired after the as-of date: not yet a holder either.
    later = dataclasses.replace(manager, hired_on=AS_OF.replace(day=27))
    result = audit(RecordSet([*others, later]), POLICY, as_of=AS_OF)
    assert _finding(result, "TRAINING-PLAN", "2026").owner.holders == ()


def test_owner_includes_the_actions_of_a_role_they_hold() -> None:
    data = json.loads(run_audit("--format", "json", "--owner", "S-01").stdout)
    assert "TRAINING-PLAN" in {f["rule"] for f in data["findings"]}
    # Someone who does not hold the role does not get it.
    data = json.loads(run_audit("--format", "json", "--owner", "S-05").stdout)
    assert "TRAINING-PLAN" not in {f["rule"] for f in data["findings"]}


def test_an_absent_training_plan_is_named_as_missing() -> None:
    # No plan at all for 2027: the evidence names the plan itself, not an empty list.
    data = json.loads(
        run_audit("--as-of", "2027-02-26", "--rule", "TRAINING-PLAN", "--format", "json").stdout
    )
    plan = next(f for f in data["findings"] if f["subject"]["id"] == "2027")
    assert plan["evidence"]["missing"] == ["training_plan"]
    assert plan["action"]["missing"] == ["training_plan"]
    # The 2026 plan exists but lacks its trainers: that is what is missing.
    plan = next(f for f in data["findings"] if f["subject"]["id"] == "2026")
    assert plan["evidence"]["missing"] == ["trainers"]


def test_an_open_action_names_its_subject() -> None:
    text = run_audit("--rule", "CUST-REVISIT", "--format", "markdown").stdout
    assert "Revisit customer CU-" in text
