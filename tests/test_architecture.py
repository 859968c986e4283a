"""The layer contract in ``pyproject.toml`` (run by ``lint-imports`` in ``make lint``)
names every module of the package, so a new one cannot escape it."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

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
