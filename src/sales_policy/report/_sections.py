"""What the table, Markdown and HTML reports share beyond wording: the scorecards in the
order they show them, the open actions as a to-do list, and findings collapsed into
groups (``--group-by``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sales_policy.findings import AuditResult, Finding, Owner
from sales_policy.report.words import role
from sales_policy.scorecards import Person, owner_key, worst_first

GROUPINGS = ("none", "rule", "owner", "team")
SHOWN_SUBJECTS = 3
"""Subjects a group names; the rest are counted (and one click away in HTML)."""

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "scorecards": "Scorecards",
        "teams": "Teams",
        "people": "People",
        "team": "team",
        "owner": "owner",
        "role": "role",
        "supervisor": "supervisor",
        "members": "members",
        "violation": "violations",
        "action_required": "action required",
        "open_actions": "open actions",
        "overdue_actions": "overdue",
        "compliance": "compliance",
        "weakest": "lowest compliance",
        "card_line": "{v} violations, {ar} action required, {open} open actions "
        "({late} overdue), compliance {rate}",
        "lowest_line": "lowest: {rules}",
        "overdue_by": "{n} days overdue",
        "actions": "Open actions",
        "who": "who",
        "due": "due",
        "overdue_days": "days overdue",
        "action": "action",
        "finding": "finding",
        "findings": "findings",
        "dates": "dates",
        "subjects": "subjects",
        "more": "more",
        "rule": "rule",
        "no_team": "(no team)",
        "none": "None.",
        "any": "any",
    },
    "zh": {
        "scorecards": "成绩单",
        "teams": "团队",
        "people": "人员",
        "team": "团队",
        "owner": "负责人",
        "role": "角色",
        "supervisor": "上级",
        "members": "人数",
        "violation": "违规",
        "action_required": "需处理",
        "open_actions": "待办事项",
        "overdue_actions": "已逾期",
        "compliance": "合规率",
        "weakest": "合规率最低的规则",
        "card_line": "违规 {v}，需处理 {ar}，待办事项 {open}（已逾期 {late}），合规率 {rate}",
        "lowest_line": "合规率最低：{rules}",
        "overdue_by": "逾期 {n} 天",
        "actions": "待办事项",
        "who": "办理人",
        "due": "截止日期",
        "overdue_days": "逾期天数",
        "action": "措施",
        "finding": "审计发现",
        "findings": "条审计发现",
        "dates": "日期",
        "subjects": "对象",
        "more": "其余",
        "rule": "规则",
        "no_team": "（无团队）",
        "none": "无。",
        "any": "任一",
    },
}


@dataclass(frozen=True)
class Card:
    """One scorecard as a report row."""

    key: str
    label: str
    role: str
    supervisor: str
    numbers: tuple[int, int, int, int]
    """Violations, required actions, open actions, overdue actions."""
    compliance: str
    weakest: str


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f}%"


def cards(result: AuditResult, which: str, lang: str) -> list[Card]:
    """``by_owner`` or ``by_team`` as rows, worst first."""
    found = result.summary[which]
    rows = []
    for key in worst_first(found):
        card = found[key]
        name = card["name"] or f"{WORDS[lang]['any']} {role(card['role'] or '', lang)}"
        label = f"{key} {name}" if card["name"] else name
        weakest = sorted(
            (counts["compliance"], rule)
            for rule, counts in card["by_rule"].items()
            if counts["compliance"] is not None and counts["compliance"] < 1
        )[:3]
        rows.append(
            Card(
                key,
                label,
                card["role"] or "",
                card["supervisor"] or "",
                (
                    card["violation"],
                    card["action_required"],
                    card["open_actions"],
                    card["overdue_actions"],
                ),
                percent(card["compliance"]),
                ", ".join(f"{rule} {percent(rate)}" for rate, rule in weakest),
            )
        )
    return rows


def open_actions(findings: Iterable[Finding]) -> list[Finding]:
    """Every open action (violations and required actions that carry one), by who must
    act, soonest due first (those without a due date last)."""
    listed = [
        f for f in findings if f.action is not None and f.status in ("violation", "action_required")
    ]
    return sorted(listed, key=_action_order)


def _action_order(finding: Finding) -> tuple[str, dt.date, tuple[str, str, str, str]]:
    action = finding.action
    assert action is not None  # open_actions keeps only findings with one
    return (owner_key(action.owner), action.due_on or dt.date.max, finding.key)


def finding_date(finding: Finding) -> dt.date | None:
    """The day a finding is about: its deadline, else what triggered it, else its
    action's due date."""
    for name in ("deadline", "trigger"):
        day = finding.evidence.get(name)
        if isinstance(day, dt.date):
            return day
    return finding.action.due_on if finding.action else None


@dataclass(frozen=True)
class Group:
    """The findings of one rule and one owner, collapsed."""

    rule: str
    severity: str
    clause: str
    owner: Owner
    findings: Sequence[Finding]

    @property
    def dates(self) -> tuple[dt.date, dt.date] | None:
        days = [d for d in map(finding_date, self.findings) if d is not None]
        return (min(days), max(days)) if days else None

    @property
    def span(self) -> str:
        """The dates as shown: ``2026-03-10 – 2026-11-10``, one day alone, or nothing."""
        dates = self.dates
        if not dates:
            return ""
        return f"{dates[0]}" if dates[0] == dates[1] else f"{dates[0]} – {dates[1]}"

    def subjects(self, count: int = SHOWN_SUBJECTS) -> tuple[list[str], int]:
        """The first ``count`` subjects (with their part), and how many more."""
        named = [
            f"{f.subject.id}/{f.part}" if f.part else f.subject.id for f in self.findings[:count]
        ]
        return named, max(len(self.findings) - count, 0)


def grouped(result: AuditResult, by: str) -> list[tuple[str, list[Group]]]:
    """Headings (a rule id, an owner key or a team lead's id; "" for no team) and their
    groups, each the findings of one rule and one owner."""
    people = result.people
    leads = {p.supervisor_id for p in people.values()}

    def heading(finding: Finding) -> str:
        key = owner_key(finding.owner)
        if by == "rule":
            return finding.rule
        if by == "owner":
            return key
        if key in leads:
            return key
        person = people.get(key)
        lead = person.supervisor_id if person else None
        return lead if lead is not None and lead in people else ""

    sections: dict[str, dict[tuple[str, str], list[Finding]]] = {}
    for finding in result.findings:
        inner = (
            (finding.rule, owner_key(finding.owner))
            if by != "rule"
            else (
                owner_key(finding.owner),
                finding.rule,
            )
        )
        sections.setdefault(heading(finding), {}).setdefault(inner, []).append(finding)
    out = []
    for title in sorted(sections):
        groups = []
        for _, listed in sorted(sections[title].items()):
            first = listed[0]
            groups.append(Group(first.rule, first.severity, first.clause, first.owner, listed))
        out.append((title, groups))
    return out


def label(key: str, people: Mapping[str, Person], lang: str) -> str:
    """``S-05 刘洋 (sales rep)`` for a staff id, ``any sales manager`` for a role, and
    "(no team)" for no key."""
    if not key:
        return WORDS[lang]["no_team"]
    if key.startswith("role:"):
        return f"{WORDS[lang]['any']} {role(key.removeprefix('role:'), lang)}"
    person = people.get(key)
    return f"{key} {person.name} ({role(person.role, lang)})" if person else key
