"""The HTML report opened in a real browser (headless Chromium) when the records and the
overlay hold markup: names, ids, teams, a rule's title, message and action, and what did
not load carry ``<script>``, ``<img onerror>``, ``<svg onload>``, styles, frames and
``javascript:`` URLs that would mark the page and call a local server if any of them ran
or loaded. Nothing may mark the page, and the server may hear no request. The same marks
put in a page of our own do run and do call the server, so the probe can see them.

Skipped on a machine without Chromium, saying so; in CI that skip fails the run."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from sales_policy.cli import cli

ROOT = Path(__file__).resolve().parents[2]
COMPANY = ROOT / "examples" / "company"
CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--virtual-time-budget=3000",
]
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium); "
    "the hostile-HTML browser test needs it",
)


class _Listener(BaseHTTPRequestHandler):
    heard: list[str]

    def do_GET(self) -> None:
        self.heard.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: what was heard is kept, not printed."""


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on a free port, and the paths it was asked for."""
    heard: list[str] = []
    handler = type("Listener", (_Listener,), {"heard": heard})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", heard
    finally:
        httpd.shutdown()
        httpd.server_close()


MARKED = re.compile(r"<[^>]*\sdata-ran=")
"""An element the marking script has run on (in the text it shows, ``<`` is escaped)."""


def _mark(tag: str) -> str:
    """Script that marks the page: backquotes, so it fits in either kind of quote."""
    return f"document.documentElement.setAttribute(`data-ran`,`{tag}`)"


def _payloads(base: str) -> dict[str, str]:
    return {
        "name": f'<script>{_mark("name")}</script><img src="{base}/name.png" '
        f'onerror="{_mark("img")}">',
        "id": f'S-05"><svg/onload={_mark("id")}>',
        "team": f"<style>body{{background:url({base}/team.png)}}</style>"
        f'<iframe src="{base}/team.html"></iframe>',
        "title": f'<link rel="stylesheet" href="{base}/title.css"><b onmouseover={_mark("b")}>',
        "message": f"</script><script>{_mark('message')}</script> javascript:{_mark('url')}",
        "action": f'<a href="javascript:{_mark("action")}">fix</a>',
        "rejected": f"<script src={base}/rejected.js></script>",
        "role": f"<img src=x onerror={_mark('role')}>",
    }


def _hostile_company(folder: Path, base: str) -> tuple[Path, Path]:
    """The example company with S-05's id, name and team made markup, a record rejected
    for markup, and an overlay whose rule's title, message and action are markup."""
    hostile = _payloads(base)
    records = folder / "records"
    shutil.copytree(COMPANY, records, ignore=shutil.ignore_patterns("*.md"))
    for path in records.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bS-05\b", f"'{hostile['id']}'", text), encoding="utf-8")
    staff = records / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    text = text.replace("name: 刘洋 (Liu Yang)", f"name: '{hostile['name']}'", 1)
    text = text.replace(
        f"  - id: '{hostile['id']}'\n    name: '{hostile['name']}'\n    role: sales_rep\n"
        "    team: 华东 East",
        f"  - id: '{hostile['id']}'\n    name: '{hostile['name']}'\n    role: sales_rep\n"
        f"    team: '{hostile['team']}'",
        1,
    )
    text += (
        f"  - {{id: '{hostile['rejected']}', name: x, role: '{hostile['role']}',"
        " hired_on: 2026-01-05}\n"
    )
    staff.write_text(text, encoding="utf-8")
    overlay = folder / "overlay.yaml"
    overlay.write_text(
        f"""overlay: hostile
extends: sales-staff
rules:
  - id: HOSTILE
    clause: "§2.3.c"
    severity: high
    title: {{zh: '{hostile["title"]}', en: '{hostile["title"]}'}}
    subject: staff
    check:
      date: hired_on
      require: [{{present: [left_on]}}]
    message: {{zh: '{hostile["message"]} {{subject}}', en: '{hostile["message"]} {{subject}}'}}
    action:
      code: fix
      text: {{zh: '{hostile["action"]}', en: '{hostile["action"]}'}}
""",
        encoding="utf-8",
    )
    return records, overlay


def _dom(folder: Path, page: Path) -> str:
    assert CHROMIUM is not None
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={folder / 'profile'}", "--dump-dom"]
    done = subprocess.run(
        [*command, page.as_uri()], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_markup_in_records_and_overlays_neither_runs_nor_loads(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, heard = server
    records, overlay = _hostile_company(tmp_path, base)
    report = tmp_path / "report.html"
    arguments = ["audit", str(records), "--as-of", "2026-11-26", "--overlay", str(overlay)]
    done = CliRunner().invoke(cli, [*arguments, "--format", "html", "--output", str(report)])
    assert done.exit_code == 1, done.output  # violations found, the report written
    page = report.read_text(encoding="utf-8")
    hostile = _payloads(base)
    for name in ("name", "id", "team", "message", "rejected", "role"):
        assert hostile[name] not in page, name  # never written as markup

    dom = _dom(tmp_path, report)
    assert not MARKED.search(dom)
    assert heard == []
    assert not re.search(r"""<[^>]*\s(?:href|src|action)\s*=\s*["']?\s*javascript:""", dom, re.I)
    for shown in (hostile["name"], hostile["message"].split(" {")[0], hostile["role"]):
        escaped = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in dom  # the text is there to read, as text


def test_the_probe_sees_markup_that_runs_and_loads(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, heard = server
    page = tmp_path / "control.html"
    hostile = _payloads(base)
    page.write_text(f"<!DOCTYPE html><body>{hostile['name']}{hostile['team']}</body>")
    dom = _dom(tmp_path, page)
    assert MARKED.search(dom)
    assert "/name.png" in heard
    assert "/team.html" in heard
