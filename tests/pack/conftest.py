"""Shared by the pack's tests: the backends, a copy of the shipped pack to change, and one
engine cache per session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sales_policy import policytest
from sales_policy.engine import durable

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "policies" / "sales-staff"
BACKENDS = ("native", "durable")


@pytest.fixture(scope="session")
def engines() -> policytest.Engines:
    return policytest.Engines()


@pytest.fixture(scope="session")
def durable_missing() -> str | None:
    """Why the durable backend cannot run here, if it cannot."""
    return durable.unavailable()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, durable_missing: str | None) -> str:
    name: str = request.param
    if name == "durable" and durable_missing:  # pragma: no cover - depends on the machine
        pytest.skip(durable_missing)
    return name


CopyPack = Callable[[Path], Path]


@pytest.fixture
def copy_pack() -> CopyPack:
    """Copies the shipped pack's manifest, rules and coverage reasons (not its tests)."""

    def copy(target: Path) -> Path:
        shutil.copytree(PACK / "rules", target / "rules")
        shutil.copy(PACK / "policy.yaml", target / "policy.yaml")
        shutil.copy(PACK / "coverage.yaml", target / "coverage.yaml")
        return target

    return copy
