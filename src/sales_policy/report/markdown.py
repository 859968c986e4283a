"""The audit as Markdown, for pasting into a ticket or a wiki page: a header, a summary by
status and by rule, the scorecards of teams and people (worst first), the open actions,
the findings by owner then rule (or collapsed with ``--group-by``), and what did not
load.

Text from records and policies is escaped so that it cannot break a table or start
emphasis, a link or HTML (GitHub-flavoured Markdown)."""

from __future__ import annotations

import re
from itertools import groupby

from sales_policy.findings import AuditResult, Finding
from sales_policy.report._common import severities, statuses_shown
from sales_policy.report._sections import WORDS, cards, grouped, open_actions
from sales_policy.report._sections import label as person_label
from sales_policy.report.words import (
    action_line,
    action_text,
    audit_title,
    label,
    policy_name,
    retroactive_note,
    role,
    who,
)

_SPECIAL = re.compile(r"[\\`*\[\]<>|#]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def _text(text: str) -> str:
    """Literal text inside a paragraph or a table cell (``_`` inside words is literal)."""
    return _SPECIAL.sub(lambda m: "\\" + m[0], " ".join(text.split()))


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def render(result: AuditResult, lang: str = "en", group_by: str = "none") -> str:
    policy = result.policy
    name = _text(policy_name(result))
    loaded, rejected = result.records["loaded"], result.records["rejected"]
    zh = lang == "zh"
    lines = [
        f"# {_text(audit_title(result, lang))}",
        "",
        f"- **{'制度' if zh else 'Policy'}:** {name} (sha256 `{policy.get('sha256', '')}`)",
        f"- **{'截至' if zh else 'As of'}:** {result.as_of} ({_text(result.time_zone)})",
        f"- **{'审计期间' if zh else 'Period'}:** {result.period_start} "
        f"{'至' if zh else 'to'} {result.as_of}",
        f"- **{'记录' if zh else 'Records'}:** "
        + (
            f"已载入 {loaded} 条，被拒绝 {rejected} 条"
            if zh
            else f"{loaded} loaded, {rejected} rejected"
        ),
        "",
        *_retroactive(result, lang),
        *_summary(result, lang),
        *_scorecards(result, lang),
        *_actions(result, lang),
        f"## {label('findings', lang)}",
        "",
    ]
    if not result.findings:
        lines += [label("none", lang), ""]
    if group_by != "none":
        lines += _grouped(result, lang, group_by)
    findings = sorted(result.findings, key=lambda f: (who(f.owner), f.key))
    for _, group in groupby(findings if group_by == "none" else [], key=lambda f: who(f.owner)):
        listed = list(group)
        lines += [f"### {_text(who(listed[0].owner, lang))}", ""]
        for _, items in groupby(listed, key=lambda f: f.rule):
            lines += _rule(list(items), lang)
    lines += _problems("rejected_records", [str(r) for r in result.rejected], lang)
    lines += _problems("warnings", [str(w) for w in result.warnings], lang)
    lines += _problems("file_errors", [str(e) for e in result.file_errors], lang)
    return "\n".join(lines).rstrip("\n") + "\n"


def _retroactive(result: AuditResult, lang: str) -> list[str]:
    note = retroactive_note(result, lang)
    return [f"> **{_text(note)}**", ""] if note else []


def _summary(result: AuditResult, lang: str) -> list[str]:
    summary = result.summary
    statuses = statuses_shown(result)
    labels = [label(s, lang) for s in statuses]
    severity = severities(result.findings)
    lines = [
        f"## {label('summary', lang)}",
        "",
        _row(label("status", lang), label("findings", lang).lower()),
        _row(":--", "--:"),
        *(_row(label, str(summary[s])) for s, label in zip(statuses, labels, strict=True)),
        "",
        _row(label("rule", lang), label("severity", lang), *labels),
        _row(":--", ":--", *("--:" for _ in statuses)),
    ]
    for rule, counts in summary["by_rule"].items():
        cells = (str(counts.get(s, 0)) for s in statuses)
        lines.append(_row(_text(rule), _text(label(severity.get(rule, ""), lang)), *cells))
    total = f"**{label('total', lang)}**"
    lines += [_row(total, "", *(f"**{summary[s]}**" for s in statuses)), ""]
    return lines


def _scorecards(result: AuditResult, lang: str) -> list[str]:
    w = WORDS[lang]
    lines = [f"## {w['scorecards']}", ""]
    for title, which, first in (
        (w["teams"], "by_team", w["team"]),
        (w["people"], "by_owner", w["owner"]),
    ):
        head = [first, w["role"], w["supervisor"], w["violation"], w["action_required"]]
        head += [w["open_actions"], w["overdue_actions"], w["compliance"], w["weakest"]]
        lines += [
            f"### {title}",
            "",
            _row(*head),
            _row(*(":--", ":--", ":--"), *("--:",) * 5, ":--"),
        ]
        rows = cards(result, which, lang)
        for card in rows:
            lines.append(
                _row(
                    _text(card.label),
                    _text(role(card.role, lang) if card.role else ""),
                    _text(card.supervisor),
                    *(str(n) for n in card.numbers),
                    card.compliance,
                    _text(card.weakest),
                )
            )
        if not rows:
            lines = [*lines[:-2], w["none"]]
        lines.append("")
    return lines


def _actions(result: AuditResult, lang: str) -> list[str]:
    w = WORDS[lang]
    listed = open_actions(result.findings)
    lines = [f"## {w['actions']}", ""]
    if not listed:
        return [*lines, w["none"], ""]
    lines += [
        _row(w["who"], w["due"], w["overdue_days"], w["action"], w["rule"], w["finding"]),
        _row(":--", ":--", "--:", ":--", ":--", ":--"),
    ]
    for finding in listed:
        action = finding.action
        assert action is not None  # open_actions keeps only findings with one
        lines.append(
            _row(
                _text(who(action.owner, lang)),
                str(action.due_on or ""),
                str(action.overdue_days or ""),
                _text(action_text(action, lang)),
                _text(finding.rule),
                _text(
                    f"{label(finding.status, lang)}: "
                    f"{label(finding.subject.type, lang)} {finding.subject.id}"
                ),
            )
        )
    return [*lines, ""]


def _grouped(result: AuditResult, lang: str, by: str) -> list[str]:
    w = WORDS[lang]
    lines = []
    for heading, groups in grouped(result, by):
        title = heading if by == "rule" else person_label(heading, result.people, lang)
        if by == "team" and heading:
            title = f"{w['team']} {title}"
        lines += [f"### {_text(title)}", ""]
        lines += [
            _row(w["rule"], w["owner"], w["findings"], w["dates"], w["subjects"]),
            _row(":--", ":--", "--:", ":--", ":--"),
        ]
        for group in groups:
            shown, more = group.subjects()
            more_text = f" (+{more} {w['more']})" if more else ""
            lines.append(
                _row(
                    _text(f"{group.rule} · {label(group.severity, lang)} · {group.clause}"),
                    _text(who(group.owner, lang)),
                    str(len(group.findings)),
                    group.span,
                    _text(", ".join(shown) + more_text),
                )
            )
        lines.append("")
    return lines


def _rule(findings: list[Finding], lang: str) -> list[str]:
    first = findings[0]
    lines = [
        f"#### {_text(first.rule)} · {_text(label(first.severity, lang))} · {_text(first.clause)}",
        "",
        _row(*(label(k, lang) for k in ("status", "subject", "part", "message", "action"))),
        _row(*(":--" for _ in range(5))),
    ]
    for finding in findings:
        action = action_line(finding.action, lang) if finding.action else "—"
        lines.append(
            _row(
                label(finding.status, lang),
                _text(f"{label(finding.subject.type, lang)} {finding.subject.id}"),
                _text(finding.part or ""),
                _text(getattr(finding.message, lang)),
                _text(action),
            )
        )
    return [*lines, ""]


def _problems(title: str, problems: list[str], lang: str) -> list[str]:
    listed = [f"- {_text(problem)}" for problem in problems] or [label("none", lang)]
    return [f"## {label(title, lang)}", "", *listed, ""]
