"""Wording shared by the audit's file formats, so that each names people and values alike."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sales_policy.findings import STATUSES, AuditResult, Finding, Status, plain
from sales_policy.report.words import action_text, who
from sales_policy.scorecards import owner_key

__all__ = [
    "action_text",
    "compact_json",
    "neutral",
    "owner_key",
    "severities",
    "statuses_shown",
    "subject",
    "value",
    "who",
]


def subject(finding: Finding) -> str:
    """``contract CT-03``."""
    return f"{finding.subject.type} {finding.subject.id}"


def value(data: Any) -> str:
    """An evidence value as text: strings as they are, lists joined, the rest as JSON."""
    data = plain(data)
    if data is None:
        return "—"
    if isinstance(data, str):
        return data
    if isinstance(data, list) and all(isinstance(item, str) for item in data):
        return ", ".join(data) if data else "—"
    return json.dumps(data, ensure_ascii=False)


def compact_json(data: Any) -> str:
    return json.dumps(plain(data), ensure_ascii=False, separators=(",", ":"))


def statuses_shown(result: AuditResult) -> list[Status]:
    """Every status but ``pass``, which shows only when there are passes (``--all``)."""
    summary = result.summary
    return [s for s in STATUSES if s != "pass" or summary[s]]


def severities(findings: Iterable[Finding]) -> dict[str, str]:
    """Rule -> its severity, as the findings state it."""
    return {finding.rule: finding.severity for finding in findings}


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(text: str) -> str:
    """``text`` as no spreadsheet runs it: one that starts like a formula (``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, which spreadsheets
    read as "this cell is text" and do not show."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
