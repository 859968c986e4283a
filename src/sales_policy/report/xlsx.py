"""The audit as an Excel workbook for auditors who filter and sort: sheets Summary,
Owners, Teams, Actions, Findings, Aging, Rejected and Warnings.

Written by openpyxl in write-only mode, a row at a time, so that 70,000 findings stream.
Dates are date cells and counts number cells; each sheet has a frozen header row in the
``--lang`` language, an autofilter and column widths to fit. Text from records is always
a text cell, never a formula: a customer named ``=HYPERLINK(...)`` shows as that text.
The same audit gives the same bytes (the workbook's times are the as-of date's).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sales_policy.findings import AuditResult, Finding
from sales_policy.records import RecordSet
from sales_policy.report import csv
from sales_policy.report._common import compact_json, owner_key
from sales_policy.report.aging import BUCKETS, unpaid
from sales_policy.scorecards import worst_first

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

SHEETS = ("Summary", "Owners", "Teams", "Actions", "Findings", "Aging", "Rejected", "Warnings")
_ZH_SHEETS = ("概要", "人员", "团队", "待办事项", "审计发现", "账龄", "被拒记录", "警告")
_SHEET_NAMES = {
    "en": dict(zip(SHEETS, SHEETS, strict=True)),
    "zh": dict(zip(SHEETS, _ZH_SHEETS, strict=True)),
}
_HEADERS: dict[str, tuple[str, str]] = {
    "item": ("item", "项目"),
    "value": ("value", "值"),
    "staff_id": ("staff_id", "员工编号"),
    "lead_id": ("lead_id", "团队负责人编号"),
    "name": ("name", "姓名"),
    "role": ("role", "角色"),
    "supervisor": ("supervisor", "上级"),
    "members": ("members", "人数"),
    "violation": ("violation", "违规"),
    "action_required": ("action_required", "需处理"),
    "waived": ("waived", "已豁免"),
    "pass": ("pass", "通过"),
    "open_actions": ("open_actions", "待办事项"),
    "overdue_actions": ("overdue_actions", "已逾期"),
    "judged": ("judged", "判定数"),
    "passed": ("passed", "通过数"),
    "compliance": ("compliance", "合规率"),
    "action_owner_staff_id": ("action_owner_staff_id", "办理人编号"),
    "action_owner_role": ("action_owner_role", "办理人角色"),
    "action_due_on": ("action_due_on", "截止日期"),
    "overdue_days": ("overdue_days", "逾期天数"),
    "action_overdue_days": ("action_overdue_days", "措施逾期天数"),
    "action_code": ("action_code", "措施代码"),
    "action": ("action", "措施"),
    "missing": ("missing", "缺少"),
    "rule": ("rule", "规则"),
    "clause": ("clause", "条款"),
    "status": ("status", "状态"),
    "severity": ("severity", "严重程度"),
    "subject_type": ("subject_type", "对象类型"),
    "subject_id": ("subject_id", "对象编号"),
    "part": ("part", "部分"),
    "owner_staff_id": ("owner_staff_id", "负责人编号"),
    "owner_role": ("owner_role", "负责人角色"),
    "message": ("message", "说明"),
    "evidence": ("evidence", "依据"),
    "team": ("team", "团队"),
    "currency": ("currency", "币种"),
    "current": ("current", "未逾期"),
    "1–30": ("1-30 days", "1–30 天"),
    "31–60": ("31-60 days", "31–60 天"),
    "61–90": ("61-90 days", "61–90 天"),
    "over 90": ("over 90 days", "90 天以上"),
    "total": ("total", "合计"),
    "source": ("source", "来源"),
    "line": ("line", "行"),
    "column": ("column", "列"),
    "collection": ("collection", "集合"),
    "id": ("id", "编号"),
    "field": ("field", "字段"),
    "code": ("code", "代码"),
    "error": ("error", "错误"),
    "count": ("count", "次数"),
}
_ITEMS: dict[str, tuple[str, str]] = {
    "policy": ("policy", "制度"),
    "version": ("version", "版本"),
    "sha256": ("sha256", "SHA-256"),
    "overlays": ("overlays", "叠加"),
    "as_of": ("as of", "审计日"),
    "period_start": ("period start", "期间开始"),
    "time_zone": ("time zone", "时区"),
    "loaded": ("records loaded", "已载入记录"),
    "rejected": ("records rejected", "被拒记录"),
    "violation": ("violation", "违规"),
    "action_required": ("action required", "需处理"),
    "waived": ("waived", "已豁免"),
    "pass": ("pass", "通过"),
}
_WIDEST = 60
_PERCENT = "0.0%"
_DATE = "yyyy-mm-dd"
_MONEY = "#,##0.00"


def render(result: AuditResult, records: RecordSet, lang: str = "en") -> bytes:
    """The workbook's bytes; ``records`` are the audited records, for the aging sheet."""
    summary = result.summary
    sheets: list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = [
        ("Summary", ("item", "value"), _summary(result, lang)),
        ("Owners", ("staff_id", *_CARD), _cards(summary["by_owner"])),
        ("Teams", ("lead_id", *_CARD[:3], "members", *_CARD[3:]), _teams(summary["by_team"])),
        ("Actions", _ACTION, _actions(result.findings, lang)),
        ("Findings", _FINDING, (_finding(f, lang) for f in result.findings)),
        (
            "Aging",
            ("staff_id", "name", "team", "currency", *BUCKETS, "total"),
            _aging(result, records),
        ),
        ("Rejected", _REJECTED, ([getattr(r, k) for k in _REJECTED] for r in result.rejected)),
        ("Warnings", _WARNING, ([getattr(w, k, None) for k in _WARNING] for w in result.warnings)),
    ]
    return workbook(
        (
            (_SHEET_NAMES[lang][name], [_HEADERS[c][lang == "zh"] for c in columns], rows)
            for name, columns, rows in sheets
        ),
        result.as_of,
    )


def workbook(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], day: dt.date
) -> bytes:
    """A workbook of (title, header, rows) sheets, typed cells, dated ``day``: the same
    sheets give the same bytes."""
    from openpyxl import Workbook  # noqa: PLC0415 - a tenth of a second: only when asked

    book = Workbook(write_only=True)
    moment = dt.datetime.combine(day, dt.time())
    book.properties.created = moment
    for title, header, rows in sheets:
        _write(book.create_sheet(title), header, rows)
    out = io.BytesIO()
    book.save(out)
    return _fixed_times(out.getvalue(), moment)


_CARD = (
    "name",
    "role",
    "supervisor",
    "violation",
    "action_required",
    "waived",
    "pass",
    "open_actions",
    "overdue_actions",
    "judged",
    "passed",
    "compliance",
)
_ACTION = (
    "action_owner_staff_id",
    "action_owner_role",
    "action_due_on",
    "overdue_days",
    "action_code",
    "action",
    "missing",
    "rule",
    "status",
    "severity",
    "subject_type",
    "subject_id",
    "part",
    "owner_staff_id",
)
_FINDING = csv.COLUMNS
_AGING = ("staff_id", "name", "team", "currency", *BUCKETS, "total")
_REJECTED = ("source", "line", "column", "collection", "id", "field", "code", "error")
_WARNING = ("source", "collection", "field", "code", "count", "message")


def _summary(result: AuditResult, lang: str) -> Iterator[list[Any]]:
    policy = result.policy
    summary = result.summary
    overlays = ", ".join(str(o["id"]) for o in policy.get("overlays", []))
    values: list[tuple[str, Any]] = [
        ("policy", policy["id"]),
        ("version", policy["version"]),
        ("sha256", policy.get("sha256", "")),
        ("overlays", overlays),
        ("as_of", result.as_of),
        ("period_start", result.period_start),
        ("time_zone", result.time_zone),
        ("loaded", result.records["loaded"]),
        ("rejected", result.records["rejected"]),
        *((s, summary[s]) for s in ("violation", "action_required", "waived", "pass")),
    ]
    for item, value in values:
        yield [_ITEMS[item][lang == "zh"], value]


def _card_row(card: Mapping[str, Any]) -> list[Any]:
    return [card[c] for c in _CARD]


def _cards(cards: Mapping[str, Mapping[str, Any]]) -> Iterator[list[Any]]:
    for key in worst_first(cards):
        yield [key, *_card_row(cards[key])]


def _teams(cards: Mapping[str, Mapping[str, Any]]) -> Iterator[list[Any]]:
    for key in worst_first(cards):
        row = _card_row(cards[key])
        yield [key, *row[:3], cards[key]["members"], *row[3:]]


def _actions(findings: Iterable[Finding], lang: str) -> list[list[Any]]:
    """Every open action, by who must act, soonest due first."""
    open_actions = [
        f for f in findings if f.action is not None and f.status in ("violation", "action_required")
    ]

    def order(finding: Finding) -> tuple[str, dt.date, tuple[str, str, str, str]]:
        assert finding.action is not None
        return (owner_key(finding.action.owner), finding.action.due_on or dt.date.max, finding.key)

    rows = []
    for finding in sorted(open_actions, key=order):
        action = finding.action
        assert action is not None
        rows.append(
            [
                action.owner.staff_id,
                action.owner.role,
                action.due_on,
                action.overdue_days,
                action.code,
                getattr(action.text, lang),
                ", ".join(action.missing) or None,
                finding.rule,
                finding.status,
                finding.severity,
                finding.subject.type,
                finding.subject.id,
                finding.part,
                finding.owner.staff_id,
            ]
        )
    return rows


def _finding(finding: Finding, lang: str) -> list[Any]:
    action = finding.action
    return [
        finding.rule,
        finding.clause,
        finding.status,
        finding.severity,
        finding.subject.type,
        finding.subject.id,
        finding.part,
        finding.owner.staff_id,
        finding.owner.role,
        action.code if action else None,
        action.due_on if action else None,
        action.owner.staff_id if action else None,
        getattr(finding.message, lang),
        compact_json(finding.evidence),
    ]


def _aging(result: AuditResult, records: RecordSet) -> list[list[Any]]:
    owed: dict[tuple[str, str], list[Decimal]] = {}
    for owner_id, currency, bucket, amount in unpaid(result.as_of, records):
        amounts = owed.setdefault((owner_id, currency), [Decimal(0)] * len(BUCKETS))
        amounts[bucket] += amount
    rows = []
    for (owner_id, currency), amounts in sorted(owed.items()):
        person = result.people.get(owner_id)
        name, team = (person.name, person.team) if person else (None, None)
        rows.append([owner_id, name, team, currency, *amounts, sum(amounts, Decimal(0))])
    return rows


def _write(sheet: WriteOnlyWorksheet, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Header and rows, each value a typed cell; widths from the header and first rows."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    rest = iter(rows)
    first = [list(row) for _, row in zip(range(200), rest, strict=False)]
    widths = [len(h) * (2 if not h.isascii() else 1) + 2 for h in header]
    for sample in first:
        for i, value in enumerate(sample):
            widths[i] = max(widths[i], min(_WIDEST, len(_shown(value)) + 2))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"
    sheet.append(list(header))
    count = 0
    for row in itertools.chain(first, rest):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with `=`: never a formula
            elif isinstance(value, dt.date):
                cell.number_format = _DATE
            elif isinstance(value, float):
                cell.number_format = _PERCENT
            elif isinstance(value, Decimal):
                cell.number_format = _MONEY
            cells.append(cell)
        sheet.append(cells)
        count += 1
    # Both exist on a write-only sheet at run time; the type stubs leave them out.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"  # type: ignore[attr-defined]


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _fixed_times(data: bytes, moment: dt.datetime) -> bytes:
    """The workbook with each zip entry dated 1980-01-01, and modified when it was created
    (openpyxl writes the time of saving): the same audit, the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            target.writestr(fixed, content)
    return out.getvalue()
