"""A policy change's impact (``Impact``) and the policy changes alone, as a table,
Markdown or JSON: each change, then each finding that differs and what explains it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

from sales_policy.findings import compact
from sales_policy.history.impact import Impact, PolicyChange
from sales_policy.report.diff import label, md_text, status_text, what_changed

LABELS: dict[str, tuple[str, str]] = {
    "changes": ("Policy changes", "制度变化"),
    "no_changes": ("The policies do not differ.", "两个制度没有差别。"),
    "findings": ("Findings that differ", "有差别的发现"),
    "no_findings": ("No finding differs.", "没有发现有差别。"),
    "cause": ("Explained by", "原因"),
    "unexplained": ("(no policy change explains it)", "（没有制度变化可以解释）"),
    "from": ("From", "从"),
    "to": ("To", "到"),
}


def _label(name: str, lang: str) -> str:
    en, zh = LABELS[name]
    return zh if lang == "zh" else en


def _rows(impact: Impact, lang: str) -> list[list[str]]:
    return [
        [
            label(item.entry.change, lang),
            item.entry.finding.rule,
            f"{item.entry.finding.subject.type} {item.entry.finding.subject.id}"
            + (f" {item.entry.finding.part}" if item.entry.finding.part else ""),
            status_text(item.entry),
            what_changed(item.entry, lang),
            "; ".join(str(c) for c in item.causes) or _label("unexplained", lang),
        ]
        for item in impact.entries
    ]


def _header(lang: str) -> list[str]:
    names = ("change", "rule", "subject", "status", "what_changed")
    return [*(label(n, lang) for n in names), _label("cause", lang)]


def changes_text(changes: Sequence[PolicyChange], lang: str = "en") -> str:
    """The policy changes, one a line."""
    if not changes:
        return _label("no_changes", lang) + "\n"
    return "".join(f"{change}\n" for change in changes)


def changes_json(changes: Sequence[PolicyChange]) -> str:
    return compact([change.to_data() for change in changes]) + "\n"


def render_table(impact: Impact, lang: str = "en", *, width: int | None = 120) -> str:
    console = Console(record=True, highlight=False, width=width, force_terminal=False)
    with console.capture() as captured:
        console.print(
            f"{_label('from', lang)} {impact.diff.old.label} {_label('to', lang)} "
            f"{impact.diff.new.label}, {label('as_of', lang)} {impact.diff.new.as_of}",
            markup=False,
        )
        console.print(_label("changes", lang), style="bold")
        console.print(changes_text(impact.changes, lang), markup=False, end="")
        console.print(_label("findings", lang), style="bold")
        if not impact.entries:
            console.print(_label("no_findings", lang))
        else:
            table = Table()
            for name in _header(lang):
                table.add_column(name)
            for row in _rows(impact, lang):
                table.add_row(*(rich_escape(cell) for cell in row))
            console.print(table)
    return captured.get()


def render_markdown(impact: Impact, lang: str = "en") -> str:
    lines = [
        f"# {md_text(impact.diff.old.label)} → {md_text(impact.diff.new.label)}",
        "",
        f"## {_label('changes', lang)}",
        "",
        *(f"- {md_text(str(c))}" for c in impact.changes),
        *([] if impact.changes else [_label("no_changes", lang)]),
        "",
        f"## {_label('findings', lang)}",
        "",
    ]
    if impact.entries:
        header = _header(lang)
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in _rows(impact, lang)]
    else:
        lines.append(_label("no_findings", lang))
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(impact: Impact, lang: str = "en") -> str:  # noqa: ARG001
    return compact(impact.to_data()) + "\n"
