"""The record set's indexes, built by hand (no loader): by id, and activities by the
customer, contract and receivable they are about, by type, in date order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sales_policy import load_records
from sales_policy.records import (
    ACTIVITY_MODELS,
    ActivityBase,
    ActivityType,
    Contract,
    Customer,
    MarketReport,
    Receivable,
    RecordSet,
    SalesPlan,
    Staff,
    TrainingPlan,
)
from sales_policy.records.models import RECORD_MODELS, parse

EXAMPLES = Path(__file__).parents[2] / "examples" / "company"


def activity(record_id: str, kind: str, at: str, **fields: Any) -> ActivityBase:
    return parse(
        ACTIVITY_MODELS[ActivityType(kind)],
        {"id": record_id, "type": kind, "staff_id": "S1", "at": at, **fields},
    )


def staff(record_id: str, supervisor_id: str | None = None) -> Staff:
    return parse(
        Staff,
        {
            "id": record_id,
            "name": record_id,
            "role": "sales_rep",
            "supervisor_id": supervisor_id,
            "hired_on": "2026-01-05",
        },
    )


def customer(record_id: str) -> Customer:
    return parse(
        Customer,
        {"id": record_id, "owner_id": "S1", "created_on": "2026-01-05", "status": "active"},
    )


def contract(record_id: str, customer_id: str) -> Contract:
    return parse(
        Contract,
        {
            "id": record_id,
            "customer_id": customer_id,
            "owner_id": "S1",
            "status": "draft",
            "amount": "1000",
        },
    )


def receivable(record_id: str, contract_id: str) -> Receivable:
    return parse(
        Receivable,
        {"id": record_id, "contract_id": contract_id, "amount_due": "500", "due_on": "2026-04-01"},
    )


BASE = [
    staff("S1"),
    staff("S3", supervisor_id="S1"),
    staff("S2", supervisor_id="S1"),
    customer("C1"),
    customer("C2"),
    contract("K2", "C1"),
    contract("K1", "C1"),
    contract("K3", "C2"),
    receivable("R2", "K1"),
    receivable("R1", "K1"),
]


@pytest.fixture
def records() -> RecordSet:
    return RecordSet(
        [
            *BASE,
            activity("A3", "visit", "2026-02-10", customer_id="C1"),
            activity("A1", "visit", "2026-02-10", customer_id="C1"),
            activity("A2", "visit", "2026-02-01T20:00:00-05:00", customer_id="C1"),  # Feb 2nd
            activity("A0", "visit", "2026-02-03", customer_id="C2"),
            activity("H1", "handover", "2026-03-06", contract_id="K1"),
            activity("L1", "collection_call", "2026-04-05", receivable_id="R1"),
            activity("V1", "revisit", "2026-08-01", contract_id="K3"),
            # Its own customer_id wins over the one its contract would give.
            activity("V2", "revisit", "2026-08-02", customer_id="C2", contract_id="K1"),
        ]
    )


def ids(found: Any) -> list[str]:
    return [record.id for record in found]


def test_activities_of_a_type_about_a_customer_by_date_then_id(records: RecordSet) -> None:
    assert ids(records.activities_about("customer", "C1", ActivityType.VISIT)) == [
        "A2",
        "A1",
        "A3",
    ]
    assert ids(records.activities_about("customer", "C2", ActivityType.VISIT)) == ["A0"]
    assert ids(records.activities_about("customer", "C1", ActivityType.HANDOVER)) == ["H1"]


def test_activities_of_a_type_by_date_then_id(records: RecordSet) -> None:
    assert ids(records.activities_of_type(ActivityType.VISIT)) == ["A2", "A0", "A1", "A3"]
    assert ids(records.activities_of_type(ActivityType.REVISIT)) == ["V1", "V2"]
    assert records.activities_of_type(ActivityType.SHIPPED) == ()


def test_the_customer_of_an_activity_follows_from_its_contract_or_receivable(
    records: RecordSet,
) -> None:
    call = records.activities["L1"]
    assert (records.contract_of(call), records.customer_of(call)) == ("K1", "C1")
    for subject, subject_id in (("receivable", "R1"), ("contract", "K1"), ("customer", "C1")):
        found = records.activities_about(subject, subject_id, ActivityType.COLLECTION_CALL)
        assert ids(found) == ["L1"], subject
    assert ids(records.activities_about("contract", "K1", ActivityType.HANDOVER)) == ["H1"]
    assert ids(records.activities_about("customer", "C2", ActivityType.REVISIT)) == ["V1", "V2"]
    assert ids(records.activities_about("contract", "K1", ActivityType.REVISIT)) == ["V2"]
    assert records.activities_about("customer", "C1", ActivityType.REVISIT) == ()


def test_an_activity_is_about_nothing_it_does_not_reach(records: RecordSet) -> None:
    visit = records.activities["A1"]
    assert (records.contract_of(visit), records.customer_of(visit)) == (None, "C1")
    assert records.activities_about("receivable", "R2", ActivityType.COLLECTION_CALL) == ()
    assert records.activities_about("contract", "K9", ActivityType.HANDOVER) == ()
    assert records.activities_about("customer", "C1", ActivityType.COLLECTION_EMAIL) == ()


def test_references_that_do_not_resolve_find_nothing() -> None:
    records = RecordSet(
        [
            activity("L1", "collection_call", "2026-04-05", receivable_id="R9"),
            activity("H1", "handover", "2026-03-06", contract_id="K9"),
        ]
    )
    assert records.contract_of(records.activities["L1"]) is None
    assert records.customer_of(records.activities["H1"]) is None
    assert ids(records.activities_about("receivable", "R9", ActivityType.COLLECTION_CALL)) == ["L1"]
    assert ids(records.activities_about("contract", "K9", ActivityType.HANDOVER)) == ["H1"]


def test_related_records_sorted_by_id(records: RecordSet) -> None:
    assert ids(records.contracts_of("C1")) == ["K1", "K2"]
    assert ids(records.receivables_of("K1")) == ["R1", "R2"]
    assert ids(records.subordinates_of("S1")) == ["S2", "S3"]
    assert records.contracts_of("C9") == ()
    assert records.subordinates_of("S2") == ()


def test_by_id_counts_and_iteration(records: RecordSet) -> None:
    assert records.contracts["K3"].customer_id == "C2"
    assert records.counts() == {
        "staff": 3,
        "customer": 2,
        "contract": 3,
        "receivable": 2,
        "activity": 8,
        "market_report": 0,
        "sales_plan": 0,
        "training_plan": 0,
    }
    assert len(records) == 18
    assert len(list(records)) == 18
    assert ids(list(records)[:3]) == ["S1", "S3", "S2"]  # collections in order, records as given


def test_every_record_type_has_its_collection() -> None:
    records = RecordSet(
        [
            parse(
                MarketReport,
                {"id": "M1", "author_id": "S1", "period": "2026-10", "submitted_on": "2026-11-02"},
            ),
            parse(
                SalesPlan,
                {"id": "P1", "staff_id": "S1", "period": "2026-Q4", "submitted_on": "2026-09-25"},
            ),
            parse(TrainingPlan, {"id": "T1", "year": 2026}),
        ]
    )
    assert (list(records.market_reports), list(records.sales_plans)) == (["M1"], ["P1"])
    assert list(records.training_plans) == ["T1"]


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate contract id `K1`"):
        RecordSet([contract("K1", "C1"), contract("K1", "C2")])
    with pytest.raises(ValueError, match="duplicate activity id `A1`"):
        RecordSet(
            [
                activity("A1", "visit", "2026-02-10", customer_id="C1"),
                activity("A1", "handover", "2026-03-06", contract_id="K1"),
            ]
        )


def test_an_id_is_unique_per_collection_only() -> None:
    records = RecordSet([staff("X1"), customer("X1"), contract("X1", "X1")])
    assert len(records) == 3
    assert ids(records.contracts_of("X1")) == ["X1"]


def test_an_empty_set() -> None:
    records = RecordSet()
    assert len(records) == 0
    assert records.activities_about("customer", "C1", ActivityType.VISIT) == ()


def test_the_loaded_set_is_the_set_of_its_records() -> None:
    """The loader builds its set from what resolution keyed by id; it is the set made of
    the same records in the same order, index for index."""
    loaded = load_records([EXAMPLES]).records
    made = RecordSet(list(loaded))
    assert list(loaded) == list(made)
    for collection in RECORD_MODELS:
        assert list(getattr(loaded, collection)) == list(getattr(made, collection))
    for customer in loaded.customers:
        for kind in ActivityType:
            assert loaded.activities_about("customer", customer, kind) == made.activities_about(
                "customer", customer, kind
            )
        assert loaded.contracts_of(customer) == made.contracts_of(customer)
