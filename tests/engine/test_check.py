"""``Engine.check``: one record another system is about to save, judged with the records
it is given, and a result that says what was judged, so that nothing it could not judge
reads as compliance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from sales_policy import (
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Engine,
    FirstContact,
    MarketReport,
    Receivable,
    Role,
    SalesPlan,
    Staff,
    TrainingPlan,
    Visit,
)
from sales_policy.findings import CheckResult, Unresolved, UnresolvedReferenceError, compact
from sales_policy.policy import Policy

AS_OF = dt.date(2026, 11, 26)
REP = Staff(id="S-1", name="王伟", role=Role.SALES_REP, hired_on=dt.date(2025, 1, 1))
CUSTOMER = Customer(
    id="C-1", owner_id="S-1", created_on=dt.date(2026, 1, 5), status=CustomerStatus.ACTIVE
)
CONTRACT = Contract(
    id="K-1",
    customer_id="C-1",
    owner_id="S-1",
    status=ContractStatus.SIGNED,
    amount=Decimal("1000"),
    discount_pct=Decimal("8"),
    signed_on=dt.date(2026, 11, 20),
)
RECEIVABLE = Receivable(
    id="R-1", contract_id="K-1", amount_due=Decimal("1000"), due_on=dt.date(2026, 10, 1)
)
VISIT = Visit(
    id="A-1",
    staff_id="S-1",
    at=dt.date(2026, 11, 2),
    customer_id="C-1",
    procurement_process="tender",
    decision_mechanism="board",
    competitors="none",
    feedback="keen",
)


@pytest.fixture(scope="module")
def engine(pack: Policy) -> Engine:
    return Engine(pack)


def test_a_contract_is_judged_with_its_customer_and_owner(engine: Engine) -> None:
    result = engine.check(CONTRACT, [REP, CUSTOMER], as_of=AS_OF)
    assert result.judged
    assert {"CONTRACT-DISCOUNT", "CONTRACT-TERMS", "CONTRACT-REVIEW"} <= {
        f.rule for f in result.findings
    }
    assert all(f.subject.id == "K-1" for f in result.findings)
    assert {f.rule for f in result.findings} <= set(result.rules)
    assert "HANDOVER" in result.rules  # judged, and not yet due: no finding
    assert result.has_violations
    assert result.unresolved == ()


def test_a_missing_related_record_is_an_error_not_compliance(engine: Engine) -> None:
    with pytest.raises(UnresolvedReferenceError) as raised:
        engine.check(RECEIVABLE, [], as_of=AS_OF)
    assert raised.value.unresolved == (
        Unresolved("receivable", "R-1", "contract_id", "contract", "K-1"),
    )
    assert "unresolved-reference: receivable `R-1`, `contract_id`" in str(raised.value)
    with pytest.raises(UnresolvedReferenceError) as raised:
        engine.check(CONTRACT, [CUSTOMER], as_of=AS_OF)  # without its owner
    assert {(u.kind, u.field) for u in raised.value.unresolved} == {
        ("contract", "owner_id"),
        ("customer", "owner_id"),
    }


def test_references_of_related_records_are_followed(engine: Engine) -> None:
    """The owner's supervisor decides who may approve a discount: a rep whose supervisor
    is not given cannot be judged either."""
    managed = dataclasses.replace(REP, supervisor_id="S-9")
    with pytest.raises(UnresolvedReferenceError) as raised:
        engine.check(CONTRACT, [managed, CUSTOMER], as_of=AS_OF)
    assert raised.value.unresolved == (Unresolved("staff", "S-1", "supervisor_id", "staff", "S-9"),)


def test_not_strict_judges_what_it_can_and_lists_the_rest(engine: Engine) -> None:
    result = engine.check(RECEIVABLE, [], as_of=AS_OF, strict=False)
    assert result.judged
    assert result.unresolved == (Unresolved("receivable", "R-1", "contract_id", "contract", "K-1"),)


@pytest.mark.parametrize(
    "record",
    [
        MarketReport(
            id="M-1", author_id="S-1", period="2026-10", submitted_on=dt.date(2026, 11, 1)
        ),
        SalesPlan(id="P-1", staff_id="S-1", period="2026-Q4", submitted_on=dt.date(2026, 10, 1)),
        TrainingPlan(id="T-1", year=2026),
        FirstContact(
            id="A-9",
            staff_id="S-1",
            at=dt.date(2026, 1, 5),
            customer_id="C-1",
        ),
    ],
    ids=lambda r: r.kind,
)
def test_a_kind_no_rule_judges_alone_says_so(engine: Engine, record: object) -> None:
    result = engine.check(record, [REP, CUSTOMER], as_of=AS_OF)  # type: ignore[arg-type]
    assert not result.judged
    assert result.rules == ()
    assert result.findings == ()


def test_a_record_no_rule_is_about_yet_is_judged_and_owes_nothing(engine: Engine) -> None:
    draft = dataclasses.replace(CONTRACT, status=ContractStatus.DRAFT)
    result = engine.check(draft, [REP, CUSTOMER], as_of=AS_OF)
    assert (result.judged, result.rules, result.findings) == (True, (), ())


def test_a_visit_keeps_the_fields_of_its_type(engine: Engine) -> None:
    result = engine.check(VISIT, [REP, CUSTOMER], as_of=AS_OF)
    assert "VISIT-RECORD" in result.rules
    assert all(f.rule != "VISIT-RECORD" for f in result.findings)
    thin = dataclasses.replace(VISIT, feedback=None)
    [finding] = [
        f
        for f in engine.check(thin, [REP, CUSTOMER], as_of=AS_OF).findings
        if f.rule == "VISIT-RECORD"
    ]
    assert finding.evidence["missing"] == ["feedback"]


def test_an_edited_record_replaces_its_earlier_version(engine: Engine) -> None:
    """Whatever changed, the type of an activity included: the record checked is judged,
    never the version in the context."""
    thin = dataclasses.replace(VISIT, feedback=None)
    result = engine.check(thin, [REP, CUSTOMER, VISIT], as_of=AS_OF)
    assert "VISIT-RECORD" in {f.rule for f in result.findings}
    earlier = FirstContact(
        id="A-1",
        staff_id="S-1",
        at=dt.date(2026, 1, 5),
        customer_id="C-1",
    )
    result = engine.check(VISIT, [REP, CUSTOMER, earlier], as_of=AS_OF)
    assert "VISIT-RECORD" in result.rules
    signed_later = dataclasses.replace(CONTRACT, discount_pct=Decimal(0))
    result = engine.check(signed_later, [REP, CUSTOMER, CONTRACT], as_of=AS_OF)
    assert "CONTRACT-DISCOUNT" not in {f.rule for f in result.findings}


def test_the_result_as_data_is_plain_json(engine: Engine) -> None:
    result = engine.check(CONTRACT, [REP, CUSTOMER], as_of=AS_OF)
    data = result.to_data()
    assert json.loads(compact(data)) == data
    assert data["subject"] == {"type": "contract", "id": "K-1"}
    assert data["findings"] == [f.to_data() for f in result.findings]
    assert isinstance(result, CheckResult)
