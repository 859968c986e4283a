"""The worked example of ``docs/policy-language.md`` runs as written: its overlay and its
case files are taken from the page and run with ``sales-policy test --overlay``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sales_policy.cli import cli
from sales_policy.engine import durable as durable_module

ROOT = Path(__file__).resolve().parents[2]
FILE = re.compile(r"^\*\*`(acme/[\w./-]+)`\*\*\n\n```\w+\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("engine", ["native", "durable"])
def test_the_documented_example_passes(tmp_path: Path, engine: str) -> None:
    if engine == "durable":
        missing = durable_module.unavailable()
        if missing is not None:  # pragma: no cover - depends on the machine
            pytest.skip(missing)
    page = (ROOT / "docs" / "policy-language.md").read_text(encoding="utf-8")
    files = FILE.findall(page)
    assert [name for name, _ in files] == [
        "acme/overlay.yaml",
        "acme/tests/ACME-LARGE-REVIEW.yaml",
        "acme/tests/ACME-GRADE-A-VISIT.yaml",
        "acme/tests/ACME-OVERDUE-MANAGER.yaml",
    ]
    for name, text in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "test",
            str(ROOT / "policies" / "sales-staff"),
            "--overlay",
            str(tmp_path / "acme" / "overlay.yaml"),
            "--tests",
            str(tmp_path / "acme" / "tests"),
            "--engine",
            engine,
        ],
    )
    assert (result.exit_code, result.output) == (0, "9 passed, 0 failed\n")
    assert "9 passed, 0 failed" in page
