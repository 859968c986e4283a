"""The layer contract in ``pyproject.toml`` (run by ``lint-imports`` in ``make lint``)
names every module of the package, so a new one cannot escape it."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import grimp

import sales_policy

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _layered() -> set[str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = (c for c in config["contracts"] if c["type"] == "layers")
    assert contract["containers"] == ["sales_policy"]
    return {name.strip() for layer in contract["layers"] for name in layer.split("|")}


def test_every_module_has_a_layer() -> None:
    modules = {info.name for info in pkgutil.iter_modules(sales_policy.__path__)}
    assert modules == _layered()


def test_policy_tests_use_only_what_other_packages_export() -> None:
    """The runner of a pack's test cases reads cases with the policy package's reader and
    loads their records with the records package's: through their surfaces, not their
    inner modules."""
    graph = grimp.build_graph("sales_policy")
    imported = graph.find_modules_directly_imported_by("sales_policy.policytest")
    surfaces = {"engine", "errors", "findings", "policy", "records"}
    assert imported <= {f"sales_policy.{name}" for name in surfaces}
