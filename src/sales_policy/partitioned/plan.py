"""The partition plan: each record to one customer partition or to the shared part.

Every rule judges a subject by the records of one customer (its contracts, their
receivables, the activities about any of them) and the shared records (staff, market
reports, sales plans, training plans); a rule about staff or a training year reads
shared records only. So a partition holds some customers with all their records, and
the shared part is judged once. What spans customers is counted per owner (the
scorecards' judgements and passes) and is finished by summing the partitions'
counts (``merge``).

Records go to one of ``buckets`` buckets as they are read: a customer by its id, the
rest by the customer they lead to. A record that links two buckets (an activity about a
customer and another customer's contract, two contracts with one id) joins them: the
buckets joined make one partition. So do two activities with one id, found by sorting
their ids' hashes after the pass, so that the first valid one wins as in the whole
audit. A record whose customer is not known yet when it is read (a receivable read
before its contract) waits until the pass is over (``PENDING``), then goes where its
contract went.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import Any

SHARED = -1
"""The shared part: staff, market reports, sales plans, training plans, and records of
no known collection."""
PENDING = -2
"""Not known yet: routed by ``route_late`` once every record has been read."""
SHARED_COLLECTIONS = frozenset({"staff", "market_reports", "sales_plans", "training_plans"})
CUSTOMER_KINDS = frozenset({"customer", "contract", "receivable", "activity"})
"""The subjects judged in a customer partition; the others are judged in the shared part."""
_RUNS = 64


def _nothing(_key: str) -> None:
    return None


class Plan:
    """Routes records to buckets in one pass, then says which buckets make a partition.

    ``customer_bucket`` places a customer id (by default a hash of it); a test may place
    customers as it likes, every one in a partition of its own or all in one."""

    def __init__(
        self, buckets: int = 256, customer_bucket: Callable[[str], int] | None = None
    ) -> None:
        self.buckets = buckets
        self._customer = customer_bucket or self._hashed
        self._contracts: dict[str, int] = {}
        self._customers: dict[str, int] = {}
        """Each customer's bucket, as activities name it: looked up, not hashed again."""
        self._receivables: dict[str, int] = {}
        self._parent = list(range(buckets))
        self._activity_ids = [array("Q") for _ in range(_RUNS)]
        self._bits = max(1, (buckets - 1).bit_length())
        """An activity id's mark: its hash, then the bucket the activity went to."""
        self.sizes = [0] * buckets

    def _hashed(self, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % self.buckets

    def _other(self, collection: str, key: Any) -> int:
        """The bucket of a record no customer places: by its collection and id."""
        return self._hashed(f"{collection}\0{key}")

    # -- the pass ------------------------------------------------------------------------

    def route(self, collection: str | None, data: Any) -> int:
        """The bucket of a record as read, ``SHARED`` or ``PENDING``."""
        return self._route(collection, data, late=False)

    def route_late(self, collection: str | None, data: Any) -> int:
        """The bucket of a ``PENDING`` record, once every record has been read: receivables
        first, then activities (which may be about a pending receivable)."""
        return self._route(collection, data, late=True)

    def _route(self, collection: str | None, data: Any, *, late: bool) -> int:
        if collection is None or collection in SHARED_COLLECTIONS:
            return SHARED
        get: Callable[[str], Any] = data.get if type(data) is dict else _nothing
        record_id = get("id")
        if collection == "customers":
            bucket = self._customer(record_id) if type(record_id) is str else 0
        elif collection == "contracts":
            customer_id = get("customer_id")
            if type(customer_id) is str:
                bucket = self._customer(customer_id)
            else:
                bucket = self._other(collection, record_id)
            self._hold(self._contracts, record_id, bucket)
        elif collection == "receivables":
            found = self._contract(get("contract_id"), late)
            if found == PENDING:
                return PENDING
            bucket = self._other(collection, record_id) if found is None else found
            self._hold(self._receivables, record_id, bucket)
        else:  # an activity: most records, so the lookups are written out
            customer_id, contract_id, receivable_id = (
                get("customer_id"),
                get("contract_id"),
                get("receivable_id"),
            )
            linked = self._customers.get(customer_id) if type(customer_id) is str else None
            if linked is None and type(customer_id) is str:
                linked = self._customers[customer_id] = self._customer(customer_id)
            for found in (
                None if contract_id is None else self._contract(contract_id, late),
                None if receivable_id is None else self._receivable(receivable_id, late),
            ):
                if found is None:
                    continue
                if found == PENDING:
                    return PENDING
                if linked is None:
                    linked = found
                elif found != linked:
                    self.join(linked, found)
            bucket = self._other(collection, record_id) if linked is None else linked
            if type(record_id) is str:
                bits = self._bits
                mark = (hash(record_id) & ((1 << (64 - bits)) - 1)) << bits | bucket
                self._activity_ids[(mark >> bits) % _RUNS].append(mark)
        self.sizes[bucket] += 1
        return bucket

    def _contract(self, contract_id: Any, late: bool) -> int | None:
        if type(contract_id) is not str:
            return None
        found = self._contracts.get(contract_id)
        if found is not None:
            return found
        return self._other("contracts", contract_id) if late else PENDING

    def _receivable(self, receivable_id: Any, late: bool) -> int | None:
        if type(receivable_id) is not str:
            return None
        found = self._receivables.get(receivable_id)
        if found is not None:
            return found
        return self._other("receivables", receivable_id) if late else PENDING

    def _hold(self, held: dict[str, int], record_id: Any, bucket: int) -> None:
        """Note where a record of this id went; a second record of the id joins it there."""
        if type(record_id) is not str:
            return
        first = held.setdefault(record_id, bucket)
        if first != bucket:
            self.join(first, bucket)

    def join(self, one: int, other: int) -> None:
        """Make the two buckets one partition."""
        one, other = self._find(one), self._find(other)
        if one != other:
            self._parent[max(one, other)] = min(one, other)

    def _find(self, bucket: int) -> int:
        while self._parent[bucket] != bucket:
            self._parent[bucket] = self._parent[self._parent[bucket]]
            bucket = self._parent[bucket]
        return bucket

    # -- after the pass ------------------------------------------------------------------

    def partitions(self) -> list[list[int]]:
        """The buckets of each partition (only those holding records), in bucket order:
        after joining the buckets of activities that share an id."""
        bits = self._bits
        low = (1 << bits) - 1
        for run in self._activity_ids:
            marks = sorted(run)
            for before, mark in pairwise(marks):
                if before >> bits == mark >> bits:  # one id (or, rarely, one hash): joined
                    self.join(before & low, mark & low)
        self._activity_ids = [array("Q") for _ in range(_RUNS)]
        groups: dict[int, list[int]] = {}
        for bucket in range(self.buckets):
            if self.sizes[bucket]:
                groups.setdefault(self._find(bucket), []).append(bucket)
        return list(groups.values())


def tasks(
    partitions: list[list[int]], sizes: Mapping[int, int] | list[int], most: int
) -> list[list[int]]:
    """The partitions packed into tasks of at most ``most`` records each (a partition
    larger than that is a task of its own); ``most`` 0 keeps each partition a task."""
    packed: list[list[int]] = []
    held = 0
    for buckets in partitions:
        size = sum(sizes[b] for b in buckets)
        if packed and most and held + size <= most:
            packed[-1] += buckets
            held += size
        else:
            packed.append(list(buckets))
            held = size
    return packed
