"""One task: load a partition's shards as the loader would, audit them with the rules of
its subjects, and hand back the partial result the merge finishes.

A customer task reads the shared records its rules need (the context) with its own, so
that its references resolve as in the whole audit; what it decides about the shared
records themselves is the shared task's to report, not its own. Tasks run in worker
processes, here or on a cluster: a task reads files only, and gives the same partial
result however often it runs.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sales_policy.bulk import paused_gc
from sales_policy.engine import BackendName, Engine
from sales_policy.findings import EngineWarning, Finding, Owner
from sales_policy.partitioned.plan import CUSTOMER_KINDS, SHARED_COLLECTIONS
from sales_policy.partitioned.shards import Source, entries, forget, in_order, raw_record
from sales_policy.policy import Policy
from sales_policy.policy.vocabulary import base
from sales_policy.records import Contract, Receivable, RecordSet, Rejection, Staff
from sales_policy.records.models import RECORD_MODELS
from sales_policy.records.references import Candidate, resolve
from sales_policy.records.validate import validate
from sales_policy.report.aging import owing
from sales_policy.scorecards import Person

SHARED_KINDS = frozenset(RECORD_MODELS[name].kind for name in SHARED_COLLECTIONS)
Unknown = dict[tuple[str, str, str], tuple[int, int, str | None]]
"""Fields set aside: ``(source, collection, field)`` -> (records, the number in input
order of the first of them, the field it likely meant there)."""


@dataclass(frozen=True)
class Task:
    """What a worker needs to audit one partition (or, with no ``context``, the shared
    part): plain data and file paths."""

    policy: Policy
    backend: BackendName
    as_of: dt.date
    period_start: dt.date
    include_pass: bool
    retroactive: bool
    max_size: int
    sources: tuple[Source, ...]
    files: tuple[str, ...]
    context: str | None
    """The shared records a customer task reads with its own; None for the shared task."""
    owing: bool = False
    """Keep the receivables still owed (and the staff): the aging table of the HTML and
    XLSX reports reads them."""
    paused: bool = False
    """Pause the worker's cyclic garbage collector while the task runs (``bulk``): for a
    worker process that is the audit's own, or was lent to it."""


@dataclass(frozen=True)
class Partial:
    """A task's share of the audit result, each list in the result's own order."""

    findings: tuple[Finding, ...]
    rejected: tuple[Rejection, ...]
    unknown: Unknown
    by_type: Mapping[str, int]
    warnings: tuple[EngineWarning, ...]
    """The engine's: the calendar's, expired waivers', a retroactive audit's."""
    judged: Mapping[tuple[Owner, str], tuple[int, int]]
    people: Mapping[str, Person]
    owing: tuple[tuple[int, Receivable, Contract], ...] = ()
    """Each receivable still owed with its contract, after its number in input order."""
    staff: tuple[Staff, ...] = ()


_ENGINES: dict[tuple[str, str, bool], Engine] = {}
"""A worker's engines, one per policy, backend and part, made by its first task."""


def run(task: Task) -> Partial:
    """Audit one task's records."""
    try:
        with paused_gc() if task.paused else nullcontext():
            return _run(task)
    finally:
        forget()


def _run(task: Task) -> Partial:
    shared = task.context is None
    stream: Iterator[Any] = in_order(task.files)
    if task.context is not None:
        stream = chain(entries(task.context), stream)
    time_zone = task.policy.time_zone
    candidates: list[Candidate] = []
    rejected: list[Rejection] = []
    unknown: Unknown = {}
    numbers: dict[int, int] = {}
    for entry in stream:
        raw = raw_record(entry, task.sources, task.max_size)
        record, rejection, set_aside = validate(raw, time_zone)
        if record is None:
            rejected.append(rejection)  # type: ignore[arg-type]
            continue
        own = shared or record.collection not in SHARED_COLLECTIONS
        if set_aside and own:
            _note(raw.source, raw.collection or "", entry[0], set_aside, unknown)
        if task.owing and record.collection == "receivables":
            numbers[id(record)] = entry[0]
        raw.data = None
        candidates.append(Candidate(record, raw))
    kept, cascaded, _ = resolve(candidates, rejected)
    rejected += cascaded
    del candidates
    if not shared:
        rejected = [r for r in rejected if r.collection not in SHARED_COLLECTIONS]
    records = RecordSet(candidate.record for candidate in kept)
    del kept
    result = _engine(task, shared).audit(
        records,
        as_of=task.as_of,
        period_start=task.period_start,
        include_pass=task.include_pass,
        retroactive=task.retroactive,
    )
    mine = SHARED_KINDS if shared else frozenset(records.counts()) - SHARED_KINDS
    held: tuple[tuple[int, Receivable, Contract], ...] = ()
    if task.owing and not shared:
        held = tuple(
            (numbers[id(receivable)], receivable, contract)
            for receivable, contract, _ in owing(task.as_of, records)
        )
    return Partial(
        findings=result.findings,
        rejected=tuple(rejected),
        unknown=unknown,
        by_type={kind: n for kind, n in records.counts().items() if kind in mine},
        warnings=tuple(w for w in result.warnings if isinstance(w, EngineWarning)),
        judged=result.judged,
        people=result.people if shared else {},
        owing=held,
        staff=tuple(records.staff.values()) if shared and task.owing else (),
    )


def _note(
    source: str, collection: str, number: int, found: list[tuple[str, str | None]], into: Unknown
) -> None:
    """As the loader notes a set-aside field: once per record; the first record's hint."""
    for name, hint in dict(found).items():
        key = (source, collection, name)
        count, first, first_hint = into.get(key, (0, number, hint))
        into[key] = (count + 1, first, first_hint)


def _engine(task: Task, shared: bool) -> Engine:
    """The policy's engine with the rules of this part's subjects only."""
    key = (repr(task.policy.identity), task.backend, shared)
    engine = _ENGINES.get(key)
    if engine is None:
        whole = Engine(task.policy, task.backend)
        engine = copy.copy(whole)
        engine.program = dataclasses.replace(
            whole.program,
            by_subject={
                kind: rules
                for kind, rules in whole.program.by_subject.items()
                if (base(kind) in CUSTOMER_KINDS) is not shared
            },
        )
        _ENGINES[key] = engine
    return engine
