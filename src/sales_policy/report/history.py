"""The store's history (``History``) as a table, Markdown or JSON: the runs, the counts
per rule, person and team over the runs, and each finding's first and last sighting."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

from sales_policy.findings import compact
from sales_policy.history.store import History
from sales_policy.report.diff import md_text

LABELS: dict[str, tuple[str, str]] = {
    "runs": ("Runs", "审计记录"),
    "run": ("Run", "编号"),
    "as_of": ("As of", "截至"),
    "policy": ("Policy", "制度"),
    "records": ("Records", "记录数"),
    "violation": ("Violations", "违规"),
    "action_required": ("Actions required", "需采取措施"),
    "waived": ("Waived", "已豁免"),
    "rule": ("By rule", "按规则"),
    "owner": ("By person", "按人员"),
    "team": ("By team", "按团队"),
    "findings": ("Findings", "发现"),
    "finding": ("Finding", "发现"),
    "first_seen": ("First seen", "首次发现"),
    "last_seen": ("Last seen", "最后发现"),
    "resolved_on": ("Resolved on", "解决于"),
    "open": ("open", "未解决"),
    "none": ("No run stored.", "尚无审计记录。"),
}
_STATUSES = ("violation", "action_required", "waived")


def _label(name: str, lang: str) -> str:
    en, zh = LABELS[name]
    return zh if lang == "zh" else en


def _tables(history: History, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of each section, shared by the text formats."""
    runs = [
        [
            str(run.id),
            str(run.as_of),
            f"{run.policy['id']}@{run.policy['version']}",
            str(run.records.get("loaded", "")),
            *(str(run.counts.get(status, 0)) for status in _STATUSES),
        ]
        for run in history.runs
    ]
    sections = [
        (
            _label("runs", lang),
            [_label(n, lang) for n in ("run", "as_of", "policy", "records", *_STATUSES)],
            runs,
        )
    ]
    dates = [str(run.as_of) for run in history.runs]
    for dimension in ("rule", "owner", "team"):
        grid: dict[str, dict[str, int]] = defaultdict(dict)
        for count in history.counts:
            if count.dimension == dimension:
                cell = grid[count.name]
                cell[str(count.as_of)] = cell.get(str(count.as_of), 0) + count.count
        rows = [[name, *(str(grid[name].get(d, 0)) for d in dates)] for name in sorted(grid)]
        sections.append((_label(dimension, lang), ["", *dates], rows))
    spans = [
        [
            f"{f.rule} {f.subject_type} {f.subject_id}" + (f" {f.part}" if f.part else ""),
            str(f.first_seen),
            str(f.last_seen),
            str(f.resolved_on) if f.resolved_on else _label("open", lang),
        ]
        for f in history.findings
    ]
    header = [_label(n, lang) for n in ("finding", "first_seen", "last_seen", "resolved_on")]
    sections.append((_label("findings", lang), header, spans))
    return sections


def render_table(history: History, lang: str = "en", *, width: int | None = 120) -> str:
    console = Console(record=True, highlight=False, width=width, force_terminal=False)
    with console.capture() as captured:
        if not history.runs:
            console.print(_label("none", lang))
        for title, header, rows in _tables(history, lang) if history.runs else []:
            table = Table(title=title, title_justify="left")
            for name in header:
                table.add_column(name)
            for row in rows:
                table.add_row(*(rich_escape(cell) for cell in row))
            console.print(table)
    return captured.get()


def render_markdown(history: History, lang: str = "en") -> str:
    if not history.runs:
        return _label("none", lang) + "\n"
    lines: list[str] = []
    for title, header, rows in _tables(history, lang):
        lines += [f"## {title}", "", "| " + " | ".join(md_text(h) for h in header) + " |"]
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(history: History, lang: str = "en") -> str:  # noqa: ARG001
    return compact(history.to_data()) + "\n"
