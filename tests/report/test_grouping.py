"""Findings collapsed by rule and owner (``--group-by``), the open actions as a to-do list,
and the scorecards at the top of the table and Markdown reports."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from sales_policy.findings import AuditResult
from sales_policy.report import html, markdown, xlsx
from sales_policy.report._sections import GROUPINGS, WORDS, grouped, open_actions
from sales_policy.scorecards import owner_key

from .conftest import run_audit


@pytest.mark.parametrize("by", ["rule", "owner", "team"])
def test_a_group_is_one_rule_and_one_owner_and_groups_cover_every_finding(
    audited: AuditResult, by: str
) -> None:
    sections = grouped(audited, by)
    groups = [g for _, listed in sections for g in listed]
    assert sum(len(g.findings) for g in groups) == len(audited.findings)
    for group in groups:
        assert {f.rule for f in group.findings} == {group.rule}
        assert {owner_key(f.owner) for f in group.findings} == {owner_key(group.owner)}
    pairs = Counter((g.rule, owner_key(g.owner)) for g in groups)
    assert set(pairs.values()) == {1}
    if by == "rule":
        assert all({g.rule for g in listed} == {title} for title, listed in sections)


def test_open_actions_are_by_who_must_act_soonest_due_first(audited: AuditResult) -> None:
    listed = open_actions(audited.findings)
    assert all(f.status in ("violation", "action_required") and f.action for f in listed)
    assert len(listed) == sum(
        1 for f in audited.findings if f.action and f.status in ("violation", "action_required")
    )
    keys = [(owner_key(f.action.owner), f.action.due_on or dt.date.max) for f in listed if f.action]
    assert keys == sorted(keys)


def test_markdown_groups_collapse_with_a_count_and_the_first_subjects() -> None:
    text = run_audit("--format", "markdown", "--group-by", "rule").stdout
    findings = text.split("## Findings", 1)[1].split("## Rejected records", 1)[0]
    row = next(line for line in findings.splitlines() if line.startswith("| MARKET-REPORT"))
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    assert cells[2] == "6"
    assert cells[3] == "2026-03-10 – 2026-11-10"
    assert cells[4].endswith("(+3 more)")
    assert cells[4].count(",") == 2  # three subjects named


def test_the_terminal_collapses_by_owner_unless_told_otherwise() -> None:
    collapsed = run_audit("--format", "table").stdout
    listed = run_audit("--format", "table", "--group-by", "none").stdout
    assert "×6" in collapsed
    assert "×" not in listed
    message = "Submit the market research report for 2026-10 by 2026-11-10"
    assert listed.count("market research report") > collapsed.count("market research report")
    assert message in collapsed  # the open actions still list every one


def test_the_reports_open_with_the_scorecards_then_the_open_actions() -> None:
    text = run_audit("--format", "markdown").stdout
    order = [
        text.index(h) for h in ("## Summary", "## Scorecards", "## Open actions", "## Findings")
    ]
    assert order == sorted(order)
    actions = text.split("## Open actions", 1)[1].split("## Findings", 1)[0]
    assert len(re.findall(r"^\| (S-\d\d|any) ", actions, re.M)) == 24
    people = text.split("### People", 1)[1].split("## Open actions", 1)[0]
    first = people.splitlines()[4]
    assert first.startswith("| S-05 刘洋 (Liu Yang) | sales_rep | S-02 | 32 |")  # the worst


@pytest.mark.parametrize(
    "words",
    [WORDS["zh"], html._WORDS["zh"], {k: v[1] for k, v in xlsx._HEADERS.items()}],
    ids=["sections", "html", "xlsx"],
)
def test_chinese_words_carry_no_english(words: dict[str, str]) -> None:
    for key, text in words.items():
        bare = re.sub(r"\{\w+\}|SHA-256", "", text)
        assert not re.search("[A-Za-z]", bare), (key, text)


def test_every_word_exists_in_both_languages() -> None:
    assert WORDS["en"].keys() == WORDS["zh"].keys()
    assert html._WORDS["en"].keys() == html._WORDS["zh"].keys()
    assert set(GROUPINGS) == {"none", "rule", "owner", "team"}


def test_markdown_chinese_headings(audited: AuditResult) -> None:
    text = markdown.render(audited, "zh", "team")
    assert "## 成绩单" in text
    assert "## 待办事项" in text
    assert "### 团队 S-02 李梅 (Li Mei) (销售主管)" in text
