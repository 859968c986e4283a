"""Shards on local disk: one streaming pass writes each record, as read and unvalidated,
to the file of its bucket; a task reads its buckets' records back in input order.

Memory stays bounded by the plan's maps (where each contract and receivable went), not
by the records: each is written as soon as it is read. A record keeps its place in the
input (its number in reading order) and where it was read, so that a rejection names
its original file, line and column.
"""

from __future__ import annotations

import heapq
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from sales_policy.partitioned.plan import PENDING, SHARED, Plan, tasks
from sales_policy.records import FileError
from sales_policy.records.formats import READERS, json_lines
from sales_policy.records.load import read_file, record_files
from sales_policy.records.models import KIND_TO_COLLECTION
from sales_policy.records.raw import FieldPath, RawRecord

Entry = tuple[int, int, int, "int | None", "str | None", Any, Any, Any]
"""A record in a shard: ``(number in input order, source, line, column, collection,
data, problem, anchor)``. For a JSON Lines file the data is the line itself and the
column's place holds the offset it starts at; for another format the anchor is the
record's number within its file."""
_DIRECT = frozenset(suffix for suffix, read in READERS.items() if read is json_lines.read)


@dataclass(frozen=True)
class Source:
    """A file read: its path, the name rejections give it, and how to find a field in it."""

    path: str
    name: str
    direct: bool
    """JSON Lines: a field is found from the line's offset alone."""


@dataclass(frozen=True)
class Split:
    """The shards of one pass: each task's files, and what the pass itself found."""

    folder: str
    sources: tuple[Source, ...]
    tasks: tuple[tuple[str, ...], ...]
    """The shard files of each customer task, in bucket order."""
    shared: str
    """The shared part's records, for the task that judges staff and training years."""
    context: str
    """The shared records every customer task reads with its own."""
    file_errors: tuple[FileError, ...]
    read: int
    sizes: tuple[int, ...] = field(default=())
    """Records per customer task."""


class _Files:
    """Shard files opened as first needed, written a batch of entries at a time (one
    pickle per batch: a tenth of the time of one per entry)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.open: dict[str, BinaryIO] = {}
        self.batches: dict[str, list[Entry]] = {}

    def write(self, name: str, entry: Entry) -> None:
        batch = self.batches.get(name)
        if batch is None:
            batch = self.batches[name] = []
            self.open[name] = open(os.path.join(self.folder, name), "wb")  # noqa: SIM115 - closed in close()
        batch.append(entry)
        if len(batch) >= _BATCH:
            self.flush(name)

    def flush(self, name: str) -> None:
        batch = self.batches[name]
        if batch:
            self.open[name].write(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            batch.clear()

    def close(self, name: str | None = None) -> None:
        for each in [name] if name is not None else list(self.open):
            self.flush(each)
            self.open[each].close()

    def path(self, name: str) -> str:
        return os.path.join(self.folder, name)


_BATCH = 256


def split(
    paths: Iterable[str | os.PathLike[str]],
    folder: str,
    *,
    plan: Plan,
    context: frozenset[str],
    max_size: int,
    most: int,
    parts: int = 1,
) -> Split:
    """Read every record once and write it to its shard in ``folder``; ``context`` are
    the shared collections the customer tasks read too. Tasks of at most ``most``
    records (0: one per partition), and at least ``parts`` of them where the partitions
    allow it."""
    file_errors: list[FileError] = []
    table: list[Source] = []
    files = _Files(folder)
    seq = -1
    try:
        for path, name in record_files(paths, file_errors):
            source = Source(path, name, Path(path).suffix.lower() in _DIRECT)
            table.append(source)
            read = (
                _lines(source, max_size, file_errors)
                if source.direct
                else _records(source, max_size, file_errors)
            )
            for line, column, collection, data, problem, anchor, routed in read:
                seq += 1
                entry = (seq, len(table) - 1, line, column, collection, data, problem, anchor)
                bucket = plan.route(collection, routed)
                if bucket == SHARED:
                    files.write("shared", entry)
                    if collection in context:
                        files.write("context", entry)
                elif bucket == PENDING:
                    files.write(f"pending-{collection}", entry)
                else:
                    files.write(f"{bucket}", entry)
        for collection in ("receivables", "activities"):  # an activity may await a receivable
            name = f"pending-{collection}"
            if name not in files.open:
                continue
            files.close(name)
            for entry in entries(files.path(name)):
                routed = _data(entry, table, max_size)
                files.write(f"{plan.route_late(collection, routed)}.late", entry)
            os.remove(files.path(name))
            del files.open[name], files.batches[name]
    finally:
        files.close()
    for name in ("shared", "context"):
        if name not in files.open:
            open(files.path(name), "wb").close()
    if most:
        most = max(1, min(most, -(-sum(plan.sizes) // parts)))
    packed = tasks(plan.partitions(), plan.sizes, most)
    shards = tuple(
        tuple(
            files.path(name)
            for bucket in buckets
            for name in (f"{bucket}", f"{bucket}.late")
            if name in files.open
        )
        for buckets in packed
    )
    return Split(
        folder,
        tuple(table),
        shards,
        files.path("shared"),
        files.path("context"),
        tuple(file_errors),
        seq + 1,
        tuple(sum(plan.sizes[b] for b in buckets) for buckets in packed),
    )


Read = Iterator[tuple[int, "int | None", "str | None", Any, Any, Any, Any]]
"""Each record of a file: ``(line, column, collection, data, problem, anchor, the data it
is routed by)``."""


def _records(source: Source, max_size: int, file_errors: list[FileError]) -> Read:
    """A file's records as its reader gives them; the anchor is the record's number."""
    number = 0
    for item in read_file(source.path, source.name, max_size):
        if isinstance(item, FileError):
            file_errors.append(item)
            continue
        yield item.line, item.column, item.collection, item.data, item.problem, number, item.data
        number += 1


def _lines(source: Source, max_size: int, file_errors: list[FileError]) -> Read:
    """A JSON Lines file's records as their lines, read again as records by the task that
    audits them: only what routes a record is read here. The column's place holds where
    the line starts."""
    try:
        handle = open(source.path, "rb")  # noqa: SIM115 - closed below, across yields
    except OSError as error:
        file_errors.append(FileError(source.name, None, None, "unreadable-file", str(error)))
        return
    with handle:
        for number, offset, line in json_lines.lines(handle, max_size):
            if line is None:
                raw = json_lines.too_long(source.name, number, max_size)
                yield raw.line, raw.column, None, None, raw.problem, None, None
                continue
            data = _routing(line)
            if data is None:  # read as the reader reads it, to route it as it will be read
                raw = json_lines.record(line, source.name, number, offset, None)
                yield number, offset, raw.collection, line, None, None, raw.data
                continue
            yield number, offset, KIND_TO_COLLECTION[data["kind"]], line, None, None, data


def _routing(line: bytes) -> dict[str, Any] | None:
    """The fields of a plain line (one ``kind`` and one ``id``, no escapes, a known kind),
    parsed for routing alone; None for any other, which the reader must read."""
    if b"\\" in line or line.count(b'"kind"') != 1 or line.count(b'"id"') != 1:
        return None
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if type(data) is not dict:
        return None
    kind = data.get("kind")
    if type(kind) is not str or kind not in KIND_TO_COLLECTION:
        return None
    return data


def _data(entry: Entry, sources: list[Source], max_size: int) -> Any:
    """An entry's data, a line read as the reader reads it."""
    data = entry[5]
    if type(data) is bytes:
        return raw_record(entry, tuple(sources), max_size).data
    return data


def entries(path: str) -> Iterator[Entry]:
    """The records of one shard file, in the order written."""
    with open(path, "rb") as handle:
        load = partial(pickle.load, handle)
        while True:
            try:
                batch = load()
            except EOFError:
                return
            yield from batch


def in_order(paths: Iterable[str]) -> Iterator[Entry]:
    """The records of several shard files, in input order (each file is in that order)."""
    return heapq.merge(*(entries(path) for path in paths), key=itemgetter(0))


def raw_record(entry: Entry, sources: tuple[Source, ...], max_size: int) -> RawRecord:
    """The entry as its reader gave it, able to locate a field in its original file."""
    _, index, line, column, collection, data, problem, anchor = entry
    source = sources[index]
    if type(data) is bytes:  # a JSON Lines line: the column's place holds its offset
        return json_lines.record(data, source.name, line, column or 0, _in_line(source.path))
    locator: Callable[[Any, FieldPath], tuple[int, int | None]]
    if source.direct:
        locator = partial(json_lines.locate, source.path)
    else:
        locator = partial(_locate_again, source, max_size)
    return RawRecord(source.name, collection, data, line, column, anchor, locator, problem)


@cache
def _in_line(path: str) -> Callable[[Any, FieldPath], tuple[int, int | None]]:
    return partial(json_lines.locate, path)


_READ_AGAIN: dict[str, list[RawRecord]] = {}
"""A file other than JSON Lines read again, in the process that must locate a field of
one of its records (only a rejected record is located)."""


def _locate_again(
    source: Source, max_size: int, number: int, path: FieldPath
) -> tuple[int, int | None]:
    read = _READ_AGAIN.get(source.path)
    if read is None:
        read = []
        for item in READERS[Path(source.path).suffix.lower()](source.path, source.name, max_size):
            if isinstance(item, RawRecord):
                item.data = None
                read.append(item)
        _READ_AGAIN[source.path] = read
    return read[number].locate(path)


def forget() -> None:
    """Drop the files read again: a task's rejections are located by then."""
    _READ_AGAIN.clear()
