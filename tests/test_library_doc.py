"""``docs/library.md`` says what the code does: its worked examples run as written, and
its table of what each kind needs names the references and rules there are."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sales_policy.engine import Engine
from sales_policy.policy import load_policy
from sales_policy.records.models import ACTIVITY_MODELS, RECORD_MODELS

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
FILE = re.compile(r"^\*\*`([\w.]+\.py)`\*\*\n\n```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
EXAMPLES = dict(FILE.findall(PAGE))


def test_the_page_has_both_examples() -> None:
    assert sorted(EXAMPLES) == ["crm_hook.py", "nightly.py"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_worked_example_runs_as_written(name: str, tmp_path: Path) -> None:
    script = tmp_path / name
    script.write_text(EXAMPLES[name], encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _table() -> dict[str, list[str]]:
    section = PAGE.split("\n## What each kind needs\n")[1].split("\n## ")[0]
    rows = re.findall(r"^\| `(\w+)` \|(.*)\|$", section, re.MULTILINE)
    return {kind: [cell.strip() for cell in rest.split("|")] for kind, rest in rows}


def test_the_table_names_each_kinds_references() -> None:
    table = _table()
    assert set(table) == {model.kind for model in RECORD_MODELS.values()}
    for model in RECORD_MODELS.values():
        named = set(re.findall(r"`(\w+_id|\w+_by)` \(", table[model.kind][0]))
        references = set(model.references)
        if model.kind == "activity":
            references |= {f for m in ACTIVITY_MODELS.values() for f in m.references}
        assert named == references, model.kind


def test_the_table_names_the_rules_that_judge_each_kind_alone() -> None:
    engine = Engine(load_policy(ROOT / "policies" / "sales-staff"))
    table = _table()
    for kind, rules in engine.program.by_subject.items():
        if kind == "training_year":  # judged in an audit, of all of a year's plans
            continue
        base, _, activity_type = kind.partition(":")
        cell = table[base][1]
        if activity_type:
            cell = re.search(rf"`{activity_type}` ([A-Z, -]+?)(;|$)", cell).group(1)  # type: ignore[union-attr]
        assert set(re.findall(r"[A-Z][A-Z-]*[A-Z]", cell)) == {r.rule.id for r in rules}, kind
