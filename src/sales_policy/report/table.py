"""The audit as a terminal report: the scorecards of teams and people (worst first), the
open actions, the findings (collapsed by owner and rule unless ``--group-by none``), and a
summary by status and rule. Fits an 80-column terminal; colours mark severity and status."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sales_policy.findings import AuditResult, Finding, Owner
from sales_policy.report._sections import WORDS, Group, cards, grouped, label, open_actions
from sales_policy.scorecards import owner_key

_SEVERITY = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
_STATUS = {"violation": "red", "action_required": "yellow", "waived": "magenta", "pass": "green"}


def _who(owner: Owner) -> str:
    if owner.staff_id is None:
        return f"any {owner.role}" if owner.role else "nobody"
    return f"{owner.staff_id} ({owner.role})"


def render(
    result: AuditResult, console: Console, lang: str = "en", group_by: str = "owner"
) -> None:
    """Print the scorecards, the open actions, the findings and the summary."""
    policy = result.policy
    overlays = "".join(f" + {o['id']}" for o in policy.get("overlays", []))
    console.print(
        Text.assemble(
            ("Audit ", "bold"),
            f"{policy['id']}@{policy['version']}{overlays}",
            f" as of {result.as_of} (period from {result.period_start}, {result.time_zone})",
        )
    )
    console.print(
        f"records: {result.records['loaded']} loaded, {result.records['rejected']} rejected",
        highlight=False,
    )
    _scorecards(result, console, lang)
    _actions(result, console, lang)
    if group_by == "none":
        _listed(result, console, lang)
    else:
        _grouped(result, console, lang, group_by)
    console.print()
    _summary(result, console)
    for rejection in result.rejected:
        console.print(Text(f"rejected {rejection}", style="dim"), highlight=False)
    for error in result.file_errors:
        console.print(Text(f"error {error}", style="red"), highlight=False)
    for warning in result.warnings:
        console.print(Text(f"warning {warning}", style="yellow"), highlight=False)


def _listed(result: AuditResult, console: Console, lang: str) -> None:
    findings = sorted(
        result.findings, key=lambda f: (_who(f.owner), f.rule, f.subject.id, f.part or "")
    )
    for owner, group in groupby(findings, key=lambda f: _who(f.owner)):
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


def _grouped(result: AuditResult, console: Console, lang: str, by: str) -> None:
    for heading, groups in grouped(result, by):
        console.print()
        console.print(Text(_heading(result, heading, by, lang), style="bold underline"))
        for group in groups:
            _group(console, group, by, result, lang)


def _heading(result: AuditResult, key: str, by: str, lang: str) -> str:
    if by == "rule":
        return key
    name = label(key, result.people, lang)
    return f"{WORDS[lang]['team']} {name}" if by == "team" and key else name


def _group(console: Console, group: Group, by: str, result: AuditResult, lang: str) -> None:
    """One rule and one owner: how many findings, over which dates, the first subjects."""
    statuses = sorted({f.status for f in group.findings})
    line = Text.assemble(
        ("  " + group.rule, "bold"),
        " ",
        (group.severity, _SEVERITY.get(group.severity, "")),
        f"  {group.clause}",
    )
    if by != "owner":
        line.append(f"  {label(owner_key(group.owner), result.people, lang)}")
    console.print(line)
    shown, more = group.subjects()
    dates = group.dates
    span = (
        ""
        if not dates
        else f"  {dates[0]}"
        if dates[0] == dates[1]
        else f"  {dates[0]} – {dates[1]}"
    )
    more_text = f" (+{more} {WORDS[lang]['more']})" if more else ""
    style = _STATUS.get(statuses[0], "") if len(statuses) == 1 else ""
    console.print(
        Text.assemble(
            "    ",
            (", ".join(statuses), style),
            f" ×{len(group.findings)}{span}  {', '.join(shown)}{more_text}",
        ),
        highlight=False,
    )


def _scorecards(result: AuditResult, console: Console, lang: str) -> None:
    """Two lines a card, worst first: who (role, supervisor), then the counts."""
    w = WORDS[lang]
    for title, which in ((w["teams"], "by_team"), (w["people"], "by_owner")):
        rows = cards(result, which, lang)
        if not rows:
            continue
        console.print()
        console.print(Text(f"{w['scorecards']}: {title}", style="bold"))
        for card in rows:
            who = [card.label, card.role]
            if card.supervisor:
                who.append(f"{w['supervisor']} {card.supervisor}")
            console.print(Text("  " + " · ".join(who), style="bold"), highlight=False)
            violations, required, acting, late = card.numbers
            counts = w["card_line"].format(
                v=violations, ar=required, open=acting, late=late, rate=card.compliance
            )
            lowest = f"; {w['lowest_line'].format(rules=card.weakest)}" if card.weakest else ""
            style = "red" if violations else ""
            console.print(Text("      " + counts + lowest, style=style), highlight=False)


def _actions(result: AuditResult, console: Console, lang: str) -> None:
    """Every open action under who must act, soonest due first."""
    w = WORDS[lang]
    listed = open_actions(result.findings)
    console.print()
    console.print(Text(f"{w['actions']} ({len(listed)})", style="bold"))
    for who, items in groupby(listed, key=lambda f: _who(f.action.owner) if f.action else ""):
        console.print(Text("  " + who, style="bold"), highlight=False)
        for finding in items:
            action = finding.action
            assert action is not None  # open_actions keeps only findings with one
            due = f"{action.due_on}  " if action.due_on else ""
            late = w["overdue_by"].format(n=action.overdue_days) if action.overdue_days else ""
            console.print(
                Text.assemble(
                    f"    {due}",
                    (f"{late}  " if late else "", "red"),
                    getattr(action.text, lang),
                    " — ",
                    (finding.rule, "bold"),
                    f" {finding.subject.type} {finding.subject.id}",
                ),
                highlight=False,
            )


def _finding(console: Console, finding: Finding, lang: str) -> None:
    status = Text(finding.status, style=_STATUS.get(finding.status, ""))
    subject = f"{finding.subject.type} {finding.subject.id}"
    part = f" [{finding.part}]" if finding.part else ""
    console.print(Text.assemble("    ", status, f" {subject}{part}"))
    message = getattr(finding.message, lang)
    console.print(Text("      " + message), highlight=False)
    if finding.action is not None:
        due = f" by {finding.action.due_on}" if finding.action.due_on else ""
        text = getattr(finding.action.text, lang)
        console.print(
            Text(f"      → {text}{due} ({_who(finding.action.owner)})", style="italic"),
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
