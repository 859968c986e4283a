"""The audit as Markdown, for pasting into a ticket or a wiki page: a header, a summary by
status and by rule, the findings grouped by owner then rule, and what did not load.

Text from records and policies is escaped so that it cannot break a table or start
emphasis, a link or HTML (GitHub-flavoured Markdown)."""

from __future__ import annotations

import re
from itertools import groupby

from sales_policy.findings import AuditResult, Finding
from sales_policy.report._common import severities, statuses_shown, subject
from sales_policy.report.words import action_line, retroactive_note, who

_SPECIAL = re.compile(r"[\\`*\[\]<>|#]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def _text(text: str) -> str:
    """Literal text inside a paragraph or a table cell (``_`` inside words is literal)."""
    return _SPECIAL.sub(lambda m: "\\" + m[0], " ".join(text.split()))


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def render(result: AuditResult, lang: str = "en") -> str:
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
        *_retroactive(result, lang),
        *_summary(result),
        "## Findings",
        "",
    ]
    if not result.findings:
        lines += ["None.", ""]
    findings = sorted(result.findings, key=lambda f: (who(f.owner), f.key))
    for owner, group in groupby(findings, key=lambda f: who(f.owner)):
        lines += [f"### {_text(owner)}", ""]
        for _, items in groupby(group, key=lambda f: f.rule):
            lines += _rule(list(items), lang)
    lines += _problems("Rejected records", [str(r) for r in result.rejected])
    lines += _problems("Warnings", [str(w) for w in result.warnings])
    lines += _problems("File errors", [str(e) for e in result.file_errors])
    return "\n".join(lines).rstrip("\n") + "\n"


def _retroactive(result: AuditResult, lang: str) -> list[str]:
    note = retroactive_note(result, lang)
    return [f"> **{_text(note)}**", ""] if note else []


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


def _rule(findings: list[Finding], lang: str) -> list[str]:
    first = findings[0]
    lines = [
        f"#### {_text(first.rule)} · {_text(first.severity)} · {_text(first.clause)}",
        "",
        _row("status", "subject", "part", "message", "action"),
        _row(*(":--" for _ in range(5))),
    ]
    for finding in findings:
        action = action_line(finding.action, lang) if finding.action else "—"
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
