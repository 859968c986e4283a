"""Alias bombs cost what their bytes cost: a few hundred bytes of nested aliases (eight
levels of nine, and one deeper) are refused at the first alias over the budget, in a
small fraction of the memory expanding them would take (1.2 GB for eight levels)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from sales_policy.policy import PolicyError, load_policy
from sales_policy.records import load_records

ROOT = Path(__file__).parents[1]
BOMBS = [
    ROOT / "records" / "cases" / "yaml" / f"{name}.yaml"
    for name in ("alias-bomb", "alias-bomb-deeper")
]
MEMORY = 100 * 1024 * 1024


@pytest.mark.parametrize("path", BOMBS, ids=lambda path: path.stem)
def test_a_record_file_bomb_is_refused_in_little_memory(path: Path) -> None:
    tracemalloc.start()
    try:
        result = load_records([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY
    assert [r.code for r in result.rejected] == ["yaml-alias"]
    assert sorted(result.records.staff) == ["S1", "S3"]


def test_a_rule_file_bomb_is_refused_in_little_memory() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(PolicyError) as refused:
            load_policy(ROOT / "policy" / "cases" / "alias-bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY
    assert [p.code for p in refused.value.problems] == ["yaml-alias"]
