"""A comparison of two audits (``ResultDiff``) in every format of the audit: a table for
the terminal, Markdown, a self-contained HTML page, an XLSX workbook and JSON.

Headings and labels in English or Chinese (``lang``); messages in the same language.
Text from records and policies is escaped (Markdown, HTML) or neutralised (XLSX cells
that a spreadsheet would run as a formula)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from rich.console import Console
from rich.table import Table

from sales_policy.bulk import paused_gc
from sales_policy.findings import Finding, compact
from sales_policy.history.diff import CHANGES, FindingDiff, ResultDiff, Side
from sales_policy.report import xlsx
from sales_policy.report._common import who

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Changes between two audits", "两次审计之间的变化"),
    "old_side": ("Before", "之前"),
    "new_side": ("After", "之后"),
    "new_violations": ("new violations", "新增违规"),
    "new": ("new", "新增"),
    "changed": ("changed", "有变化"),
    "persisting": ("persisting", "持续存在"),
    "resolved": ("resolved", "已解决"),
    "change": ("Change", "变化"),
    "rule": ("Rule", "规则"),
    "subject": ("Subject", "对象"),
    "part": ("Part", "部分"),
    "status": ("Status", "状态"),
    "severity": ("Severity", "严重程度"),
    "owner": ("Owner", "负责人"),
    "due_on": ("Due", "到期日"),
    "action": ("Action", "措施"),
    "what_changed": ("What changed", "变化内容"),
    "first_seen": ("First seen", "首次发现"),
    "message": ("Message", "说明"),
    "none": ("No finding changed.", "没有变化的发现。"),
    "as_of": ("as of", "截至"),
    "summary": ("Summary", "汇总"),
}


def label(name: str, lang: str) -> str:
    """A heading or word in ``lang`` (``en`` or ``zh``)."""
    en, zh = LABELS[name]
    return zh if lang == "zh" else en


def _side(side: Side, lang: str) -> str:
    overlays = "".join(f" + {o.get('id')}" for o in side.policy.get("overlays", ()))
    run = f" (run {side.run})" if side.run is not None else ""
    return (
        f"{side.label}{run}: {side.policy.get('id')}@{side.policy.get('version')}{overlays}, "
        f"{label('as_of', lang)} {side.as_of}"
    )


def status_text(entry: FindingDiff) -> str:
    if entry.old and entry.new and entry.old.status != entry.new.status:
        return f"{entry.old.status} → {entry.new.status}"
    if entry.change == "resolved" and entry.old:
        return f"{entry.old.status} → —"
    return entry.finding.status


def what_changed(entry: FindingDiff, lang: str) -> str:
    if not (entry.old and entry.new):
        return ""
    parts = []
    for name in entry.changed:
        before, after = _field(entry.old, name), _field(entry.new, name)
        parts.append(f"{label(name, lang)}: {before} → {after}")
    return "; ".join(parts)


def _field(finding: Finding, name: str) -> str:
    action = finding.action
    if name == "status":
        return finding.status
    if name == "severity":
        return finding.severity
    if name == "owner":
        return who(finding.owner)
    if name == "due_on":
        return str(action.due_on) if action and action.due_on else "—"
    return f"{action.code} ({who(action.owner)})" if action else "—"


def _cells(entry: FindingDiff, lang: str) -> tuple[str, ...]:
    finding = entry.finding
    return (
        label(entry.change, lang),
        finding.rule,
        f"{finding.subject.type} {finding.subject.id}",
        finding.part or "",
        status_text(entry),
        finding.severity,
        who(finding.owner),
        what_changed(entry, lang),
        str(entry.first_seen) if entry.first_seen else "",
        getattr(finding.message, lang),
    )


_COLUMNS = (
    "change",
    "rule",
    "subject",
    "part",
    "status",
    "severity",
    "owner",
    "what_changed",
    "first_seen",
    "message",
)


def _summary_line(diff: ResultDiff, lang: str) -> str:
    counts = diff.counts
    parts = [f"{counts[c]} {label(c, lang)}" for c in CHANGES]
    return ", ".join(parts) + f"; {counts['new_violations']} {label('new_violations', lang)}"


def render_json(diff: ResultDiff, lang: str = "en") -> str:  # noqa: ARG001 - both languages
    """The diff as JSON: a frame, then one compact line per finding."""
    with paused_gc():  # a bulk step: plain data, no reference cycles
        data = diff.to_data()
    findings = data.pop("findings")
    head = compact({**data, "findings": []})[: -len("[]}")]
    lines = ",\n  ".join(compact(f) for f in findings)
    return head + ("[\n  " + lines + "\n]}\n" if findings else "[]}\n")


def render_table(diff: ResultDiff, lang: str = "en", *, width: int | None = 120) -> str:
    """The diff as text for a terminal."""
    console = Console(record=True, highlight=False, width=width, force_terminal=False)
    with console.capture() as captured:
        console.print(label("title", lang), style="bold")
        console.print(f"{label('old_side', lang)}: {_side(diff.old, lang)}", markup=False)
        console.print(f"{label('new_side', lang)}: {_side(diff.new, lang)}", markup=False)
        console.print(_summary_line(diff, lang), markup=False)
        if not diff.entries:
            console.print(label("none", lang))
        else:
            table = Table(show_lines=False)
            shown = [n for n, c in enumerate(_COLUMNS[:-1]) if c != "part"]
            for n in shown:
                table.add_column(label(_COLUMNS[n], lang))
            for entry in diff.entries:
                cells = list(_cells(entry, lang))
                cells[2] += f" {cells[3]}" if cells[3] else ""
                table.add_row(*(escape_markup(cells[n]) for n in shown))
            console.print(table)
    return captured.get()


def escape_markup(text: str) -> str:
    from rich.markup import escape as rich_escape  # noqa: PLC0415 - one use

    return rich_escape(text)


_SPECIAL = re.compile(r"[\\`*\[\]<>|#]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def md_text(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m[0], " ".join(text.split()))


def render_markdown(diff: ResultDiff, lang: str = "en") -> str:
    """The diff as Markdown: the two sides, the counts, a table per kind of change."""
    lines = [
        f"# {label('title', lang)}",
        "",
        f"- **{label('old_side', lang)}:** {md_text(_side(diff.old, lang))}",
        f"- **{label('new_side', lang)}:** {md_text(_side(diff.new, lang))}",
        f"- **{label('summary', lang)}:** {md_text(_summary_line(diff, lang))}",
        "",
    ]
    for change in CHANGES:
        entries = [e for e in diff.entries if e.change == change]
        if not entries:
            continue
        columns = _COLUMNS[1:]
        lines += [f"## {label(change, lang)} ({len(entries)})", ""]
        lines.append("| " + " | ".join(label(c, lang) for c in columns) + " |")
        lines.append("|" + "---|" * len(columns))
        for entry in entries:
            lines.append("| " + " | ".join(md_text(c) for c in _cells(entry, lang)[1:]) + " |")
        lines.append("")
    if not diff.entries:
        lines += [label("none", lang), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


_STYLE = """body{margin:2em;
font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
.new{background:#fde8e8}.resolved{background:#e6f4ea}.changed{background:#fff4e0}"""


def render_html(diff: ResultDiff, lang: str = "en") -> str:
    """The diff as one self-contained page: no script, nothing fetched."""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{escape(label('title', lang))}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(label('title', lang))}</h1><ul>",
        f"<li>{escape(label('old_side', lang))}: {escape(_side(diff.old, lang))}</li>",
        f"<li>{escape(label('new_side', lang))}: {escape(_side(diff.new, lang))}</li>",
        f"<li>{escape(_summary_line(diff, lang))}</li></ul>",
    ]
    if diff.entries:
        out.append("<table><thead><tr>")
        out += [f"<th>{escape(label(c, lang))}</th>" for c in _COLUMNS]
        out.append("</tr></thead><tbody>")
        for entry in diff.entries:
            cells = "".join(f"<td>{escape(c)}</td>" for c in _cells(entry, lang))
            out.append(f'<tr class="{entry.change}">{cells}</tr>')
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{escape(label('none', lang))}</p>")
    out.append("</body></html>\n")
    return "\n".join(out)


def render_xlsx(diff: ResultDiff, lang: str = "en") -> bytes:
    """The diff as a workbook: a Summary sheet and a sheet of the changes, one row per
    finding, written by the audit workbook's writer (typed cells, text never a formula)."""
    counts = diff.counts
    summary: list[list[object]] = [
        [label("old_side", lang), _side(diff.old, lang)],
        [label("new_side", lang), _side(diff.new, lang)],
        *([label(name, lang), counts[name]] for name in (*CHANGES, "new_violations")),
    ]
    sheets = (
        (label("summary", lang), [label("summary", lang), ""], summary),
        (label("title", lang)[:31], [label(c, lang) for c in _COLUMNS], _rows(diff, lang)),
    )
    return xlsx.workbook(sheets, diff.new.as_of)


def _rows(diff: ResultDiff, lang: str) -> Iterator[list[object]]:
    for entry in diff.entries:
        cells: list[object] = list(_cells(entry, lang))
        if entry.first_seen:
            cells[8] = entry.first_seen  # a real date cell
        yield cells
