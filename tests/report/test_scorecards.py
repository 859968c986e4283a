"""Scorecards: ``summary.by_owner`` and ``summary.by_team`` of the audit result, their
compliance rates, and the result's JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import jsonschema
import pytest

from sales_policy.engine import Engine
from sales_policy.findings import Action, AuditResult, Finding, Owner, Subject, Text
from sales_policy.policy import load_policy
from sales_policy.records import LoadResult
from sales_policy.scorecards import Person, scorecards, worst_first

from .conftest import AS_OF, ROOT, run_audit

SCHEMA = json.loads((ROOT / "schemas" / "audit-result.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("extra", [(), ("--all",), ("--rule", "PAY-NOTICE", "--owner", "S-05")])
def test_the_json_result_matches_its_schema(extra: tuple[str, ...]) -> None:
    result = run_audit("--format", "json", *extra)
    data = json.loads(result.stdout)
    errors = [
        f"{e.json_path}: {e.message}"
        for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)
    ]
    assert errors == []
    fixed = ["violation", "action_required", "waived", "pass", "by_rule"]
    assert list(data["summary"])[:5] == fixed


def test_compliance_counts_the_passes_whether_listed_or_not(company: LoadResult) -> None:
    engine = Engine(load_policy(ROOT / "policies" / "sales-staff"))
    listed = engine.audit(company, as_of=AS_OF, include_pass=True)
    unlisted = engine.audit(company, as_of=AS_OF)
    for name in ("by_owner", "by_team"):
        for key, card in listed.summary[name].items():
            other = unlisted.summary[name][key]
            assert card["by_rule"] == other["by_rule"]
            assert card["compliance"] == other["compliance"]
    # The judged counts are exactly the findings of the audit with every pass listed.
    judged = Counter((f.owner.staff_id or f"role:{f.owner.role}", f.rule) for f in listed.findings)
    passed = Counter(
        (f.owner.staff_id or f"role:{f.owner.role}", f.rule)
        for f in listed.findings
        if f.status == "pass"
    )
    for key, card in unlisted.summary["by_owner"].items():
        for rule, counts in card["by_rule"].items():
            assert counts["judged"] == judged[key, rule]
            assert counts["passed"] == passed[key, rule]
            assert counts["compliance"] == round(passed[key, rule] / judged[key, rule], 4)


def test_a_team_is_its_lead_and_everyone_under_them(audited: AuditResult) -> None:
    by_owner, by_team = audited.summary["by_owner"], audited.summary["by_team"]
    people = audited.people

    def under(lead: str, key: str) -> bool:
        seen: set[str] = set()
        person: str | None = key
        while person is not None and person in people and person not in seen:
            if person == lead:
                return True
            seen.add(person)
            person = people[person].supervisor_id
        return False

    assert by_team
    for lead, team in by_team.items():
        members = [key for key in by_owner if under(lead, key)]
        assert team["members"] == len(members)
        for field in ("violation", "action_required", "open_actions", "overdue_actions", "judged"):
            assert team[field] == sum(by_owner[key][field] for key in members), (lead, field)
        assert team["name"] == people[lead].name


def test_cards_name_the_person_and_count_open_and_overdue_actions(audited: AuditResult) -> None:
    card = audited.summary["by_owner"]["S-07"]
    person = audited.people["S-07"]
    assert (card["name"], card["role"], card["supervisor"]) == (
        person.name,
        person.role,
        person.supervisor_id,
    )
    mine = [f for f in audited.findings if f.owner.staff_id == "S-07"]
    acting = [f for f in mine if f.action and f.status in ("violation", "action_required")]
    assert card["open_actions"] == len(acting)
    assert card["overdue_actions"] == sum(1 for f in acting if f.action and f.action.overdue_days)
    assert card["open_actions"] > 0


def test_overdue_days_count_from_the_due_date(audited: AuditResult) -> None:
    actions = [f.action for f in audited.findings if f.action and f.action.due_on]
    assert any(a.overdue_days for a in actions)
    for action in actions:
        assert action.due_on is not None
        assert action.overdue_days == max((AS_OF - action.due_on).days, 0)


def _finding(owner: str, status: str, due: dt.date | None = None) -> Finding:
    action = None
    if due is not None:
        action = Action("act", due, Owner(owner, "sales_rep"), Text("做", "do"))
    return Finding(
        rule="R",
        clause="§1",
        status=status,  # type: ignore[arg-type]
        severity="high",
        subject=Subject("customer", f"CU-{owner}-{status}"),
        part=None,
        owner=Owner(owner, "sales_rep"),
        message=Text("", ""),
        evidence={},
        action=action,
    )


def test_a_loop_in_the_supervisor_chain_ends_the_walk() -> None:
    people = {
        "A": Person("a", "sales_supervisor", "B"),
        "B": Person("b", "sales_supervisor", "A"),
        "C": Person("c", "sales_rep", "A"),
    }
    judged = [((Owner("C", "sales_rep"), "R"), (2, 1))]
    by_owner, by_team = scorecards(
        [_finding("C", "violation", dt.date(2026, 1, 1))], judged, people, dt.date(2026, 1, 5)
    )
    assert by_owner["C"]["overdue_actions"] == 1
    assert by_owner["C"]["compliance"] == 0.5
    assert sorted(by_team) == ["A", "B"]
    assert by_team["A"]["members"] == by_team["B"]["members"] == 1


def test_worst_first_puts_violations_then_overdue_actions_first() -> None:
    people = {key: Person(key, "sales_rep", None) for key in "ABC"}
    findings = [
        _finding("A", "action_required", dt.date(2026, 1, 10)),
        _finding("B", "violation"),
        _finding("C", "action_required", dt.date(2026, 1, 1)),
    ]
    by_owner, _ = scorecards(findings, [], people, dt.date(2026, 1, 5))
    assert worst_first(by_owner) == ["B", "C", "A"]


def test_filters_narrow_the_scorecards_to_the_rules_and_owners_asked() -> None:
    data = json.loads(run_audit("--format", "json", "--rule", "PAY-NOTICE").stdout)
    for card in data["summary"]["by_owner"].values():
        assert set(card["by_rule"]) <= {"PAY-NOTICE"}
    data = json.loads(run_audit("--format", "json", "--owner", "S-05").stdout)
    assert set(data["summary"]["by_owner"]) == {"S-05"}
