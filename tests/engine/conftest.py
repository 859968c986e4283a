"""Shared fixtures: the shipped pack and the example company."""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_policy.policy import Policy, load_policy
from sales_policy.records import LoadResult, load_records

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pack() -> Policy:
    return load_policy(ROOT / "policies" / "sales-staff")


@pytest.fixture(scope="session")
def company() -> LoadResult:
    return load_records([ROOT / "examples" / "company"])
