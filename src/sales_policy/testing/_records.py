"""One strategy per record type and activity type: valid records whose references point
at the records given, dated in a realistic order after them.

Dates are drawn as offsets from the earliest date allowed, so hypothesis shrinks them
towards it (everything on one day reads best); optional fields shrink to absent. Event
dates (a signature, a payment, an activity) are never after ``as_of``; agreed dates (a
due date, a booked visit's day, a delivery date) may be, as in a real export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from hypothesis import strategies as st

from sales_policy.records.models import (
    ACTIVITY_MODELS,
    ActivityBase,
    ActivityType,
    Contract,
    ContractStatus,
    Customer,
    CustomerSource,
    CustomerStatus,
    Department,
    Document,
    Grade,
    MarketReport,
    Material,
    Payment,
    Receivable,
    Role,
    SalesPlan,
    Staff,
    Terms,
    TrainingPlan,
    parse,
)

DEFAULT_START = dt.date(2026, 1, 1)
"""The first day records are dated on by default: the shipped policy's ``effective_from``."""
DEFAULT_END = dt.date(2026, 12, 31)
"""The last day records are dated on by default."""

_WORDS = (
    "ok",
    "price first",
    "needs a demo",
    "采购部审批",
    "总经理决定",
    "竞品: 德马吉",
    "满意",
    "交货期要求高",
)
TEXTS: st.SearchStrategy[str] = st.sampled_from(_WORDS)
"""Short readable text for free-text fields; pass ``text=st.text()`` to stress the formats."""

_T = TypeVar("_T")

_NAMES = ("王建国", "李梅", "张伟", "刘洋", "陈静", "Zhang Wei", "Li Na")
_COMPANIES = ("华瑞精工", "江苏常青纺织", "Pearl River Foods", "北方重工")


def days(lo: dt.date, hi: dt.date) -> st.SearchStrategy[dt.date]:
    """Dates in ``[lo, hi]``, shrinking towards ``lo``."""
    if hi < lo:
        raise ValueError(f"no date between {lo} and {hi}")
    return st.integers(0, (hi - lo).days).map(lambda n: lo + dt.timedelta(days=n))


def _optional(strategy: st.SearchStrategy[_T]) -> st.SearchStrategy[_T | None]:
    """Absent or drawn; shrinks to drawn, so minimal examples keep their fields."""
    return st.one_of(strategy, st.none())


def _last_event(end: dt.date, as_of: dt.date | None) -> dt.date:
    return end if as_of is None else min(end, as_of)


def _subsets(values: Sequence[_T]) -> st.SearchStrategy[tuple[_T, ...]]:
    """Subsets of ``values`` in their order, shrinking to all of them."""
    return st.lists(st.booleans(), min_size=len(values), max_size=len(values)).map(
        lambda drop: tuple(v for v, dropped in zip(values, drop, strict=True) if not dropped)
    )


def _amounts() -> st.SearchStrategy[Decimal]:
    return st.integers(1, 200).map(lambda n: Decimal(n * 500))


# -- staff and customers -----------------------------------------------------------------


def staff_members(
    *,
    id: str = "S1",  # noqa: A002 - the record's field name
    role: Role | None = None,
    supervisor: Staff | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Staff]:
    """A member of the sales staff, hired up to a year before ``start`` (shrinking to the
    first day of that year) or during the range; some leave before ``end`` and ``as_of``."""
    hired_from = dt.date(start.year - 1, 1, 1)
    last = _last_event(end, as_of)

    @st.composite
    def build(draw: st.DrawFn) -> Staff:
        hired_on = draw(days(hired_from, last))
        left_on = draw(st.none() | days(max(hired_on, start), last)) if hired_on <= last else None
        return Staff(
            id=id,
            name=draw(text or st.sampled_from(_NAMES)),
            role=role or draw(st.sampled_from(list(Role))),
            team=draw(st.none() | st.sampled_from(("East", "South"))),
            supervisor_id=supervisor.id if supervisor else None,
            hired_on=hired_on,
            left_on=left_on,
        )

    return build()


def customers(
    owner: Staff,
    *,
    id: str = "C1",  # noqa: A002
    status: CustomerStatus | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Customer]:
    """A customer file created while its owner works here (on or after ``start``)."""
    lo = max(start, owner.hired_on)
    hi = _last_event(end, as_of)
    if owner.left_on is not None:
        hi = min(hi, owner.left_on)
    created = days(lo, hi)
    words = text or TEXTS

    @st.composite
    def build(draw: st.DrawFn) -> Customer:
        phone = draw(_optional(st.just("021-5555 0100")))
        return Customer(
            id=id,
            company_name=draw(_optional(text or st.sampled_from(_COMPANIES))),
            contact_name=draw(_optional(text or st.sampled_from(_NAMES))),
            contact_phone=phone,
            contact_email=draw(_optional(st.just("buyer@example.com"))) if phone else None,
            business_scope=draw(_optional(words)),
            source=draw(_optional(st.sampled_from(list(CustomerSource)))),
            owner_id=owner.id,
            created_on=draw(created),
            status=status or draw(st.sampled_from(list(CustomerStatus))),
            grade=draw(_optional(st.sampled_from(list(Grade)))),
        )

    return build()


# -- contracts and receivables -----------------------------------------------------------


def contracts(
    customer: Customer,
    owner: Staff,
    *,
    approvers: Sequence[Staff] = (),
    id: str = "K1",  # noqa: A002
    status: ContractStatus | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Contract]:
    """A contract with ``customer``, owned by ``owner``: reviewed on or before it is
    signed, signed on or after the customer was created, delivered after signing; a
    discount may be approved by one of ``approvers``."""
    lo = max(start, customer.created_on)
    last = _last_event(end, as_of)
    words = text or TEXTS

    @st.composite
    def build(draw: st.DrawFn) -> Contract:
        kind = status or draw(st.sampled_from(list(ContractStatus)))
        signed_on = None
        if kind is ContractStatus.SIGNED or (
            kind is ContractStatus.CANCELLED and draw(st.booleans())
        ):
            signed_on = draw(days(lo, last))
        reviewed = signed_on or last
        discount = draw(st.sampled_from((0, 3, 8, 12, 20)))
        approver = draw(st.none() | st.sampled_from(list(approvers))) if approvers else None
        terms = Terms(
            price=draw(_optional(_amounts())),
            delivery_date=draw(_optional(days(reviewed, max(reviewed, end)))),
            payment_terms=draw(_optional(st.just("30% on signing, 70% net 30") | words)),
            after_sales=draw(_optional(st.just("one year warranty") | words)),
        )
        return Contract(
            id=id,
            customer_id=customer.id,
            owner_id=owner.id,
            status=kind,
            amount=draw(_amounts()),
            discount_pct=Decimal(discount),
            discount_approved_by=approver.id if approver and discount else None,
            terms=terms,
            reviewed_by_company_on=draw(_optional(days(lo, reviewed))),
            reviewed_by_customer_on=draw(_optional(days(lo, reviewed))),
            signed_on=signed_on,
        )

    return build()


def receivables(
    contract: Contract,
    *,
    id: str = "R1",  # noqa: A002
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
) -> st.SearchStrategy[Receivable]:
    """A payment milestone of ``contract``, due after it is signed; paid (in full, in
    part, or not yet) after signing, reconciled after the last payment, maybe written off
    after its due date."""
    lo = max(start, contract.signed_on or start)
    last = _last_event(end, as_of)

    @st.composite
    def build(draw: st.DrawFn) -> Receivable:
        due_on = draw(days(lo, max(lo, end)))
        amount_due = draw(_amounts())
        payments: list[Payment] = []
        if lo <= last:
            shares = draw(st.sampled_from(((1,), (), (2,), (2, 2))))
            paid_on = lo
            for share in shares:
                paid_on = draw(days(paid_on, last))
                receipt = draw(_optional(st.just(f"RC-{id}-{len(payments) + 1}")))
                amount = amount_due / share
                payments.append(Payment(paid_on=paid_on, amount=amount, receipt_ref=receipt))
        reconciled_on = None
        if sum(p.amount for p in payments) >= amount_due:
            reconciled_on = draw(st.none() | days(payments[-1].paid_on, last))
        written_off_on = draw(st.none() | days(due_on, last)) if due_on <= last else None
        return Receivable(
            id=id,
            contract_id=contract.id,
            amount_due=amount_due,
            due_on=due_on,
            payments=tuple(payments),
            reconciled_on=reconciled_on,
            written_off_on=written_off_on,
            documents=draw(_subsets(list(Document))) if reconciled_on else (),
        )

    return build()


# -- activities --------------------------------------------------------------------------


class _Drawing(NamedTuple):
    """What drawing an activity's own fields needs."""

    draw: st.DrawFn
    text: st.SearchStrategy[str]
    at: dt.date


FieldsFn = Callable[[_Drawing], dict[str, Any]]


def _no_fields(_: _Drawing) -> dict[str, Any]:
    return {}


def _text_fields(*names: str) -> FieldsFn:
    def fields(d: _Drawing) -> dict[str, Any]:
        return {name: d.draw(_optional(d.text)) for name in names}

    return fields


def _visit_booked(d: _Drawing) -> dict[str, Any]:
    visit_on = d.at + dt.timedelta(days=d.draw(st.integers(0, 14)))
    return {"visit_on": visit_on, "materials": d.draw(_subsets(list(Material)))}


def _revisit(d: _Drawing) -> dict[str, Any]:
    satisfaction = d.draw(_optional(st.integers(1, 5)))
    return {"satisfaction": satisfaction, "feedback": d.draw(_optional(d.text))}


def _handover(d: _Drawing) -> dict[str, Any]:
    departments = d.draw(_subsets(list(Department)))
    return {"departments": departments, "briefed": d.draw(_optional(st.booleans()))}


def _shipped(d: _Drawing) -> dict[str, Any]:
    return {"tracking_no": d.draw(_optional(st.just("SF1234567890")))}


def _notice(d: _Drawing) -> dict[str, Any]:
    return {"states_consequences": d.draw(_optional(st.booleans()))}


_OWN_FIELDS: dict[ActivityType, FieldsFn] = {
    ActivityType.FIRST_CONTACT: _text_fields("needs"),
    ActivityType.VISIT_BOOKED: _visit_booked,
    ActivityType.VISIT: _text_fields(
        "procurement_process", "decision_mechanism", "competitors", "feedback"
    ),
    ActivityType.SOLUTION_PROPOSED: _text_fields("summary"),
    ActivityType.SOLUTION_ACCEPTED: _no_fields,
    ActivityType.NEGOTIATION: _no_fields,
    ActivityType.FOLLOW_UP: _no_fields,
    ActivityType.REVISIT: _revisit,
    ActivityType.HANDOVER: _handover,
    ActivityType.ORDER_PLACED: _no_fields,
    ActivityType.SHIPPED: _shipped,
    ActivityType.LOGISTICS_UPDATE: _no_fields,
    ActivityType.DELIVERED: _no_fields,
    ActivityType.ISSUE_REPORTED: _text_fields("issue"),
    ActivityType.ISSUE_RESOLVED: _no_fields,  # its issue_id comes from `issue`
    ActivityType.AFTER_SALES_FOLLOW_UP: _no_fields,
    ActivityType.PAYMENT_REMINDER: _no_fields,
    ActivityType.COLLECTION_NOTICE: _notice,
    ActivityType.OVERDUE_CAUSE: _text_fields("cause", "plan"),
    ActivityType.COLLECTION_CALL: _no_fields,
    ActivityType.COLLECTION_EMAIL: _no_fields,
    ActivityType.COLLECTION_VISIT: _no_fields,
}
"""Activity type -> how the fields of its own are drawn (``shared/spec/records.md``)."""


def _earliest(
    kind: ActivityType,
    customer: Customer | None,
    contract: Contract | None,
    receivable: Receivable | None,
    issue: ActivityBase | None,
) -> dt.date | None:
    """The default first day of an activity: after what it is about has happened."""
    if issue is not None:
        return issue.at
    if receivable is not None:
        lead = 14 if kind is ActivityType.PAYMENT_REMINDER else -1
        return receivable.due_on - dt.timedelta(days=lead)
    if contract is not None:
        return contract.signed_on
    return customer.created_on if customer is not None else None


def activities(
    kind: ActivityType | str,
    *,
    staff: Staff,
    customer: Customer | None = None,
    contract: Contract | None = None,
    receivable: Receivable | None = None,
    issue: ActivityBase | None = None,
    id: str = "A1",  # noqa: A002
    after: dt.date | None = None,
    before: dt.date | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[ActivityBase]:
    """An activity of ``kind`` done by ``staff`` about the record its type needs (a
    ``customer`` for the §3.1 steps and ``follow_up``, a ``contract`` for §3.2, a
    ``receivable`` for §3.3, a customer or contract for ``revisit``); an
    ``issue_resolved`` names its ``issue``.

    Dated in ``[after, before]``: by default after the customer was created, the contract
    signed, the issue reported, the receivable fell due (a ``payment_reminder``: within
    the two weeks before it does), and never after ``end`` or ``as_of``.
    """
    kind = ActivityType(kind)
    model = ACTIVITY_MODELS[kind]
    references = {
        name: record.id
        for name, record in (
            ("customer_id", customer),
            ("contract_id", contract),
            ("receivable_id", receivable),
        )
        if record is not None
    }
    if kind is ActivityType.ISSUE_RESOLVED:
        if issue is None or issue.contract_id is None:
            raise ValueError("an `issue_resolved` needs the `issue` (about a contract) it resolves")
        references["contract_id"] = issue.contract_id
    needed = model.needs_reference
    if needed and not any(name in references for name in needed):
        wanted = " or ".join(f"`{name.removesuffix('_id')}`" for name in needed)
        raise ValueError(f"a `{kind.value}` activity needs {wanted}")
    lo = max(after or _earliest(kind, customer, contract, receivable, issue) or start, start)
    hi = _last_event(end, as_of) if before is None else min(before, _last_event(end, as_of))
    dates = days(lo, hi)
    words = text or TEXTS

    @st.composite
    def build(draw: st.DrawFn) -> ActivityBase:
        at = draw(dates)
        data: dict[str, Any] = {
            "id": id,
            "type": kind.value,
            "staff_id": staff.id,
            "at": at,
            **references,
            **_OWN_FIELDS[kind](_Drawing(draw, words, at)),
        }
        if issue is not None:
            data["issue_id"] = issue.id
        return parse(model, data)

    return build()


# -- duties of staff -----------------------------------------------------------------------


def _months(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """``(label, first day, last day)`` of each month wholly in ``[first, last]``."""
    found = []
    year, month = first.year, first.month
    while True:
        begins = dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        ends = dt.date(year, month, 1) - dt.timedelta(days=1)
        if ends > last:
            return found
        if begins >= first:
            found.append((f"{begins.year}-{begins.month:02d}", begins, ends))


def _quarters(first: dt.date, last: dt.date) -> list[tuple[str, dt.date]]:
    """``(label, first day)`` of each quarter that starts in ``[first, last]``."""
    return [
        (f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1))
        for year in range(first.year, last.year + 1)
        for q in range(1, 5)
        if first <= dt.date(year, 3 * q - 2, 1) <= last
    ]


def market_reports(
    author: Staff,
    *,
    id: str = "M1",  # noqa: A002
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
) -> st.SearchStrategy[MarketReport]:
    """A monthly market report of ``author`` for a month they worked through, submitted
    after it ends (usually within the ten days the policy allows)."""
    last = _last_event(end, as_of)
    months = _months(max(start, author.hired_on), last - dt.timedelta(days=1))
    if author.left_on is not None:
        months = [m for m in months if m[2] <= author.left_on]
    if not months:
        raise ValueError(f"`{author.id}` worked no whole month from {start} to {last}")

    @st.composite
    def build(draw: st.DrawFn) -> MarketReport:
        label, _, ends = draw(st.sampled_from(months))
        submitted = draw(days(ends + dt.timedelta(days=1), min(last, ends + dt.timedelta(20))))
        return MarketReport(id=id, author_id=author.id, period=label, submitted_on=submitted)

    return build()


def sales_plans(
    staff: Staff,
    *,
    id: str = "P1",  # noqa: A002
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
) -> st.SearchStrategy[SalesPlan]:
    """A quarterly sales plan of ``staff``, submitted around the quarter's first day."""
    last = _last_event(end, as_of)
    quarters = _quarters(max(start, staff.hired_on), last)
    if not quarters:
        raise ValueError(f"no quarter starts from {start} to {last}")

    @st.composite
    def build(draw: st.DrawFn) -> SalesPlan:
        label, begins = draw(st.sampled_from(quarters))
        submitted = draw(days(max(start, begins - dt.timedelta(days=5)), last))
        return SalesPlan(
            id=id,
            staff_id=staff.id,
            period=label,
            target_amount=draw(_optional(_amounts())),
            submitted_on=min(submitted, begins + dt.timedelta(days=20), last),
        )

    return build()


def training_plans(
    *,
    id: str = "T1",  # noqa: A002
    year: int | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[TrainingPlan]:
    """A yearly training plan, approved (or not yet) early in its year."""
    last = _last_event(end, as_of)
    words = text or TEXTS
    years = [year] if year is not None else list(range(start.year, last.year + 1))

    @st.composite
    def build(draw: st.DrawFn) -> TrainingPlan:
        chosen = draw(st.sampled_from(years))
        first = max(dt.date(chosen, 1, 1), start)
        approved = None
        if first <= last:
            approved = draw(st.none() | days(first, min(last, dt.date(chosen, 3, 31))))
        def items() -> tuple[str, ...]:
            return tuple(draw(st.lists(words, min_size=1, max_size=2) | st.just([])))

        return TrainingPlan(
            id=id,
            year=chosen,
            goals=items(),
            content=items(),
            methods=items(),
            schedule=items(),
            trainers=items(),
            approved_on=approved,
        )

    return build()
