"""Receivables aging, shared by the HTML page and the workbook: the unpaid receivables of
contracts signed by the as-of date, by days overdue as of that date. A receivable is
paid on the day its payments up to then add up to its amount due; one written off by
then is no longer owed. Amounts are what is still unpaid, per currency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from sales_policy.records import Contract, ContractStatus, Receivable, RecordSet

BUCKETS = ("current", "1–30", "31–60", "61–90", "over 90")
"""Days overdue: not yet (current), 1–30, 31–60, 61–90, over 90."""


def unpaid(as_of: dt.date, records: RecordSet) -> Iterable[tuple[str, str, int, Decimal]]:
    """(contract owner, currency, bucket, amount still owed) of each unpaid receivable."""
    for receivable, contract, owed in owing(as_of, records):
        days = (as_of - receivable.due_on).days
        bucket = 0 if days <= 0 else min((days - 1) // 30 + 1, len(BUCKETS) - 1)
        yield contract.owner_id, contract.currency, bucket, owed


def owing(as_of: dt.date, records: RecordSet) -> Iterable[tuple[Receivable, Contract, Decimal]]:
    """Each unpaid receivable of a contract signed by ``as_of``, its contract and the amount
    still owed, in the records' order: all the aging table reads of the records."""
    for receivable in records.receivables.values():
        contract = records.contracts.get(receivable.contract_id)
        signed = contract is not None and contract.status is ContractStatus.SIGNED
        if contract is None or not signed or (contract.signed_on or as_of) > as_of:
            continue
        if receivable.written_off_on is not None and receivable.written_off_on <= as_of:
            continue
        paid = sum((p.amount for p in receivable.payments if p.paid_on <= as_of), Decimal(0))
        if paid >= receivable.amount_due:
            continue
        yield receivable, contract, receivable.amount_due - paid
