"""The audit as a terminal report: findings grouped by owner, then rule, and a summary by
status and rule. Fits an 80-column terminal; colours mark severity and status."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sales_policy.findings import AuditResult, Finding
from sales_policy.report.words import action_line, retroactive_note, who

_SEVERITY = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
_STATUS = {"violation": "red", "action_required": "yellow", "waived": "magenta", "pass": "green"}


def render(result: AuditResult, console: Console, lang: str = "en") -> None:
    """Print the findings and the summary."""
    policy = result.policy
    overlays = "".join(f" + {o['id']}" for o in policy.get("overlays", []))
    console.print(
        Text.assemble(
            ("Audit ", "bold"),
            f"{policy['id']}@{policy['version']}{overlays}",
            f" as of {result.as_of} (period from {result.period_start}, {result.time_zone})",
        )
    )
    note = retroactive_note(result, lang)
    if note:
        console.print(Text(note, style="bold red"))
    console.print(
        f"records: {result.records['loaded']} loaded, {result.records['rejected']} rejected",
        highlight=False,
    )
    findings = sorted(
        result.findings, key=lambda f: (who(f.owner), f.rule, f.subject.id, f.part or "")
    )
    for owner, group in groupby(findings, key=lambda f: who(f.owner)):
        console.print()
        console.print(Text(owner, style="bold underline"))
        for rule, items in groupby(group, key=lambda f: f.rule):
            listed = list(items)
            first = listed[0]
            console.print(
                Text.assemble(
                    ("  " + rule, "bold"),
                    " ",
                    (first.severity, _SEVERITY.get(first.severity, "")),
                    f"  {first.clause}",
                )
            )
            for finding in listed:
                _finding(console, finding, lang)
    console.print()
    _summary(result, console)
    for rejection in result.rejected:
        console.print(Text(f"rejected {rejection}", style="dim"), highlight=False)
    for error in result.file_errors:
        console.print(Text(f"error {error}", style="red"), highlight=False)
    for warning in result.warnings:
        console.print(Text(f"warning {warning}", style="yellow"), highlight=False)


def _finding(console: Console, finding: Finding, lang: str) -> None:
    status = Text(finding.status, style=_STATUS.get(finding.status, ""))
    subject = f"{finding.subject.type} {finding.subject.id}"
    part = f" [{finding.part}]" if finding.part else ""
    console.print(Text.assemble("    ", status, f" {subject}{part}"))
    message = getattr(finding.message, lang)
    console.print(Text("      " + message), highlight=False)
    if finding.action is not None:
        console.print(
            Text(f"      → {action_line(finding.action, lang)}", style="italic"),
            highlight=False,
        )


def _summary(result: AuditResult, console: Console) -> None:
    summary = result.summary
    statuses = [
        s for s in ("violation", "action_required", "waived", "pass") if summary[s] or s != "pass"
    ]
    table = Table(title="Summary", title_justify="left", show_edge=False)
    table.add_column("rule")
    for status in statuses:
        table.add_column(status.replace("_", " "), justify="right", style=_STATUS.get(status, ""))
    for rule, counts in summary["by_rule"].items():
        table.add_row(rule, *(str(counts.get(s, 0)) for s in statuses))
    table.add_row(Text("total", style="bold"), *(str(summary[s]) for s in statuses))
    console.print(table)
