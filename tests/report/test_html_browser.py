"""The HTML report in a real browser (headless Chromium): its tables are in the DOM after
the page's script ran, the filters preset from the address hide rows, and a screenshot
renders. Skipped on a machine without Chromium, saying so; in CI that skip fails the run
(``tests/conftest.py``)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from sales_policy.findings import AuditResult
from sales_policy.records import LoadResult
from sales_policy.report import html

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium); "
    "the HTML report's browser test needs it",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def report(
    tmp_path_factory: pytest.TempPathFactory, audited: AuditResult, company: LoadResult
) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html.render(audited, company.records), encoding="utf-8")
    return path


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done


def test_the_dom_holds_the_summary_the_findings_and_the_aging(
    report: Path, audited: AuditResult, tmp_path: Path
) -> None:
    dom = chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    summary = dom.split('<table id="summary-by-rule">', 1)[1].split("</table>", 1)[0]
    rules = len({f.rule for f in audited.findings})
    assert summary.count("<tr") == 1 + rules + 1  # the head, a row per rule, the total
    assert len(re.findall(r"<tr data-owner=", dom)) == len(audited.findings)
    assert 'hidden=""' not in dom
    assert f'<b id="shown">{len(audited.findings)}</b>' in dom
    for table in ("aging-by-owner", "aging-by-team", "clause-texts"):
        assert f'<table id="{table}">' in dom
    assert "252,000.00" in dom  # RV-12: 72 days overdue


def test_filters_preset_from_the_address_hide_rows(
    report: Path, audited: AuditResult, tmp_path: Path
) -> None:
    dom = chromium(tmp_path, "--dump-dom", report.as_uri() + "?status=action_required").stdout
    open_actions = sum(f.status == "action_required" for f in audited.findings)
    assert f'<b id="shown">{open_actions}</b>' in dom
    hidden = re.findall(r'<tr data-owner="[^"]*"[^>]*data-status="(\w+)"[^>]*hidden=""', dom)
    assert len(hidden) == len(audited.findings) - open_actions
    assert "action_required" not in hidden


def test_a_screenshot_renders(report: Path, tmp_path: Path) -> None:
    png = tmp_path / "page.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", report.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page of that size compresses to a few kilobytes
