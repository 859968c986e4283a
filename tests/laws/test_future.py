"""Law: the future is invisible. Records dated after the as-of date, and facts of
existing records dated after it (a later payment, reconciliation, write-off, review or
departure), change nothing in an audit as of that date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.findings import AuditResult
from sales_policy.records import RecordSet
from sales_policy.records.models import (
    ACTIVITY_MODELS,
    ActivityType,
    BaseRecord,
    Contract,
    ContractStatus,
    Payment,
    Receivable,
    Role,
    Staff,
    TrainingPlan,
)
from sales_policy.testing import (
    activities,
    contracts,
    customers,
    market_reports,
    record_sets,
    sales_plans,
)

_DAY = dt.timedelta(days=1)
Keyed = Callable[[AuditResult], dict[str, Any]]
"""The ``keyed`` fixture: an audit's findings by ``RULE type/id part``."""
KINDS = ("activity", "customer", "contract", "staff", "market_report", "sales_plan", "training")


@st.composite
def audited(draw: st.DrawFn) -> tuple[RecordSet, dt.date]:
    """An organisation as of a day, and that day."""
    as_of = draw(st.dates(dt.date(2026, 2, 1), dt.date(2026, 12, 31)), label="as_of")
    return draw(record_sets(as_of=as_of), label="records"), as_of


@st.composite
def later_records(draw: st.DrawFn, records: RecordSet, as_of: dt.date) -> list[BaseRecord]:
    """New records every date of which is after ``as_of``, referring to ``records``."""
    dates: dict[str, Any] = {"start": as_of + _DAY, "end": as_of + 90 * _DAY}
    day = st.dates(dates["start"], dates["end"])
    staff = list(records.staff.values())
    found: list[BaseRecord] = []
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(KINDS))
        person = draw(st.sampled_from(staff))
        new_id = f"L{number}"
        try:
            if kind == "activity":
                activity_type = draw(st.sampled_from(list(ActivityType)))
                about = _about(draw, records, activity_type)
                if about is not None:
                    found.append(
                        draw(activities(activity_type, staff=person, id=new_id, **about, **dates))
                    )
            elif kind == "customer":
                customer = draw(customers(person, id=new_id, **dates))
                signed = ContractStatus.SIGNED
                contract = draw(contracts(customer, person, id=new_id, status=signed, **dates))
                found += [customer, contract]
            elif kind == "contract" and records.customers:
                customer = draw(st.sampled_from(list(records.customers.values())))
                signed = ContractStatus.SIGNED
                found.append(draw(contracts(customer, person, id=new_id, status=signed, **dates)))
            elif kind == "staff":
                hired = draw(day)
                found.append(
                    Staff(
                        id=new_id,
                        name="New",
                        role=draw(st.sampled_from(list(Role))),
                        supervisor_id=person.id,
                        hired_on=hired,
                        left_on=draw(st.none() | st.dates(hired, dates["end"])),
                    )
                )
            elif kind == "market_report":
                found.append(draw(market_reports(person, id=new_id, **dates)))
            elif kind == "sales_plan":
                found.append(draw(sales_plans(person, id=new_id, **dates)))
            elif kind == "training":
                year = draw(st.sampled_from((as_of.year, as_of.year + 1)))
                goals = tuple(draw(st.lists(st.just("goal"), max_size=1)))
                found.append(TrainingPlan(id=new_id, year=year, goals=goals, approved_on=draw(day)))
        except ValueError:  # nothing of this kind fits after the as-of date
            continue
    return [record for record in found if _after(record, as_of)]


def _about(draw: st.DrawFn, records: RecordSet, kind: ActivityType) -> dict[str, Any] | None:
    """An existing record for an activity of ``kind`` to be about, if there is one."""
    needed = ACTIVITY_MODELS[kind].needs_reference
    if kind is ActivityType.ISSUE_RESOLVED:
        issues = list(records.activities_of_type(ActivityType.ISSUE_REPORTED))
        return {"issue": draw(st.sampled_from(issues))} if issues else None
    for field, collection in (
        ("customer_id", records.customers),
        ("contract_id", records.contracts),
        ("receivable_id", records.receivables),
    ):
        if field in needed and collection:
            return {field.removesuffix("_id"): draw(st.sampled_from(list(collection.values())))}
    return None


def _after(record: BaseRecord, as_of: dt.date) -> bool:
    """The record is dated, and every date of it is after ``as_of``."""
    found = _dates(record)
    return bool(found) and all(day > as_of for day in found)


def _dates(value: Any) -> list[dt.date]:
    if isinstance(value, dt.date):
        return [value]
    if isinstance(value, tuple):
        return [day for item in value for day in _dates(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [day for f in dataclasses.fields(value) for day in _dates(getattr(value, f.name))]
    return []


@settings(deadline=None)
@given(case=audited(), data=st.data())
def test_records_dated_after_the_as_of_date_change_nothing(
    native: Engine, keyed: Keyed, case: tuple[RecordSet, dt.date], data: st.DataObject
) -> None:
    records, as_of = case
    later = data.draw(later_records(records, as_of), label="later")
    before = keyed(native.audit(records, as_of=as_of, include_pass=True))
    assert (
        keyed(native.audit(RecordSet([*records, *later]), as_of=as_of, include_pass=True)) == before
    )


@st.composite
def with_later_facts(draw: st.DrawFn, records: RecordSet, as_of: dt.date) -> list[BaseRecord]:
    """``records`` where some have facts dated after ``as_of`` added where they had none."""
    day = st.dates(as_of + _DAY, as_of + 60 * _DAY)
    changed: list[BaseRecord] = []
    for record in records:
        if not draw(st.booleans()):
            changed.append(record)
        elif isinstance(record, Receivable):
            payment = Payment(paid_on=draw(day), amount=record.amount_due, receipt_ref="RC-L")
            changed.append(
                dataclasses.replace(
                    record,
                    payments=(*record.payments, payment),
                    reconciled_on=record.reconciled_on or draw(day),
                    written_off_on=record.written_off_on or draw(day),
                )
            )
        elif isinstance(record, Contract) and record.status is ContractStatus.SIGNED:
            changed.append(
                dataclasses.replace(
                    record,
                    reviewed_by_company_on=record.reviewed_by_company_on or draw(day),
                    reviewed_by_customer_on=record.reviewed_by_customer_on or draw(day),
                )
            )
        elif isinstance(record, Staff) and record.left_on is None:
            changed.append(dataclasses.replace(record, left_on=draw(day)))
        else:
            changed.append(record)
    return changed


@settings(deadline=None)
@given(case=audited(), data=st.data())
def test_facts_dated_after_the_as_of_date_change_nothing(
    native: Engine, keyed: Keyed, case: tuple[RecordSet, dt.date], data: st.DataObject
) -> None:
    records, as_of = case
    changed = data.draw(with_later_facts(records, as_of), label="changed")
    before = keyed(native.audit(records, as_of=as_of, include_pass=True))
    assert keyed(native.audit(RecordSet(changed), as_of=as_of, include_pass=True)) == before
