"""Mapping files as data: each folder in ``cases/`` holds a ``mapping.yaml`` (or none, for a
missing file) and an ``expect.yaml`` listing exactly the problems checking it reports, in
order; ``problems: []`` marks a mapping that must load.

``expect.yaml`` keys: ``problems`` (each ``{file, line, column, code}`` and optionally the
exact ``message``), ``max_size`` (the size limit to check with) and, for a valid mapping,
``tables`` (how many it has).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sales_policy.records.mapping import MappingError, load_mapping

CASES = Path(__file__).parent / "cases"
SOURCES = Path(__file__).parents[3] / "src" / "sales_policy" / "records"
_KEYS = {"problems", "max_size", "tables"}
_PROBLEM_KEYS = {"file", "line", "column", "code", "message"}


def _cases() -> list[str]:
    return sorted(folder.name for folder in CASES.iterdir() if folder.is_dir())


def _expectation(folder: Path) -> dict[str, Any]:
    expect = yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))
    assert isinstance(expect, dict), "expect.yaml is a mapping"
    assert set(expect) <= _KEYS, f"unknown keys in expect.yaml: {sorted(set(expect) - _KEYS)}"
    assert isinstance(expect.get("problems"), list), "expect.yaml lists `problems`"
    for problem in expect["problems"]:
        assert set(problem) <= _PROBLEM_KEYS, f"unknown keys in {problem}"
        assert _PROBLEM_KEYS - {"message"} <= set(problem), f"incomplete: {problem}"
    assert "tables" not in expect or not expect["problems"], "`tables` is for a valid mapping"
    return expect


@pytest.mark.parametrize("name", _cases())
def test_case(name: str) -> None:
    folder = CASES / name
    expect = _expectation(folder)
    path = folder / "mapping.yaml"
    limit = {"max_size": expect["max_size"]} if "max_size" in expect else {}
    wanted: list[dict[str, Any]] = expect["problems"]
    if not wanted:
        mapping = load_mapping(path, **limit)
        assert len(mapping.tables) == expect.get("tables", len(mapping.tables))
        return
    with pytest.raises(MappingError) as refused:
        load_mapping(path, **limit)
    seen = []
    for index, problem in enumerate(refused.value.problems):
        found = {
            "file": Path(problem.location.source).relative_to(folder).as_posix(),
            "line": problem.location.line,
            "column": problem.location.column,
            "code": problem.code,
            "message": problem.message,
        }
        if index >= len(wanted) or "message" not in wanted[index]:
            del found["message"]
        seen.append(found)
    assert seen == wanted


def test_problems_are_sorted_by_location() -> None:
    for name in _cases():
        expect = _expectation(CASES / name)
        places = [(p["line"] or 0, p["column"] or 0) for p in expect["problems"]]
        assert places == sorted(places), name


def test_every_problem_code_has_a_case() -> None:
    """A code the mapping check can report, without a case here, fails."""
    emitted: set[str] = set()
    for source in (SOURCES / "mapping" / "check.py", SOURCES / "formats" / "yaml_positions.py"):
        emitted |= set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', source.read_text("utf-8")))
    emitted -= {"utf-8", "utf-8-sig", "list[str]"}
    covered = {p["code"] for name in _cases() for p in _expectation(CASES / name)["problems"]}
    assert emitted == covered


def test_every_code_is_documented() -> None:
    """A code of the mapping check, or of reading through a mapping, without a line in
    ``docs/errors.md``'s section on mapping files fails here."""
    text = (SOURCES.parents[2] / "docs" / "errors.md").read_text("utf-8")
    section = text.split("\n## Mapping files\n")[1].split("\n## ")[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", section, re.MULTILINE))
    emitted: set[str] = set()
    for source in [*(SOURCES / "mapping").glob("*.py"), SOURCES / "formats" / "yaml_positions.py"]:
        emitted |= set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', source.read_text("utf-8")))
    assert emitted - {"utf-8", "utf-8-sig", "list[str]"} == documented
