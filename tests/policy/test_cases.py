"""Policy problems as data: each folder in ``cases/`` is a tiny pack (and overlays), and its
``expect.yaml`` lists exactly the problems loading it reports, in order; ``problems: []``
marks a pack that must load.

``expect.yaml`` keys: ``problems`` (each ``{file, line, column, code}`` and optionally the
exact ``message``; ``file`` is relative to the case folder, and so are paths inside
messages), ``overlays`` (files to apply, in order) and, for a valid pack, ``rules`` (the ids
of its enabled rules, in order).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sales_policy.errors import Problem
from sales_policy.policy import PolicyError, load_policy

CASES = Path(__file__).parent / "cases"
SOURCES = Path(__file__).parents[2] / "src" / "sales_policy" / "policy"
YAML_READER = SOURCES.parent / "records" / "formats" / "yaml_positions.py"
_KEYS = {"problems", "overlays", "rules"}
_PROBLEM_KEYS = {"file", "line", "column", "code", "message"}
_NOT_CODES = {"utf-8", "utf-8-sig"}
_FOUND_ELSEWHERE = {"unknown-policy"}  # find_policy's, in test_versions.py
_NOT_POLICY = {"too-large"}  # the YAML reader's for a mapping file; a policy has no size limit


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
    assert "rules" not in expect or not expect["problems"], "`rules` is for a valid pack"
    return expect


def _seen(problem: Problem, folder: Path) -> dict[str, Any]:
    return {
        "file": Path(problem.location.source).relative_to(folder).as_posix(),
        "line": problem.location.line,
        "column": problem.location.column,
        "code": problem.code,
        "message": problem.message.replace(f"{folder}/", ""),
    }


@pytest.mark.parametrize("name", _cases())
def test_case(name: str) -> None:
    folder = CASES / name
    expect = _expectation(folder)
    overlays = [folder / overlay for overlay in expect.get("overlays", [])]
    wanted: list[dict[str, Any]] = expect["problems"]
    if not wanted:
        policy = load_policy(folder, overlays)
        if "rules" in expect:
            assert [rule.id for rule in policy.rules] == expect["rules"]
        return
    with pytest.raises(PolicyError) as refused:
        load_policy(folder, overlays)
    seen = [_seen(problem, folder) for problem in refused.value.problems]
    for index, problem in enumerate(seen):  # compare messages only where the case gives one
        if index >= len(wanted) or "message" not in wanted[index]:
            del problem["message"]
    assert seen == wanted


def test_problems_are_sorted_by_location() -> None:
    for name in _cases():
        folder = CASES / name
        expect = _expectation(folder)
        places = [(p["file"], p["line"] or 0, p["column"] or 0) for p in expect["problems"]]
        assert places == sorted(places), name


def test_every_problem_code_has_a_case() -> None:
    emitted = set()
    for source in [*SOURCES.glob("*.py"), YAML_READER]:
        emitted |= set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', source.read_text("utf-8")))
    emitted -= _NOT_CODES | _NOT_POLICY
    covered = {
        problem["code"] for name in _cases() for problem in _expectation(CASES / name)["problems"]
    }
    assert emitted - _FOUND_ELSEWHERE == covered


def test_the_shipped_pack_loads() -> None:
    policy = load_policy(Path(__file__).parents[2] / "policies" / "sales-staff")
    assert policy.id == "sales-staff"
    assert len({rule.id for rule in policy.rules}) == len(policy.rules) > 0
