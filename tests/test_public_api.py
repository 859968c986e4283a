"""The public surface is exactly what ``__all__`` lists, and the command line starts."""

from __future__ import annotations

import subprocess
import sys

import sales_policy

PUBLIC = {
    "ActivityBase",
    "AuditResult",
    "Engine",
    "Finding",
    "Policy",
    "PolicyError",
    "audit",
    "load_policy",
    "ActivityType",
    "Contract",
    "Customer",
    "FileError",
    "LoadResult",
    "LoadWarning",
    "MarketReport",
    "Receivable",
    "RecordSet",
    "Rejection",
    "SalesPlan",
    "Staff",
    "TrainingPlan",
    "__version__",
    "load_records",
}


def test_public_names_are_exactly_these() -> None:
    assert set(sales_policy.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(sales_policy, name)


def test_module_help_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sales_policy", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "load" in done.stdout
