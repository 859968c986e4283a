"""Records from plain data another system holds (a CRM's dict), validated by the loader's
own validation: the same rules, codes and messages as a record read from a file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sales_policy.errors import suggestion_in, with_suggestion
from sales_policy.records.models import KIND_TO_COLLECTION, Record
from sales_policy.records.raw import FieldPath, path_text
from sales_policy.records.validate import validate_data
from sales_policy.records.values import DEFAULT_TIME_ZONE, check_time_zone, describe


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem of one record: its field (a path, ``payments[0].amount``), the code of
    ``docs/errors.md``, the message, and the likely intended name or value, if any."""

    field: str | None
    code: str
    message: str
    suggestion: str | None = None
    index: int | None = None
    """The record's place in the items given to ``parse_records`` (None for one record)."""
    id: str | None = None
    """The record's ``id``, when it has one."""

    def __str__(self) -> str:
        where = [f"item {self.index}"] if self.index is not None else []
        where += [f"`{self.id}`"] if self.id else []
        where += [f"`{self.field}`"] if self.field else []
        return f"{self.code}: {', '.join(where) + ': ' if where else ''}{self.message}"


class RecordError(ValueError):
    """Data that is no valid record; ``problems`` lists every problem of every record."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the record data:\n{lines}")


def parse_record(
    data: Mapping[str, Any],
    *,
    kind: str | None = None,
    time_zone: str = DEFAULT_TIME_ZONE,
    warnings: list[FieldProblem] | None = None,
) -> Record:
    """The record ``data`` holds, validated as the loader validates one read from a file.

    ``kind`` names its record type in the singular (``contract``, ``activity``, as
    JSON Lines' ``kind``), else ``data["kind"]`` does; an activity's model is the one its
    ``type`` names. A field the format does not name is refused, unless a ``warnings``
    list is given: it then gets an ``unknown-field`` problem for it, and the record is made
    without the field. ``time_zone`` is the policy's: a timestamp with an offset counts on
    its date there. Raises ``RecordError`` with every problem found.
    """
    return _parse_all([data], kind, time_zone, warnings, indexed=False)[0]


def parse_records(
    items: Iterable[Mapping[str, Any]],
    *,
    kind: str | None = None,
    time_zone: str = DEFAULT_TIME_ZONE,
    warnings: list[FieldProblem] | None = None,
) -> list[Record]:
    """The records ``items`` hold, in order, as ``parse_record`` makes each one. Raises
    ``RecordError`` with every problem of every item (each with its ``index``), so a
    batch is taken whole or not at all. References between records are not resolved
    here: ``Engine.check`` and ``RecordSet`` look them up among the records they get."""
    return _parse_all(items, kind, time_zone, warnings, indexed=True)


def _parse_all(
    items: Iterable[Mapping[str, Any]],
    kind: str | None,
    time_zone: str,
    warnings: list[FieldProblem] | None,
    *,
    indexed: bool,
) -> list[Record]:
    check_time_zone(time_zone)
    records: list[Record] = []
    problems: list[FieldProblem] = []
    for index, data in enumerate(items):
        at = index if indexed else None
        record, found, unknown = _parse(data, kind, time_zone)
        record_id = data.get("id") if isinstance(data, Mapping) else None
        record_id = record_id if isinstance(record_id, str) else None
        for name, hint in unknown:
            message = f"unknown field `{name}`" + (f", did you mean `{hint}`?" if hint else "")
            problem = FieldProblem(name, "unknown-field", message, hint, at, record_id)
            if warnings is None:
                problems.append(problem)
            else:
                warnings.append(problem)
        for path, code, message in found:
            field = path_text(path) or None
            problems.append(
                FieldProblem(field, code, message, suggestion_in(message), at, record_id)
            )
        if record is not None:
            records.append(record)
    if problems:
        raise RecordError(problems)
    return records


def _parse(
    data: object, kind: str | None, time_zone: str
) -> tuple[Record | None, list[tuple[FieldPath, str, str]], list[tuple[str, str | None]]]:
    if not isinstance(data, Mapping):
        message = f"a record must be a mapping of fields, found {describe(data)}"
        return None, [((), "wrong-type", message)], []
    fields = dict(data)  # validation writes into it: never into the caller's
    given = fields.pop("kind", None)
    if kind is not None and given is not None and given != kind:
        message = f"is `{given}`, but a `{kind}` record was asked for"
        return None, [(("kind",), "invalid-value", message)], []
    named = kind if kind is not None else given
    if named is None:
        return None, [(("kind",), "missing-field", "is required")], []
    if not isinstance(named, str):
        return (
            None,
            [(("kind",), "wrong-type", f"expected a record type, got {describe(named)}")],
            [],
        )
    collection = KIND_TO_COLLECTION.get(named)
    if collection is None:
        message = with_suggestion(f"unknown kind `{named}`", named, KIND_TO_COLLECTION)
        return None, [(("kind",), "unknown-value", message)], []
    record, problems, unknown = validate_data(collection, fields, time_zone)
    return cast(Record | None, record), problems, unknown
