"""``sales-policy audit --workers 2`` writes the same bytes as ``--workers 1``, in every
format, and says the same about what did not load; ``--store`` audits in one process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sales_policy.cli import FORMATS

AUDIT = [sys.executable, "-m", "sales_policy", "audit", "--as-of", "2026-11-26", "--all"]


def audit(files: list[Path], workers: int, output: Path, *options: str) -> tuple[int, str]:
    command = [*AUDIT, *map(str, files), "--workers", str(workers), "--output", str(output)]
    done = subprocess.run([*command, *options], capture_output=True, text=True, check=False)
    return done.returncode, done.stderr


@pytest.mark.parametrize("output_format", FORMATS)
def test_two_workers_write_what_one_writes(
    generated: list[Path], tmp_path: Path, output_format: str
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    alone = audit(generated, 1, one, "--format", output_format)
    split = audit(generated, 2, two, "--format", output_format)
    assert alone[0] == 1, alone[1]
    assert split == alone
    assert "dangling-reference" in alone[1]
    assert two.read_bytes() == one.read_bytes()


def test_a_stored_run_is_audited_in_one_process(generated: list[Path], tmp_path: Path) -> None:
    code, said = audit(generated, 2, tmp_path / "out", "--store", str(tmp_path / "runs.db"))
    assert code == 2
    assert "--store audits in one process" in said
