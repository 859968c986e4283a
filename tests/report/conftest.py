"""Shared fixtures: the example company audited as of 2026-11-26, and the command line."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sales_policy.cli import cli
from sales_policy.engine import audit
from sales_policy.findings import AuditResult
from sales_policy.policy import load_policy
from sales_policy.records import LoadResult, load_records

ROOT = Path(__file__).resolve().parents[2]
COMPANY = ROOT / "examples" / "company"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = dt.date(2026, 11, 26)

Run = Callable[..., Result]


@pytest.fixture(scope="session")
def company() -> LoadResult:
    return load_records([COMPANY])


@pytest.fixture(scope="session")
def audited(company: LoadResult) -> AuditResult:
    return audit(company, load_policy(ROOT / "policies" / "sales-staff"), as_of=AS_OF)


def run_audit(*arguments: str | Path) -> Result:
    """``sales-policy audit`` on the example company as of 2026-11-26, plus ``arguments``."""
    command = ["audit", str(COMPANY), "--as-of", str(AS_OF), *map(str, arguments)]
    return CliRunner().invoke(cli, command, env={"COLUMNS": "100"})


def assert_golden(name: str, text: str) -> None:
    """``text`` is byte for byte ``golden/name``; ``UPDATE_GOLDEN=1`` rewrites the file."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}: run the tests with UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), (
        f"{name} differs from its golden file; if the change is intended, "
        "rerun with UPDATE_GOLDEN=1 and review the diff"
    )
