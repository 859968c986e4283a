"""The durable_rules backend agrees with native, and each of its sharp edges is guarded."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from typing import Any

import pytest

from sales_policy.bulk import paused_gc
from sales_policy.engine import Engine
from sales_policy.engine.native import NativeBackend
from sales_policy.judgement.decisions import TABLE
from sales_policy.policy import Policy
from sales_policy.records import LoadResult

pytest.importorskip("durable.engine", reason="the optional durable extra is not installed")

from sales_policy.engine.durable import DurableBackend

AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def backend() -> DurableBackend:
    return DurableBackend()


def _facts() -> list[dict[str, int]]:
    return [
        {"duty": 1, "in_window": 1},
        {"duty": 1, "late": 1, "due_passed": 1, "overdue_violation": 1},
        {"duty": 1},
        {"duty": 1, "due_passed": 1, "overdue_violation": 1, "keep_action": 1},
        {"duty": 1, "due_passed": 1, "overdue_violation": 1},
        {"duty": 1, "due_passed": 1},
        {"duty": 0},
        {"duty": 0, "failed": 1, "has_action": 1},
        {"duty": 0, "failed": 1},
    ]


def test_every_row_of_the_table_is_reached_as_natively(backend: DurableBackend) -> None:
    facts = _facts()
    durable_rows = backend.classify(facts)
    assert durable_rows == NativeBackend().classify(facts)
    assert {row.name for row in durable_rows} == {row.name for row in TABLE}


def test_the_whole_audit_agrees_with_native(pack: Policy, company: LoadResult) -> None:
    native = Engine(pack, "native").audit(company, as_of=AS_OF, include_pass=True)
    durable = Engine(pack, "durable").audit(company, as_of=AS_OF, include_pass=True)
    assert durable.to_json() == native.to_json()


def test_no_fact_is_kept_after_it_is_judged(backend: DurableBackend) -> None:
    """Kept facts cost memory that is never returned, and a kept fact's id hash can
    collide with a later one's: each fact is retracted once judged."""
    backend.classify(_facts() * 300)
    assert backend._host.get_facts(backend._ruleset) == []


def test_a_hash_collision_is_retried_under_another_id(
    backend: DurableBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_fact = backend._host.assert_fact
    refused: list[str] = []

    def colliding(ruleset: str, fact: dict[str, Any]) -> Any:
        if not refused:
            refused.append(fact["id"])
            raise backend._engine.MessageObservedException(fact)
        return assert_fact(ruleset, fact)

    monkeypatch.setattr(backend._host, "assert_fact", colliding)
    rows = backend.classify([{"duty": 1, "in_window": 1}])
    assert refused == ["0.0"]
    assert [row.name for row in rows] == ["done_in_window"]


def test_a_fact_without_an_outcome_is_an_error_not_a_loss(
    backend: DurableBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend, "_outcomes", {})  # the recorder writes elsewhere now
    with pytest.raises(RuntimeError, match="no outcome"):
        backend.classify([{"duty": 1, "in_window": 1}])


@pytest.mark.parametrize("fact", [{"duty": 2}, {"duty": 1, "label": 1}, {"duty": "1"}])
def test_only_small_flag_facts_go_in(backend: DurableBackend, fact: dict[str, Any]) -> None:
    """Strings compare as strings there, long ones by length, numbers as strings with
    strings: nothing but 0/1 flags is let in."""
    with pytest.raises(ValueError, match="not a decision fact"):
        backend.classify([fact])


def test_a_backend_starts_no_timer_threads() -> None:
    before = threading.active_count()
    DurableBackend()
    assert threading.active_count() == before


def test_many_audits_reuse_one_session(backend: DurableBackend) -> None:
    """durable_rules fails past 1024 sessions per ruleset: every fact uses one session."""
    for _ in range(1100):
        backend.classify([{"duty": 0}])
    assert backend._host.get_facts(backend._ruleset) == []


def test_its_reference_cycles_are_freed_while_the_collector_is_paused(
    backend: DurableBackend,
) -> None:
    """Each fact leaves a reference cycle in durable_rules' Python layer; an audit pauses
    the collector, so without collecting them a million facts would hold gigabytes."""
    with paused_gc():
        before = len(gc.get_objects())
        backend.classify(_facts() * 1000)
        grown = len(gc.get_objects()) - before
    assert grown < 2000
