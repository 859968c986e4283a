"""What the laws share: the shipped pack, its engines, and the dates audits run on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sales_policy.engine import Engine
from sales_policy.engine import durable as durable_module
from sales_policy.findings import AuditResult
from sales_policy.policy import Policy, load_policy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pack() -> Policy:
    return load_policy(ROOT / "policies" / "sales-staff")


@pytest.fixture(scope="session")
def native(pack: Policy) -> Engine:
    return Engine(pack, "native")


@pytest.fixture(scope="session")
def durable(pack: Policy) -> Engine:
    missing = durable_module.unavailable()
    if missing is not None:  # pragma: no cover - depends on the machine
        pytest.skip(missing)
    return Engine(pack, "durable")


@pytest.fixture(scope="session")
def overlaid(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, object], Engine]:
    """An engine for the pack with one parameter changed by an overlay file (cached)."""
    folder = tmp_path_factory.mktemp("overlays")
    engines: dict[tuple[str, str], Engine] = {}

    def engine(name: str, value: object) -> Engine:
        key = (name, repr(value))
        if key not in engines:
            path = folder / f"overlay-{len(engines)}.yaml"
            path.write_text(
                f"overlay: raised\nextends: sales-staff\nparameters:\n  {name}: {value!r}\n",
                encoding="utf-8",
            )
            engines[key] = Engine(load_policy(ROOT / "policies" / "sales-staff", [path]))
        return engines[key]

    return engine


@pytest.fixture(scope="session")
def keyed() -> Callable[[AuditResult], dict[str, Any]]:
    """An audit's findings as JSON data by ``RULE type/id part``: a failing comparison
    then names the findings that differ."""

    def by_key(result: AuditResult) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for finding in result.to_data()["findings"]:
            subject = finding["subject"]
            key = f"{finding['rule']} {subject['type']}/{subject['id']} {finding['part'] or ''}"
            found[key.strip()] = finding
        return found

    return by_key
