"""The audit as a terminal report: findings grouped by owner, then rule, and a summary by
status and rule. Fits an 80-column terminal; colours mark severity and status."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sales_policy.findings import AuditResult, Finding
from sales_policy.report.words import (
    action_line,
    audit_title,
    label,
    period_line,
    problem_line,
    records_line,
    retroactive_note,
    severity,
    who,
)

_SEVERITY = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
_STATUS = {"violation": "red", "action_required": "yellow", "waived": "magenta", "pass": "green"}


def render(result: AuditResult, console: Console, lang: str = "en") -> None:
    """Print the findings and the summary."""
    console.print(
        Text.assemble((audit_title(result, lang), "bold"), " ", period_line(result, lang))
    )
    note = retroactive_note(result, lang)
    if note:
        console.print(Text(note, style="bold red"))
    console.print(records_line(result, lang), highlight=False)
    findings = sorted(
        result.findings, key=lambda f: (who(f.owner), f.rule, f.subject.id, f.part or "")
    )
    for _, group in groupby(findings, key=lambda f: who(f.owner)):
        listed_group = list(group)
        owner = who(listed_group[0].owner, lang)
        console.print()
        console.print(Text(owner, style="bold underline"))
        for rule, items in groupby(listed_group, key=lambda f: f.rule):
            listed = list(items)
            first = listed[0]
            console.print(
                Text.assemble(
                    ("  " + rule, "bold"),
                    " ",
                    (severity(first.severity, lang), _SEVERITY.get(first.severity, "")),
                    f"  {first.clause}",
                )
            )
            for finding in listed:
                _finding(console, finding, lang)
    console.print()
    _summary(result, console, lang)
    for rejection in result.rejected:
        console.print(
            Text(problem_line("rejected_one", rejection, lang), style="dim"), highlight=False
        )
    for error in result.file_errors:
        console.print(Text(problem_line("error", error, lang), style="red"), highlight=False)
    for warning in result.warnings:
        console.print(Text(problem_line("warning", warning, lang), style="yellow"), highlight=False)


def _finding(console: Console, finding: Finding, lang: str) -> None:
    status = Text(label(finding.status, lang), style=_STATUS.get(finding.status, ""))
    subject = f"{label(finding.subject.type, lang)} {finding.subject.id}"
    part = f" [{finding.part}]" if finding.part else ""
    console.print(Text.assemble("    ", status, f" {subject}{part}"))
    message = getattr(finding.message, lang)
    console.print(Text("      " + message), highlight=False)
    if finding.action is not None:
        console.print(
            Text(f"      → {action_line(finding.action, lang)}", style="italic"),
            highlight=False,
        )


def _summary(result: AuditResult, console: Console, lang: str) -> None:
    summary = result.summary
    statuses = [
        s for s in ("violation", "action_required", "waived", "pass") if summary[s] or s != "pass"
    ]
    table = Table(title=label("summary", lang), title_justify="left", show_edge=False)
    table.add_column(label("rule", lang))
    for status in statuses:
        table.add_column(label(status, lang), justify="right", style=_STATUS.get(status, ""))
    for rule, counts in summary["by_rule"].items():
        table.add_row(rule, *(str(counts.get(s, 0)) for s in statuses))
    table.add_row(Text(label("total", lang), style="bold"), *(str(summary[s]) for s in statuses))
    console.print(table)
