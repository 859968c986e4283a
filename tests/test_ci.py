"""In CI a skipped test fails the run and says what was missing; elsewhere it skips. And
the CI script fails when it cannot install what the tests need."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFTEST = Path(__file__).with_name("conftest.py")
SKIPPING = """
import pytest

def test_needs_a_browser():
    pytest.skip("chromium is not installed")

@pytest.mark.xfail(reason="a known gap", strict=True)
def test_known_gap():
    assert False
"""


@pytest.mark.parametrize(("ci", "failed", "skipped"), [("true", 1, 0), ("", 0, 1)])
def test_a_skip_fails_only_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, failed: int, skipped: int
) -> None:
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(SKIPPING)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=failed, skipped=skipped, xfailed=1)
    if failed:
        result.stdout.fnmatch_lines(
            ["*CI=true, so this test may not skip: chromium is not installed*"]
        )


def _tool(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.parametrize(("installed", "want_code"), [(False, 100), (True, 0)])
def test_ci_stops_when_chromium_cannot_be_installed(
    tmp_path: Path, installed: bool, want_code: int
) -> None:
    """``.ci/run`` on a machine without Chromium, whose package install fails: the run
    fails there, before the tests (which would otherwise skip the browser tests)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("dirname", "grep"):
        found = shutil.which(name)
        assert found is not None
        (tools / name).symlink_to(found)
    _tool(tools, "dpkg-query", "exit 1")  # no package installed
    _tool(tools, "apt-get", "exit 0" if installed else "exit 100")
    _tool(tools, "make", f'echo "make $*" >> "{tmp_path}/made"')
    done = subprocess.run(
        ["/bin/bash", str(ROOT / ".ci" / "run")],
        env={"PATH": str(tools), "SALES_POLICY_TEST_POSTGRES": "postgresql://given"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == want_code, done.stderr
    made = (tmp_path / "made").read_text() if (tmp_path / "made").exists() else ""
    assert made == ("make lint\nmake docs\nmake test\n" if installed else "")


def test_ci_stops_when_postgresql_cannot_start(tmp_path: Path) -> None:
    """``.ci/run`` given no PostgreSQL server, on a machine where none can be installed
    and started: the run fails before the tests (which would otherwise fail later)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("dirname", "grep", "mktemp", "chmod", "rm", "ls", "sort", "tail", "mkdir"):
        found = shutil.which(name)
        assert found is not None
        (tools / name).symlink_to(found)
    _tool(tools, "python3", "echo 5999")  # the free port
    _tool(tools, "dpkg-query", "echo 'install ok installed'")
    _tool(tools, "chromium", "exit 0")
    _tool(tools, "apt-get", 'case "$*" in *postgresql*) exit 100;; esac')
    _tool(tools, "id", "echo 1000")
    _tool(tools, "make", f'echo "make $*" >> "{tmp_path}/made"')
    done = subprocess.run(
        ["/bin/bash", str(ROOT / ".ci" / "run")],
        env={"PATH": str(tools)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert not (tmp_path / "made").exists()
