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
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from sales_policy.partitioned.plan import PENDING, SHARED, Plan, tasks
from sales_policy.records import FileError
from sales_policy.records.formats import READERS, json_lines
from sales_policy.records.load import read_raw
from sales_policy.records.raw import FieldPath, RawRecord

Entry = tuple[int, int, int, "int | None", "str | None", Any, Any, Any]
"""A record in a shard: ``(number in input order, source, line, column, collection,
data, problem, anchor)``; the anchor is the reader's for JSON Lines (where the line
starts), else the record's number within its file."""
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
    """Shard files opened as first needed, each written through a buffer."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.open: dict[str, BinaryIO] = {}

    def write(self, name: str, entry: Entry) -> None:
        handle = self.open.get(name)
        if handle is None:
            handle = self.open[name] = open(os.path.join(self.folder, name), "wb")  # noqa: SIM115 - closed in close()
        handle.write(pickle.dumps(entry, pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        for handle in self.open.values():
            handle.close()

    def path(self, name: str) -> str:
        return os.path.join(self.folder, name)


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
    sources: dict[str, int] = {}
    table: list[Source] = []
    within: list[int] = []
    files = _Files(folder)
    seq = -1
    try:
        for path, raw in read_raw(paths, max_size, file_errors):
            seq += 1
            index = sources.get(path)
            if index is None:
                index = sources[path] = len(table)
                table.append(Source(path, raw.source, Path(path).suffix.lower() in _DIRECT))
                within.append(0)
            anchor = raw.anchor if table[index].direct else within[index]
            within[index] += 1
            collection = raw.collection
            entry = (seq, index, raw.line, raw.column, collection, raw.data, raw.problem, anchor)
            bucket = plan.route(collection, raw.data)
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
            files.open[name].close()
            for entry in entries(files.path(name)):
                files.write(f"{plan.route_late(collection, entry[5])}.late", entry)
            os.remove(files.path(name))
            del files.open[name]
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


def entries(path: str) -> Iterator[Entry]:
    """The records of one shard file, in the order written."""
    with open(path, "rb") as handle:
        load = partial(pickle.load, handle)
        while True:
            try:
                yield load()
            except EOFError:
                return


def in_order(paths: Iterable[str]) -> Iterator[Entry]:
    """The records of several shard files, in input order (each file is in that order)."""
    return heapq.merge(*(entries(path) for path in paths), key=itemgetter(0))


def raw_record(entry: Entry, sources: tuple[Source, ...], max_size: int) -> RawRecord:
    """The entry as its reader gave it, able to locate a field in its original file."""
    _, index, line, column, collection, data, problem, anchor = entry
    source = sources[index]
    locator: Callable[[Any, FieldPath], tuple[int, int | None]]
    if source.direct:
        locator = partial(json_lines.locate, source.path)
    else:
        locator = partial(_locate_again, source, max_size)
    return RawRecord(source.name, collection, data, line, column, anchor, locator, problem)


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
