"""The audit as a terminal report: the scorecards of teams and people (worst first), the
open actions, the findings (collapsed by owner and rule unless ``--group-by none``), and a
summary by status and rule. Fits an 80-column terminal; colours mark severity and status."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sales_policy.findings import AuditResult, Finding
from sales_policy.report._sections import WORDS, Group, cards, grouped, open_actions
from sales_policy.report._sections import label as person_label
from sales_policy.report.words import (
    action_line,
    action_text,
    audit_title,
    label,
    period_line,
    problem_line,
    records_line,
    retroactive_note,
    role,
    severity,
    who,
)
from sales_policy.scorecards import owner_key

_SEVERITY = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
_STATUS = {"violation": "red", "action_required": "yellow", "waived": "magenta", "pass": "green"}


def render(
    result: AuditResult, console: Console, lang: str = "en", group_by: str = "owner"
) -> None:
    """Print the scorecards, the open actions, the findings and the summary."""
    console.print(
        Text.assemble((audit_title(result, lang), "bold"), " ", period_line(result, lang))
    )
    note = retroactive_note(result, lang)
    if note:
        console.print(Text(note, style="bold red"))
    console.print(records_line(result, lang), highlight=False)
    _scorecards(result, console, lang)
    _actions(result, console, lang)
    if group_by == "none":
        _listed(result, console, lang)
    else:
        _grouped(result, console, lang, group_by)
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


def _listed(result: AuditResult, console: Console, lang: str) -> None:
    findings = sorted(
        result.findings, key=lambda f: (who(f.owner), f.rule, f.subject.id, f.part or "")
    )
    for _, group in groupby(findings, key=lambda f: who(f.owner)):
        listed_group = list(group)
        console.print()
        console.print(Text(who(listed_group[0].owner, lang), style="bold underline"))
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


def _grouped(result: AuditResult, console: Console, lang: str, by: str) -> None:
    for heading, groups in grouped(result, by):
        console.print()
        console.print(Text(_heading(result, heading, by, lang), style="bold underline"))
        for group in groups:
            _group(console, group, by, result, lang)


def _heading(result: AuditResult, key: str, by: str, lang: str) -> str:
    if by == "rule":
        return key
    name = person_label(key, result.people, lang)
    return f"{WORDS[lang]['team']} {name}" if by == "team" and key else name


def _group(console: Console, group: Group, by: str, result: AuditResult, lang: str) -> None:
    """One rule and one owner: how many findings, over which dates, the first subjects."""
    statuses = sorted({f.status for f in group.findings})
    line = Text.assemble(
        ("  " + group.rule, "bold"),
        " ",
        (severity(group.severity, lang), _SEVERITY.get(group.severity, "")),
        f"  {group.clause}",
    )
    if by != "owner":
        line.append(f"  {person_label(owner_key(group.owner), result.people, lang)}")
    console.print(line)
    shown, more = group.subjects()
    span = f"  {group.span}" if group.span else ""
    more_text = f" (+{more} {WORDS[lang]['more']})" if more else ""
    style = _STATUS.get(statuses[0], "") if len(statuses) == 1 else ""
    console.print(
        Text.assemble(
            "    ",
            (", ".join(label(s, lang) for s in statuses), style),
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
            named = [card.label, role(card.role, lang)] if card.role else [card.label]
            if card.supervisor:
                named.append(f"{w['supervisor']} {card.supervisor}")
            console.print(Text("  " + " · ".join(named), style="bold"), highlight=False)
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
    for _, items in groupby(listed, key=lambda f: owner_key(f.action.owner) if f.action else ""):
        group = list(items)
        first = group[0].action
        assert first is not None  # open_actions keeps only findings with one
        console.print(Text("  " + who(first.owner, lang), style="bold"), highlight=False)
        for finding in group:
            action = finding.action
            assert action is not None
            console.print(
                Text.assemble(
                    "    ",
                    action_text(action, lang),
                    " — ",
                    (finding.rule, "bold"),
                    f" {label(finding.subject.type, lang)} {finding.subject.id}",
                ),
                highlight=False,
            )


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
