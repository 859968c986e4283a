"""Ids and references across records: duplicates are rejected, dangling references too,
and rejection cascades (a rejected contract takes its receivables and their activities)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sales_policy.records.models import RECORD_MODELS, BaseRecord
from sales_policy.records.problems import Issue, Rejection
from sales_policy.records.raw import RawRecord

_ORDER = tuple(RECORD_MODELS)
"""Collections in an order where every reference points at the same or an earlier one."""
_SELF_REFERRING = frozenset({"staff", "activities"})
_SINGULAR = {name: model.kind for name, model in RECORD_MODELS.items()}


@dataclass(slots=True, eq=False)
class Candidate:
    """A record that passed validation, with where it was read (for later rejections).

    One per record read, so two are equal only when they are the same.
    """

    record: BaseRecord
    raw: RawRecord


ById = dict[str, dict[str, BaseRecord]]
"""Records by collection, then id."""


def resolve(
    candidates: list[Candidate], rejected: list[Rejection]
) -> tuple[list[Candidate], list[Rejection], ById]:
    """Keep the records whose references all resolve, and of those the first holder of
    each id (the first *otherwise valid* record keeps it).

    ``rejected`` are the records already rejected by validation (so a reference to
    one of them says so). Returns the kept candidates, in input order, the new
    rejections, and the kept records by collection and id (in input order).
    """
    first: dict[str, dict[str, Candidate]] = {name: {} for name in _ORDER}
    repeated = False
    for candidate in candidates:
        record = candidate.record
        if first[record.collection].setdefault(record.id, candidate) is not candidate:
            repeated = True
    if not repeated and all(_all_resolve(first[name].values(), first) for name in _ORDER):
        # The common case, decided with set operations alone.
        kept_by_id = {name: {k: c.record for k, c in held.items()} for name, held in first.items()}
        return candidates, [], kept_by_id
    dead: dict[str, dict[str, Rejection]] = {name: {} for name in _ORDER}
    for rejection in rejected:
        if rejection.collection in dead and rejection.id is not None:
            dead[rejection.collection].setdefault(rejection.id, rejection)
    alive: dict[str, dict[str, list[Candidate]]] = {name: {} for name in _ORDER}
    for candidate in candidates:
        holders = alive[candidate.record.collection]
        holders.setdefault(candidate.record.id, []).append(candidate)
    new: list[Rejection] = []
    for collection in _ORDER:
        holding = (c for holders in alive[collection].values() for c in holders)
        if _all_resolve(holding, alive):
            continue
        dropped = _drop_dangling(collection, alive, dead, new, None)
        # A record dropped late in a pass may be the target of one kept earlier in it:
        # look again, at the records that refer to one just dropped.
        while dropped and collection in _SELF_REFERRING:
            dropped = _drop_dangling(collection, alive, dead, new, dropped)
    for records in alive.values():
        for first_holder, *others in records.values():
            where = f"{first_holder.raw.source}:{first_holder.raw.line}"
            for candidate in others:
                message = f"`{candidate.record.id}` is already the id of the record at {where}"
                new.append(_reject(candidate, [("id", "duplicate-id", message)]))
    chosen = {id(holders[0]) for records in alive.values() for holders in records.values()}
    kept = [c for c in candidates if id(c) in chosen]
    by_id: ById = {name: {} for name in _ORDER}
    for candidate in kept:
        by_id[candidate.record.collection][candidate.record.id] = candidate.record
    return kept, new, by_id


def _all_resolve(holding: Iterable[Candidate], alive: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether every reference of the records ``holding`` names a live record (an id in
    ``alive``)."""
    by_model: dict[type[BaseRecord], list[BaseRecord]] = {}
    for candidate in holding:
        record = candidate.record
        by_model.setdefault(type(record), []).append(record)
    for model, records in by_model.items():
        for field, target in model.references.items():
            named = set(map(attrgetter(field), records))
            named.discard(None)
            if not named <= alive[target].keys():
                return False
    return True


def _drop_dangling(
    collection: str,
    alive: dict[str, dict[str, list[Candidate]]],
    dead: dict[str, dict[str, Rejection]],
    new: list[Rejection],
    referring_to: set[str] | None,
) -> set[str]:
    """Reject the records of ``collection`` with a reference that does not resolve (only
    those referring to an id in ``referring_to``, when given); the ids now gone."""
    gone: set[str] = set()
    records = alive[collection]
    for record_id, holders in list(records.items()):
        for candidate in list(holders):
            record = candidate.record
            if referring_to is not None and not any(
                getattr(record, field) in referring_to
                for field, target in type(record).references.items()
                if target == collection
            ):
                continue
            if all(
                getattr(record, field) is None or getattr(record, field) in alive[target]
                for field, target in type(record).references.items()
            ):
                continue
            rejection = _reject(candidate, _dangling(record, alive, dead))
            new.append(rejection)
            holders.remove(candidate)
            if not holders:
                dead[collection].setdefault(record_id, rejection)
                del records[record_id]
                gone.add(record_id)
    return gone


def _dangling(
    record: BaseRecord,
    alive: dict[str, dict[str, list[Candidate]]],
    dead: dict[str, dict[str, Rejection]],
) -> list[tuple[str, str, str]]:
    """``(field, code, message)`` for each reference of ``record`` that does not resolve."""
    problems = []
    for field, target in type(record).references.items():
        value = getattr(record, field)
        if value is None or value in alive[target]:
            continue
        what = f"refers to {_SINGULAR[target]} `{value}`"
        cause = dead[target].get(value)
        if cause is not None:
            message = f"{what}, which was rejected ({cause.code} at {cause.location})"
        else:
            message = f"{what}, which is not in the record set"
        problems.append((field, "dangling-reference", message))
    return problems


def _reject(candidate: Candidate, problems: list[tuple[str, str, str]]) -> Rejection:
    """The rejection of a validated record: its first problem, then the rest."""
    raw, record = candidate.raw, candidate.record
    (field, code, message), rest = problems[0], problems[1:]
    line, column = raw.locate((field,))
    more = tuple(Issue(f, c, m) for f, c, m in rest)
    return Rejection(
        raw.source, line, column, raw.collection, record.id, field, code, message, more
    )
