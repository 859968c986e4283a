"""Whole organisations: staff in a supervisor chain, customers with their workflow
histories, contracts, receivables and payments, reports, plans.

Every step of a history is optional and drawn in the order of the regulation's work
procedures, each a few days after the one before (sometimes within its deadline,
sometimes not): hypothesis shrinks a failing organisation by dropping steps, customers
and staff, towards the fewest records that still fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from sales_policy.records.models import (
    ActivityBase,
    ActivityType,
    BaseRecord,
    Contract,
    ContractStatus,
    CustomerStatus,
    Receivable,
    Role,
    Staff,
)
from sales_policy.records.recordset import RecordSet
from sales_policy.testing._records import (
    DEFAULT_END,
    DEFAULT_START,
    activities,
    contracts,
    customers,
    market_reports,
    receivables,
    sales_plans,
    staff_members,
    training_plans,
)

_DAY = dt.timedelta(days=1)


class _Ids:
    """``S1``, ``S2``, ... per prefix: ids unique in their collection, short to read."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def __call__(self, prefix: str) -> str:
        self._counts[prefix] += 1
        return f"{prefix}{self._counts[prefix]}"


@dataclasses.dataclass
class _History:
    """Drawing one customer's history: what every step needs, and the records so far."""

    draw: st.DrawFn
    ids: _Ids
    staff: Staff
    start: dt.date
    end: dt.date
    as_of: dt.date | None
    text: st.SearchStrategy[str] | None
    records: list[BaseRecord] = dataclasses.field(default_factory=list)

    @property
    def last(self) -> dt.date:
        return self.end if self.as_of is None else min(self.end, self.as_of)

    def step(
        self, kind: ActivityType, after: dt.date | None, most: int, **about: Any
    ) -> ActivityBase | None:
        """Maybe an activity of ``kind`` up to ``most`` days after ``after`` (not when
        that would be after the last day or the records it needs are missing)."""
        if after is None or after > self.last or not self.draw(st.booleans()):
            return None
        activity = self.draw(
            activities(
                kind,
                staff=self.staff,
                id=self.ids("A"),
                after=max(after, self.start),
                before=after + most * _DAY,
                start=self.start,
                end=self.end,
                as_of=self.as_of,
                text=self.text,
                **about,
            )
        )
        self.records.append(activity)
        return activity


def record_sets(
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    max_staff: int = 3,
    max_customers: int = 3,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[RecordSet]:
    """Consistent organisations as a ``RecordSet`` (``list(records)`` gives the records).

    Ids are unique per collection (``S1``, ``C1``, ``K1`` contracts, ``R1``, ``A1``
    activities, ``M1``, ``P1``, ``T1``), every reference resolves, and things happen in
    order: a customer is contacted, a visit booked and kept, a solution proposed and
    accepted, a contract signed, handed over, shipped and delivered, its receivables
    reminded, paid or chased. Dates lie in ``[start, end]``; with ``as_of``, no event
    (activity, payment, signature, submission) is after it, though agreed dates (due
    dates, booked visits, delivery dates) may be. ``text`` draws the free-text fields
    (default: short readable words).
    """

    @st.composite
    def build(draw: st.DrawFn) -> RecordSet:
        ids = _Ids()
        dates: dict[str, Any] = {"start": start, "end": end, "as_of": as_of}
        last = end if as_of is None else min(end, as_of)
        staff: list[Staff] = []
        for _ in range(draw(st.integers(1, max_staff))):
            leads = [s for s in staff if s.role is not Role.SALES_REP]
            role = (
                draw(st.sampled_from((Role.SALES_REP, Role.SALES_SUPERVISOR, Role.SALES_MANAGER)))
                if staff
                else Role.SALES_MANAGER
            )
            supervisor = draw(st.sampled_from(leads)) if leads else None
            staff.append(
                draw(
                    staff_members(id=ids("S"), role=role, supervisor=supervisor, text=text, **dates)
                )
            )
        records: list[BaseRecord] = [*staff]
        owners = [s for s in staff if max(start, s.hired_on) <= min(last, s.left_on or last)]
        for _ in range(draw(st.integers(0, max_customers)) if owners else 0):
            owner = draw(st.sampled_from(owners))
            history = _History(draw, ids, owner, start, end, as_of, text)
            _customer(history, staff)
            records += history.records
        records += _duties(draw, ids, staff, start, end, as_of, text)
        return RecordSet(records)

    return build()


def _customer(h: _History, staff: list[Staff]) -> None:
    """A customer file and its history: development, contracts, execution, collection."""
    customer = h.draw(customers(h.staff, id=h.ids("C"), text=h.text, **_dates(h)))
    h.records.append(customer)
    about = {"customer": customer}
    # A first contact may be logged a few days before the file is created (§2.2.a).
    contact = h.step(ActivityType.FIRST_CONTACT, customer.created_on - 3 * _DAY, 12, **about)
    day = contact.at if contact else customer.created_on
    booking = h.step(ActivityType.VISIT_BOOKED, day, 10, **about)
    visit = None
    if booking is not None:
        booked_day: dt.date = booking.visit_on  # type: ignore[attr-defined]
        # Kept on the day booked, or a day or two late.
        visit = h.step(ActivityType.VISIT, booked_day, 2, **about)
    day = visit.at if visit else day
    h.step(ActivityType.FOLLOW_UP, customer.created_on, 20, **about)
    proposed = h.step(ActivityType.SOLUTION_PROPOSED, day, 10, **about)
    accepted = h.step(ActivityType.SOLUTION_ACCEPTED, proposed.at if proposed else day, 10, **about)
    day = accepted.at if accepted else day
    negotiation = h.step(ActivityType.NEGOTIATION, day, 10, **about)
    day = negotiation.at if negotiation else day
    signed: list[Contract] = []
    approvers = [s for s in staff if s.role is not Role.SALES_REP]
    for _ in range(h.draw(st.integers(0, 2)) if day <= h.last else 0):
        contract = h.draw(
            contracts(
                customer,
                h.staff,
                approvers=approvers,
                id=h.ids("K"),
                text=h.text,
                **{**_dates(h), "start": max(h.start, day)},
            )
        )
        h.records.append(contract)
        if contract.status is ContractStatus.SIGNED:
            signed.append(contract)
            _execution(h, contract)
    status = (
        CustomerStatus.ACTIVE
        if signed
        else h.draw(st.sampled_from((CustomerStatus.PROSPECT, CustomerStatus.LOST)))
    )
    h.records[h.records.index(customer)] = dataclasses.replace(customer, status=status)
    revisit_day = min((c.signed_on for c in signed if c.signed_on), default=None)
    for _ in range(h.draw(st.integers(0, 2)) if revisit_day else 0):
        revisit = h.step(ActivityType.REVISIT, revisit_day, 120, **about)
        revisit_day = revisit.at if revisit else revisit_day


def _execution(h: _History, contract: Contract) -> None:
    """What follows a signature: handover, order, shipping, after-sales, collection."""
    about = {"contract": contract}
    signed = contract.signed_on
    for _ in range(h.draw(st.integers(0, 2))):
        h.step(ActivityType.HANDOVER, signed, 6, **about)
    h.step(ActivityType.ORDER_PLACED, signed, 10, **about)
    shipped = h.step(ActivityType.SHIPPED, signed, 30, **about)
    if shipped is not None:
        h.step(ActivityType.LOGISTICS_UPDATE, shipped.at, 4, **about)
    delivered = h.step(ActivityType.DELIVERED, shipped.at if shipped else signed, 20, **about)
    if delivered is not None:
        h.step(ActivityType.AFTER_SALES_FOLLOW_UP, delivered.at, 14, **about)
        issue = h.step(ActivityType.ISSUE_REPORTED, delivered.at, 30, **about)
        if issue is not None:
            h.step(ActivityType.ISSUE_RESOLVED, issue.at, 10, issue=issue)
    for _ in range(h.draw(st.integers(0, 2))):
        receivable = h.draw(receivables(contract, id=h.ids("R"), **_dates(h)))
        h.records.append(receivable)
        _collection(h, receivable)


_COLLECTION: tuple[tuple[ActivityType, int, int], ...] = (
    (ActivityType.PAYMENT_REMINDER, -10, 10),
    (ActivityType.COLLECTION_NOTICE, 0, 6),
    (ActivityType.OVERDUE_CAUSE, 0, 12),
    (ActivityType.COLLECTION_CALL, 5, 7),
    (ActivityType.COLLECTION_EMAIL, 13, 7),
    (ActivityType.COLLECTION_VISIT, 28, 7),
)
"""Collection steps: (type, first day relative to the due date, days it may take)."""


def _collection(h: _History, receivable: Receivable) -> None:
    for kind, first, most in _COLLECTION:
        h.step(kind, receivable.due_on + first * _DAY, most, receivable=receivable)


def _dates(h: _History) -> dict[str, Any]:
    return {"start": h.start, "end": h.end, "as_of": h.as_of}


def _duties(
    draw: st.DrawFn,
    ids: _Ids,
    staff: list[Staff],
    start: dt.date,
    end: dt.date,
    as_of: dt.date | None,
    text: st.SearchStrategy[str] | None,
) -> list[BaseRecord]:
    """Market reports and sales plans of the staff, and the company's training plans."""
    dates: dict[str, Any] = {"start": start, "end": end, "as_of": as_of}
    found: list[BaseRecord] = []
    kinds: tuple[Callable[[Staff], st.SearchStrategy[Any]], ...] = (
        lambda person: market_reports(person, id=ids("M"), **dates),
        lambda person: sales_plans(person, id=ids("P"), **dates),
    )
    for person in staff:
        for strategy in kinds:
            for _ in range(draw(st.integers(0, 2))):
                try:
                    found.append(draw(strategy(person)))
                except ValueError:  # no month or quarter to report on in the range
                    break
    for _ in range(draw(st.integers(0, 2))):
        found.append(draw(training_plans(id=ids("T"), text=text, **dates)))
    return found

