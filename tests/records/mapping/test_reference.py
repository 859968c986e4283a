"""``docs/integrating.md`` keeps up with the mapping model: its generated reference is fresh."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parents[3]


def test_the_generated_reference_is_fresh() -> None:
    spec = importlib.util.spec_from_file_location(
        "write_mapping_reference", ROOT / "tools" / "write_mapping_reference.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "integrating.md").read_text(encoding="utf-8")
    assert committed == module.updated(committed), (
        "stale: run `python tools/write_mapping_reference.py`"
    )
