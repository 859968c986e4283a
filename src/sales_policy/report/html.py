"""The audit as one self-contained HTML page an auditor can mail: a summary, the findings
(filterable by owner, rule, status and severity), an aging table of overdue receivables,
the cited clauses in Chinese and English, and what did not load.

Inline CSS and a few lines of inline JavaScript; nothing is fetched. Every piece of
text from records or policies goes through ``html.escape``. The filters can be preset
from the address (``report.html?status=violation&owner=S-05``), so a link can point
at a filtered view; choosing a filter updates the address.

Aging: the unpaid receivables of contracts signed by the as-of date, by days overdue
as of that date. A receivable is paid on the day its payments up to then add up to
its amount due; one written off by then is no longer owed. Amounts are what is still
unpaid, per currency.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from html import escape

from sales_policy.findings import AuditResult, Finding
from sales_policy.policy.clauses import clauses, split
from sales_policy.records import ContractStatus, RecordSet
from sales_policy.report._common import (
    owner_key,
    severities,
    statuses_shown,
    value,
    who,
)

BUCKETS = ("current", "1–30 days", "31–60 days", "61–90 days", "over 90 days")
_FILTERS = ("owner", "rule", "status", "severity")
_SEVERITY_ORDER = ("critical", "high", "medium", "low")
_NUMERIC = ' class="n"'

_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  margin: 1.5rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.meta { color: #59636e; margin: 0; }
.meta code { font-size: .85em; }
table { border-collapse: collapse; margin: .25rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #f6f8fa; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; background: #f6f8fa; }
.cards { display: flex; gap: .75rem; margin: .5rem 0 1rem; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: .4rem .9rem; min-width: 7rem; }
.card b { display: block; font-size: 1.4rem; }
.status { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .85em;
  white-space: nowrap; }
.s-violation { background: #ffebe9; color: #a40e26; }
.s-action_required { background: #fff8c5; color: #7d4e00; }
.s-waived { background: #fbefff; color: #6e40c9; }
.s-pass { background: #dafbe1; color: #116329; }
.sev-critical { color: #a40e26; font-weight: 700; }
.sev-high { color: #cf222e; }
.sev-medium { color: #9a6700; }
.sev-low { color: #0969da; }
#findings { width: 100%; font-size: 13px; table-layout: fixed; }
#findings td.msg, #findings .kv { overflow-wrap: anywhere; }
#findings .part { color: #59636e; }
#findings .id { white-space: nowrap; }
.kv { font-size: 12px; }
.kv .k { color: #59636e; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .5rem 0; }
.filters label { color: #59636e; }
.clause td { max-width: 36rem; }
.clause:target { background: #fff8c5; }
.none { color: #59636e; }
@media print { .filters { display: none; } }
"""

# Hides the findings rows that a select box rules out; presets the boxes from the address.
_JS = """
(function () {
  var boxes = document.querySelectorAll("select[data-filter]");
  var rows = document.querySelectorAll("#findings > tbody > tr");
  var shown = document.getElementById("shown");
  var params = new URLSearchParams(window.location.search);
  function apply() {
    var count = 0;
    rows.forEach(function (row) {
      var keep = true;
      boxes.forEach(function (box) {
        if (box.value !== "" && row.dataset[box.dataset.filter] !== box.value) { keep = false; }
      });
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    shown.textContent = String(count);
  }
  function remember() {
    var wanted = new URLSearchParams();
    boxes.forEach(function (box) {
      if (box.value !== "") { wanted.set(box.dataset.filter, box.value); }
    });
    var query = wanted.toString();
    try {
      history.replaceState(null, "", (query ? "?" + query : "?") + window.location.hash);
    } catch (error) { /* a browser may refuse this for file: pages */ }
  }
  boxes.forEach(function (box) {
    var preset = params.get(box.dataset.filter);
    if (preset !== null) { box.value = preset; }
    box.addEventListener("change", function () { apply(); remember(); });
  });
  apply();
})();
"""


def render(result: AuditResult, records: RecordSet, lang: str = "en") -> str:
    """The page: ``records`` are the audited records, for the aging table."""
    policy = result.policy
    overlays = "".join(f" + {o['id']}" for o in policy.get("overlays", []))
    name = f"{policy['id']}@{policy['version']}{overlays}"
    body = [
        f"<h1>Audit of {_e(name)}</h1>",
        f'<p class="meta">as of <b>{result.as_of}</b> ({_e(result.time_zone)}), '
        f"period {result.period_start} to {result.as_of}; "
        f"{result.records['loaded']} records loaded, {result.records['rejected']} rejected</p>",
        f'<p class="meta">policy sha256 <code>{_e(str(policy.get("sha256", "")))}</code></p>',
        *_summary(result),
        *_findings(result, lang),
        *_aging(result.as_of, records),
        *_clauses(result.findings),
        *_problems(result),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Audit of {_e(name)} as of {result.as_of}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            f"<script>{_JS}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _e(text: str) -> str:
    return escape(text, quote=True)


def _anchor(clause_id: str) -> str:
    """``§3.2.4.a`` -> ``clause-3.2.4.a``: an id that needs no escaping in a link."""
    return "clause-" + re.sub(r"[^0-9A-Za-z.-]", "", clause_id)


def _table(
    table_id: str,
    head: Iterable[str],
    rows: Iterable[str],
    numeric_from: int = 99,
    widths: Iterable[str] = (),
) -> list[str]:
    cells = "".join(
        f"<th{_NUMERIC if i >= numeric_from else ''}>{_e(h)}</th>" for i, h in enumerate(head)
    )
    columns = "".join(f'<col style="width: {w}">' for w in widths)
    return [
        f'<table id="{table_id}">',
        *([f"<colgroup>{columns}</colgroup>"] if columns else []),
        f"<thead><tr>{cells}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def _summary(result: AuditResult) -> list[str]:
    summary = result.summary
    statuses = statuses_shown(result)
    severity = severities(result.findings)
    cards = "".join(
        f'<div class="card s-{s}"><b>{summary[s]}</b>{_e(s.replace("_", " "))}</div>'
        for s in statuses
    )
    rows = [
        f"<tr><td>{_e(rule)}</td>{_severity_cell(severity.get(rule, ''))}"
        + "".join(f"<td{_NUMERIC}>{counts.get(s, 0)}</td>" for s in statuses)
        + "</tr>"
        for rule, counts in summary["by_rule"].items()
    ]
    total = "".join(f"<td{_NUMERIC}>{summary[s]}</td>" for s in statuses)
    rows.append(f'<tr class="total"><td>total</td><td></td>{total}</tr>')
    head = ["rule", "severity", *(s.replace("_", " ") for s in statuses)]
    return [
        '<section id="summary">',
        "<h2>Summary</h2>",
        f'<div class="cards">{cards}</div>',
        *_table("summary-by-rule", head, rows, numeric_from=2),
        "</section>",
    ]


def _findings(result: AuditResult, lang: str) -> list[str]:
    findings = result.findings
    owners = {owner_key(f.owner): who(f.owner) for f in findings}
    choices: dict[str, list[tuple[str, str]]] = {
        "owner": sorted(owners.items(), key=lambda item: item[1]),
        "rule": [(r, r) for r in sorted({f.rule for f in findings})],
        "status": [(s, s.replace("_", " ")) for s in statuses_shown(result)],
        "severity": [(s, s) for s in sorted({f.severity for f in findings}, key=_severity_rank)],
    }
    boxes = []
    for name in _FILTERS:
        options = "".join(
            f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in choices[name]
        )
        boxes.append(
            f'<label>{name} <select data-filter="{name}" aria-label="{name}">'
            f'<option value="">all</option>{options}</select></label>'
        )
    head = ["status", "rule", "subject", "owner", "message", "evidence", "action"]
    widths = ["9%", "15%", "10%", "9%", "21%", "20%", "16%"]
    return [
        '<section id="findings-section">',
        "<h2>Findings</h2>",
        f'<div class="filters">{"".join(boxes)}'
        f'<span>showing <b id="shown">{len(findings)}</b> of {len(findings)}</span></div>',
        *_table("findings", head, (_finding(f, lang) for f in findings), widths=widths),
        "</section>",
    ]


def _severity_rank(severity: str) -> tuple[int, str]:
    known = severity in _SEVERITY_ORDER
    return (_SEVERITY_ORDER.index(severity) if known else len(_SEVERITY_ORDER), severity)


def _finding(finding: Finding, lang: str) -> str:
    data = {
        "owner": owner_key(finding.owner),
        "rule": finding.rule,
        "status": finding.status,
        "severity": finding.severity,
    }
    attributes = "".join(f' data-{k}="{_e(v)}"' for k, v in data.items())
    links = ", ".join(
        f'<a class="clause-link" href="#{_anchor(c)}">{_e(c)}</a>' for c in split(finding.clause)
    )
    part = f'<br><span class="part">{_e(finding.part)}</span>' if finding.part else ""
    evidence = dict(finding.evidence)
    if finding.waiver is not None:
        evidence["waiver"] = finding.waiver
    cells = [
        f'{_status(finding.status)}<br><span class="sev-{_e(finding.severity)}">'
        f"{_e(finding.severity)}</span>",
        f'<span class="rule">{_e(finding.rule)}</span><br>{links}',
        f'{_e(finding.subject.type)} <span class="id">{_e(finding.subject.id)}</span>{part}',
        _e(who(finding.owner)),
    ]
    message = f'<td class="msg" lang="{lang}">{_e(getattr(finding.message, lang))}</td>'
    return (
        f"<tr{attributes}>"
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + message
        + f'<td class="ev">{_key_values(evidence)}</td>'
        + f'<td class="act">{_action(finding, lang)}</td></tr>'
    )


def _severity_cell(severity: str) -> str:
    return f'<td class="sev-{_e(severity)}">{_e(severity)}</td>'


def _status(status: str) -> str:
    return f'<span class="status s-{_e(status)}">{_e(status.replace("_", " "))}</span>'


def _key_values(data: Mapping[str, object]) -> str:
    if not data:
        return ""
    pairs = "".join(
        f'<div><span class="k">{_e(k)}</span> {_e(value(v))}</div>' for k, v in data.items()
    )
    return f'<div class="kv">{pairs}</div>'


def _action(finding: Finding, lang: str) -> str:
    action = finding.action
    if action is None:
        return ""
    details: dict[str, object] = {"by": action.due_on} if action.due_on else {}
    details["who"] = who(action.owner)
    if action.missing:
        details["missing"] = list(action.missing)
    return f'<span lang="{lang}">{_e(getattr(action.text, lang))}</span>' + _key_values(details)


def _aging(as_of: dt.date, records: RecordSet) -> list[str]:
    by_owner: dict[tuple[str, str], list[Decimal]] = defaultdict(_empty)
    by_team: dict[tuple[str, str], list[Decimal]] = defaultdict(_empty)
    for owner_id, currency, bucket, amount in _unpaid(as_of, records):
        person = records.staff.get(owner_id)
        label = f"{owner_id} {person.name}" if person else owner_id
        team = person.team if person and person.team else "(no team)"
        by_owner[label, currency][bucket] += amount
        by_team[team, currency][bucket] += amount
    lines = [
        '<section id="aging">',
        f"<h2>Receivables aging as of {as_of}</h2>",
        '<p class="meta">Unpaid receivables of signed contracts by days overdue; '
        "amounts still owed.</p>",
    ]
    for title, table_id, rows in (
        ("By owner", "aging-by-owner", by_owner),
        ("By team", "aging-by-team", by_team),
    ):
        head = [title.removeprefix("By "), "currency", *BUCKETS, "total"]
        lines += [f"<h3>{title}</h3>", *_table(table_id, head, _aging_rows(rows), numeric_from=2)]
    return [*lines, "</section>"]


def _empty() -> list[Decimal]:
    return [Decimal(0)] * len(BUCKETS)


def _unpaid(as_of: dt.date, records: RecordSet) -> Iterable[tuple[str, str, int, Decimal]]:
    """(contract owner, currency, bucket, amount still owed) of each unpaid receivable."""
    for receivable in records.receivables.values():
        contract = records.contracts.get(receivable.contract_id)
        signed = contract is not None and contract.status is ContractStatus.SIGNED
        if contract is None or not signed or (contract.signed_on or as_of) > as_of:
            continue
        if receivable.written_off_on is not None and receivable.written_off_on <= as_of:
            continue
        paid = sum((p.amount for p in receivable.payments if p.paid_on <= as_of), Decimal(0))
        if paid >= receivable.amount_due:
            continue
        days = (as_of - receivable.due_on).days
        bucket = 0 if days <= 0 else min((days - 1) // 30 + 1, len(BUCKETS) - 1)
        yield contract.owner_id, contract.currency, bucket, receivable.amount_due - paid


def _aging_rows(rows: Mapping[tuple[str, str], list[Decimal]]) -> list[str]:
    if not rows:
        return [f'<tr><td colspan="{len(BUCKETS) + 3}" class="none">None.</td></tr>']
    lines = []
    totals: dict[str, list[Decimal]] = defaultdict(_empty)
    for (label, currency), amounts in sorted(rows.items()):
        lines.append(_aging_row(_e(label), currency, amounts))
        totals[currency] = [a + b for a, b in zip(totals[currency], amounts, strict=True)]
    for currency, amounts in sorted(totals.items()):
        lines.append(_aging_row("total", currency, amounts, ' class="total"'))
    return lines


def _aging_row(label: str, currency: str, amounts: list[Decimal], attributes: str = "") -> str:
    cells = "".join(f"<td{_NUMERIC}>{_money(a)}</td>" for a in [*amounts, sum(amounts, Decimal(0))])
    return f"<tr{attributes}><td>{label}</td><td>{_e(currency)}</td>{cells}</tr>"


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}" if amount else "–"


def _clauses(findings: Iterable[Finding]) -> list[str]:
    cited = {c for finding in findings for c in split(finding.clause)}
    known = clauses()
    ordered = [c for c in known if c in cited] + sorted(cited - known.keys())
    rows = []
    for clause_id in ordered:
        clause = known.get(clause_id)
        zh, en = (clause.zh, clause.en) if clause else ("", "(not in the regulation's text)")
        rows.append(
            f'<tr class="clause" id="{_anchor(clause_id)}"><th>{_e(clause_id)}</th>'
            f'<td lang="zh-CN">{_e(zh)}</td><td lang="en">{_e(en)}</td></tr>'
        )
    return [
        '<section id="clauses">',
        "<h2>Clauses cited</h2>",
        *_table("clause-texts", ["clause", "中文", "English"], rows),
        "</section>",
    ]


def _problems(result: AuditResult) -> list[str]:
    lines = ['<section id="problems">']
    for title, problems in (
        ("Rejected records", result.rejected),
        ("Warnings", result.warnings),
        ("File errors", result.file_errors),
    ):
        items = "".join(f"<li>{_e(str(p))}</li>" for p in problems)
        listed = f"<ul>{items}</ul>" if items else '<p class="none">None.</p>'
        lines += [f"<h2>{title}</h2>", listed]
    return [*lines, "</section>"]
