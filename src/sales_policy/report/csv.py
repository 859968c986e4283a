"""The audit's findings as CSV (RFC 4180: comma-separated, CRLF line ends, quoted when
needed), one finding per row after a header row, for spreadsheets and ad-hoc queries.

Empty cells are nulls; the evidence is compact JSON. A value that a spreadsheet would
run as a formula (one that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return: a customer named ``=HYPERLINK(...)``) is written with a leading ``'``."""

from __future__ import annotations

import csv
import io

from sales_policy.findings import AuditResult, Finding
from sales_policy.report._common import compact_json, neutral

COLUMNS = (
    "rule",
    "clause",
    "status",
    "severity",
    "subject_type",
    "subject_id",
    "part",
    "owner_staff_id",
    "owner_role",
    "action_code",
    "action_due_on",
    "action_owner_staff_id",
    "message",
    "evidence",
    "action_overdue_days",
)


def render(result: AuditResult, lang: str = "en") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(map(neutral, _row(finding, lang)) for finding in result.findings)
    return out.getvalue()


def _row(finding: Finding, lang: str) -> tuple[str, ...]:
    action = finding.action
    return (
        finding.rule,
        finding.clause,
        finding.status,
        finding.severity,
        finding.subject.type,
        finding.subject.id,
        finding.part or "",
        finding.owner.staff_id or "",
        finding.owner.role or "",
        action.code if action else "",
        str(action.due_on) if action and action.due_on else "",
        (action.owner.staff_id or "") if action else "",
        getattr(finding.message, lang),
        compact_json(finding.evidence),
        str(action.overdue_days) if action else "",
    )
