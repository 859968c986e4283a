"""Each file format of ``sales-policy audit`` on the example company as of 2026-11-26:
golden files where bytes matter, the same bytes on every run, and what each format
promises its readers (valid XML, RFC 4180, escaped HTML and Markdown)."""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sales_policy.findings import (
    Action,
    AuditResult,
    Finding,
    Owner,
    Subject,
    Text,
    compact,
    plain,
)
from sales_policy.records import LoadResult
from sales_policy.report import csv as csv_report
from sales_policy.report import html, junit, markdown

from .conftest import AS_OF, assert_golden, run_audit

GOLDEN = {
    ("markdown", "en"): "company-2026-11-26.md",
    ("markdown", "zh"): "company-2026-11-26.zh.md",
    ("html", "en"): "company-2026-11-26.html",
    ("junit", "en"): "company-2026-11-26.junit.xml",
    ("csv", "en"): "company-2026-11-26.csv",
}


@pytest.mark.parametrize(("output_format", "lang"), GOLDEN)
def test_each_format_matches_its_golden_file(output_format: str, lang: str) -> None:
    result = run_audit("--format", output_format, "--lang", lang)
    assert result.exit_code == 1, result.stderr
    # Not ``result.stdout``: click's test runner turns CRLF into LF there.
    assert_golden(GOLDEN[output_format, lang], result.stdout_bytes.decode("utf-8"))


@pytest.mark.parametrize("output_format", ["table", "json", "markdown", "html", "junit", "csv"])
def test_two_runs_are_byte_identical(output_format: str) -> None:
    first, second = (run_audit("--format", output_format) for _ in range(2))
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout_bytes


def test_output_writes_the_file_and_nothing_to_stdout(tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    written = run_audit("--format", "csv", "--output", target)
    assert (written.exit_code, written.stdout) == (1, "")
    assert target.read_bytes() == run_audit("--format", "csv").stdout_bytes
    assert b"\r\n" in target.read_bytes()
    assert b"\r\r\n" not in target.read_bytes()


# --- JUnit ---------------------------------------------------------------------------


def test_junit_is_valid_xml_with_one_case_per_finding(audited: AuditResult) -> None:
    root = ET.fromstring(junit.render(audited))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(audited.findings)
    statuses = Counter(f.status for f in audited.findings)
    assert root.get("tests") == str(len(cases))
    assert (
        root.get("failures") == str(statuses["violation"]) == str(len(root.findall(".//failure")))
    )
    assert root.get("skipped") == str(statuses["action_required"])
    assert {s.get("name") for s in root.findall("testsuite")} == {f.rule for f in audited.findings}
    for case, finding in zip(cases, audited.findings, strict=True):
        assert case.get("classname") == finding.rule
        part = f"/{finding.part}" if finding.part else ""
        assert case.get("name") == f"{finding.subject.type}/{finding.subject.id}{part}"


def test_junit_open_actions_are_skipped_and_passes_pass(audited: AuditResult) -> None:
    open_action = next(f for f in audited.findings if f.status == "action_required")
    passed = dataclasses.replace(open_action, status="pass", action=None)
    result = dataclasses.replace(audited, findings=(open_action, passed))
    suite = ET.fromstring(junit.render(result)).find("testsuite")
    assert suite is not None
    skipped, passing = suite.findall("testcase")
    assert (skipped.find("skipped") is not None, list(passing)) == (True, [])
    message = skipped.find("skipped").get("message")  # type: ignore[union-attr]
    assert message == f"action required: {open_action.message.en}"


def test_junit_survives_markup_and_control_characters() -> None:
    text = 'a <b> & "c" \x07 \x1b[0m'
    result = _result(_finding(message=text, subject_id="<R&1>", part="x/y"))
    case = ET.fromstring(junit.render(result)).find("./testsuite/testcase")
    assert case is not None
    assert case.get("name") == "receivable/<R&1>/x/y"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == 'a <b> & "c" \ufffd \ufffd[0m'


# --- CSV -----------------------------------------------------------------------------


def test_csv_has_a_header_and_one_row_per_finding(audited: AuditResult) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_report.render(audited, "zh"), newline="")))
    assert list(rows[0]) == list(csv_report.COLUMNS)
    assert len(rows) == len(audited.findings)
    for row, finding in zip(rows, audited.findings, strict=True):
        assert row["rule"] == finding.rule
        assert row["message"] == finding.message.zh
        assert row["part"] == (finding.part or "")
        assert json.loads(row["evidence"]) == plain(finding.evidence)


def test_csv_quotes_commas_quotes_and_newlines() -> None:
    text = 'one, "two"\nthree'
    rendered = csv_report.render(_result(_finding(message=text)))
    assert rendered.endswith("\r\n")
    (row,) = list(csv.DictReader(io.StringIO(rendered, newline="")))
    assert row["message"] == text
    assert (row["action_code"], row["action_due_on"], row["action_owner_staff_id"]) == (
        "send_collection_notice",
        "2026-11-03",
        "S-03",
    )


# --- Markdown ------------------------------------------------------------------------


def test_markdown_groups_by_owner_then_rule(audited: AuditResult) -> None:
    text = markdown.render(audited)
    owners = [line for line in text.splitlines() if line.startswith("### ")]
    assert len(owners) == len(set(owners))  # each owner once
    assert owners[-1] == "### any sales_manager (S-01)"  # a role, not a person: after the people
    assert "| violation | customer CU-04 |  |" in text
    for heading in ("## Summary", "## Findings", "## Rejected records", "## Warnings"):
        assert f"\n{heading}\n" in text


def test_markdown_escapes_what_would_break_a_table_or_become_markup() -> None:
    text = markdown.render(_result(_finding(message="a | b *c* <img> [x](y) _z_ snake_case")))
    findings = text.split("## Findings", 1)[1]
    row = next(line for line in findings.splitlines() if "receivable R-17" in line)
    assert r"a \| b \*c\* \<img\> \[x\](y) \_z\_ snake_case" in row
    assert row.count(" | ") == 4  # five cells, whatever the message holds


# --- HTML ----------------------------------------------------------------------------


class _Page(HTMLParser):
    """The ids, same-page links, scripts and findings rows of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.rows: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "a" and str(attributes.get("href", "")).startswith("#"):
            self.links.append(str(attributes["href"])[1:])
        for name in ("src", "href"):
            if name in attributes and not str(attributes[name]).startswith("#"):
                self.sources.append(str(attributes[name]))
        if tag == "tr" and "data-rule" in attributes:
            self.rows.append(attributes)


def _data(page: str) -> dict[str, Any]:
    """The findings data embedded in a page."""
    start = page.index('<script type="application/json" id="audit-data">')
    text = page[start:].split(">", 1)[1].split("</script>", 1)[0]
    data: dict[str, Any] = json.loads(text)
    return data


def test_html_links_every_clause_to_its_text_on_the_page(
    audited: AuditResult, company: LoadResult
) -> None:
    text = html.render(audited, company.records)
    page = _Page()
    page.feed(text)
    data = _data(text)
    anchors = {anchor for rule in data["rules"] for _, anchor in rule[2]}
    assert len(page.ids) == len(set(page.ids))
    assert anchors <= set(page.ids)
    assert "clause-3.3.2.a" in anchors
    assert page.sources == []  # self-contained: nothing to fetch
    assert len(data["findings"]) == len(audited.findings)
    statuses = {data["statuses"][row[1]] for row in data["findings"]}
    assert statuses == {f.status for f in audited.findings}


def test_html_shows_clauses_in_chinese_and_english(
    audited: AuditResult, company: LoadResult
) -> None:
    text = html.render(audited, company.records, "en")
    assert '<tr class="clause" id="clause-2.4.b"><th>§2.4.b</th>' in text
    assert "对逾期未付款的客户进行跟踪和催款" in text
    assert "Track and chase customers whose payment is overdue" in text
    # A Chinese report is all Chinese: the clauses in their Chinese text only.
    text = html.render(audited, company.records, "zh")
    assert "对逾期未付款的客户进行跟踪和催款" in text
    assert "Track and chase customers whose payment is overdue" not in text
    assert audited.findings[0].message.zh in text
    assert '<html lang="zh-CN">' in text


def test_html_escapes_every_text_from_records(company: LoadResult) -> None:
    evil = "<script>alert(1)</script>"
    finding = _finding(message=evil, subject_id=f'R"{evil}', part=evil)
    finding = dataclasses.replace(finding, evidence={evil: evil}, rule=evil, severity=evil)
    text = html.render(_result(finding), company.records)
    assert evil not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.count("<script>") == 1  # the page's own
    assert text.count("</script>") == 2  # the page's own and the data's


HOSTILE = "</script><script>alert(1)</script><!-- & </SCRIPT > ]]> \u2028"


def test_html_data_cannot_end_its_element_and_reads_back_unchanged(company: LoadResult) -> None:
    finding = _finding(message=HOSTILE, subject_id=HOSTILE, part=HOSTILE)
    finding = dataclasses.replace(finding, evidence={HOSTILE: HOSTILE})
    text = html.render(_result(finding), company.records)
    start = text.index('<script type="application/json" id="audit-data">')
    element = text[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert not set(element) & set("<>&")
    (row,) = _data(text)["findings"]
    assert row[3] == row[4] == row[6] == HOSTILE
    strings = _data(text)["strings"]
    assert [strings[i] for i in row[7]][:2] == [HOSTILE, HOSTILE]


@given(st.text())
def test_embedded_json_is_json_without_markup_characters(value: str) -> None:
    text = html.embedded({"v": value, "k": [value]})
    assert not set(text) & set("<>&")
    assert json.loads(text) == {"v": value, "k": [value]}


def test_html_allows_only_its_own_script_and_style(
    audited: AuditResult, company: LoadResult
) -> None:
    text = html.render(audited, company.records)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy[1].split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    styles = re.findall(r"<style>(.*?)</style>", text, re.S)
    assert len(scripts) == len(styles) == 1
    for directive, body in (("script-src", scripts[0]), ("style-src", styles[0])):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert directives[directive] == f"'sha256-{digest}'"
    # Nothing the policy would block: no inline handlers, styles or script links.
    assert not re.search(r"\son\w+=|\sstyle=|javascript:", text)


# --- helpers -------------------------------------------------------------------------


def _finding(message: str, subject_id: str = "R-17", part: str | None = None) -> Finding:
    owner = Owner("S-03", "sales_rep")
    return Finding(
        rule="PAY-NOTICE",
        clause="§3.3.2.a",
        status="violation",
        severity="high",
        subject=Subject("receivable", subject_id),
        part=part,
        owner=owner,
        message=Text(message, message),
        evidence={"due_on": dt.date(2026, 10, 31), "paid_on": None},
        action=Action(
            "send_collection_notice", dt.date(2026, 11, 3), owner, Text("发催款通知", "Send it")
        ),
    )


def _result(*findings: Finding) -> AuditResult:
    return AuditResult(
        policy={"id": "sales-staff", "version": "1.0.0", "sha256": "0", "overlays": []},
        as_of=AS_OF,
        period_start=dt.date(2026, 1, 1),
        time_zone="Asia/Shanghai",
        records={"loaded": 1, "rejected": 0, "by_type": {}},
        findings=findings,
    )


_TEXT = st.text()  # lone surrogates included: orjson refuses them, json writes them
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | _TEXT,
    lambda inner: st.lists(inner) | st.dictionaries(_TEXT, inner),
    max_leaves=20,
)


@given(_JSON)
def test_a_compact_line_is_what_json_writes(value: object) -> None:
    assert compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
