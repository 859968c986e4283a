"""Generated records for the partitioned audits: a small organisation from the
benchmarks' generator, and a second file of bad records (rejected, warned about)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BAD = [
    {"kind": "customer", "id": "X1", "owner_id": "NOBODY", "created_on": "2025-03-01"},
    {"kind": "contract", "id": "XK1", "customer_id": "X1", "owner_id": "S1", "status": "draft",
     "amount": "10"},
    {"kind": "staff", "id": "X2", "name": "Nobody", "role": "sales_rep", "hired_on": "2025-13-01"},
    {"kind": "customr", "id": "X3"},
    {"kind": "activity", "id": "XA1", "type": "visit", "staff_id": "S1", "at": "2026-01-05",
     "customer_id": "C1", "colour": "red"},
]  # fmt: skip


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """3,000 generated records, and the bad ones after them in a file of their own."""
    folder = tmp_path_factory.mktemp("generated")
    records = folder / "records.jsonl"
    command = [sys.executable, str(ROOT / "benchmarks" / "generate_records.py"), str(records)]
    subprocess.run([*command, "--records", "3000", "--seed", "7"], check=True, capture_output=True)
    bad = folder / "later.jsonl"
    bad.write_text("".join(json.dumps(line) + "\n" for line in BAD), encoding="utf-8")
    return [records, bad]
