"""``sales_policy.testing``: what each strategy promises, its errors, and its surface."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from sales_policy import testing
from sales_policy.engine import Engine
from sales_policy.policy import Policy, load_policy
from sales_policy.records import ActivityType, ContractStatus, RecordSet, load_records
from sales_policy.records.models import ACTIVITY_MODELS, KIND_TO_COLLECTION, BaseRecord
from sales_policy.testing import (
    DEFAULT_START,
    OUTCOMES,
    Outcome,
    UnsupportedRuleError,
    activities,
    as_of_dates,
    contracts,
    customers,
    for_rule,
    market_reports,
    receivables,
    record_sets,
    sales_plans,
    staff_members,
    supported_rules,
    training_plans,
    write_records,
)

ROOT = Path(__file__).resolve().parents[2]
PACK = load_policy(ROOT / "policies" / "sales-staff")
ENGINE = Engine(PACK)
AS_OF = dt.date(2026, 6, 30)

PUBLIC = {
    "DEFAULT_END",
    "DEFAULT_START",
    "OUTCOMES",
    "TEXTS",
    "Outcome",
    "RuleCase",
    "UnsupportedRuleError",
    "activities",
    "as_of_dates",
    "completing",
    "contracts",
    "customers",
    "for_rule",
    "market_reports",
    "receivables",
    "record_sets",
    "sales_plans",
    "staff_members",
    "supported_rules",
    "training_plans",
    "write_records",
}


def test_public_names_are_exactly_these() -> None:
    assert set(testing.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(testing, name)


def test_the_package_does_not_import_hypothesis() -> None:
    code = (
        "import sys, sales_policy, sales_policy.engine, sales_policy.cli, sales_policy.policytest;"
        "sys.exit('hypothesis' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- one record type at a time ---------------------------------------------------------


@st.composite
def one_of_each(draw: st.DrawFn) -> list[BaseRecord]:
    """A record of every type and an activity of every type, each referring to the ones
    drawn before it, with no event after ``AS_OF``."""
    boss = draw(staff_members(id="S1", as_of=AS_OF))
    rep = draw(staff_members(id="S2", supervisor=boss, as_of=AS_OF))
    rep = dataclasses.replace(rep, hired_on=dt.date(2025, 1, 1), left_on=None)  # reports due
    customer = draw(customers(rep, as_of=AS_OF))
    signed = ContractStatus.SIGNED
    contract = draw(contracts(customer, rep, approvers=[boss], status=signed, as_of=AS_OF))
    receivable = draw(receivables(contract, start=contract.signed_on or AS_OF, as_of=AS_OF))
    found: list[BaseRecord] = [boss, rep, customer, contract, receivable]
    about = {"customer": customer, "contract": contract, "receivable": receivable}
    issue = None
    for number, kind in enumerate(ActivityType, start=1):
        needs = ACTIVITY_MODELS[kind].needs_reference[0].removesuffix("_id")
        refs = {"issue": issue} if kind is ActivityType.ISSUE_RESOLVED else {needs: about[needs]}
        after = contract.signed_on
        activity = draw(
            activities(kind, staff=rep, id=f"A{number}", after=after, **refs, as_of=AS_OF)
        )
        issue = activity if kind is ActivityType.ISSUE_REPORTED else issue
        found.append(activity)
    found.append(draw(market_reports(rep, start=dt.date(2026, 1, 1), as_of=AS_OF)))
    found.append(draw(sales_plans(rep, as_of=AS_OF)))
    found.append(draw(training_plans(as_of=AS_OF)))
    return found


@settings(deadline=None)
@given(records=one_of_each())
def test_every_record_type_loads_with_its_references(records: list[BaseRecord]) -> None:
    by_kind = {r.kind: r for r in records if r.kind != "activity"}
    assert set(by_kind) == {
        "staff",
        "customer",
        "contract",
        "receivable",
        "market_report",
        "sales_plan",
        "training_plan",
    }
    customer, contract = by_kind["customer"], by_kind["contract"]
    assert contract.signed_on >= customer.created_on  # type: ignore[attr-defined]
    for record in records:
        if record.kind == "activity":
            assert contract.signed_on <= record.at <= AS_OF  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_records([write_records(records, Path(folder) / "all.jsonl")])
    assert loaded.rejected == ()
    assert len(loaded.records) == len(records)


def test_a_strategy_refuses_a_range_with_no_day_in_it() -> None:
    person = find(staff_members(), lambda s: True)
    late = dataclasses.replace(person, hired_on=dt.date(2027, 5, 1))
    with pytest.raises(ValueError, match="no day `S1` works on between 2027-05-01 and 2026-12-31"):
        customers(late)
    with pytest.raises(ValueError, match="needs `receivable`"):
        activities("collection_call", staff=person)


# -- whole organisations ---------------------------------------------------------------


@settings(deadline=None)
@given(records=record_sets(as_of=AS_OF))
def test_no_event_is_after_the_as_of_date(records: RecordSet) -> None:
    events = [a.at for a in records.activities.values()]
    events += [p.paid_on for r in records.receivables.values() for p in r.payments]
    events += [c.signed_on for c in records.contracts.values() if c.signed_on]
    events += [c.created_on for c in records.customers.values()]
    events += [s.hired_on for s in records.staff.values()]
    events += [m.submitted_on for m in records.market_reports.values()]
    events += [p.submitted_on for p in records.sales_plans.values()]
    assert all(day <= AS_OF for day in events)


@settings(deadline=None)
@given(records=record_sets())
def test_organisations_hang_together(records: RecordSet) -> None:
    """Every reference resolves, everyone's chain ends at someone with no supervisor, and a
    customer with a signed contract is active."""
    for person in records.staff.values():
        assert person.supervisor_id is None or person.supervisor_id in records.staff
    for contract in records.contracts.values():
        if contract.status is ContractStatus.SIGNED:
            assert records.customers[contract.customer_id].status.value == "active"
    for activity in records.activities.values():
        assert records.customer_of(activity) in records.customers


def test_a_failing_organisation_shrinks_to_the_records_it_needs() -> None:
    found = find(record_sets(), lambda r: len(r.contracts) > 0, random=random.Random(0))
    kinds = [record.kind for record in found]
    assert kinds.count("customer") == kinds.count("contract") == 1
    assert set(kinds) == {"staff", "customer", "contract"}
    assert kinds.count("staff") <= 2  # the owner, and at times the one they report to


@settings(deadline=None)
@given(data=st.data())
def test_as_of_dates_land_near_the_records(data: st.DataObject) -> None:
    records = data.draw(record_sets())
    day = data.draw(as_of_dates(records, after=30))
    # Never before the policy takes effect: there, an audit's period would be empty.
    assert day >= DEFAULT_START
    near = any(-1 <= (day - on).days <= 30 for on in _dates(list(records)))
    assert day == DEFAULT_START or near


def _dates(value: object) -> set[dt.date]:
    if isinstance(value, dt.date):
        return {value}
    if isinstance(value, list | tuple):
        return {d for item in value for d in _dates(item)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {d for f in dataclasses.fields(value) for d in _dates(getattr(value, f.name))}
    return set()


def test_write_records_refuses_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown record file format `\.csv`"):
        write_records([], tmp_path / "records.csv")


# -- aimed at one rule ---------------------------------------------------------------------


UNSUPPORTED = {
    "CUST-FILE": "it is completed by `complete`, not by an activity",
    "PAY-RECONCILE": "it is completed by `field`, not by an activity",
    "PAY-ESCALATE-MANAGER": "it is completed by `never`, not by an activity",
    "STAFF-LEFT-CUSTOMERS": "it is completed by `never`, not by an activity",
    "SALES-PLAN": "it is a duty for each calendar period",
    "MARKET-REPORT": "it is a duty for each calendar period",
    "TRAINING-PLAN": "it is a duty for each calendar period",
    "CONTRACT-DISCOUNT": "its `when` tests `compare: ['discount_pct', '>', "
    "'discount_limits[owner.role]']`",
    "PAY-DOCUMENTS": "it checks a receivable; checks of a contract or an activity are",
}
"""The pack's rules ``for_rule`` cannot draw for, and why; every other rule it can."""
CHECKS: tuple[Outcome, ...] = ("comply", "violation")


def _outcomes(rule_id: str) -> tuple[Outcome, ...]:
    return CHECKS if PACK.rule(rule_id).check else OUTCOMES


def _cases() -> list[tuple[str, Outcome]]:
    return [(r, o) for r in supported_rules(PACK) for o in _outcomes(r)]


def test_every_rule_of_the_pack_is_supported_or_says_why() -> None:
    ids = sorted(rule.id for rule in PACK.rules)
    assert supported_rules(PACK) == tuple(i for i in ids if i not in UNSUPPORTED)
    shapes = {
        ("check" if r.check else "cycle" if r.cycle else "duty")
        for r in PACK.rules
        if r.id in supported_rules(PACK)
    }
    assert shapes == {"check", "cycle", "duty"}
    for rule_id, why in UNSUPPORTED.items():
        with pytest.raises(UnsupportedRuleError) as error:
            for_rule(PACK, rule_id, "violation")
        assert why in str(error.value)


@pytest.mark.parametrize(("rule_id", "outcome"), _cases())
@settings(deadline=None, max_examples=25)
@given(data=st.data())
def test_each_case_comes_out_as_drawn(rule_id: str, outcome: Outcome, data: st.DataObject) -> None:
    case = data.draw(for_rule(PACK, rule_id, outcome))
    result = ENGINE.audit(case.records, as_of=case.as_of, include_pass=True)
    finding = case.finding(result)
    assert finding is not None
    assert finding.status == case.status
    others = [f for f in result.findings if f.rule == rule_id and f.status != "pass"]
    assert others == ([] if outcome == "comply" else [finding])
    if outcome == "late":
        assert finding.evidence["done_on"] > finding.evidence["deadline"]
    if outcome == "action_required":
        assert finding.action is not None
        assert finding.action.due_on == finding.evidence["deadline"]


@pytest.mark.parametrize(("rule_id", "outcome"), _cases())
@settings(deadline=None, max_examples=5)
@given(data=st.data())
def test_a_check_of_the_subject_finds_what_the_audit_finds(
    rule_id: str, outcome: Outcome, data: st.DataObject
) -> None:
    case = data.draw(for_rule(PACK, rule_id, outcome))
    subject = getattr(case.records, KIND_TO_COLLECTION[case.subject.type])[case.subject.id]
    checked = ENGINE.check(subject, case.records, as_of=case.as_of)
    assert rule_id in checked.rules
    assert case.finding(checked) == case.finding(ENGINE.audit(case.records, as_of=case.as_of))


@pytest.mark.parametrize(
    ("outcome", "edge"),
    [
        ("violation", lambda c, f: c.as_of == f.evidence["deadline"] + dt.timedelta(days=1)),
        ("action_required", lambda c, f: c.as_of == f.evidence["trigger"]),
        ("late", lambda c, f: f.evidence["done_on"] == f.evidence["deadline"] + dt.timedelta(1)),
    ],
)
def test_cases_shrink_to_the_edge_of_the_window(outcome: Outcome, edge: object) -> None:
    case = find(for_rule(PACK, "PAY-NOTICE", outcome), lambda c: True)
    finding = case.finding(ENGINE.audit(case.records, as_of=case.as_of))
    assert finding is not None
    assert edge(case, finding)  # type: ignore[operator]


def test_parts_can_be_picked() -> None:
    case = find(for_rule(PACK, "PAY-ESCALATION", "violation", part="collection_email"), bool)
    assert case.part == "collection_email"
    with pytest.raises(ValueError, match="did you mean `collection_call`"):
        for_rule(PACK, "PAY-ESCALATION", "late", part="collection_cal")


def test_an_unknown_rule_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ValueError, match="no rule `PAY-NOTCE` in `sales-staff`, did you mean"):
        for_rule(PACK, "PAY-NOTCE", "late")


@pytest.mark.parametrize(
    ("rule_id", "why"),
    [
        ("CUST-FILE", "it is completed by `complete`, not by an activity"),
        ("PAY-RECONCILE", "it is completed by `field`, not by an activity"),
        ("PAY-ESCALATE-MANAGER", "it is completed by `never`, not by an activity"),
        ("STAFF-LEFT-CUSTOMERS", "it is completed by `never`, not by an activity"),
        ("SALES-PLAN", "it is a duty for each calendar period"),
        ("CONTRACT-DISCOUNT", "its `when` tests"),
    ],
)
def test_an_unsupported_rule_says_why(rule_id: str, why: str) -> None:
    with pytest.raises(UnsupportedRuleError) as error:
        for_rule(PACK, rule_id, "violation")
    assert why in str(error.value)
    assert "supported in `sales-staff`: AFTER-SALES-FOLLOW-UP, " in str(error.value)


def test_a_duty_that_stays_open_is_never_a_violation() -> None:
    rule = PACK.rule("PAY-NOTICE")
    assert rule.duty is not None
    opened = rule.model_copy(
        update={"duty": rule.duty.model_copy(update={"overdue": "action_required"})}
    )
    policy: Policy = dataclasses.replace(
        PACK, rules=tuple(opened if r.id == rule.id else r for r in PACK.rules)
    )
    with pytest.raises(ValueError, match="never a violation"):
        for_rule(policy, "PAY-NOTICE", "violation")
    assert for_rule(policy, "PAY-NOTICE", "late") is not None


MANAGER_TOLD = """\
overlay: acme
extends: sales-staff
declare:
  manager_notice_days: {type: days, default: 5, description: Working days to tell the manager.}
rules:
  - id: ACME-MANAGER-TOLD
    clause: "§3.3.2.c"
    severity: high
    title: {zh: 告知经理, en: The manager is told}
    subject: receivable
    duty:
      trigger: due_on + 60
      deadline: trigger + manager_notice_days working_days
      owed_if: [{unpaid_at_end_of: trigger}]
      done:
        activity: overdue_cause
        where: [{is: {staff.role: ROLE}}]
    message: {zh: 甲, en: A}
    action: {code: tell_the_manager, text: {zh: 甲, en: A}}
"""


def _overlaid(tmp_path: Path, role: str) -> tuple[Policy, Engine]:
    path = tmp_path / f"{role}.yaml"
    path.write_text(MANAGER_TOLD.replace("ROLE", role), encoding="utf-8")
    policy = load_policy(ROOT / "policies" / "sales-staff", [path])
    return policy, Engine(policy)


@pytest.mark.parametrize("role", ["sales_manager", "sales_rep"])
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_a_completion_done_by_a_role_is_drawn_by_that_role(
    tmp_path: Path, role: str, outcome: Outcome
) -> None:
    """`staff.role` in the completion's `where`: the comply cases are done by someone of
    that role (a rep's would not count), and a rep's look-alike never does."""
    policy, engine = _overlaid(tmp_path, role)

    @settings(deadline=None, max_examples=15)
    @given(data=st.data())
    def comes_out_as_drawn(data: st.DataObject) -> None:
        case = data.draw(for_rule(policy, "ACME-MANAGER-TOLD", outcome))
        finding = case.finding(engine.audit(case.records, as_of=case.as_of, include_pass=True))
        assert finding is not None
        assert finding.status == case.status

    comes_out_as_drawn()


def test_a_navigation_the_strategies_cannot_honour_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    text = MANAGER_TOLD.replace("{staff.role: ROLE}", "{staff.supervisor.role: sales_manager}")
    path.write_text(text, encoding="utf-8")
    policy = load_policy(ROOT / "policies" / "sales-staff", [path])
    with pytest.raises(UnsupportedRuleError, match=r"`staff\.supervisor\.role`, a navigation"):
        for_rule(policy, "ACME-MANAGER-TOLD", "comply")


def _first_up(records: RecordSet, staff_id: str | None, role: str) -> str | None:
    """The first staff member of ``role`` up the chain from ``staff_id``: a restatement."""
    while staff_id is not None:
        member = records.staff[staff_id]
        if member.role.value == role:
            return staff_id
        staff_id = member.supervisor_id
    return None


def test_supervisor_chains_are_drawn_so_first_up_owners_are_exercised(tmp_path: Path) -> None:
    text = MANAGER_TOLD.replace("ROLE", "sales_manager").replace(
        "action: {code: tell_the_manager,",
        "action: {owner: {staff: owner.supervisor, first_up: sales_manager},"
        " code: tell_the_manager,",
    )
    path = tmp_path / "first-up.yaml"
    path.write_text(text, encoding="utf-8")
    policy = load_policy(ROOT / "policies" / "sales-staff", [path])
    engine = Engine(policy)
    seen: set[str | None] = set()

    @settings(deadline=None, max_examples=40)
    @given(data=st.data())
    def owned_up_the_chain(data: st.DataObject) -> None:
        case = data.draw(for_rule(policy, "ACME-MANAGER-TOLD", "violation"))
        finding = case.finding(engine.audit(case.records, as_of=case.as_of))
        assert finding is not None
        assert finding.action is not None
        start = case.records.staff["S1"].supervisor_id
        wanted = _first_up(case.records, start, "sales_manager")
        assert finding.action.owner.staff_id == wanted
        seen.add(wanted)

    owned_up_the_chain()
    assert None in seen, seen  # no manager up the chain: the role, nobody in particular
    assert len(seen) > 1, seen


ALTERNATIVES = """\
overlay: acme
extends: sales-staff
rules:
  - id: ACME-MET
    clause: "§2.2.a"
    severity: medium
    title: {zh: 见面, en: Met}
    subject: customer
    duty:
      trigger: created_on
      deadline: trigger + 20
      done: {activity: [visit, revisit]}
    message: {zh: 甲, en: A}
  - id: ACME-KEPT-UP
    clause: "§2.2.b"
    severity: medium
    title: {zh: 保持联系, en: Kept up}
    subject: customer
    where: [{is: {status: active}}]
    cycle:
      starts_on: first_signed_on
      restarts_on: {activity: [revisit, visit]}
      length: "40"
      notice: "5"
    message: {zh: 甲, en: A}
"""


@pytest.mark.parametrize("rule_id", ["ACME-MET", "ACME-KEPT-UP"])
def test_a_completion_of_several_types_is_drawn_of_each(tmp_path: Path, rule_id: str) -> None:
    path = tmp_path / "alternatives.yaml"
    path.write_text(ALTERNATIVES, encoding="utf-8")
    policy = load_policy(ROOT / "policies" / "sales-staff", [path])
    engine = Engine(policy)
    assert rule_id in supported_rules(policy)
    seen: set[str] = set()

    @settings(deadline=None, max_examples=30)
    @given(data=st.data())
    def done_by_either(data: st.DataObject) -> None:
        case = data.draw(for_rule(policy, rule_id, data.draw(st.sampled_from(OUTCOMES))))
        finding = case.finding(engine.audit(case.records, as_of=case.as_of, include_pass=True))
        assert finding is not None
        assert finding.status == case.status
        seen.update(a.type.value for a in case.records.activities.values())

    done_by_either()
    assert {"visit", "revisit"} <= seen, seen
