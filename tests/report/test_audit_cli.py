"""``sales-policy audit``'s exit status (0 no violation, 1 violations, 2 unusable input),
its default format, and the progress display that only a terminal sees."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sales_policy.cli import cli
from sales_policy.report import progress

from .conftest import run_audit

ROOT = Path(__file__).parents[2]


def test_violations_exit_1() -> None:
    result = run_audit("--format", "csv")
    assert result.exit_code == 1


def test_no_violation_exits_0_and_open_actions_fail_only_when_asked() -> None:
    only_actions = ("--rule", "PAY-ESCALATE-MANAGER", "--format", "junit")
    assert run_audit(*only_actions).exit_code == 0
    assert run_audit(*only_actions, "--fail-on", "action_required").exit_code == 1


def test_missing_files_exit_2() -> None:
    command = ["audit", "no/such/folder", "--as-of", "2026-11-26", "--format", "html"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2
    assert "no/such/folder: unreadable-file" in result.stderr
    assert "no record could be loaded" in result.stderr


def test_a_bad_option_exits_2() -> None:
    result = run_audit("--format", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is not one of 'table', 'json', 'markdown', 'html', 'junit', 'csv'" in (
        result.stderr
    )


def test_an_unknown_policy_exits_2() -> None:
    result = run_audit("--policy", "no-such-pack", "--format", "markdown")
    assert result.exit_code == 2
    assert "unknown-policy" in result.stderr
    assert result.stdout == ""


def test_piped_output_defaults_to_json_without_progress() -> None:
    result = run_audit()
    assert json.loads(result.stdout)["format"] == "sales-policy/audit-result@1"
    assert result.stderr == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_goes_away() -> None:
    terminal = _Terminal()
    with progress.shown("auditing", stream=terminal):
        pass
    assert "auditing" in terminal.getvalue()
    assert "0:00:00" in terminal.getvalue()  # the elapsed time


def test_progress_is_never_shown_when_piped() -> None:
    piped = io.StringIO()
    with progress.shown("auditing", stream=piped):
        pass
    assert piped.getvalue() == ""


def test_the_program_exits_at_once_with_all_its_output(tmp_path: Path) -> None:
    """The program skips freeing its records at exit: its output is still whole, piped
    or written to a file, and its exit status is the audit's."""
    command = [sys.executable, "-m", "sales_policy", "audit", "examples/company"]
    command += ["--as-of", "2026-11-26", "--format", "json"]
    piped = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert piped.returncode == 1, piped.stderr
    assert len(json.loads(piped.stdout)["findings"]) == 50
    written = tmp_path / "result.json"
    to_file = subprocess.run(
        [*command, "--output", str(written)], capture_output=True, check=False, cwd=ROOT
    )
    assert to_file.returncode == 1
    assert written.read_text(encoding="utf-8") == piped.stdout
    markdown = [*command[:-1], "markdown"]
    echoed = subprocess.run(markdown, capture_output=True, text=True, check=False, cwd=ROOT)
    assert echoed.returncode == 1
    assert echoed.stdout == run_audit("--format", "markdown").stdout


_WATCHED = """
import gc, sys
from sales_policy import cli
write = cli._write
def watched(*arguments, **options):
    print(f"collector on while writing: {gc.isenabled()}", file=sys.stderr)
    write(*arguments, **options)
cli._write = watched
cli.main()
"""


def test_the_program_keeps_the_collector_paused_to_the_end() -> None:
    """Resumed after loading, the collector would walk every record (a second for a
    million); the program never resumes it, and the command called from Python leaves it
    as it was."""
    command = [sys.executable, "-c", _WATCHED, "audit", "examples/company"]
    command += ["--as-of", "2026-11-26", "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "collector on while writing: False" in done.stderr
    assert len(json.loads(done.stdout)["findings"]) == 50
    assert run_audit("--format", "csv").exit_code == 1
    assert gc.isenabled()
