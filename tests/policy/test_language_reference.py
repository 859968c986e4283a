"""``docs/policy-language.md`` keeps up with the language: its generated reference is
fresh, it explains every problem code, and the rules it cites exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from sales_policy.policy import load_policy

ROOT = Path(__file__).parents[2]
DOCUMENT = ROOT / "docs" / "policy-language.md"
SOURCES = ROOT / "src" / "sales_policy" / "policy"
_OVERLAY_EXAMPLE = {  # the rules the manual's overlays add
    "ACME-HANDOVER-BRIEFED",
    "ACME-LARGE-REVIEW",
    "ACME-GRADE-A-VISIT",
    "ACME-OVERDUE-MANAGER",
}


def _tool() -> ModuleType:
    path = ROOT / "tools" / "write_language_reference.py"
    spec = importlib.util.spec_from_file_location("write_language_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_reference_is_fresh() -> None:
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert committed == _tool().updated(committed), (
        "stale: run `python tools/write_language_reference.py`"
    )


def test_every_problem_code_is_explained() -> None:
    emitted: set[str] = {"unknown-policy"}
    for source in [*SOURCES.glob("*.py"), SOURCES.parent / "records/formats/yaml_positions.py"]:
        text = source.read_text(encoding="utf-8")
        emitted |= set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', text)) - {"utf-8", "utf-8-sig"}
    emitted.discard("too-large")  # the YAML reader's for a mapping file, not a policy's
    explained = set(re.findall(r"^\| `([a-z-]+)` \|", DOCUMENT.read_text("utf-8"), re.M))
    assert emitted <= explained


def test_the_rules_the_manual_cites_exist() -> None:
    cited = set(re.findall(r"\b[A-Z]+(?:-[A-Z]+)+\b", DOCUMENT.read_text(encoding="utf-8")))
    shipped = {rule.id for rule in load_policy(ROOT / "policies" / "sales-staff").rules}
    assert cited - _OVERLAY_EXAMPLE <= shipped
