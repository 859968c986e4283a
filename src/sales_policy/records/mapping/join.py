"""Items read from a table of their own (payments, one per row) joined to the records
they belong to (receivables, by the id each row names).

The item tables are read first, each row validated as an item on its own, so a record
is whole when it is validated. Every item row ends loaded (its record loaded) or
rejected: on its own, with its record (``rejected-parent``), or for naming no record
(``unjoined-row``); a record one of whose item rows is rejected is rejected too
(``rejected-item``): judged without a payment, a receivable would look unpaid.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sales_policy.errors import Location
from sales_policy.records.mapping.check import Mapping, TableRule
from sales_policy.records.mapping.read import tables_read
from sales_policy.records.mapping.rows import MappedRow
from sales_policy.records.problems import FileError, LoadWarning, Rejection
from sales_policy.records.raw import RawRecord
from sales_policy.records.validate import validate, validate_item


@dataclass(slots=True)
class _Item:
    value: Any
    source: str
    line: int
    where: str
    """``sheet `回款`: `` in a workbook."""


@dataclass(slots=True)
class _Items:
    """The item rows naming one record."""

    record_id: str
    items: list[_Item] = field(default_factory=list)
    rejected: Location | None = None
    """The first of them rejected, if any."""


@dataclass(slots=True)
class Joins:
    """The item rows of one load, by the record they name, until their records are read."""

    mapping: Mapping
    time_zone: str
    pending: dict[tuple[str, str], dict[str, _Items]] = field(default_factory=dict)
    attached: list[tuple[RawRecord, str, str, _Items]] = field(default_factory=list)

    @property
    def collections(self) -> frozenset[str]:
        return frozenset(t.collection for t in self.mapping.tables if t.joined)

    def collect(
        self, path: str, source: str, max_size: int
    ) -> Iterator[RawRecord | FileError | LoadWarning | Rejection]:
        """The item tables of one file: yields each row read (a ``RawRecord`` kept, a
        ``Rejection`` refused), and the file's errors and warnings."""
        wanted = [t for t in self.mapping.tables_of(path) if t.joined]
        for table in tables_read(path, source, wanted, max_size):
            if isinstance(table, FileError):
                yield table
                continue
            rule, found = table
            for item in found:
                yield self._item(rule, item) if isinstance(item, RawRecord) else item

    def _item(self, table: TableRule, raw: RawRecord) -> RawRecord | Rejection:
        items_of = table.items_of or ""
        data = raw.data if isinstance(raw.data, dict) else {}
        record_id = data.pop("id", None)
        if raw.problem is None and not isinstance(record_id, str):
            column = "the column" if record_id is None else f"`{record_id}`"
            message = f"names no `{table.collection}` record: {column} of its `id` is empty"
            raw.problem = ("missing-field", message, ("id",))
        record_key = record_id if isinstance(record_id, str) else None
        if table.extends:  # its fields are checked with the record's, when they are joined
            value = data
            rejection = validate(raw, self.time_zone)[1] if raw.problem is not None else None
            if rejection is not None:
                rejection = dataclasses.replace(rejection, id=record_key)
        else:
            value, rejection = validate_item(raw, record_key, items_of, self.time_zone)
        if rejection is not None and type(raw.anchor) is MappedRow:
            rejection = raw.anchor.table.explain(rejection)
        if record_key is None:
            return rejection or raw
        group = self.pending.setdefault((table.collection, items_of), {})
        items = group.get(record_key) or group.setdefault(record_key, _Items(record_key))
        if rejection is not None:
            items.rejected = items.rejected or rejection.location
            return rejection
        where = raw.anchor.table.where if type(raw.anchor) is MappedRow else ""
        if table.extends and items.items:
            first = Location(items.items[0].source, items.items[0].line)
            message = (
                f"{where}the record `{record_key}` is already given fields by the row at {first}"
            )
            return Rejection(
                raw.source,
                raw.line,
                None,
                table.collection,
                record_key,
                None,
                "duplicate-join",
                message,
            )
        items.items.append(_Item(value, raw.source, raw.line, where))
        return raw

    def attach(self, raw: RawRecord) -> None:
        """Gives a record read its items (or, if one was rejected, its rejection)."""
        data = raw.data
        record_id = data.get("id") if type(data) is dict else None
        if not isinstance(record_id, str):
            return
        for (collection, items_of), group in self.pending.items():
            if collection != raw.collection:
                continue
            items = group.pop(record_id, None)
            if items is None:
                continue
            if items.rejected is not None and raw.problem is None:
                what = f"its row of `{items_of}`" if items_of else "its row of joined fields"
                message = f"{what} at {items.rejected} is rejected"
                raw.problem = ("rejected-item", message, (items_of,) if items_of else ())
            elif items_of and items.items:
                data[items_of] = [*data.get(items_of, ()), *(i.value for i in items.items)]
            elif items.items:
                _fill(data, items.items[0].value)
            self.attached.append((raw, collection, items_of, items))

    def settle(self, kept: Iterable[RawRecord]) -> tuple[Counter[tuple[str, str]], list[Rejection]]:
        """Item rows loaded with their records, by source and list field; and the rest,
        rejected."""
        loaded_raws = {id(raw) for raw in kept}
        loaded: Counter[tuple[str, str]] = Counter()
        rejected: list[Rejection] = []
        for raw, collection, items_of, items in self.attached:
            if id(raw) in loaded_raws:
                label = items_of or f"{collection} (joined)"
                loaded.update((item.source, label) for item in items.items)
                continue
            where = Location(raw.source, raw.line, raw.column)
            message = f"its record at {where} is rejected"
            rejected += _rejected(items, collection, items_of, "rejected-parent", message)
        for (collection, items_of), group in self.pending.items():
            for items in group.values():
                message = f"no `{collection}` record has this id"
                rejected += _rejected(items, collection, items_of, "unjoined-row", message)
        return loaded, rejected


def _fill(data: dict[str, Any], fields: dict[str, Any]) -> None:
    """A record's data given the fields it leaves out (a nested one, ``terms.price``, too)."""
    for name, value in fields.items():
        own = data.get(name)
        if own is None:
            data[name] = value
        elif isinstance(own, dict) and isinstance(value, dict):
            for sub, inner in value.items():
                own.setdefault(sub, inner)


def _rejected(
    items: _Items, collection: str, items_of: str, code: str, message: str
) -> list[Rejection]:
    return [
        Rejection(
            item.source,
            item.line,
            None,
            collection,
            items.record_id,
            items_of or None,
            code,
            item.where + message,
        )
        for item in items.items
    ]
