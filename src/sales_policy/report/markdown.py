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
from sales_policy.report._common import (
    action_text,
    severities,
    statuses_shown,
    subject,
    who,
)
from sales_policy.report._sections import WORDS, cards, grouped, label, open_actions

_SPECIAL = re.compile(r"[\\`*\[\]<>|#]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def _text(text: str) -> str:
    """Literal text inside a paragraph or a table cell (``_`` inside words is literal)."""
    return _SPECIAL.sub(lambda m: "\\" + m[0], " ".join(text.split()))


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def render(result: AuditResult, lang: str = "en", group_by: str = "none") -> str:
    policy = result.policy
    overlays = "".join(f" + {o['id']}" for o in policy.get("overlays", []))
    name = _text(f"{policy['id']}@{policy['version']}{overlays}")
    lines = [
        f"# Audit of {name}",
        "",
        f"- **Policy:** {name} (sha256 `{policy.get('sha256', '')}`)",
        f"- **As of:** {result.as_of} ({_text(result.time_zone)})",
        f"- **Period:** {result.period_start} to {result.as_of}",
        f"- **Records:** {result.records['loaded']} loaded, {result.records['rejected']} rejected",
        "",
        *_summary(result),
        *_scorecards(result, lang),
        *_actions(result, lang),
        "## Findings",
        "",
    ]
    if not result.findings:
        lines += ["None.", ""]
    if group_by != "none":
        lines += _grouped(result, lang, group_by)
    findings = sorted(result.findings, key=lambda f: (who(f.owner), f.key))
    for owner, group in groupby(findings if group_by == "none" else [], key=lambda f: who(f.owner)):
        lines += [f"### {_text(owner)}", ""]
        for _, items in groupby(group, key=lambda f: f.rule):
            lines += _rule(list(items), lang)
    lines += _problems("Rejected records", [str(r) for r in result.rejected])
    lines += _problems("Warnings", [str(w) for w in result.warnings])
    lines += _problems("File errors", [str(e) for e in result.file_errors])
    return "\n".join(lines).rstrip("\n") + "\n"


def _summary(result: AuditResult) -> list[str]:
    summary = result.summary
    statuses = statuses_shown(result)
    labels = [s.replace("_", " ") for s in statuses]
    severity = severities(result.findings)
    lines = [
        "## Summary",
        "",
        _row("status", "findings"),
        _row(":--", "--:"),
        *(_row(label, str(summary[s])) for s, label in zip(statuses, labels, strict=True)),
        "",
        _row("rule", "severity", *labels),
        _row(":--", ":--", *("--:" for _ in statuses)),
    ]
    for rule, counts in summary["by_rule"].items():
        cells = (str(counts.get(s, 0)) for s in statuses)
        lines.append(_row(_text(rule), _text(severity.get(rule, "")), *cells))
    lines += [_row("**total**", "", *(f"**{summary[s]}**" for s in statuses)), ""]
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
                    _text(card.role),
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
                _text(who(action.owner)),
                str(action.due_on or ""),
                str(action.overdue_days or ""),
                _text(getattr(action.text, lang)),
                _text(finding.rule),
                _text(f"{finding.status.replace('_', ' ')}: {subject(finding)}"),
            )
        )
    return [*lines, ""]


def _grouped(result: AuditResult, lang: str, by: str) -> list[str]:
    w = WORDS[lang]
    lines = []
    for heading, groups in grouped(result, by):
        title = heading if by == "rule" else label(heading, result.people, lang)
        if by == "team" and heading:
            title = f"{w['team']} {title}"
        lines += [f"### {_text(title)}", ""]
        lines += [
            _row(w["rule"], w["owner"], w["findings"], w["dates"], w["subjects"]),
            _row(":--", ":--", "--:", ":--", ":--"),
        ]
        for group in groups:
            shown, more = group.subjects()
            dates = group.dates
            span = (
                ""
                if not dates
                else f"{dates[0]}"
                if dates[0] == dates[1]
                else f"{dates[0]} – {dates[1]}"
            )
            more_text = f" (+{more} {w['more']})" if more else ""
            lines.append(
                _row(
                    _text(f"{group.rule} · {group.severity} · {group.clause}"),
                    _text(who(group.owner)),
                    str(len(group.findings)),
                    span,
                    _text(", ".join(shown) + more_text),
                )
            )
        lines.append("")
    return lines


def _rule(findings: list[Finding], lang: str) -> list[str]:
    first = findings[0]
    lines = [
        f"#### {_text(first.rule)} · {_text(first.severity)} · {_text(first.clause)}",
        "",
        _row("status", "subject", "part", "message", "action"),
        _row(*(":--" for _ in range(5))),
    ]
    for finding in findings:
        action = action_text(finding.action, lang) if finding.action else "—"
        lines.append(
            _row(
                finding.status.replace("_", " "),
                _text(subject(finding)),
                _text(finding.part or ""),
                _text(getattr(finding.message, lang)),
                _text(action),
            )
        )
    return [*lines, ""]


def _problems(title: str, problems: list[str]) -> list[str]:
    listed = [f"- {_text(problem)}" for problem in problems] or ["None."]
    return [f"## {title}", "", *listed, ""]
