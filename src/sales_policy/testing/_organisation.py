"""Whole organisations: staff in a supervisor chain, customers with their workflow
histories, contracts, receivables and payments, reports, plans.

Every step of a history is optional and drawn in the order of the regulation's work
procedures, each a few days after the one before (sometimes within its deadline,
sometimes not). Each step, customer, contract and receivable is one span of the
drawing, ``st.none() | step`` where it is optional: hypothesis shrinks a failing
organisation by deleting whole steps, customers and staff, down to the few records
that still fail. Ids are given in the order records are kept, so they stay ``A1``,
``A2``, ... in a shrunk example.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from sales_policy.records.models import (
    ActivityBase,
    ActivityType,
    BaseRecord,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Receivable,
    Role,
    Staff,
)
from sales_policy.records.recordset import RecordSet
from sales_policy.testing._records import (
    DEFAULT_END,
    DEFAULT_START,
    Dates,
    ShownRecordSet,
    draw_activity,
    draw_contract,
    draw_customer,
    draw_receivable,
    draw_staff,
    drawn,
    market_reports,
    place_activity,
    sales_plans,
    training_plans,
)

_DAY = dt.timedelta(days=1)
_ROLES = (Role.SALES_REP, Role.SALES_SUPERVISOR, Role.SALES_MANAGER)


class _Ids:
    """``S1``, ``S2``, ... per prefix: ids unique in their collection, short to read."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def __call__(self, prefix: str) -> str:
        self._counts[prefix] += 1
        return f"{prefix}{self._counts[prefix]}"

    def name(self, prefix: str, record: Any) -> Any:
        """``record`` with the next id of ``prefix``."""
        return dataclasses.replace(record, id=self(prefix))


@dataclasses.dataclass(frozen=True)
class _Context:
    """What every part of an organisation is drawn with."""

    ids: _Ids
    dates: Dates
    text: st.SearchStrategy[str] | None


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
    dates = Dates(start, end, as_of)
    return drawn(
        _organisation, dates=dates, max_staff=max_staff, max_customers=max_customers, text=text
    )


def _organisation(
    draw: st.DrawFn,
    *,
    dates: Dates,
    max_staff: int,
    max_customers: int,
    text: st.SearchStrategy[str] | None,
) -> RecordSet:
    context = _Context(_Ids(), dates, text)
    staff: list[Staff] = []  # each member joins as drawn: the next may report to them
    draw(st.lists(drawn(_member, staff=staff, context=context), min_size=1, max_size=max_staff))
    records: list[BaseRecord] = [*staff]
    owners = [
        s for s in staff if max(dates.start, s.hired_on) <= min(dates.last, s.left_on or dates.end)
    ]
    if owners:
        customer = drawn(_customer, owners=owners, staff=staff, context=context)
        for history in draw(st.lists(customer, max_size=max_customers)):
            records += history
    records += _duties(draw, staff, context)
    return ShownRecordSet(records)


def _member(draw: st.DrawFn, *, staff: list[Staff], context: _Context) -> Staff:
    """The first is a manager; each other reports to a supervisor or manager before them.
    Joins ``staff``."""
    leads = [s for s in staff if s.role is not Role.SALES_REP]
    member = draw_staff(
        draw,
        id=context.ids("S"),
        role=draw(st.sampled_from(_ROLES)) if staff else Role.SALES_MANAGER,
        supervisor=draw(st.sampled_from(leads)) if leads else None,
        dates=context.dates,
        text=context.text,
    )
    staff.append(member)
    return member


@dataclasses.dataclass
class _History:
    """One customer's records, drawn step by step by one person."""

    draw: st.DrawFn
    context: _Context
    staff: Staff
    records: list[BaseRecord] = dataclasses.field(default_factory=list)

    def step(
        self, kind: ActivityType, after: dt.date | None, most: int, **about: Any
    ) -> ActivityBase | None:
        """Maybe an activity of ``kind`` up to ``most`` days after ``after`` (never when
        that is after the last day)."""
        dates = self.context.dates
        if after is None or after > dates.last:
            return None
        issue = about.pop("issue", None)
        place = place_activity(
            kind,
            issue=issue,
            after=max(after, dates.start),
            before=after + most * _DAY,
            dates=dates,
            **about,
        )
        activity = self.draw(
            st.none()
            | drawn(
                draw_activity,
                kind=kind,
                staff=self.staff,
                about=place,
                issue=issue,
                id="",
                text=self.context.text,
            )
        )
        if activity is None:
            return None
        kept: ActivityBase = self.context.ids.name("A", activity)
        self.records.append(kept)
        return kept

    def steps(
        self, kind: ActivityType, after: dt.date | None, most: int, **about: Any
    ) -> ActivityBase | None:
        """Maybe an activity of ``kind``, and maybe another within ``most`` days of it (a
        second call, a partial delivery); returns the first."""
        first = self.step(kind, after, most, **about)
        if first is not None:
            self.step(kind, first.at, most, **about)
        return first

    def add(self, found: Sequence[BaseRecord]) -> None:
        self.records += found


def _customer(
    draw: st.DrawFn, *, owners: list[Staff], staff: list[Staff], context: _Context
) -> list[BaseRecord]:
    """A customer file and its history: development, contracts, execution, collection."""
    h = _History(draw, context, draw(st.sampled_from(owners)))
    customer = draw_customer(
        draw,
        owner=h.staff,
        id=context.ids("C"),
        status=None,
        dates=context.dates,
        text=context.text,
    )
    h.records.append(customer)
    about = {"customer": customer}
    # A first contact may be logged a few days before the file is created (§2.2.a).
    contact = h.steps(ActivityType.FIRST_CONTACT, customer.created_on - 3 * _DAY, 12, **about)
    day = contact.at if contact else customer.created_on
    booking = h.step(ActivityType.VISIT_BOOKED, day, 10, **about)
    visit = None
    if booking is not None:
        booked_day: dt.date = booking.visit_on  # type: ignore[attr-defined]
        # Kept on the day booked, or a day or two late.
        visit = h.steps(ActivityType.VISIT, booked_day, 2, **about)
    day = visit.at if visit else day
    h.steps(ActivityType.FOLLOW_UP, customer.created_on, 20, **about)
    proposed = h.step(ActivityType.SOLUTION_PROPOSED, day, 10, **about)
    accepted = h.step(ActivityType.SOLUTION_ACCEPTED, proposed.at if proposed else day, 10, **about)
    day = accepted.at if accepted else day
    negotiation = h.step(ActivityType.NEGOTIATION, day, 10, **about)
    day = negotiation.at if negotiation else day
    if day <= context.dates.last:
        approvers = [s for s in staff if s.role is not Role.SALES_REP]
        deal = drawn(
            _contract,
            customer=customer,
            owner=h.staff,
            approvers=approvers,
            after=day,
            context=context,
        )
        for found in draw(st.lists(deal, max_size=2)):
            h.add(found)
    signed = [
        r.signed_on for r in h.records if isinstance(r, Contract) and r.signed_on and _judged(r)
    ]
    status = (
        CustomerStatus.ACTIVE
        if signed
        else draw(st.sampled_from((CustomerStatus.PROSPECT, CustomerStatus.LOST)))
    )
    h.records[0] = dataclasses.replace(customer, status=status)
    revisit_day = min(signed, default=None)
    while revisit_day is not None:
        revisit = h.step(ActivityType.REVISIT, revisit_day, 120, **about)
        revisit_day = revisit.at if revisit else None
    return h.records


def _judged(contract: Contract) -> bool:
    return contract.status is ContractStatus.SIGNED and contract.signed_on is not None


def _contract(
    draw: st.DrawFn,
    *,
    customer: Customer,
    owner: Staff,
    approvers: list[Staff],
    after: dt.date,
    context: _Context,
) -> list[BaseRecord]:
    """A contract signed after ``after`` and what follows the signature: handover, order,
    shipping, after-sales, its receivables and their collection."""
    dates = context.dates
    contract = draw_contract(
        draw,
        customer=customer,
        owner=owner,
        approvers=approvers,
        id=context.ids("K"),
        status=None,
        dates=dataclasses.replace(dates, start=max(dates.start, after)),
        text=context.text,
    )
    h = _History(draw, context, owner, [contract])
    if not _judged(contract):
        return h.records
    about = {"contract": contract}
    signed = contract.signed_on
    h.steps(ActivityType.HANDOVER, signed, 6, **about)  # a second: departments left out
    h.steps(ActivityType.ORDER_PLACED, signed, 10, **about)
    shipped = h.steps(ActivityType.SHIPPED, signed, 30, **about)
    if shipped is not None:
        h.steps(ActivityType.LOGISTICS_UPDATE, shipped.at, 4, **about)
    delivered = h.steps(ActivityType.DELIVERED, shipped.at if shipped else signed, 20, **about)
    if delivered is not None:
        h.steps(ActivityType.AFTER_SALES_FOLLOW_UP, delivered.at, 14, **about)
        issue = h.step(ActivityType.ISSUE_REPORTED, delivered.at, 30, **about)
        if issue is not None:
            h.steps(ActivityType.ISSUE_RESOLVED, issue.at, 10, issue=issue)
    milestone = drawn(_receivable, contract=contract, owner=owner, context=context)
    for found in draw(st.lists(milestone, max_size=2)):
        h.add(found)
    return h.records


_COLLECTION: tuple[tuple[ActivityType, int, int], ...] = (
    (ActivityType.PAYMENT_REMINDER, -10, 10),
    (ActivityType.COLLECTION_NOTICE, 1, 5),
    (ActivityType.OVERDUE_CAUSE, 0, 12),
    (ActivityType.COLLECTION_CALL, 5, 7),
    (ActivityType.COLLECTION_EMAIL, 13, 7),
    (ActivityType.COLLECTION_VISIT, 28, 7),
)
"""Collection steps: (type, first day relative to the due date, days it may take)."""


def _receivable(
    draw: st.DrawFn, *, contract: Contract, owner: Staff, context: _Context
) -> list[BaseRecord]:
    """A payment milestone, and the steps taken to collect it."""
    receivable: Receivable = draw_receivable(
        draw, contract=contract, id=context.ids("R"), dates=context.dates
    )
    h = _History(draw, context, owner, [receivable])
    for kind, first, most in _COLLECTION:
        h.steps(kind, receivable.due_on + first * _DAY, most, receivable=receivable)
    return h.records


def _duties(draw: st.DrawFn, staff: list[Staff], context: _Context) -> list[BaseRecord]:
    """Market reports and sales plans of the staff, and the company's training plans
    (sometimes two for a year: a revised one)."""
    start, end, as_of = context.dates.start, context.dates.end, context.dates.as_of
    found: list[BaseRecord] = []
    for person in staff:
        for prefix, kind in (("M", market_reports), ("P", sales_plans)):
            try:
                strategy: st.SearchStrategy[BaseRecord] = kind(
                    person, id="", start=start, end=end, as_of=as_of
                )
            except ValueError:  # no month or quarter to report on in the range
                continue
            found += [context.ids.name(prefix, r) for r in draw(st.lists(strategy, max_size=2))]
    plan = training_plans(id="", start=start, end=end, as_of=as_of, text=context.text)
    found += [context.ids.name("T", p) for p in draw(st.lists(plan, max_size=2))]
    return found
