"""Where durable_rules cannot run (Python 3.13 and later, or not installed), the durable
backend says so in one line, and its tests say they are not applicable. Simulated here:
the import is made to fail, and the Python version is made 3.13."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sales_policy.cli import cli
from sales_policy.engine import Engine, durable
from sales_policy.policy import Policy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def _python_3_13(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(durable, "_PYTHON", (3, 13))
    monkeypatch.setitem(sys.modules, "durable", None)  # as there: it does not import


@pytest.mark.usefixtures("_python_3_13")
def test_on_python_3_13_the_engine_names_the_limit(pack: Policy) -> None:
    with pytest.raises(durable.DurableUnavailableError) as raised:
        Engine(pack, "durable")
    message = str(raised.value)
    assert message.startswith("not applicable on Python 3.13:")
    assert "Python 3.12 or older" in message
    assert "\n" not in message


@pytest.mark.usefixtures("_python_3_13")
def test_on_python_3_13_the_program_fails_with_one_line() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "audit",
            str(ROOT / "examples" / "company"),
            "--as-of",
            "2026-11-26",
            "--engine",
            "durable",
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [durable.unavailable()]
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("_python_3_13")
def test_its_tests_there_are_not_applicable_in_words() -> None:
    """The reason the durable tests skip with, which CI accepts as a skip only for this."""
    reason = durable.unavailable()
    assert reason is not None
    assert reason.startswith("not applicable on Python 3.13")


def test_without_the_extra_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "durable", None)
    reason = durable.unavailable()
    assert reason is not None
    assert "pip install 'sales-policy[durable]'" in reason
    assert "\n" not in reason


def test_ci_lets_only_a_not_applicable_test_skip(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        "import pytest\n"
        "def test_there():\n"
        "    pytest.skip('not applicable on Python 3.13: durable_rules does not import')\n"
        "def test_missing():\n"
        "    pytest.skip('durable_rules is not installed')\n"
    )
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1, failed=1)
    result.stdout.fnmatch_lines(["*not applicable on Python 3.13*"])
