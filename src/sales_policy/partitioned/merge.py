"""The reduce step: the tasks' partial results made into the one audit result the whole
audit gives, in its order: findings merged by their key, rejections by their place in
the input, counts summed, each warning once."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sales_policy.findings import AuditResult, EngineWarning, Finding, Owner
from sales_policy.partitioned.task import Partial
from sales_policy.policy import Policy
from sales_policy.records import FileError, LoadWarning, RecordSet, Rejection
from sales_policy.records.load import unknown_field_warnings
from sales_policy.records.models import RECORD_MODELS, BaseRecord


@dataclass(frozen=True)
class Merged:
    """The audit result, and the records the reports read beyond it (the staff, and the
    receivables still owed with their contracts, when asked for)."""

    result: AuditResult
    records: RecordSet


def merge(
    shared: Partial,
    customers: Sequence[Partial],
    *,
    policy: Policy,
    as_of: dt.date,
    period_start: dt.date,
    retroactive: bool,
    file_errors: Sequence[FileError],
) -> Merged:
    """The whole audit's result from the shared part's and the customer tasks' partials."""
    parts = [*customers, shared]
    findings = tuple(heapq.merge(*(p.findings for p in parts), key=_key))
    rejected = tuple(sorted((r for p in parts for r in p.rejected), key=_place))
    by_type = {
        model.kind: sum(p.by_type.get(model.kind, 0) for p in parts)
        for model in RECORD_MODELS.values()
    }
    judged: dict[tuple[Owner, str], tuple[int, int]] = {}
    for part in parts:
        for key, (count, passed) in part.judged.items():
            before = judged.get(key, (0, 0))
            judged[key] = (before[0] + count, before[1] + passed)
    warnings: list[LoadWarning | EngineWarning] = [*_unknown(parts)]
    for code in ("calendar-fallback", "waiver-expired"):
        found = {w for p in parts for w in p.warnings if w.code == code}
        warnings += sorted(found, key=lambda w: w.message)
    # The engine's own warning that the period starts before the policy, said once.
    warnings[:0] = [w for w in shared.warnings if w.code == "retroactive-audit"]
    result = AuditResult(
        policy=policy.identity,
        as_of=as_of,
        period_start=period_start,
        time_zone=policy.time_zone,
        records={"loaded": sum(by_type.values()), "rejected": len(rejected), "by_type": by_type},
        findings=findings,
        rejected=rejected,
        warnings=tuple(warnings),
        file_errors=tuple(sorted(file_errors, key=_place)),
        people=shared.people,
        judged=judged,
        retroactive=retroactive,
    )
    owed = sorted((held for p in customers for held in p.owing), key=lambda h: h[0])
    contracts = {contract.id: contract for _, _, contract in owed}
    kept: list[BaseRecord] = [*shared.staff, *contracts.values(), *(r for _, r, _ in owed)]
    return Merged(result, RecordSet(kept))


def _unknown(parts: Sequence[Partial]) -> tuple[LoadWarning, ...]:
    """The fields set aside, counted over all tasks; the hint of the first record."""
    merged: dict[tuple[str, str, str], tuple[int, int, str | None]] = {}
    for part in parts:
        for key, (count, first, hint) in part.unknown.items():
            before = merged.get(key)
            if before is None:
                merged[key] = (count, first, hint)
            elif first < before[1]:
                merged[key] = (before[0] + count, first, hint)
            else:
                merged[key] = (before[0] + count, before[1], before[2])
    return unknown_field_warnings({k: (count, hint) for k, (count, _, hint) in merged.items()})


def _key(finding: Finding) -> tuple[str, str, str, str]:
    return finding.key


def _place(problem: Rejection | FileError) -> tuple[Any, ...]:
    return problem.source, problem.line or 0, problem.column or 0
