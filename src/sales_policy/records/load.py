"""``load_records``: files in, a record set out, and an account of every record read; and
``load_documents``, the strict form for records written inside another YAML document
(a policy test case's fixtures and records)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Mapping as Map
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sales_policy.errors import Location, Problem
from sales_policy.records.formats import READERS
from sales_policy.records.formats.documents import collection_problem
from sales_policy.records.mapping.check import Mapping, load_mapping
from sales_policy.records.mapping.join import Joins
from sales_policy.records.mapping.read import read as mapped_read
from sales_policy.records.mapping.rows import MappedRow
from sales_policy.records.problems import FileError, LoadWarning, Rejection, SourceCount
from sales_policy.records.raw import DEFAULT_MAX_SIZE, RawRecord
from sales_policy.records.recordset import RecordSet
from sales_policy.records.references import Candidate, resolve
from sales_policy.records.validate import validate
from sales_policy.records.values import DEFAULT_TIME_ZONE, check_time_zone


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading gave: the records, and every record or file that did not load."""

    records: RecordSet
    rejected: tuple[Rejection, ...]
    warnings: tuple[LoadWarning, ...]
    file_errors: tuple[FileError, ...]
    sources: tuple[SourceCount, ...]

    @property
    def read(self) -> int:
        """Records (and rows) read from all files: always the sources' ``loaded`` plus
        ``len(rejected)``; that is ``len(records) + len(rejected)``, and the item rows a
        mapping joined into loaded records (payments) besides."""
        return sum(source.read for source in self.sources)


def load_records(
    paths: Iterable[str | os.PathLike[str]],
    *,
    time_zone: str = DEFAULT_TIME_ZONE,
    max_size: int = DEFAULT_MAX_SIZE,
    mapping: str | os.PathLike[str] | Mapping | None = None,
) -> LoadResult:
    """Load YAML, JSON, JSON Lines, CSV and XLSX files (or folders of them) into one
    record set (``docs/records.md``).

    ``mapping`` (a mapping file, or one ``load_mapping`` read) says how the files its
    tables name are read: another system's columns and values turned into records
    (``docs/integrating.md``); other files are read as the interchange format. It is
    checked whole before any file is read: a bad one raises ``MappingError``.

    ``time_zone`` is the policy's: a timestamp with an offset counts on its date there.
    ``max_size`` bounds one JSON Lines line (in bytes), one CSV line, one YAML or JSON
    document (in characters): longer text is refused (``too-large``) without being read
    whole (``docs/security.md``).
    Never raises for bad input: a bad record is rejected, a bad file is a file error;
    an unknown ``time_zone`` or a ``max_size`` under 1 (arguments, not input) raises
    ``ValueError``.
    """
    check_time_zone(time_zone)
    if max_size < 1:
        raise ValueError(f"max_size must be at least 1 byte, got {max_size}")
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping, max_size=max_size)
    return _load(paths, time_zone, max_size, mapping)


def _load(
    paths: Iterable[str | os.PathLike[str]],
    time_zone: str,
    max_size: int,
    mapping: Mapping | None,
) -> LoadResult:
    candidates: list[Candidate] = []
    rejected: list[Rejection] = []
    file_errors: list[FileError] = []
    unknown: dict[tuple[str, str, str], tuple[int, str | None]] = {}
    noted: list[LoadWarning] = []
    counts: dict[str, SourceCount] = {}
    files = list(_expand(paths, file_errors))
    joins = None
    if mapping is not None and any(table.joined for table in mapping.tables):
        joins = Joins(mapping, time_zone)
        for path, source in files:  # the items first: a record is validated whole
            count = counts.setdefault(source, SourceCount(source))
            for found in joins.collect(path, source, max_size):
                if isinstance(found, FileError | LoadWarning):
                    _note(found, file_errors, noted)
                    continue
                count.read += 1
                if isinstance(found, Rejection):
                    rejected.append(found)
    for path, source in files:
        count = counts.setdefault(source, SourceCount(source))
        for item in _read(path, source, max_size, mapping):
            if isinstance(item, FileError | LoadWarning):
                _note(item, file_errors, noted)
                continue
            count.read += 1
            if joins is not None and item.collection in joins.collections:
                joins.attach(item)
            record, rejection, set_aside = validate(item, time_zone)
            if record is None:
                if type(item.anchor) is MappedRow:
                    rejection = item.anchor.table.explain(rejection)  # type: ignore[arg-type]
                rejected.append(rejection)  # type: ignore[arg-type]
                continue
            if set_aside:
                _note_unknown(item.source, item.collection or "", set_aside, unknown)
            item.data = None  # the model holds the values now
            candidates.append(Candidate(record, item))
    kept, cascaded, by_id = resolve(candidates, rejected)
    rejected += cascaded
    for (source, kind), number in Counter(
        (candidate.raw.source, candidate.record.kind) for candidate in kept
    ).items():
        count = counts[source]
        count.loaded += number
        count.by_collection[kind] = number
    if joins is not None:
        joined, unjoined = joins.settle(candidate.raw for candidate in kept)
        rejected += unjoined
        for (source, items_of), number in joined.items():
            counts[source].loaded += number
            counts[source].by_collection[items_of] = number
    for rejection in rejected:
        counts[rejection.source].rejected += 1
    del candidates, kept
    return LoadResult(
        records=RecordSet._of(by_id),  # resolution has checked the ids
        rejected=tuple(sorted(rejected, key=_place)),
        warnings=unknown_field_warnings(unknown) + tuple(sorted(noted, key=_warning_place)),
        file_errors=tuple(sorted(file_errors, key=_place)),
        sources=tuple(counts[name] for name in sorted(counts)),
    )


def record_files(
    paths: Iterable[str | os.PathLike[str]], file_errors: list[FileError]
) -> Iterable[tuple[str, str]]:
    """``(path, source name)`` of each record file, in the order ``load_records`` reads
    them (a folder gives its known files); what cannot be read is added to
    ``file_errors``. For a reader of the records other than the loader (an audit that
    splits them into partitions first)."""
    return _expand(paths, file_errors)


def read_file(path: str, source: str, max_size: int) -> Iterator[RawRecord | FileError]:
    """The file's raw records as ``load_records`` reads them (without a mapping),
    unvalidated."""
    for item in _read(path, source, max_size, None):
        if not isinstance(item, LoadWarning):
            yield item


def _note(
    found: FileError | LoadWarning, errors: list[FileError], warnings: list[LoadWarning]
) -> None:
    if isinstance(found, FileError):
        errors.append(found)
    else:
        warnings.append(found)


def _warning_place(warning: LoadWarning) -> tuple[str, str, str]:
    return warning.source, warning.collection or "", warning.field or ""


def _read(
    path: str, source: str, max_size: int, mapping: Mapping | None
) -> Iterator[RawRecord | FileError | LoadWarning]:
    """The file's raw records; a document nested too deeply for its parser is a file error
    (its records read before that point stay)."""
    try:
        if mapping is not None and mapping.tables_of(path):
            yield from mapped_read(path, source, mapping, max_size)
            return
        yield from READERS[Path(path).suffix.lower()](path, source, max_size)
    except RecursionError:
        message = "the document is nested too deeply to read"
        yield FileError(source, None, None, "parse-error", message)


def _expand(
    paths: Iterable[str | os.PathLike[str]], file_errors: list[FileError]
) -> Iterable[tuple[str, str]]:
    """``(path, source name)`` for each file to read; a folder gives its known files."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if _is_record_file(p))
            if not found:
                message = f"no record files ({', '.join(sorted(READERS))}) in this folder"
                file_errors.append(FileError(str(path), None, None, "no-records", message))
            yield from ((str(p), str(p)) for p in found)
        elif not path.exists():
            message = "no such file or folder"
            file_errors.append(FileError(str(given), None, None, "unreadable-file", message))
        elif path.suffix.lower() in READERS:
            yield str(path), str(given)
        else:
            known = ", ".join(sorted(READERS))
            message = f"unknown file format `{path.suffix or path.name}` (known: {known})"
            file_errors.append(FileError(str(given), None, None, "unknown-format", message))


def _is_record_file(path: Path) -> bool:
    """A file of a known format in a folder; not Excel's lock file of an open workbook
    (``~$book.xlsx``)."""
    return path.suffix.lower() in READERS and not path.name.startswith("~$")


def _note_unknown(
    source: str,
    collection: str,
    found: list[tuple[str, str | None]],
    unknown: dict[tuple[str, str, str], tuple[int, str | None]],
) -> None:
    # A field unknown in several items of a list (``payments``) still counts one record.
    for name, hint in dict(found).items():
        key = (source, collection, name)
        count, _ = unknown.get(key, (0, hint))
        unknown[key] = (count + 1, hint)


def unknown_field_warnings(
    unknown: dict[tuple[str, str, str], tuple[int, str | None]],
) -> tuple[LoadWarning, ...]:
    """The warnings of the fields set aside: ``(source, collection, field)`` -> (records,
    the likely intended field)."""
    warnings = []
    for (source, collection, name), (count, hint) in sorted(unknown.items()):
        message = f"unknown field `{name}`" + (f", did you mean `{hint}`?" if hint else "")
        warning = LoadWarning(source, collection, name, "unknown-field", count, message)
        warnings.append(warning)
    return tuple(warnings)


def _place(problem: Rejection | FileError) -> tuple[str, int, int]:
    return problem.source, problem.line or 0, problem.column or 0


Locate = Callable[[tuple[str | int, ...]], Location]
"""Where a path inside a document (``("staff", 0)``) stands in its file."""


def load_documents(
    documents: Iterable[tuple[Map[Any, Any], Locate]],
    *,
    time_zone: str = DEFAULT_TIME_ZONE,
) -> tuple[RecordSet, list[Problem]]:
    """The records of documents already read, each a mapping from collection name to a
    list of record data, located by its ``Locate``. A record with the id of one in an
    earlier document replaces it (a case's records over its fixtures).

    Strict where ``load_records`` is lenient, as a typo must not make a test pass: an
    unknown collection or field, a rejected record and a dangling reference are each a
    problem; the record set holds what did load."""
    problems: list[Problem] = []
    raws: dict[tuple[str, object], RawRecord] = {}
    for collections, locate in documents:
        for name, items in collections.items():
            unknown = collection_problem(name)
            if unknown is not None:
                code, message, _ = unknown
                problems.append(Problem(locate((name,)), code, message))
                continue
            for index, data in enumerate(items):
                at = locate((name, index))
                key = (name, _id_of(data))
                raws.pop(key, None)  # replaced: placed after the records it came after
                raws[key] = RawRecord(at.source, name, data, at.line or 1, at.column)
    candidates: list[Candidate] = []
    rejected: list[Rejection] = []
    for raw in raws.values():
        record, rejection, set_aside = validate(raw, time_zone)
        if rejection is not None:
            rejected.append(rejection)
        if record is None:
            continue
        for field, hint in set_aside:
            message = f"{raw.collection} `{record.id}`: unknown field `{field}`"
            message += f", did you mean `{hint}`?" if hint else ""
            problems.append(
                Problem(Location(raw.source, raw.line, raw.column), "unknown-field", message)
            )
        candidates.append(Candidate(record, raw))
    kept, cascaded, _ = resolve(candidates, rejected)
    for rejection in (*rejected, *cascaded):
        problems.append(Problem(rejection.location, rejection.code, _rejection_text(rejection)))
    return RecordSet(candidate.record for candidate in kept), problems


def _id_of(data: Any) -> object:
    """A record's key for replacing: its id, or for one without an id, itself alone."""
    record_id = data.get("id") if isinstance(data, dict) else None
    return record_id if isinstance(record_id, str) else object()


def _rejection_text(rejection: Rejection) -> str:
    record = " ".join(p for p in (rejection.collection, rejection.id and f"`{rejection.id}`") if p)
    what = ", ".join(p for p in (record, rejection.field and f"`{rejection.field}`") if p)
    return f"{what + ': ' if what else ''}{rejection.error}"
