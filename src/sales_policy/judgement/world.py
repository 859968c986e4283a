"""The records as they stood at the end of the as-of day ``A``, for one audit.

Nothing dated after ``A`` has happened: later activities, payments, reviews, signatures,
reconciliations and submissions are invisible here. Derived facts (a receivable's paid
date, a customer's first signature) are computed once per audit and cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sales_policy.calendars import DayCounter
from sales_policy.records import ActivityBase, ActivityType, Contract, Receivable, RecordSet, Staff
from sales_policy.records.models import BaseRecord, ContractStatus


class World:
    """One audit's view: the records, ``A``, ``F``, the day counter and the parameters."""

    def __init__(
        self,
        records: RecordSet,
        as_of: dt.date,
        period_start: dt.date,
        days: DayCounter,
        parameters: dict[str, Any],
    ) -> None:
        self.records = records
        self.as_of = as_of
        self.period_start = period_start
        self.days = days
        self.parameters = parameters
        self._paid: dict[str, dt.date | None] = {}
        self._first_signed: dict[str, dt.date | None] = {}
        self._indexes: dict[tuple[str, tuple[str, ...]], dict[tuple[str, ...], list[Any]]] = {}
        self._holders: dict[str, tuple[str, ...]] = {}

    # -- what exists and is judged -------------------------------------------------------

    def judged(self, contract: Contract | None) -> bool:
        """Signed, and signed on or before ``A``: only these contracts owe anything."""
        return (
            contract is not None
            and contract.status is ContractStatus.SIGNED
            and contract.signed_on is not None
            and contract.signed_on <= self.as_of
        )

    def cancelled(self, contract_id: str | None) -> bool:
        contract = self.records.contracts.get(contract_id) if contract_id else None
        return contract is not None and contract.status is ContractStatus.CANCELLED

    # -- activities as of A ----------------------------------------------------------------

    def activities(
        self, about: str, about_id: str | None, kind: ActivityType | str
    ) -> Sequence[Any]:
        """Activities of ``kind`` about a customer, contract or receivable, dated up to ``A``
        (oldest first). One about a cancelled contract still counts for what it records (a
        revisit of the customer): such an activity owes nothing, it is not void."""
        if about_id is None:
            return ()
        kind = kind if type(kind) is ActivityType else ActivityType(kind)
        found = self.records.activities_about(about, about_id, kind)
        if not found or found[-1].at <= self.as_of:
            return found  # the common case: all of them (they are in date order)
        return [a for a in found if a.at <= self.as_of]

    def first_activity(
        self, about: str, about_id: str | None, kind: ActivityType | str
    ) -> dt.date | None:
        found = self.activities(about, about_id, kind)
        return found[0].at if found else None

    # -- derived facts ---------------------------------------------------------------------

    def paid_on(self, receivable: Receivable) -> dt.date | None:
        """The first date the payments dated up to ``A`` add up to ``amount_due``."""
        if receivable.id in self._paid:
            return self._paid[receivable.id]
        total = Decimal(0)
        paid = None
        for payment in sorted(receivable.payments, key=lambda p: p.paid_on):
            if payment.paid_on > self.as_of:
                break
            total += payment.amount
            if total >= receivable.amount_due:
                paid = payment.paid_on
                break
        self._paid[receivable.id] = paid
        return paid

    def days_overdue(self, receivable: Receivable) -> int:
        if self.paid_on(receivable) is not None or self.as_of <= receivable.due_on:
            return 0
        return (self.as_of - receivable.due_on).days

    def first_signed_on(self, customer_id: str) -> dt.date | None:
        """The earliest ``signed_on`` among the customer's judged contracts."""
        if customer_id not in self._first_signed:
            dates = [
                c.signed_on
                for c in self.records.contracts_of(customer_id)
                if self.judged(c) and c.signed_on is not None
            ]
            self._first_signed[customer_id] = min(dates, default=None)
        return self._first_signed[customer_id]

    # -- navigation between records ------------------------------------------------------

    def contract_of(self, record: BaseRecord) -> Contract | None:
        if isinstance(record, Receivable):
            return self.records.contracts.get(record.contract_id)
        if isinstance(record, ActivityBase):
            contract_id = self.records.contract_of(record)
            return self.records.contracts.get(contract_id) if contract_id else None
        return record if isinstance(record, Contract) else None

    def staff(self, staff_id: str | None) -> Staff | None:
        return self.records.staff.get(staff_id) if staff_id else None

    def matching(
        self, collection: str, fields: tuple[str, ...], values: tuple[Any, ...]
    ) -> list[Any]:
        """Records of a collection whose ``fields`` have ``values`` (an index built once),
        in id order: whatever order the records came in."""
        key = (collection, fields)
        index = self._indexes.get(key)
        if index is None:
            index = {}
            for record in sorted(getattr(self.records, collection).values(), key=_by_id):
                index.setdefault(tuple(str(getattr(record, f)) for f in fields), []).append(record)
            self._indexes[key] = index
        return index.get(tuple(str(v) for v in values), [])

    def has_left(self, person: Staff, day: dt.date) -> bool:
        """Left by ``day``: ``left_on`` (known by ``A``) is before it."""
        return person.left_on is not None and person.left_on <= self.as_of and person.left_on < day

    def employed(self, person: Staff, day: dt.date) -> bool:
        return person.hired_on <= day and not self.has_left(person, day)

    def holders(self, role: str) -> tuple[str, ...]:
        """The ids of the staff who hold ``role`` and are employed on ``A``, in id order."""
        if role not in self._holders:
            self._holders[role] = tuple(
                sorted(
                    person.id
                    for person in self.records.staff.values()
                    if person.role.value == role and self.employed(person, self.as_of)
                )
            )
        return self._holders[role]


def _by_id(record: BaseRecord) -> str:
    return record.id
