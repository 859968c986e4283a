"""Policy text never runs as code: a rule's value and an expression holding Python that
would set a mark if it ran are a value compared as text and an expression refused."""

from __future__ import annotations

import builtins
import datetime as dt
from pathlib import Path

import pytest

from sales_policy.engine import Engine
from sales_policy.policy import PolicyError, load_policy
from sales_policy.records import load_records

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "policies" / "sales-staff"
RUN = '__import__("builtins").__setattr__("sales_policy_ran", 1)'
TEXT = f'" or {RUN} or "'

OVERLAY = """overlay: hostile
extends: sales-staff
rules:
  - id: HOSTILE
    clause: "§2.3.c"
    severity: high
    title: {{zh: t, en: t}}
{rule}
    message: {{zh: 'm {{subject}}', en: 'm {{subject}}'}}
"""
CHECK = f"""    subject: staff
    where:
      - is: {{team: '{TEXT}'}}
    check:
      date: hired_on
      require: [{{present: [left_on]}}]"""
DUTY = f"""    subject: contract
    duty:
      trigger: signed_on
      deadline: 'trigger + 30 + {RUN}'
      done: {{activity: handover}}"""


@pytest.fixture(autouse=True)
def _no_mark() -> None:
    assert not hasattr(builtins, "sales_policy_ran")


def test_a_rules_value_is_compared_as_text(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY.format(rule=CHECK), encoding="utf-8")
    staff = tmp_path / "staff.yaml"
    staff.write_text(
        f"staff:\n  - {{id: S-99, name: N, role: sales_rep, team: '{TEXT}',"
        " hired_on: 2026-01-05}\n",
        encoding="utf-8",
    )
    loaded = load_records([ROOT / "examples" / "company", staff])
    result = Engine(load_policy(PACK, [overlay])).audit(loaded, as_of=dt.date(2026, 11, 26))
    assert not hasattr(builtins, "sales_policy_ran")
    assert [f.subject.id for f in result.findings if f.rule == "HOSTILE"] == ["S-99"]


def test_an_expression_holding_code_is_refused(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY.format(rule=DUTY), encoding="utf-8")
    with pytest.raises(PolicyError) as refused:
        load_policy(PACK, [overlay])
    assert not hasattr(builtins, "sales_policy_ran")
    assert [p.code for p in refused.value.problems] == ["syntax-error"]
