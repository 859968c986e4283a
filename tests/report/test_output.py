"""A failed run never passes for an audit: every failure exits 2 with one line naming
the file and what happened, never a traceback; the output path is checked before any
record is read; a report is written whole or not at all."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sales_policy.cli import cli
from sales_policy.engine import Engine
from sales_policy.findings import AuditResult

from .conftest import AS_OF, COMPANY, ROOT


def _audit(*arguments: str | Path, records: str | Path = COMPANY) -> Result:
    command = ["audit", str(records), "--as-of", str(AS_OF), *map(str, arguments)]
    return CliRunner().invoke(cli, command)


def _one_line_failure(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_a_missing_folder_is_refused_before_any_record_is_read(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "report.html"
    # The records do not exist either: the output is refused first, so they are not read.
    result = _audit("--format", "html", "--output", target, records=tmp_path / "missing")
    line = _one_line_failure(result)
    assert line.startswith(f"{target}: cannot write the report: no folder {target.parent}")
    assert result.stdout == ""


def test_a_path_under_a_file_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    line = _one_line_failure(_audit("--format", "markdown", "--output", plain / "report.md"))
    assert f"{plain} is not a folder" in line


def test_a_folder_as_the_output_is_refused(tmp_path: Path) -> None:
    line = _one_line_failure(_audit("--format", "csv", "--output", tmp_path))
    assert line == f"{tmp_path}: cannot write the report: it is a folder"


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder no one but root may write to; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="sales-policy-read-only-"))
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


def test_a_read_only_folder_is_refused(read_only_folder: Path) -> None:
    target = read_only_folder / "report.json"
    command = [sys.executable, "-m", "sales_policy", "audit", str(COMPANY), "--as-of", str(AS_OF)]
    if os.geteuid() == 0:
        # Root writes anywhere: the command runs without the capability to override
        # file permissions, as an ordinary user would.
        setpriv = shutil.which("setpriv")
        assert setpriv, "running as root, the test needs setpriv (util-linux)"
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    run = subprocess.run(
        [*command, "--output", str(target)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == [
        f"{target}: cannot write the report: {read_only_folder}: Permission denied"
    ]
    assert list(read_only_folder.iterdir()) == []


@pytest.mark.parametrize("output_format", ["json", "html", "table"])
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_device_exits_2_with_one_line(output_format: str) -> None:
    line = _one_line_failure(_audit("--format", output_format, "--output", "/dev/full"))
    assert line == "/dev/full: cannot write the report: No space left on device"


def _previous(tmp_path: Path) -> Path:
    target = tmp_path / "audit.json"
    target.write_text("the last good report\n", encoding="utf-8")
    return target


def test_a_failed_write_leaves_the_last_report_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _previous(tmp_path)

    def half_then_full(_result: AuditResult, out: Any) -> None:
        out.write('{"format": "sales-policy/audit-result@1",')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(AuditResult, "write_json", half_then_full)
    line = _one_line_failure(_audit("--format", "json", "--output", target))
    assert line == f"{target}: cannot write the report: No space left on device"
    assert target.read_text(encoding="utf-8") == "the last good report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]


def test_a_report_replaces_the_last_one_whole(tmp_path: Path) -> None:
    target = _previous(tmp_path)
    result = _audit("--format", "json", "--output", target)
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8").startswith("{\n")
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]


_KILLED = """
import os, signal, sys
from sales_policy.cli import main
from sales_policy.findings import AuditResult

def write_half_then_die(self, out):
    out.write('{"format": "sales-policy/audit-result@1",\\n' * 1000)
    out.flush()
    os.kill(os.getpid(), signal.SIGKILL)

AuditResult.write_json = write_half_then_die
sys.argv[0] = "sales-policy"
main()
"""


def test_a_process_killed_while_writing_leaves_the_last_report(tmp_path: Path) -> None:
    target = _previous(tmp_path)
    command = [sys.executable, "-c", _KILLED, "audit", str(COMPANY), "--as-of", str(AS_OF)]
    run = subprocess.run(
        [*command, "--format", "json", "--output", str(target)],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == "the last good report\n"
    partial = [p for p in tmp_path.iterdir() if p != target]
    assert partial  # it died mid-write: what it wrote is beside the report, not in it
    assert all(p.name.startswith(".audit.json.") for p in partial)


def test_an_internal_error_exits_2_as_a_bug_with_its_traceback_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> AuditResult:
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(Engine, "audit", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    line = _one_line_failure(_audit("--format", "json"))
    prefix = (
        "internal error (a bug in sales-policy): ZeroDivisionError: planted; the traceback is in "
    )
    assert line.startswith(prefix)
    written = Path(line.removeprefix(prefix))
    assert written.parent == tmp_path
    text = written.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "ZeroDivisionError: planted" in text
