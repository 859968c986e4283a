"""Ids and references across records: duplicates are rejected, dangling references too,
and rejection cascades (a rejected contract takes its receivables and their activities)."""

from __future__ import annotations

from dataclasses import dataclass

from sales_policy.records.models import RECORD_MODELS, BaseRecord
from sales_policy.records.problems import Rejection
from sales_policy.records.raw import RawRecord

_ORDER = tuple(RECORD_MODELS)
"""Collections in an order where every reference points at the same or an earlier one."""
_SELF_REFERRING = frozenset({"staff", "activities"})
_SINGULAR = {name: model.kind for name, model in RECORD_MODELS.items()}


@dataclass(slots=True)
class Candidate:
    """A record that passed validation, with where it was read (for later rejections)."""

    record: BaseRecord
    raw: RawRecord


def resolve(
    candidates: list[Candidate], rejected: list[Rejection]
) -> tuple[list[Candidate], list[Rejection]]:
    """Keep the first holder of each id and the records whose references all resolve.

    ``rejected`` are the records already rejected by validation (so a reference to
    one of them says so). Returns the kept candidates, in input order, and the new
    rejections.
    """
    dead: dict[str, dict[str, Rejection]] = {name: {} for name in _ORDER}
    for rejection in rejected:
        if rejection.collection in dead and rejection.id is not None:
            dead[rejection.collection].setdefault(rejection.id, rejection)
    alive: dict[str, dict[str, Candidate]] = {name: {} for name in _ORDER}
    new: list[Rejection] = []
    for candidate in candidates:
        collection = type(candidate.record).collection
        first = alive[collection].get(candidate.record.id)
        if first is None:
            alive[collection][candidate.record.id] = candidate
            continue
        where = f"{first.raw.source}:{first.raw.line}"
        new.append(
            _reject(
                candidate,
                "id",
                "duplicate-id",
                f"`{candidate.record.id}` is already the id of the record at {where}",
            )
        )
    for collection in _ORDER:
        # A record dropped late in a pass may be the target of one kept earlier in it.
        dropped = _drop_dangling(collection, alive, dead, new)
        while dropped and collection in _SELF_REFERRING:
            dropped = _drop_dangling(collection, alive, dead, new)
    kept = {id(c) for records in alive.values() for c in records.values()}
    return [c for c in candidates if id(c) in kept], new


def _drop_dangling(
    collection: str,
    alive: dict[str, dict[str, Candidate]],
    dead: dict[str, dict[str, Rejection]],
    new: list[Rejection],
) -> bool:
    dropped = False
    records = alive[collection]
    for record_id, candidate in list(records.items()):
        record = candidate.record
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
            rejection = _reject(candidate, field, "dangling-reference", message)
            new.append(rejection)
            dead[collection].setdefault(record_id, rejection)
            del records[record_id]
            dropped = True
            break
    return dropped


def _reject(candidate: Candidate, field: str, code: str, message: str) -> Rejection:
    raw, record = candidate.raw, candidate.record
    line, column = raw.locate((field,))
    return Rejection(raw.source, line, column, raw.collection, record.id, field, code, message)
