"""The audit as one self-contained HTML page an auditor can mail: a summary, the scorecards
of people and teams (worst first), the open actions and the findings (filterable by
owner, team, rule, status and severity, a page at a time), an aging table of overdue
receivables, the cited clauses in Chinese and English, and what did not load.

Built to stay fast at a million records: the findings are embedded once, as JSON in a
``<script type="application/json">`` element, and the page's script draws only the
page of rows in view. The JSON escapes ``<``, ``>`` and ``&``, so no text from a record
can end the element; rows are drawn with ``textContent``, never as markup. A
Content-Security-Policy lets the page run its own script and style (by hash) and
nothing else, and fetch nothing.

The filters can be preset from the address (``report.html?status=violation&owner=S-05``),
so a link can point at a filtered view; choosing a filter updates the address.

Aging: see ``report.aging``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from html import escape
from typing import Any

from sales_policy.findings import AuditResult, Finding, compact
from sales_policy.policy.clauses import clauses, split
from sales_policy.records import RecordSet
from sales_policy.report._common import owner_key, severities, statuses_shown, value
from sales_policy.report._sections import SHOWN_SUBJECTS, finding_date
from sales_policy.report.aging import BUCKETS, unpaid
from sales_policy.report.words import retroactive_note
from sales_policy.scorecards import worst_first

_FILTERS = ("owner", "team", "rule", "status", "severity")
_SEVERITY_ORDER = ("critical", "high", "medium", "low")
_NUMERIC = ' class="n"'
PAGE_SIZE = 100
"""Rows drawn at a time in the findings and the open actions."""

# The page's words in each language; the page's script reads its own from the data.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "audit_of": "Audit of",
        "as_of": "as of",
        "period": "period",
        "to": "to",
        "loaded": "records loaded",
        "rejected_n": "rejected",
        "sha": "policy sha256",
        "summary": "Summary",
        "rule": "rule",
        "severity": "severity",
        "total": "total",
        "scorecards": "Scorecards",
        "scorecards_note": "Worst first: most violations, then overdue and open actions, "
        "then the lowest compliance. Compliance: the share of judged subjects that passed.",
        "teams": "Teams",
        "people": "People",
        "team": "team",
        "owner": "owner",
        "name": "name",
        "role": "role",
        "supervisor": "supervisor",
        "members": "members",
        "open_actions": "open actions",
        "overdue_actions": "overdue",
        "compliance": "compliance",
        "weakest": "lowest compliance",
        "actions": "Open actions",
        "actions_note": "Every open action, by who must act, soonest due first.",
        "findings": "Findings",
        "all": "all",
        "showing": "showing",
        "of": "of",
        "page": "page",
        "previous": "previous",
        "next": "next",
        "status": "status",
        "subject": "subject",
        "message": "message",
        "evidence": "evidence",
        "action": "action",
        "due": "due",
        "overdue_days": "days overdue",
        "who": "who",
        "missing": "missing",
        "by": "by",
        "waiver": "waiver",
        "none": "None.",
        "nobody": "nobody",
        "any": "any",
        "aging": "Receivables aging as of",
        "aging_note": "Unpaid receivables of signed contracts by days overdue; amounts still owed.",
        "by_owner": "By owner",
        "by_team": "By team",
        "currency": "currency",
        "no_team": "(no team)",
        "clauses": "Clauses cited",
        "not_in_text": "(not in the regulation's text)",
        "rejected": "Rejected records",
        "warnings": "Warnings",
        "file_errors": "File errors",
        "violation": "violation",
        "action_required": "action required",
        "waived": "waived",
        "pass": "pass",
        "current": "current",
        "1–30": "1–30 days",
        "31–60": "31–60 days",
        "61–90": "61–90 days",
        "over 90": "over 90 days",
        "grouped": "Findings by rule and owner",
        "grouped_note": "The findings of one rule and one owner as one entry; "
        "“show all” lists them below.",
        "count": "findings",
        "dates": "dates",
        "more": "more",
        "show": "show all",
        "critical": "critical",
        "high": "high",
        "medium": "medium",
        "low": "low",
        "sales_rep": "sales rep",
        "sales_supervisor": "sales supervisor",
        "sales_manager": "sales manager",
        "customer": "customer",
        "contract": "contract",
        "receivable": "receivable",
        "activity": "activity",
        "staff": "staff",
        "training_year": "training year",
    },
    "zh": {
        "audit_of": "审计：",
        "as_of": "审计日",
        "period": "审计期间",
        "to": "至",
        "loaded": "条记录已载入",
        "rejected_n": "条被拒",
        "sha": "制度 SHA-256",
        "summary": "概要",
        "rule": "规则",
        "severity": "严重程度",
        "total": "合计",
        "scorecards": "成绩单",
        "scorecards_note": "最差者在前：违规最多，其次是逾期与待办事项，再次是合规率最低。"
        "合规率：被判定的对象中通过的比例。",
        "teams": "团队",
        "people": "人员",
        "team": "团队",
        "owner": "负责人",
        "name": "姓名",
        "role": "角色",
        "supervisor": "上级",
        "members": "人数",
        "open_actions": "待办事项",
        "overdue_actions": "已逾期",
        "compliance": "合规率",
        "weakest": "合规率最低的规则",
        "actions": "待办事项",
        "actions_note": "所有待办事项，按应办理人分组，截止日期最早者在前。",
        "findings": "审计发现",
        "all": "全部",
        "showing": "显示",
        "of": "／",
        "page": "页",
        "previous": "上一页",
        "next": "下一页",
        "status": "状态",
        "subject": "对象",
        "message": "说明",
        "evidence": "依据",
        "action": "措施",
        "due": "截止日期",
        "overdue_days": "逾期天数",
        "who": "办理人",
        "missing": "缺少",
        "by": "截止",
        "waiver": "豁免",
        "none": "无。",
        "nobody": "无人",
        "any": "任一",
        "aging": "应收账款账龄，截至",
        "aging_note": "已签合同的未付应收款，按逾期天数分段；金额为尚欠金额。",
        "by_owner": "按负责人",
        "by_team": "按团队",
        "currency": "币种",
        "no_team": "（无团队）",
        "clauses": "引用的条款",
        "not_in_text": "（制度原文中没有）",
        "rejected": "被拒记录",
        "warnings": "警告",
        "file_errors": "文件错误",
        "violation": "违规",
        "action_required": "需处理",
        "waived": "已豁免",
        "pass": "通过",
        "current": "未逾期",
        "1–30": "1–30 天",
        "31–60": "31–60 天",
        "61–90": "61–90 天",
        "over 90": "90 天以上",
        "grouped": "按规则和负责人汇总的审计发现",
        "grouped_note": "同一规则、同一负责人的审计发现合为一条；点击“全部显示”在下方列出。",
        "count": "条数",
        "dates": "日期",
        "more": "其余",
        "show": "全部显示",
        "critical": "严重",
        "high": "高",
        "medium": "中",
        "low": "低",
        "sales_rep": "销售代表",
        "sales_supervisor": "销售主管",
        "sales_manager": "销售经理",
        "customer": "客户",
        "contract": "合同",
        "receivable": "应收款",
        "activity": "活动",
        "staff": "人员",
        "training_year": "培训年度",
    },
}

CSS = """
.retroactive { border: 2px solid #a40e26; color: #a40e26; padding: .4rem .8rem; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  margin: 1.5rem; color: #1f2328; background: #fff; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
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
.scroll { max-height: 24rem; overflow: auto; }
#findings, #actions { width: 100%; font-size: 13px; table-layout: fixed; }
#findings td, #actions td { overflow-wrap: anywhere; }
#findings th:nth-child(1) { width: 9%; } #findings th:nth-child(2) { width: 15%; }
#findings th:nth-child(3) { width: 10%; } #findings th:nth-child(4) { width: 9%; }
#findings th:nth-child(5) { width: 21%; } #findings th:nth-child(6) { width: 20%; }
.part { color: #59636e; }
.id { white-space: nowrap; }
.kv { font-size: 12px; }
.kv .k { color: #59636e; }
.filters, .pager { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center;
  margin: .5rem 0; }
.filters label { color: #59636e; }
.clause td { max-width: 36rem; }
.clause:target { background: #fff8c5; }
.none { color: #59636e; }
@media print { .filters, .pager { display: none; } .scroll { max-height: none; } }
"""

# Draws the findings and open actions a page at a time from the embedded data, with
# textContent only; the select boxes filter both and the summary cards count what they
# keep. The boxes are preset from the address, which they update.
_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("audit-data").textContent);
  var W = data.words, S = data.strings, rules = data.rules, owners = data.owners;
  var rows = data.findings, PAGE = data.page_size;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var kept = [], open = [], groups = [], pages = {findings: 0, actions: 0, groups: 0};
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function wanted() {
    var want = {};
    boxes.forEach(function (box) {
      if (box.value !== "") { want[box.dataset.filter] = box.value; }
    });
    return want;
  }
  function keeps(row, want) {
    var rule = rules[row[0]], owner = owners[row[5]];
    return (want.owner === undefined || owner[0] === want.owner) &&
      (want.team === undefined || owner[2].indexOf(want.team) >= 0) &&
      (want.rule === undefined || rule[0] === want.rule) &&
      (want.status === undefined || data.statuses[row[1]] === want.status) &&
      (want.severity === undefined || rule[1] === want.severity);
  }
  function apply() {
    var want = wanted(), counts = {};
    kept = []; open = [];
    data.statuses.forEach(function (s) { counts[s] = 0; });
    for (var i = 0; i < rows.length; i += 1) {
      var row = rows[i];
      if (!keeps(row, want)) { continue; }
      kept.push(i);
      counts[data.statuses[row[1]]] += 1;
      if (row[8] && row[1] < 2) { open.push(i); }
    }
    open.sort(function (a, b) {
      var x = rows[a][8], y = rows[b][8];
      var ox = owners[x[2]][1], oy = owners[y[2]][1];
      if (ox !== oy) { return ox < oy ? -1 : 1; }
      var dx = x[1] === null ? "9999" : S[x[1]], dy = y[1] === null ? "9999" : S[y[1]];
      if (dx !== dy) { return dx < dy ? -1 : 1; }
      return a - b;
    });
    data.statuses.forEach(function (s) {
      var card = document.getElementById("count-" + s);
      if (card) { card.textContent = String(counts[s]); }
    });
    document.getElementById("shown").textContent = String(kept.length);
    document.getElementById("actions-shown").textContent = String(open.length);
    group();
    pages.findings = 0; pages.actions = 0; pages.groups = 0;
    draw();
  }
  function keyValues(pairs) {
    var box = el("div", null, "kv");
    for (var i = 0; i < pairs.length; i += 2) {
      var line = el("div");
      line.appendChild(el("span", S[pairs[i]], "k"));
      line.appendChild(document.createTextNode(" " + S[pairs[i + 1]]));
      box.appendChild(line);
    }
    return box;
  }
  function clauseLinks(cell, rule) {
    rule[2].forEach(function (clause, n) {
      if (n > 0) { cell.appendChild(document.createTextNode(", ")); }
      var link = el("a", clause[0], "clause-link");
      link.href = "#" + clause[1];
      cell.appendChild(link);
    });
  }
  function actionCell(cell, action) {
    if (!action) { return; }
    cell.appendChild(el("span", S[action[0]]));
    var box = el("div", null, "kv");
    function line(key, text) {
      var div = el("div");
      div.appendChild(el("span", key, "k"));
      div.appendChild(document.createTextNode(" " + text));
      box.appendChild(div);
    }
    if (action[1] !== null) { line(W.by, S[action[1]]); }
    if (action[3] > 0) { line(W.overdue_days, action[3]); }
    line(W.who, owners[action[2]][1]);
    if (action[4] !== null) { line(W.missing, S[action[4]]); }
    cell.appendChild(box);
  }
  function statusCell(cell, row, rule) {
    var status = data.statuses[row[1]];
    cell.appendChild(el("span", W[status], "status s-" + status));
    cell.appendChild(el("br"));
    cell.appendChild(el("span", W[rule[1]] || rule[1], "sev-" + rule[1]));
  }
  function subjectCell(cell, row) {
    cell.appendChild(document.createTextNode(data.types[row[2]] + " "));
    cell.appendChild(el("span", row[3], "id"));
    if (row[4] !== null) {
      cell.appendChild(el("br"));
      cell.appendChild(el("span", row[4], "part"));
    }
  }
  function findingRow(row) {
    var rule = rules[row[0]], tr = el("tr"), cells = [];
    for (var c = 0; c < 7; c += 1) { cells.push(tr.appendChild(el("td"))); }
    tr.dataset.owner = owners[row[5]][0];
    tr.dataset.rule = rule[0];
    tr.dataset.status = data.statuses[row[1]];
    tr.dataset.severity = rule[1];
    statusCell(cells[0], row, rule);
    cells[1].appendChild(el("span", rule[0], "rule"));
    cells[1].appendChild(el("br"));
    clauseLinks(cells[1], rule);
    subjectCell(cells[2], row);
    cells[3].textContent = owners[row[5]][1];
    cells[4].textContent = row[6];
    cells[4].lang = data.lang;
    cells[5].appendChild(keyValues(row[7]));
    actionCell(cells[6], row[8]);
    return tr;
  }
  function actionRow(row) {
    var rule = rules[row[0]], action = row[8], tr = el("tr"), cells = [];
    for (var c = 0; c < 6; c += 1) { cells.push(tr.appendChild(el("td"))); }
    cells[0].textContent = owners[action[2]][1];
    cells[1].textContent = action[1] === null ? "" : S[action[1]];
    cells[1].className = "id";
    cells[2].textContent = action[3] > 0 ? String(action[3]) : "";
    cells[2].className = "n";
    cells[3].textContent = S[action[0]];
    cells[3].lang = data.lang;
    statusCell(cells[4], row, rule);
    cells[5].appendChild(el("span", rule[0], "rule"));
    cells[5].appendChild(document.createTextNode(" "));
    subjectCell(cells[5], row);
    return tr;
  }
  function heading(row) {
    var owner = owners[row[5]];
    if (data.group_by === "rule") { return rules[row[0]][0]; }
    if (data.group_by === "owner") { return owner[1]; }
    return owner[2].length ? owner[2][0] : "";
  }
  function group() {
    if (data.group_by === "none") { return; }
    var found = {};
    groups = [];
    kept.forEach(function (i) {
      var row = rows[i], title = heading(row);
      var key = title + "\\u0000" + rules[row[0]][0] + "\\u0000" + owners[row[5]][1];
      var entry = found[key];
      if (entry === undefined) {
        entry = found[key] = {key: key, title: title, first: i, rows: [], low: null, high: null};
        groups.push(entry);
      }
      entry.rows.push(i);
      if (row[9] !== null) {
        var day = S[row[9]];
        if (entry.low === null || day < entry.low) { entry.low = day; }
        if (entry.high === null || day > entry.high) { entry.high = day; }
      }
    });
    groups.sort(function (a, b) { return a.key < b.key ? -1 : (a.key > b.key ? 1 : 0); });
    document.getElementById("groups-shown").textContent = String(groups.length);
  }
  function groupRow(entry) {
    var row = rows[entry.first], rule = rules[row[0]], tr = el("tr"), cells = [];
    for (var c = 0; c < 7; c += 1) { cells.push(tr.appendChild(el("td"))); }
    cells[0].textContent = entry.title || W.no_team;
    cells[1].appendChild(el("span", rule[0], "rule"));
    cells[1].appendChild(el("br"));
    cells[1].appendChild(el("span", W[rule[1]] || rule[1], "sev-" + rule[1]));
    cells[2].textContent = owners[row[5]][1];
    cells[3].textContent = String(entry.rows.length);
    cells[3].className = "n";
    cells[4].textContent = entry.low === null ? "" :
      (entry.low === entry.high ? entry.low : entry.low + " – " + entry.high);
    var names = entry.rows.slice(0, data.shown_subjects).map(function (i) {
      return rows[i][4] === null ? rows[i][3] : rows[i][3] + "/" + rows[i][4];
    });
    var more = entry.rows.length - names.length;
    cells[5].textContent = names.join(", ") + (more > 0 ? " (+" + more + " " + W.more + ")" : "");
    var button = el("button", W.show);
    button.type = "button";
    button.addEventListener("click", function () {
      boxes.forEach(function (box) {
        if (box.dataset.filter === "owner") { box.value = owners[row[5]][0]; }
        if (box.dataset.filter === "rule") { box.value = rule[0]; }
      });
      apply(); remember();
      document.getElementById("findings-section").scrollIntoView();
    });
    cells[6].appendChild(button);
    return tr;
  }
  function drawTable(name, list, make) {
    var body = document.querySelector("#" + name + " > tbody");
    var count = Math.max(1, Math.ceil(list.length / PAGE));
    pages[name] = Math.min(Math.max(pages[name], 0), count - 1);
    var fragment = document.createDocumentFragment();
    var first = pages[name] * PAGE;
    for (var i = first; i < Math.min(first + PAGE, list.length); i += 1) {
      fragment.appendChild(make(list[i]));
    }
    body.replaceChildren(fragment);
    document.getElementById(name + "-page").textContent = String(pages[name] + 1);
    document.getElementById(name + "-pages").textContent = String(count);
  }
  function draw() {
    drawTable("findings", kept, function (i) { return findingRow(rows[i]); });
    drawTable("actions", open, function (i) { return actionRow(rows[i]); });
    if (data.group_by !== "none") { drawTable("groups", groups, groupRow); }
  }
  function remember() {
    var query = new URLSearchParams(wanted()).toString();
    try {
      history.replaceState(null, "", (query ? "?" + query : "?") + window.location.hash);
    } catch (error) { /* a browser may refuse this for file: pages */ }
  }
  var params = new URLSearchParams(window.location.search);
  boxes.forEach(function (box) {
    var preset = params.get(box.dataset.filter);
    if (preset !== null) { box.value = preset; }
    box.addEventListener("change", function () { apply(); remember(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-page]"), function (button) {
    button.addEventListener("click", function () {
      pages[button.dataset.table] += Number(button.dataset.page);
      draw();
    });
  });
  apply();
})();
"""


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_POLICY = (
    f"default-src 'none'; script-src {_hash(_JS)}; style-src {_hash(CSS)}; "
    "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy: its own script and style, by hash; no other script,
no request of any kind."""


def render(
    result: AuditResult, records: RecordSet, lang: str = "en", group_by: str = "none"
) -> str:
    """The page: ``records`` are the audited records, for the aging table; ``group_by``
    (``rule``, ``owner`` or ``team``) adds the findings collapsed by rule and owner."""
    w = _WORDS[lang]
    policy = result.policy
    overlays = "".join(f" + {o['id']}" for o in policy.get("overlays", []))
    name = f"{policy['id']}@{policy['version']}{overlays}"
    records_line = (
        f"{result.records['loaded']} {w['loaded']}, {result.records['rejected']} {w['rejected_n']}"
    )
    body = [
        f"<h1>{w['audit_of']} {_e(name)}</h1>",
        f'<p class="meta">{w["as_of"]} <b>{result.as_of}</b> ({_e(result.time_zone)}), '
        f"{w['period']} {result.period_start} {w['to']} {result.as_of}; {records_line}</p>",
        f'<p class="meta">{w["sha"]} <code>{_e(str(policy.get("sha256", "")))}</code></p>',
        *_retroactive(result, lang),
        *_summary(result, w),
        *_scorecards(result, w),
        *_findings(result, w, group_by),
        *_aging(result.as_of, records, w),
        *_clauses(result.findings, w, lang),
        *_problems(result, w),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{w['audit_of']} {_e(name)} {w['as_of']} {result.as_of}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            *body,
            '<script type="application/json" id="audit-data">'
            + embedded(_data(result, lang, group_by))
            + "</script>",
            f"<script>{_JS}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _retroactive(result: AuditResult, lang: str) -> list[str]:
    """A retroactive audit says so at the top, so that it never passes for an ordinary one."""
    note = retroactive_note(result, lang)
    return [f'<p class="retroactive" role="alert"><b>{_e(note)}</b></p>'] if note else []


def embedded(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and ``&``
    (which occur only inside JSON strings) written as escapes, so that no text can close
    the element or open a comment."""
    text = compact(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Strings:
    """A table of the texts repeated across findings (evidence, actions, dates), each
    stored once and referred to by its index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found


def _data(result: AuditResult, lang: str, group_by: str) -> dict[str, Any]:
    """The findings as compact rows over tables of rules, owners and strings."""
    w = _WORDS[lang]
    people = result.people
    leads = {p.supervisor_id for p in people.values()}
    strings = _Strings()
    rules: dict[str, int] = {}
    rule_rows: list[list[Any]] = []
    owners: dict[str, int] = {}
    owner_rows: list[list[Any]] = []
    types: dict[str, int] = {}
    statuses = ["violation", "action_required", "waived", "pass"]

    def owner_index(owner: Any) -> int:
        key = owner_key(owner)
        found = owners.get(key)
        if found is None:
            found = owners[key] = len(owner_rows)
            owner_rows.append([key, _who(owner, people, w), _teams(key, people, leads)])
        return found

    findings = []
    for finding in result.findings:
        rule = rules.get(finding.rule)
        if rule is None:
            rule = rules[finding.rule] = len(rule_rows)
            links = [[c, _anchor(c)] for c in split(finding.clause)]
            rule_rows.append([finding.rule, finding.severity, links])
        kind = types.setdefault(finding.subject.type, len(types))
        evidence = dict(finding.evidence)
        if finding.waiver is not None:
            evidence[w["waiver"]] = finding.waiver
        pairs = [n for k, v in evidence.items() for n in (strings(str(k)), strings(value(v)))]
        action = finding.action
        act: list[Any] | int = 0
        if action is not None:
            act = [
                strings(getattr(action.text, lang)),
                strings(action.due_on.isoformat()) if action.due_on else None,
                owner_index(action.owner),
                action.overdue_days,
                strings(", ".join(action.missing)) if action.missing else None,
            ]
        findings.append(
            [
                rule,
                statuses.index(finding.status),
                kind,
                finding.subject.id,
                finding.part,
                owner_index(finding.owner),
                getattr(finding.message, lang),
                pairs,
                act,
                strings(day.isoformat()) if (day := finding_date(finding)) else None,
            ]
        )
    named = (*statuses, *_SEVERITY_ORDER, "by", "overdue_days", "who", "missing", "more", "show")
    words = {k: w[k] for k in named} | {"no_team": w["no_team"]}
    return {
        "lang": "zh-CN" if lang == "zh" else "en",
        "page_size": PAGE_SIZE,
        "group_by": group_by,
        "shown_subjects": SHOWN_SUBJECTS,
        "words": words,
        "statuses": statuses,
        "types": [w.get(t, t) for t in types],
        "rules": rule_rows,
        "owners": owner_rows,
        "strings": list(strings.index),
        "findings": findings,
    }


def _teams(key: str, people: Mapping[str, Any], leads: set[str | None]) -> list[str]:
    """The leads of the teams an owner is in: their supervisors up the chain, and
    themselves if they lead anyone."""
    found, seen = [], set()
    person: str | None = key
    while person is not None and person in people and person not in seen:
        if person in leads:
            found.append(person)
        seen.add(person)
        person = people[person].supervisor_id
    return found


def _who(owner: Any, people: Mapping[str, Any], w: Mapping[str, str]) -> str:
    """``S-03 王伟 (sales_rep)``: the id, the name where known, the role."""
    role = w.get(owner.role, owner.role) if owner.role else None
    if owner.staff_id is None:  # a role: and who holds it on the as-of date
        holders = f" ({', '.join(owner.holders)})" if owner.holders else ""
        return f"{w['any']} {role}{holders}" if role else w["nobody"]
    person = people.get(owner.staff_id)
    named = f"{owner.staff_id} {person.name}" if person else owner.staff_id
    return f"{named} ({role})" if role else named


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
    numeric_to: int = 99,
) -> list[str]:
    cells = "".join(
        f"<th{_NUMERIC if numeric_from <= i < numeric_to else ''}>{_e(h)}</th>"
        for i, h in enumerate(head)
    )
    return [
        f'<table id="{table_id}">',
        f"<thead><tr>{cells}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def _summary(result: AuditResult, w: Mapping[str, str]) -> list[str]:
    summary = result.summary
    statuses = statuses_shown(result)
    severity = severities(result.findings)
    cards = "".join(
        f'<div class="card s-{s}"><b id="count-{s}">{summary[s]}</b>{_e(w[s])}</div>'
        for s in statuses
    )
    rows = [
        f"<tr><td>{_e(rule)}</td>{_severity_cell(severity.get(rule, ''), w)}"
        + "".join(f"<td{_NUMERIC}>{counts.get(s, 0)}</td>" for s in statuses)
        + "</tr>"
        for rule, counts in summary["by_rule"].items()
    ]
    total = "".join(f"<td{_NUMERIC}>{summary[s]}</td>" for s in statuses)
    rows.append(f'<tr class="total"><td>{w["total"]}</td><td></td>{total}</tr>')
    head = [w["rule"], w["severity"], *(w[s] for s in statuses)]
    return [
        '<section id="summary">',
        f"<h2>{w['summary']}</h2>",
        f'<div class="cards">{cards}</div>',
        *_table("summary-by-rule", head, rows, numeric_from=2),
        "</section>",
    ]


def _scorecards(result: AuditResult, w: Mapping[str, str]) -> list[str]:
    summary = result.summary
    lines = [
        '<section id="scorecards">',
        f"<h2>{w['scorecards']}</h2>",
        f'<p class="meta">{w["scorecards_note"]}</p>',
    ]
    for title, table_id, cards, first in (
        (w["teams"], "scorecard-teams", summary["by_team"], w["team"]),
        (w["people"], "scorecard-owners", summary["by_owner"], w["owner"]),
    ):
        head = [
            first,
            w["role"],
            w["supervisor"],
            w["violation"],
            w["action_required"],
            w["open_actions"],
            w["overdue_actions"],
            w["compliance"],
            w["weakest"],
        ]
        rows = [_scorecard_row(key, cards[key], w) for key in worst_first(cards)]
        if not rows:
            rows = [f'<tr><td colspan="{len(head)}" class="none">{w["none"]}</td></tr>']
        lines += [
            f"<h3>{title}</h3>",
            '<div class="scroll">',
            *_table(table_id, head, rows, numeric_from=3, numeric_to=8),
            "</div>",
        ]
    return [*lines, "</section>"]


def _scorecard_row(key: str, card: Mapping[str, Any], w: Mapping[str, str]) -> str:
    role = w.get(card["role"], card["role"]) if card["role"] else ""
    label = f"{key} {card['name']}" if card["name"] else f"{w['any']} {role}"
    weakest = sorted(
        (counts["compliance"], rule)
        for rule, counts in card["by_rule"].items()
        if counts["compliance"] is not None and counts["compliance"] < 1
    )[:3]
    numbers = [
        card["violation"],
        card["action_required"],
        card["open_actions"],
        card["overdue_actions"],
    ]
    return (
        f"<tr><td>{_e(label)}</td><td>{_e(role)}</td>"
        f"<td>{_e(card['supervisor'] or '')}</td>"
        + "".join(f"<td{_NUMERIC}>{n}</td>" for n in numbers)
        + f"<td{_NUMERIC}>{_percent(card['compliance'])}</td>"
        + f"<td>{_e(', '.join(f'{rule} {_percent(rate)}' for rate, rule in weakest))}</td></tr>"
    )


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f}%"


def _findings(result: AuditResult, w: Mapping[str, str], group_by: str) -> list[str]:
    findings = result.findings
    people = result.people
    owners = {owner_key(f.owner): _who(f.owner, people, w) for f in findings}
    leads = {p.supervisor_id for p in people.values()}
    teams = sorted({t for key in owners for t in _teams(key, people, leads)})
    choices: dict[str, list[tuple[str, str]]] = {
        "owner": sorted(owners.items(), key=lambda item: item[1]),
        "team": [(t, f"{t} {people[t].name}") for t in teams],
        "rule": [(r, r) for r in sorted({f.rule for f in findings})],
        "status": [(s, w[s]) for s in statuses_shown(result)],
        "severity": [
            (s, w.get(s, s)) for s in sorted({f.severity for f in findings}, key=_severity_rank)
        ],
    }
    boxes = []
    for name in _FILTERS:
        options = "".join(
            f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in choices[name]
        )
        boxes.append(
            f'<label>{w[name]} <select data-filter="{name}" aria-label="{name}">'
            f'<option value="">{w["all"]}</option>{options}</select></label>'
        )
    total = len(findings)
    actions_head = [w["who"], w["due"], w["overdue_days"], w["action"], w["status"], w["subject"]]
    head = [w[k] for k in ("status", "rule", "subject", "owner", "message", "evidence", "action")]
    return [
        f'<div class="filters">{"".join(boxes)}</div>',
        '<section id="actions-section">',
        f"<h2>{w['actions']}</h2>",
        f'<p class="meta">{w["actions_note"]} <b id="actions-shown"></b></p>',
        _pager("actions", w),
        *_table("actions", actions_head, ()),
        "</section>",
        *(_groups_section(w, group_by) if group_by != "none" else []),
        '<section id="findings-section">',
        f"<h2>{w['findings']}</h2>",
        f'<p>{w["showing"]} <b id="shown">{total}</b> {w["of"]} {total}</p>',
        _pager("findings", w),
        *_table("findings", head, ()),
        "</section>",
    ]


def _groups_section(w: Mapping[str, str], group_by: str) -> list[str]:
    head = [w[group_by], w["rule"], w["owner"], w["count"], w["dates"], w["subject"], ""]
    return [
        '<section id="groups-section">',
        f"<h2>{w['grouped']}</h2>",
        f'<p class="meta">{w["grouped_note"]} <b id="groups-shown"></b></p>',
        _pager("groups", w),
        *_table("groups", head, ()),
        "</section>",
    ]


def _pager(table: str, w: Mapping[str, str]) -> str:
    return (
        f'<div class="pager"><button type="button" data-table="{table}" data-page="-1">'
        f"{w['previous']}</button>"
        f'<span>{w["page"]} <b id="{table}-page">1</b> {w["of"]} <b id="{table}-pages">1</b></span>'
        f'<button type="button" data-table="{table}" data-page="1">{w["next"]}</button></div>'
    )


def _severity_rank(severity: str) -> tuple[int, str]:
    known = severity in _SEVERITY_ORDER
    return (_SEVERITY_ORDER.index(severity) if known else len(_SEVERITY_ORDER), severity)


def _severity_cell(severity: str, w: Mapping[str, str]) -> str:
    return f'<td class="sev-{_e(severity)}">{_e(w.get(severity, severity))}</td>'


def _aging(as_of: dt.date, records: RecordSet, w: Mapping[str, str]) -> list[str]:
    by_owner: dict[tuple[str, str], list[Decimal]] = defaultdict(_empty)
    by_team: dict[tuple[str, str], list[Decimal]] = defaultdict(_empty)
    for owner_id, currency, bucket, amount in unpaid(as_of, records):
        person = records.staff.get(owner_id)
        label = f"{owner_id} {person.name}" if person else owner_id
        team = person.team if person and person.team else w["no_team"]
        by_owner[label, currency][bucket] += amount
        by_team[team, currency][bucket] += amount
    lines = [
        '<section id="aging">',
        f"<h2>{w['aging']} {as_of}</h2>",
        f'<p class="meta">{w["aging_note"]}</p>',
    ]
    for title, first, table_id, rows in (
        (w["by_owner"], w["owner"], "aging-by-owner", by_owner),
        (w["by_team"], w["team"], "aging-by-team", by_team),
    ):
        head = [first, w["currency"], *(w[b] for b in BUCKETS), w["total"]]
        lines += [
            f"<h3>{title}</h3>",
            *_table(table_id, head, _aging_rows(rows, w), numeric_from=2),
        ]
    return [*lines, "</section>"]


def _empty() -> list[Decimal]:
    return [Decimal(0)] * len(BUCKETS)


def _aging_rows(rows: Mapping[tuple[str, str], list[Decimal]], w: Mapping[str, str]) -> list[str]:
    if not rows:
        return [f'<tr><td colspan="{len(BUCKETS) + 3}" class="none">{w["none"]}</td></tr>']
    lines = []
    totals: dict[str, list[Decimal]] = defaultdict(_empty)
    for (label, currency), amounts in sorted(rows.items()):
        lines.append(_aging_row(_e(label), currency, amounts))
        totals[currency] = [a + b for a, b in zip(totals[currency], amounts, strict=True)]
    for currency, amounts in sorted(totals.items()):
        lines.append(_aging_row(w["total"], currency, amounts, ' class="total"'))
    return lines


def _aging_row(label: str, currency: str, amounts: list[Decimal], attributes: str = "") -> str:
    cells = "".join(f"<td{_NUMERIC}>{_money(a)}</td>" for a in [*amounts, sum(amounts, Decimal(0))])
    return f"<tr{attributes}><td>{label}</td><td>{_e(currency)}</td>{cells}</tr>"


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}" if amount else "–"


def _clauses(findings: Iterable[Finding], w: Mapping[str, str], lang: str) -> list[str]:
    """The clauses cited, in both languages; a Chinese report in Chinese only."""
    cited = {c for finding in findings for c in split(finding.clause)}
    known = clauses()
    ordered = [c for c in known if c in cited] + sorted(cited - known.keys())
    both = lang != "zh"
    rows = []
    for clause_id in ordered:
        clause = known.get(clause_id)
        zh, en = (clause.zh, clause.en) if clause else ("", w["not_in_text"])
        if clause is None and not both:
            zh = w["not_in_text"]
        english = f'<td lang="en">{_e(en)}</td>' if both else ""
        rows.append(
            f'<tr class="clause" id="{_anchor(clause_id)}"><th>{_e(clause_id)}</th>'
            f'<td lang="zh-CN">{_e(zh)}</td>{english}</tr>'
        )
    head = ["§", "中文", "English"] if both else ["§", "条文"]
    return [
        '<section id="clauses">',
        f"<h2>{w['clauses']}</h2>",
        *_table("clause-texts", head, rows),
        "</section>",
    ]


def _problems(result: AuditResult, w: Mapping[str, str]) -> list[str]:
    lines = ['<section id="problems">']
    for title, problems in (
        (w["rejected"], result.rejected),
        (w["warnings"], result.warnings),
        (w["file_errors"], result.file_errors),
    ):
        items = "".join(f"<li>{_e(str(p))}</li>" for p in problems)
        listed = f"<ul>{items}</ul>" if items else f'<p class="none">{w["none"]}</p>'
        lines += [f"<h2>{title}</h2>", listed]
    return [*lines, "</section>"]
