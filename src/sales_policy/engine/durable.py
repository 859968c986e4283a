"""The ``durable`` backend: the decision table run by durable_rules, the Rete engine.

This is the only module that imports durable_rules (the optional extra
``sales-policy[durable]``; it builds from source and imports only on Python 3.12 or
older). Its sharp edges, each guarded here and by a test in ``tests/engine/test_durable.py``:

* facts are deduplicated by a 32-bit hash of their id: a colliding id raises
  ``MessageObservedException``; the fact is asserted again under another id, so none is
  lost, and every fact is checked to have exactly one outcome;
* rules fire as facts are asserted: every join is done in Python first, and each fact is
  judged alone (asserted, read, retracted), so no rule depends on assertion order;
* each ``Host`` starts timer threads that never stop and lose results: one long-lived
  ``Host`` per backend with its timer dispatch disabled, and one session reused;
* ``post`` consumes events and an unmatched message raises: facts are used, and the table
  matches every well-formed fact;
* strings of 64 KiB and more, numbers compared as strings, ``$div`` by zero, more than
  252 properties: a fact is only small integers (0/1 flags), validated before it goes in;
* an action with two parameters is taken as asynchronous: actions take one;
  exceptions in actions are swallowed: an action only records its outcome;
* its Python layer leaves a reference cycle per fact: collected every 1000 facts, as the
  audit pauses the collector;
* it is not thread-safe: one lock per backend.
"""

from __future__ import annotations

import gc
import itertools
import threading
from collections.abc import Sequence
from typing import Any

from sales_policy.judgement.decisions import ALL_FLAGS, ROWS, TABLE, Row

_names = itertools.count()


class DurableUnavailableError(RuntimeError):
    """durable_rules is not installed (or cannot import on this Python)."""


def _import() -> Any:
    try:
        from durable import engine  # noqa: PLC0415 - an optional extra, imported on use
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise DurableUnavailableError(
            "the durable backend needs `pip install 'sales-policy[durable]'` "
            "(durable_rules builds from source and imports only on Python 3.12 or older)"
        ) from error
    return engine


class DurableBackend:
    """Classifies facts with the decision table compiled to a durable_rules ruleset."""

    name = "durable"

    def __init__(self) -> None:
        engine = _import()

        class QuietHost(engine.Host):  # type: ignore[misc, name-defined]
            def _run(self) -> None:
                """No timer threads: nothing here uses timers, and they lose results."""

        self._engine = engine
        self._ruleset = f"sales_policy_decisions_{next(_names)}"
        self._outcomes: dict[str, str] = {}
        definition = {
            row.name: {
                "all": [{"m": {"$and": [{flag: value} for flag, value in row.when]}}],
                "run": self._recorder(row.name),
            }
            for row in TABLE
        }
        self._host = QuietHost({self._ruleset: definition})
        self._lock = threading.Lock()

    def _recorder(self, name: str) -> Any:
        outcomes = self._outcomes

        def record(c: Any) -> None:
            outcomes[str(c.m.id)] = name

        return record

    def classify(self, facts: Sequence[dict[str, int]]) -> list[Row]:
        rows: list[Row] = []
        with self._lock:
            for index, fact in enumerate(facts):
                rows.append(ROWS[self._judge(index, _checked(fact))])
                if index % 1000 == 999:
                    # Its Python layer leaves a reference cycle per fact; the audit pauses
                    # the collector, so the young ones are collected here.
                    gc.collect(0)
        return rows

    def _judge(self, index: int, fact: dict[str, int]) -> str:
        for attempt in range(8):
            fact_id = f"{index}.{attempt}"
            message = {"id": fact_id, **fact}
            try:
                self._host.assert_fact(self._ruleset, message)
            except self._engine.MessageObservedException:
                continue  # a 32-bit hash collision with a fact still held: take another id
            try:
                outcome = self._outcomes.pop(fact_id)
            except KeyError:
                raise RuntimeError(f"durable_rules gave no outcome for fact {fact}") from None
            finally:
                self._host.retract_fact(self._ruleset, message)
            return outcome
        raise RuntimeError(f"durable_rules refused fact {fact} under 8 different ids")


def _checked(fact: dict[str, int]) -> dict[str, int]:
    """Only the table's flags, each 0 or 1: nothing durable_rules mishandles gets in."""
    if set(fact) - set(ALL_FLAGS) or any(value not in (0, 1) for value in fact.values()):
        raise ValueError(f"not a decision fact: {fact}")
    return {flag: fact.get(flag, 0) for flag in ALL_FLAGS}
