"""The clause coverage map (``sales-policy coverage``): every clause of the regulation is
enforced by a rule or explained in the pack's ``coverage.yaml``; the committed
``docs/coverage.md`` is what the command writes; ``docs/pack.md`` lists the severities
the pack really has."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sales_policy import coverage
from sales_policy.cli import cli
from sales_policy.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "policies" / "sales-staff"
COMMAND = "sales-policy coverage policies/sales-staff"


def test_every_clause_is_enforced_or_explained() -> None:
    found = coverage.coverage(PACK)
    assert [str(problem) for problem in found.problems] == []
    leaves = [row for row in found.rows if not row.section]
    assert all(row.accounted for row in leaves)
    assert {row.clause.id for row in leaves if row.reason} >= {"§1.1.a", "§2.3.b"}


def test_the_committed_map_is_up_to_date() -> None:
    written = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert written == coverage.markdown(coverage.coverage(PACK), COMMAND), (
        f"docs/coverage.md is stale: run `{COMMAND} > docs/coverage.md`"
    )


def test_the_command_writes_the_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["coverage", "policies/sales-staff"])
    assert result.exit_code == 0
    assert result.output == (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")


def test_a_clause_neither_enforced_nor_explained_fails(
    tmp_path: Path, copy_pack: Callable[[Path], Path]
) -> None:
    pack = copy_pack(tmp_path / "pack")
    reasons = pack / "coverage.yaml"
    text = reasons.read_text(encoding="utf-8")
    text = re.sub(r'"§2\.(3|5)\.b": >-\n(  .*\n)+', "", text)
    text += '"§9.9.z": No such clause.\n"§2.1.b": A rule enforces it.\n"§2.5.b": []\n'
    reasons.write_text(text, encoding="utf-8")
    found = coverage.coverage(pack)
    assert [str(p).replace(f"{pack}/", "") for p in found.problems] == [
        "coverage.yaml: uncovered-clause: no rule enforces `§2.3.b` and `coverage.yaml` gives "
        "no reason why: add a rule or a reason",
        "coverage.yaml: uncovered-clause: no rule enforces `§2.5.b` and `coverage.yaml` gives "
        "no reason why: add a rule or a reason",
        "coverage.yaml:45:1: unknown-clause: no clause `§9.9.z` in the regulation",
        "coverage.yaml:46:1: covered-clause: `§2.1.b` is enforced by MARKET-REPORT: it needs "
        "no reason",
        "coverage.yaml:47:1: wrong-type: the reason for `§2.5.b` is text",
    ]
    result = CliRunner().invoke(cli, ["coverage", str(pack)])
    assert result.exit_code == 1
    assert "uncovered-clause" in result.output


def test_a_pack_that_does_not_load_exits_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["coverage", str(tmp_path)]).exit_code == 2


def test_the_severities_documented_are_the_packs() -> None:
    text = (ROOT / "docs" / "pack.md").read_text(encoding="utf-8")
    documented = {
        level: sorted(ids.split(", "))
        for level, ids in re.findall(r"^\| (critical|high|medium|low) \| (.+) \|$", text, re.M)
    }
    actual: dict[str, list[str]] = {}
    for rule in load_policy(PACK).rules:
        actual.setdefault(rule.severity, []).append(rule.id)
    assert documented == {level: sorted(ids) for level, ids in actual.items()}
