"""The loaded records, indexed for the engine: by id, and activities by the customer,
contract and receivable they are about, and by type."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import TypeVar, cast

from sales_policy.records.models import (
    RECORD_MODELS,
    ActivityBase,
    ActivityType,
    BaseRecord,
    Contract,
    Customer,
    MarketReport,
    Receivable,
    SalesPlan,
    Staff,
    TrainingPlan,
)

_R = TypeVar("_R", bound=BaseRecord)
_NONE: tuple[ActivityBase, ...] = ()


class RecordSet:
    """A consistent set of records: ids unique per collection.

    References that do not resolve are tolerated (the loader rejects them; a set
    built by hand may have them) and simply find nothing.
    """

    def __init__(self, records: Iterable[BaseRecord] = ()) -> None:
        by_collection: dict[str, dict[str, BaseRecord]] = {name: {} for name in RECORD_MODELS}
        for record in records:
            if by_collection[record.collection].setdefault(record.id, record) is not record:
                raise ValueError(f"duplicate {record.kind} id `{record.id}`")
        self._hold(by_collection)

    @classmethod
    def _of(cls, by_collection: Mapping[str, dict[str, BaseRecord]]) -> RecordSet:
        """The set of records already keyed by collection and id (the loader's, which has
        checked them); the same as ``RecordSet`` of them in that order."""
        records = cls.__new__(cls)
        records._hold({name: by_collection.get(name, {}) for name in RECORD_MODELS})
        return records

    def _hold(self, by_collection: Mapping[str, dict[str, BaseRecord]]) -> None:
        self.staff: Mapping[str, Staff] = _typed(by_collection["staff"], Staff)
        self.customers: Mapping[str, Customer] = _typed(by_collection["customers"], Customer)
        self.contracts: Mapping[str, Contract] = _typed(by_collection["contracts"], Contract)
        self.receivables: Mapping[str, Receivable] = _typed(
            by_collection["receivables"], Receivable
        )
        self.activities: Mapping[str, ActivityBase] = _typed(
            by_collection["activities"], ActivityBase
        )
        self.market_reports: Mapping[str, MarketReport] = _typed(
            by_collection["market_reports"], MarketReport
        )
        self.sales_plans: Mapping[str, SalesPlan] = _typed(by_collection["sales_plans"], SalesPlan)
        self.training_plans: Mapping[str, TrainingPlan] = _typed(
            by_collection["training_plans"], TrainingPlan
        )
        self._index()

    def _index(self) -> None:
        contracts_by_customer: dict[str, list[Contract]] = defaultdict(list)
        for contract in self.contracts.values():
            contracts_by_customer[contract.customer_id].append(contract)
        receivables_by_contract: dict[str, list[Receivable]] = defaultdict(list)
        for receivable in self.receivables.values():
            receivables_by_contract[receivable.contract_id].append(receivable)
        by_type: dict[ActivityType, list[ActivityBase]] = defaultdict(list)
        by_date = sorted(self.activities.values(), key=attrgetter("id"))
        by_date.sort(key=attrgetter("at"))  # stable: by date, then id (3x faster than pairs)
        for activity in by_date:
            by_type[activity.type].append(activity)
        subordinates: dict[str, list[Staff]] = defaultdict(list)
        for person in self.staff.values():
            if person.supervisor_id is not None:
                subordinates[person.supervisor_id].append(person)
        self._contracts_by_customer = _sorted_lists(contracts_by_customer)
        self._receivables_by_contract = _sorted_lists(receivables_by_contract)
        self._about: dict[tuple[str, ActivityType], dict[str, tuple[ActivityBase, ...]]] = {}
        self._activities_by_type = {key: tuple(found) for key, found in by_type.items()}
        self._subordinates = _sorted_lists(subordinates)

    def contract_of(self, activity: ActivityBase) -> str | None:
        """The activity's contract: its ``contract_id``, else its receivable's contract."""
        if activity.contract_id is not None:
            return activity.contract_id
        if activity.receivable_id is not None:
            receivable = self.receivables.get(activity.receivable_id)
            return receivable.contract_id if receivable else None
        return None

    def customer_of(self, activity: ActivityBase) -> str | None:
        """The activity's customer: its ``customer_id``, else its contract's customer."""
        if activity.customer_id is not None:
            return activity.customer_id
        contract_id = self.contract_of(activity)
        contract = self.contracts.get(contract_id) if contract_id is not None else None
        return contract.customer_id if contract else None

    def activities_about(
        self, subject: str, subject_id: str, activity_type: ActivityType
    ) -> Sequence[ActivityBase]:
        """Activities of a type about a ``customer``, ``contract`` or ``receivable``, by date."""
        index = self._about.get((subject, activity_type))
        if index is None:
            index = self._index_about(subject, activity_type)
        return index.get(subject_id, _NONE)

    def _index_about(
        self, subject: str, activity_type: ActivityType
    ) -> dict[str, tuple[ActivityBase, ...]]:
        """The activities of a type by the customer, contract or receivable they are about:
        made when first asked for, as an audit asks about few of the pairs. (Two threads
        asking at once make the same index twice; either is kept.)"""
        about: Callable[[ActivityBase], str | None]
        if subject == "receivable":
            about = attrgetter("receivable_id")
        else:
            about = self.customer_of if subject == "customer" else self.contract_of
        found: dict[str, list[ActivityBase]] = defaultdict(list)
        for activity in self._activities_by_type.get(activity_type, _NONE):
            about_id = about(activity)
            if about_id is not None:
                found[about_id].append(activity)
        index = {key: tuple(activities) for key, activities in found.items()}
        self._about[subject, activity_type] = index
        return index

    def activities_of_type(self, activity_type: ActivityType) -> Sequence[ActivityBase]:
        """All activities of a type, by date."""
        return self._activities_by_type.get(activity_type, _NONE)

    def contracts_of(self, customer_id: str) -> Sequence[Contract]:
        return self._contracts_by_customer.get(customer_id, ())

    def receivables_of(self, contract_id: str) -> Sequence[Receivable]:
        return self._receivables_by_contract.get(contract_id, ())

    def subordinates_of(self, staff_id: str) -> Sequence[Staff]:
        return self._subordinates.get(staff_id, ())

    def counts(self) -> dict[str, int]:
        """Records per type, by the singular names of the audit result (``contract``, ...)."""
        return {model.kind: len(self._collection(name)) for name, model in RECORD_MODELS.items()}

    def __iter__(self) -> Iterator[BaseRecord]:
        for name in RECORD_MODELS:
            yield from self._collection(name).values()

    def __len__(self) -> int:
        return sum(self.counts().values())

    def _collection(self, name: str) -> Mapping[str, BaseRecord]:
        collection: Mapping[str, BaseRecord] = getattr(self, name)
        return collection


def _typed(records: dict[str, BaseRecord], model: type[_R]) -> dict[str, _R]:
    """The collection's records, typed: they were grouped by their model's collection."""
    del model
    return cast(dict[str, _R], records)


def _sorted_lists(groups: dict[str, list[_R]]) -> dict[str, tuple[_R, ...]]:
    return {key: tuple(sorted(group, key=lambda r: r.id)) for key, group in groups.items()}
