"""One strategy per record type and activity type: valid records whose references point
at the records given, dated in a realistic order after them.

Dates are drawn as offsets from the earliest date allowed, so hypothesis shrinks them
towards it (everything on one day reads best); optional fields shrink to absent. Event
dates (a signature, a payment, an activity) are never after ``as_of``; agreed dates (a
due date, a booked visit's day, a delivery date) may be, as in a real export.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from hypothesis import strategies as st

from sales_policy.records.models import (
    ACTIVITY_MODELS,
    ActivityBase,
    ActivityType,
    BaseRecord,
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
    dump,
    fields_of,
    parse,
)
from sales_policy.records.recordset import RecordSet

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
    _check(lo, hi)
    return st.integers(0, (hi - lo).days).map(lambda n: lo + dt.timedelta(days=n))


def _check(lo: dt.date, hi: dt.date, what: str = "date") -> None:
    if hi < lo:
        raise ValueError(f"no {what} between {lo} and {hi}")


def day(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    """A date in ``[lo, hi]``, shrinking towards ``lo``."""
    _check(lo, hi)
    return lo + dt.timedelta(days=draw(st.integers(0, (hi - lo).days)))


_ONCE_IN_FOUR = st.sampled_from((False, False, False, True))


def _rarely(draw: st.DrawFn) -> bool:
    """True one time in four; shrinks to false."""
    return draw(_ONCE_IN_FOUR)


def _optional(draw: st.DrawFn, strategy: st.SearchStrategy[_T]) -> _T | None:
    """Drawn, or (one time in four) absent."""
    return None if _rarely(draw) else draw(strategy)


def _subset(draw: st.DrawFn, values: Sequence[_T]) -> tuple[_T, ...]:
    """``values`` in their order, each left out one time in four; shrinks to all."""
    return tuple(v for v in values if not _rarely(draw))


def _or(
    text: st.SearchStrategy[str] | None, default: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    return default if text is None else text


def _amount(draw: st.DrawFn) -> Decimal:
    return Decimal(500 * draw(st.integers(1, 200)))


_STATUSES = st.sampled_from(
    (ContractStatus.SIGNED, ContractStatus.SIGNED, ContractStatus.DRAFT, ContractStatus.CANCELLED)
)
"""Mostly signed: only signed contracts owe anything."""


@dataclass(frozen=True)
class Dates:
    """The range records are dated in, and the as-of date no event is after."""

    start: dt.date = DEFAULT_START
    end: dt.date = DEFAULT_END
    as_of: dt.date | None = None

    @property
    def last(self) -> dt.date:
        """The last day an event (an activity, a payment, a signature) may be on."""
        return self.end if self.as_of is None else min(self.end, self.as_of)


@st.composite
def drawn(draw: st.DrawFn, make: Callable[..., Any], /, **arguments: Any) -> Any:
    """``make(draw, **arguments)`` as a strategy: one composite for every ``draw_*``
    function (a composite made per call would have hypothesis read its source each
    time), and each drawn as one span, which hypothesis can delete when it shrinks."""
    return make(draw, **arguments)


# -- staff and customers -----------------------------------------------------------------


def draw_staff(
    draw: st.DrawFn,
    *,
    id: str,
    role: Role | None,
    supervisor: Staff | None,
    dates: Dates,
    text: st.SearchStrategy[str] | None,
) -> Staff:
    hired_on = day(draw, dt.date(dates.start.year - 1, 1, 1), dates.last)
    left_on = None
    if _rarely(draw):
        left_on = day(draw, max(hired_on, dates.start), max(hired_on, dates.start, dates.last))
        left_on = left_on if left_on <= dates.last else None
    return Staff(
        id=id,
        name=draw(_or(text, st.sampled_from(_NAMES))),
        role=role if role is not None else draw(st.sampled_from(list(Role))),
        team=draw(st.sampled_from(("East", "South"))) if draw(st.booleans()) else None,
        supervisor_id=supervisor.id if supervisor else None,
        hired_on=hired_on,
        left_on=left_on,
    )


def staff_members(
    *,
    id: str = "S1",
    role: Role | None = None,
    supervisor: Staff | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Staff]:
    """A member of the sales staff reporting to ``supervisor``: hired from the first day
    of the year before ``start`` (shrinking to it) to the last day; some leave."""
    dates = Dates(start, end, as_of)
    _check(dt.date(start.year - 1, 1, 1), dates.last)
    strategy: st.SearchStrategy[Staff] = drawn(
        draw_staff, id=id, role=role, supervisor=supervisor, dates=dates, text=text
    )
    return strategy


def _created(owner: Staff, dates: Dates) -> tuple[dt.date, dt.date]:
    lo, hi = max(dates.start, owner.hired_on), dates.last
    if owner.left_on is not None:
        hi = min(hi, owner.left_on)
    _check(lo, hi, f"day `{owner.id}` works on")
    return lo, hi


def draw_customer(
    draw: st.DrawFn,
    *,
    owner: Staff,
    id: str,
    status: CustomerStatus | None,
    dates: Dates,
    text: st.SearchStrategy[str] | None,
) -> Customer:
    created_on = day(draw, *_created(owner, dates))
    phone = _optional(draw, st.just("021-5555 0100"))
    return Customer(
        id=id,
        company_name=_optional(draw, _or(text, st.sampled_from(_COMPANIES))),
        contact_name=_optional(draw, _or(text, st.sampled_from(_NAMES))),
        contact_phone=phone,
        contact_email=None if phone else _optional(draw, st.just("buyer@example.com")),
        business_scope=_optional(draw, _or(text, TEXTS)),
        source=_optional(draw, st.sampled_from(list(CustomerSource))),
        owner_id=owner.id,
        created_on=created_on,
        status=status if status is not None else draw(st.sampled_from(list(CustomerStatus))),
        grade=_optional(draw, st.sampled_from(list(Grade))),
    )


def customers(
    owner: Staff,
    *,
    id: str = "C1",
    status: CustomerStatus | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Customer]:
    """A customer file of ``owner``, created on or after ``start`` while they work here."""
    dates = Dates(start, end, as_of)
    _created(owner, dates)
    strategy: st.SearchStrategy[Customer] = drawn(
        draw_customer, owner=owner, id=id, status=status, dates=dates, text=text
    )
    return strategy


# -- contracts and receivables -----------------------------------------------------------


def draw_contract(
    draw: st.DrawFn,
    *,
    customer: Customer,
    owner: Staff,
    approvers: Sequence[Staff],
    id: str,
    status: ContractStatus | None,
    dates: Dates,
    text: st.SearchStrategy[str] | None,
) -> Contract:
    lo = max(dates.start, customer.created_on)
    kind = status or draw(_STATUSES)
    signed_on = None
    if kind is ContractStatus.SIGNED or (kind is ContractStatus.CANCELLED and draw(st.booleans())):
        signed_on = day(draw, lo, dates.last)
    reviewed = signed_on or max(lo, dates.last)
    discount = draw(st.sampled_from((0, 3, 8, 12, 20)))
    approved = draw(st.booleans())
    approver = draw(st.sampled_from(list(approvers))) if approvers and approved else None
    words = _or(text, TEXTS)
    terms = Terms(
        price=None if _rarely(draw) else _amount(draw),
        delivery_date=_optional(draw, days(reviewed, max(reviewed, dates.end))),
        payment_terms=_optional(draw, st.just("30% on signing, 70% net 30") | words),
        after_sales=_optional(draw, st.just("one year warranty") | words),
    )
    return Contract(
        id=id,
        customer_id=customer.id,
        owner_id=owner.id,
        status=kind,
        amount=_amount(draw),
        discount_pct=Decimal(discount),
        discount_approved_by=approver.id if approver and discount else None,
        terms=terms,
        reviewed_by_company_on=_optional(draw, days(lo, reviewed)),
        reviewed_by_customer_on=_optional(draw, days(lo, reviewed)),
        signed_on=signed_on,
    )


def contracts(
    customer: Customer,
    owner: Staff,
    *,
    approvers: Sequence[Staff] = (),
    id: str = "K1",
    status: ContractStatus | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Contract]:
    """A contract with ``customer`` owned by ``owner``: reviewed on or before it is signed,
    signed on or after the customer was created (and ``start``), to be delivered after
    signing; a discount may be approved by one of ``approvers``."""
    dates = Dates(start, end, as_of)
    if status is ContractStatus.SIGNED:
        _check(max(start, customer.created_on), dates.last, "day to sign on")
    strategy: st.SearchStrategy[Contract] = drawn(
        draw_contract,
        customer=customer,
        owner=owner,
        approvers=tuple(approvers),
        id=id,
        status=status,
        dates=dates,
        text=text,
    )
    return strategy


def draw_receivable(draw: st.DrawFn, *, contract: Contract, id: str, dates: Dates) -> Receivable:
    lo = max(dates.start, contract.signed_on or dates.start)
    due_on = day(draw, lo, max(lo, min(dates.end, lo + dt.timedelta(days=90))))
    amount_due = _amount(draw)
    payments: list[Payment] = []
    if lo <= dates.last:
        paid_on = lo
        for share in draw(st.sampled_from(((1,), (), (2,), (2, 2)))):
            latest = max(paid_on, min(dates.last, due_on + dt.timedelta(days=70)))
            paid_on = day(draw, paid_on, latest)
            receipt = _optional(draw, st.just(f"RC-{id}-{len(payments) + 1}"))
            payments.append(
                Payment(paid_on=paid_on, amount=amount_due / share, receipt_ref=receipt)
            )
    reconciled_on = None
    if sum(p.amount for p in payments) >= amount_due and draw(st.booleans()):
        reconciled_on = day(draw, payments[-1].paid_on, dates.last)
    written_off_on = None
    if due_on <= dates.last and _rarely(draw):
        written_off_on = day(draw, due_on, dates.last)
    return Receivable(
        id=id,
        contract_id=contract.id,
        amount_due=amount_due,
        due_on=due_on,
        payments=tuple(payments),
        reconciled_on=reconciled_on,
        written_off_on=written_off_on,
        documents=_subset(draw, list(Document)) if reconciled_on else (),
    )


def receivables(
    contract: Contract,
    *,
    id: str = "R1",
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
) -> st.SearchStrategy[Receivable]:
    """A payment milestone of ``contract``, due within 90 days of signing; paid (in full,
    in part, or not yet) after signing and up to 70 days late, reconciled after the last
    payment, sometimes written off after its due date."""
    strategy: st.SearchStrategy[Receivable] = drawn(
        draw_receivable, contract=contract, id=id, dates=Dates(start, end, as_of)
    )
    return strategy


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
        return {name: _optional(d.draw, d.text) for name in names}

    return fields


def _visit_booked(d: _Drawing) -> dict[str, Any]:
    visit_on = d.at + dt.timedelta(days=d.draw(st.integers(0, 14)))
    return {"visit_on": visit_on, "materials": _subset(d.draw, list(Material))}


def _revisit(d: _Drawing) -> dict[str, Any]:
    satisfaction = _optional(d.draw, st.integers(1, 5))
    return {"satisfaction": satisfaction, "feedback": _optional(d.draw, d.text)}


def _handover(d: _Drawing) -> dict[str, Any]:
    departments = _subset(d.draw, list(Department))
    return {"departments": departments, "briefed": _optional(d.draw, st.booleans())}


def _shipped(d: _Drawing) -> dict[str, Any]:
    return {"tracking_no": _optional(d.draw, st.just("SF1234567890"))}


def _notice(d: _Drawing) -> dict[str, Any]:
    return {"states_consequences": _optional(d.draw, st.booleans())}


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


@dataclass(frozen=True)
class _About:
    """An activity's references, and the days it may be on."""

    references: dict[str, str]
    lo: dt.date
    hi: dt.date


def place_activity(
    kind: ActivityType,
    *,
    customer: Customer | None = None,
    contract: Contract | None = None,
    receivable: Receivable | None = None,
    issue: ActivityBase | None = None,
    after: dt.date | None,
    before: dt.date | None,
    dates: Dates,
) -> _About:
    """An activity's references and the days it may be on; ``ValueError`` if none."""
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
    needed = ACTIVITY_MODELS[kind].needs_reference
    if needed and not any(name in references for name in needed):
        wanted = " or ".join(f"`{name.removesuffix('_id')}`" for name in needed)
        raise ValueError(f"a `{kind.value}` activity needs {wanted}")
    lo = max(
        after or _earliest(kind, customer, contract, receivable, issue) or dates.start, dates.start
    )
    hi = dates.last if before is None else min(before, dates.last)
    _check(lo, hi, f"day for a `{kind.value}`")
    return _About(references, lo, hi)


def draw_activity(
    draw: st.DrawFn,
    *,
    kind: ActivityType,
    staff: Staff,
    about: _About,
    issue: ActivityBase | None,
    id: str,
    text: st.SearchStrategy[str] | None,
) -> ActivityBase:
    at = day(draw, about.lo, about.hi)
    data: dict[str, Any] = {
        "id": id,
        "type": kind.value,
        "staff_id": staff.id,
        "at": at,
        **about.references,
        **_OWN_FIELDS[kind](_Drawing(draw, _or(text, TEXTS), at)),
    }
    if issue is not None:
        data["issue_id"] = issue.id
    return parse(ACTIVITY_MODELS[kind], data)


def activities(
    kind: ActivityType | str,
    *,
    staff: Staff,
    customer: Customer | None = None,
    contract: Contract | None = None,
    receivable: Receivable | None = None,
    issue: ActivityBase | None = None,
    id: str = "A1",
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
    dates = Dates(start, end, as_of)
    place = place_activity(
        kind,
        customer=customer,
        contract=contract,
        receivable=receivable,
        issue=issue,
        after=after,
        before=before,
        dates=dates,
    )
    strategy: st.SearchStrategy[ActivityBase] = drawn(
        draw_activity, kind=kind, staff=staff, about=place, issue=issue, id=id, text=text
    )
    return strategy


# -- duties of staff -----------------------------------------------------------------------


def _months(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """``(label, first day, last day)`` of each month wholly in ``[first, last]``."""
    found: list[tuple[str, dt.date, dt.date]] = []
    year, month = first.year, first.month
    while True:
        begins = dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        ends = dt.date(year, month, 1) - dt.timedelta(days=1)
        if ends > last:
            return found
        if begins >= first:
            found.append((f"{begins.year}-{begins.month:02d}", begins, ends))


def _report_months(author: Staff, dates: Dates) -> list[tuple[str, dt.date, dt.date]]:
    months = _months(max(dates.start, author.hired_on), dates.last - dt.timedelta(days=1))
    if author.left_on is not None:
        months = [m for m in months if m[2] <= author.left_on]
    if not months:
        raise ValueError(f"`{author.id}` worked no whole month from {dates.start} to {dates.last}")
    return months


def draw_market_report(draw: st.DrawFn, *, author: Staff, id: str, dates: Dates) -> MarketReport:
    label, _, ends = draw(st.sampled_from(_report_months(author, dates)))
    first = ends + dt.timedelta(days=1)
    submitted = day(draw, first, min(dates.last, ends + dt.timedelta(days=20)))
    return MarketReport(id=id, author_id=author.id, period=label, submitted_on=submitted)


def market_reports(
    author: Staff,
    *,
    id: str = "M1",
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
) -> st.SearchStrategy[MarketReport]:
    """A monthly market report of ``author`` for a month they worked through, submitted
    after it ends (usually within the ten days the policy allows)."""
    dates = Dates(start, end, as_of)
    _report_months(author, dates)
    strategy: st.SearchStrategy[MarketReport] = drawn(
        draw_market_report, author=author, id=id, dates=dates
    )
    return strategy


def _plan_quarters(staff: Staff, dates: Dates) -> list[tuple[str, dt.date]]:
    first, last = max(dates.start, staff.hired_on), dates.last
    quarters = [
        (f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1))
        for year in range(first.year, last.year + 1)
        for q in range(1, 5)
        if first <= dt.date(year, 3 * q - 2, 1) <= last
    ]
    if not quarters:
        raise ValueError(f"no quarter starts from {first} to {last}")
    return quarters


def draw_sales_plan(draw: st.DrawFn, *, staff: Staff, id: str, dates: Dates) -> SalesPlan:
    label, begins = draw(st.sampled_from(_plan_quarters(staff, dates)))
    lo = max(dates.start, begins - dt.timedelta(days=5))
    submitted = day(draw, lo, min(dates.last, begins + dt.timedelta(days=20)))
    target = None if draw(st.booleans()) else _amount(draw)
    return SalesPlan(
        id=id, staff_id=staff.id, period=label, target_amount=target, submitted_on=submitted
    )


def sales_plans(
    staff: Staff,
    *,
    id: str = "P1",
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
) -> st.SearchStrategy[SalesPlan]:
    """A quarterly sales plan of ``staff``, submitted around the quarter's first day."""
    dates = Dates(start, end, as_of)
    _plan_quarters(staff, dates)
    strategy: st.SearchStrategy[SalesPlan] = drawn(draw_sales_plan, staff=staff, id=id, dates=dates)
    return strategy


def draw_training_plan(
    draw: st.DrawFn,
    *,
    id: str,
    year: int | None,
    dates: Dates,
    text: st.SearchStrategy[str] | None,
) -> TrainingPlan:
    words = _or(text, TEXTS)
    chosen = year if year is not None else draw(st.integers(dates.start.year, dates.last.year))
    first, last = max(dt.date(chosen, 1, 1), dates.start), min(dates.last, dt.date(chosen, 3, 31))
    approved = None if first > last or _rarely(draw) else day(draw, first, last)

    def items() -> tuple[str, ...]:
        return () if _rarely(draw) else tuple(draw(st.lists(words, min_size=1, max_size=2)))

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


def training_plans(
    *,
    id: str = "T1",
    year: int | None = None,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    as_of: dt.date | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[TrainingPlan]:
    """A yearly training plan (of ``year``, or of a year in the range), approved early in
    its year or not yet; any of its lists may be empty."""
    strategy: st.SearchStrategy[TrainingPlan] = drawn(
        draw_training_plan, id=id, year=year, dates=Dates(start, end, as_of), text=text
    )
    return strategy


# -- as-of dates ---------------------------------------------------------------------------


def dates_of(value: Any) -> set[dt.date]:
    """Every date in a record (or a record set), nested ones (payments, terms) included."""
    if isinstance(value, dt.date):
        return {value}
    if isinstance(value, tuple | list | RecordSet):
        return {day for item in value for day in dates_of(item)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {d for f in dataclasses.fields(value) for d in dates_of(getattr(value, f.name))}
    return set()


def as_of_dates(
    records: Iterable[BaseRecord], *, after: int = 70, earliest: dt.date = DEFAULT_START
) -> st.SearchStrategy[dt.date]:
    """As-of dates where the records' duties are decided: a day from the one before a date
    of ``records`` to ``after`` days after it (the deadlines of the shipped policy are
    within 60 days of what triggers them), shrinking to a date of the records; never
    before ``earliest`` (by default the shipped policy's ``effective_from``: an audit as
    of an earlier day would have an empty period, which is refused)."""
    found = sorted(dates_of(list(records))) or [DEFAULT_START]
    return st.builds(
        lambda on, shift: max(on + dt.timedelta(days=shift), earliest),
        st.sampled_from(found),
        st.integers(-1, after),
    )


# -- showing drawn records -----------------------------------------------------------------


class ShownRecordSet(RecordSet):
    """A record set that prints as the records it holds, so that hypothesis' failing
    examples read as the data they are (``RecordSet([Staff(id='S1', ...), ...])``, which
    evaluates to the same records with ``from sales_policy.records.models import *``)."""

    def __repr__(self) -> str:
        shown = [f"    {show(record)}," for record in self]
        return "RecordSet([\n" + "\n".join(shown) + "\n])" if shown else "RecordSet([])"

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:
        printer.text(repr(self))


def show(record: BaseRecord) -> str:
    """A record as its type and the fields it sets (not those left at their default)."""
    data = dump(record)
    defaults = {name: info.default for name, info in fields_of(type(record)).items()}
    shown = [
        f"{name}={_pruned(value)!r}"
        for name, value in data.items()
        if name not in defaults or getattr(record, name) != defaults[name]
    ]
    return f"{type(record).__name__}({', '.join(shown)})"


def _pruned(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value
