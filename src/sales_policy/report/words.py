"""The words of the human reports in each language: labels, statuses, severities, roles,
and how an owner and an open action are said. Every human format takes its words from
here, so that ``--lang zh`` leaves nothing English but ids, rule ids, clauses and codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sales_policy.findings import Action, AuditResult, Owner

__all__ = [
    "action_line",
    "action_text",
    "audit_title",
    "evidence_text",
    "label",
    "period_line",
    "plain_value",
    "policy_name",
    "problem_line",
    "records_line",
    "retroactive_note",
    "role",
    "severity",
    "status",
    "waiver_text",
    "who",
]

# Key -> (English, Chinese).
_LABELS: dict[str, tuple[str, str]] = {
    # statuses
    "violation": ("violation", "违规"),
    "action_required": ("action required", "待处理"),
    "waived": ("waived", "已豁免"),
    "pass": ("pass", "合规"),
    # severities
    "critical": ("critical", "严重"),
    "high": ("high", "高"),
    "medium": ("medium", "中"),
    "low": ("low", "低"),
    # roles
    "sales_rep": ("sales_rep", "销售代表"),
    "sales_supervisor": ("sales_supervisor", "销售主管"),
    "sales_manager": ("sales_manager", "销售经理"),
    # headings and labels
    "audit_of": ("Audit of", "审计："),
    "as_of": ("as of", "截至"),
    "period": ("period", "审计期间"),
    "to": ("to", "至"),
    "records": ("records", "记录"),
    "loaded": ("loaded", "已载入"),
    "rejected": ("rejected", "被拒绝"),
    "summary": ("Summary", "汇总"),
    "findings": ("Findings", "检查结果"),
    "rule": ("rule", "规则"),
    "status": ("status", "状态"),
    "severity": ("severity", "严重程度"),
    "subject": ("subject", "对象"),
    "part": ("part", "部分"),
    "owner": ("owner", "负责人"),
    "message": ("message", "说明"),
    "evidence": ("evidence", "依据"),
    "action": ("action", "待办"),
    "total": ("total", "合计"),
    "none": ("Nothing.", "无。"),
    "nobody": ("nobody", "无人"),
    "policy": ("Policy", "制度"),
    "rejected_records": ("Rejected records", "被拒绝的记录"),
    "warnings": ("Warnings", "警告"),
    "file_errors": ("File errors", "文件错误"),
    "clauses_cited": ("Clauses cited", "引用的条款"),
    "all": ("all", "全部"),
    "showing": ("showing", "显示"),
    "of": ("of", "共"),
    "by": ("by", "截止"),
    "who": ("who", "由谁"),
    "missing": ("missing", "缺少"),
    "warning": ("warning", "警告"),
    "clause": ("clause", "条款"),
    "error": ("error", "错误"),
    "rejected_one": ("rejected", "被拒绝"),
    # subject types
    "customer": ("customer", "客户"),
    "contract": ("contract", "合同"),
    "receivable": ("receivable", "应收款"),
    "activity": ("activity", "活动"),
    "staff": ("staff", "员工"),
    "training_year": ("training year", "培训年度"),
}


# Evidence key -> (English, Chinese) wording of its value, then of its absence.
_EVIDENCE: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "trigger": (("started on {}", "起始日 {}"), ("not started", "尚未开始")),
    "deadline": (("due by {}", "截止 {}"), ("no deadline", "无截止日期")),
    "done_on": (("done on {}", "完成于 {}"), ("not done", "尚未完成")),
    "due_on": (("payment due on {}", "付款到期日 {}"), ("no due date", "无到期日")),
    "paid_on": (("paid in full on {}", "于 {} 付清"), ("not paid in full", "尚未付清")),
    "written_off_on": (("written off on {}", "于 {} 核销"), ("not written off", "未核销")),
    "signed_on": (("signed on {}", "签订于 {}"), ("not signed", "未签订")),
    "first_signed_on": (
        ("first contract signed on {}", "首份合同签订于 {}"),
        ("no contract signed", "尚无已签合同"),
    ),
    "window_from": (
        ("counts from {}", "自 {} 起计"),
        ("counts from any earlier day", "任何日期均计"),
    ),
    "missing": (("missing: {}", "缺少：{}"), ("nothing missing", "无缺项")),
}


def label(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang``; an unknown key (a code) is shown as it is."""
    words = _LABELS.get(key)
    if words is None:
        return key
    return words[1] if lang == "zh" else words[0]


def status(value: str, lang: str) -> str:
    return label(value, lang)


def severity(value: str, lang: str) -> str:
    return label(value, lang)


def role(value: str, lang: str) -> str:
    return label(value, lang)


def who(owner: Owner, lang: str = "en") -> str:
    """``S-03 (sales_rep)``; ``any sales_manager (S-01, S-07)`` when anyone holding the
    role may act, naming those who hold it on the as-of date."""
    zh = lang == "zh"
    if owner.staff_id is None:
        if owner.role is None:
            return label("nobody", lang)
        holders = ("、" if zh else ", ").join(owner.holders)
        if zh:
            return f"任一{role(owner.role, lang)}" + (f"（{holders}）" if holders else "")
        return f"any {role(owner.role, lang)}" + (f" ({holders})" if holders else "")
    if owner.role is None:
        return owner.staff_id
    return (
        f"{owner.staff_id}（{role(owner.role, lang)}）"
        if zh
        else (f"{owner.staff_id} ({role(owner.role, lang)})")
    )


def action_text(action: Action, lang: str = "en") -> str:
    """What to do and by when, and how late it is:
    ``Revisit customer CU-09 by 2026-05-06 — 12 days overdue``. What is missing is added
    when the text does not already say it."""
    text: str = action.text.zh if lang == "zh" else action.text.en
    missing = [m for m in action.missing if m not in text]
    if missing:
        zh = f"（缺少：{'、'.join(m.replace(' or ', ' 或 ') for m in missing)}）"
        text += zh if lang == "zh" else f" (missing: {', '.join(missing)})"
    if lang == "zh":
        if action.due_on is not None:
            text += f"，{action.due_on} 前完成"
        if action.overdue_days:
            text += f"（已逾期 {action.overdue_days} 天）"
        return text
    if action.due_on is not None:
        text += f" by {action.due_on}"
    if action.overdue_days:
        days = "day" if action.overdue_days == 1 else "days"
        text += f" — {action.overdue_days} {days} overdue"
    return text


def action_line(action: Action, lang: str = "en") -> str:
    """Who must act, then what and by when: ``S-03 (sales_rep): Revisit customer CU-09 by
    2026-05-06 — 12 days overdue``."""
    return f"{who(action.owner, lang)}{'：' if lang == 'zh' else ': '}{action_text(action, lang)}"


def retroactive_note(result: AuditResult, lang: str = "en") -> str | None:
    """What a retroactive audit must say wherever it is read, so it never passes for an
    ordinary one; ``None`` for an ordinary audit."""
    if not result.retroactive:
        return None
    if lang == "zh":
        return f"追溯审计：审计期间自 {result.period_start} 起，早于该制度版本的生效日期"
    return (
        f"RETROACTIVE AUDIT: the period starts on {result.period_start}, before this "
        "policy version takes effect"
    )


def policy_name(result: AuditResult) -> str:
    """``sales-staff@1.0.0 + acme``."""
    policy = result.policy
    overlays = "".join(f" + {o['id']}" for o in policy.get("overlays", []))
    return f"{policy['id']}@{policy['version']}{overlays}"


def audit_title(result: AuditResult, lang: str = "en") -> str:
    """``Audit of sales-staff@1.0.0``."""
    if lang == "zh":
        return f"{policy_name(result)} 审计"
    return f"Audit of {policy_name(result)}"


def period_line(result: AuditResult, lang: str = "en") -> str:
    """``as of 2026-11-26 (period from 2026-01-01, Asia/Shanghai)``."""
    if lang == "zh":
        return f"截至 {result.as_of}（审计期间自 {result.period_start} 起，{result.time_zone}）"
    return f"as of {result.as_of} (period from {result.period_start}, {result.time_zone})"


def records_line(result: AuditResult, lang: str = "en") -> str:
    """``records: 388 loaded, 0 rejected``."""
    loaded, rejected = result.records["loaded"], result.records["rejected"]
    if lang == "zh":
        return f"记录：已载入 {loaded} 条，被拒绝 {rejected} 条"
    return f"records: {loaded} loaded, {rejected} rejected"


def problem_line(kind: str, problem: object, lang: str = "en") -> str:
    """A rejected record, a file error or a warning, with what kind it is."""
    return f"{label(kind, lang)}{'：' if lang == 'zh' else ' '}{problem}"


def evidence_text(key: str, value: Any, lang: str) -> str:
    """One piece of evidence as words: ``paid in full on 2026-02-26``, ``not paid in full``."""
    zh = lang == "zh"
    if key == "waiver" and isinstance(value, Mapping):
        return waiver_text(value, lang)
    wording = _EVIDENCE.get(key)
    empty = value is None or value in ([], ())
    if wording is None:  # a value the rule names: by its name, a code
        name = key
        return f"{name}{'：' if zh else ': '}{plain_value(value, lang)}"
    (present_en, present_zh), (absent_en, absent_zh) = wording
    if empty:
        return absent_zh if zh else absent_en
    return (present_zh if zh else present_en).format(plain_value(value, lang))


def plain_value(value: Any, lang: str) -> str:
    """A value as a reader writes it: dates ISO, lists joined, yes/no, never ``None``."""
    zh = lang == "zh"
    if value is None:
        return "无" if zh else "none"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, str):
        return value.replace(" or ", " 或 ") if zh else value
    if isinstance(value, dt.date | Decimal | int):
        return str(value)
    if isinstance(value, list | tuple):
        return ("、" if zh else ", ").join(
            plain_value(item, lang) for item in value
        ) or plain_value(None, lang)
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {plain_value(item, lang)}" for key, item in value.items())
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)


def waiver_text(waiver: Mapping[str, Any], lang: str = "en") -> str:
    """``waived until 2027-01-01 by overlay acme: the reason``."""
    until, overlay, reason = waiver.get("expires_on"), waiver.get("overlay"), waiver.get("reason")
    if lang == "zh":
        return f"已豁免（{f'至 {until}，' if until else ''}{overlay}）：{reason}"
    return f"waived{f' until {until}' if until else ''} by overlay {overlay}: {reason}"
