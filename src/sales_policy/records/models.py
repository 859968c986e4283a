"""Pydantic models of interchange format v1 (``shared/spec/records.md``): the one source
of truth for record types, from which the JSON Schemas in ``schemas/`` are generated.

Records are frozen pydantic dataclasses with slots: validated on construction, and
small (a million of them fit in memory). They refuse fields the format does not name,
so a misspelt field is never silently dropped; the loader sets such fields aside and
reports them as warnings instead (other systems export more than this format names).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias, TypeVar, get_args

from pydantic import ConfigDict, Field, TypeAdapter, model_validator
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from sales_policy.records.values import (
    Amount,
    Boolean,
    DecimalNumber,
    Integer,
    IsoDate,
    Period,
    Quarter,
    Timestamp,
    default,
)

if TYPE_CHECKING:
    from sales_policy.records.values import Accepts

_T = TypeVar("_T")
_CONFIG = ConfigDict(extra="forbid")
"""Every record type is ``@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)``."""


def fields_of(model: type[Any]) -> dict[str, FieldInfo]:
    """The fields of a record type (or of ``Terms``, ``Payment``), by name."""
    found: dict[str, FieldInfo] = model.__pydantic_fields__
    return found


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def adapter(model: type[Any]) -> TypeAdapter[Any]:
    """The validator of a record type, built once."""
    found = _ADAPTERS.get(model)
    if found is None:
        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


def parse(model: type[_T], data: Any, *, time_zone: str | None = None) -> _T:
    """Validate plain data into a record of ``model``; timestamps with an offset count on
    their date in ``time_zone`` (default: the format's, ``Asia/Shanghai``)."""
    context = {"time_zone": time_zone} if time_zone else None
    record: _T = adapter(model).validate_python(data, context=context)
    return record


def dump(record: Any) -> dict[str, Any]:
    """A record as plain JSON data (dates ISO, decimals as strings), the format's field names."""
    data: dict[str, Any] = adapter(type(record)).dump_python(record, mode="json")
    return data


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class BaseRecord:
    """What every record has: an id, unique in its collection."""

    id: str

    kind: ClassVar[str]
    """The record type in the singular, as in JSON Lines' ``kind``."""
    collection: ClassVar[str]
    """The collection's name in YAML and JSON documents."""
    references: ClassVar[dict[str, str]] = {}
    """Field name -> the collection it refers to."""


class Role(StrEnum):
    SALES_REP = "sales_rep"
    SALES_SUPERVISOR = "sales_supervisor"
    SALES_MANAGER = "sales_manager"


class CustomerSource(StrEnum):
    WEB_SEARCH = "web_search"
    TRADE_SHOW = "trade_show"
    REFERRAL = "referral"
    TELEMARKETING = "telemarketing"
    OTHER = "other"


class CustomerStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    LOST = "lost"


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class ContractStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    CANCELLED = "cancelled"


class Material(StrEnum):
    COMPANY_PROFILE = "company_profile"
    PRODUCT_MATERIAL = "product_material"
    CASE_STUDY = "case_study"


class Department(StrEnum):
    MARKETING = "marketing"
    CUSTOMER_SERVICE = "customer_service"
    TECHNICAL = "technical"
    FINANCE = "finance"


class Document(StrEnum):
    CONTRACT = "contract"
    RECEIPT = "receipt"


# A record's constructor takes what validation accepts, as the loader gives it: a date as
# ISO text, a decimal as text or a number, an enumeration's value as its text, a nested
# record as a mapping, a list for a tuple. Type checkers see each field as ``Accepts[given,
# held]``; at run time the annotation is the type pydantic validates, so nothing changes.
RoleValue = Literal["sales_rep", "sales_supervisor", "sales_manager"]
CustomerSourceValue = Literal["web_search", "trade_show", "referral", "telemarketing", "other"]
CustomerStatusValue = Literal["prospect", "active", "lost"]
GradeValue = Literal["A", "B", "C"]
ContractStatusValue = Literal["draft", "signed", "cancelled"]
MaterialValue = Literal["company_profile", "product_material", "case_study"]
DepartmentValue = Literal["marketing", "customer_service", "technical", "finance"]
DocumentValue = Literal["contract", "receipt"]

if TYPE_CHECKING:
    _DateIn: TypeAlias = dt.date | str
    _DecimalIn: TypeAlias = Decimal | int | float | str
    _Date: TypeAlias = Accepts[_DateIn, dt.date]
    _DateOrNone: TypeAlias = Accepts[_DateIn | None, dt.date | None]
    _DecimalOrNone: TypeAlias = Accepts[_DecimalIn | None, Decimal | None]
    _Amount: TypeAlias = Accepts[_DecimalIn, Decimal]
    _Percent: TypeAlias = Accepts[_DecimalIn, Decimal]
    _Texts: TypeAlias = Accepts[tuple[str, ...] | list[str], tuple[str, ...]]
    _Role: TypeAlias = Accepts[Role | RoleValue, Role]
    _SourceOrNone: TypeAlias = Accepts[
        CustomerSource | CustomerSourceValue | None, CustomerSource | None
    ]
    _CustomerStatus: TypeAlias = Accepts[CustomerStatus | CustomerStatusValue, CustomerStatus]
    _GradeOrNone: TypeAlias = Accepts[Grade | GradeValue | None, Grade | None]
    _ContractStatus: TypeAlias = Accepts[ContractStatus | ContractStatusValue, ContractStatus]
    _Materials: TypeAlias = Accepts[
        tuple[Material | MaterialValue, ...] | list[Material | MaterialValue],
        tuple[Material, ...],
    ]
    _Departments: TypeAlias = Accepts[
        tuple[Department | DepartmentValue, ...] | list[Department | DepartmentValue],
        tuple[Department, ...],
    ]
    _Documents: TypeAlias = Accepts[
        tuple[Document | DocumentValue, ...] | list[Document | DocumentValue],
        tuple[Document, ...],
    ]
else:
    _Date = IsoDate
    _DateOrNone = IsoDate | None
    _DecimalOrNone = DecimalNumber | None
    _Amount = Amount
    _Percent = Annotated[DecimalNumber, Field(ge=0, le=100)]
    _Texts = tuple[str, ...]
    _Role = Role
    _SourceOrNone = CustomerSource | None
    _CustomerStatus = CustomerStatus
    _GradeOrNone = Grade | None
    _ContractStatus = ContractStatus
    _Materials = tuple[Material, ...]
    _Departments = tuple[Department, ...]
    _Documents = tuple[Document, ...]


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Staff(BaseRecord):
    """销售人员: a member of the sales staff (§1.2.a)."""

    kind: ClassVar[str] = "staff"
    collection: ClassVar[str] = "staff"
    references: ClassVar[dict[str, str]] = {"supervisor_id": "staff"}

    name: str
    role: _Role
    team: str | None = None
    supervisor_id: str | None = None
    hired_on: _Date
    left_on: _DateOrNone = Field(default=default(None), description="The last day of employment.")


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Customer(BaseRecord):
    """客户档案: a customer file (§3.1.1)."""

    kind: ClassVar[str] = "customer"
    collection: ClassVar[str] = "customers"
    references: ClassVar[dict[str, str]] = {"owner_id": "staff"}

    company_name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    business_scope: str | None = None
    source: _SourceOrNone = default(None)
    owner_id: str
    created_on: _Date
    status: _CustomerStatus
    grade: _GradeOrNone = default(None)


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Terms:
    """The terms agreed in negotiation (§3.1.5.a)."""

    price: _DecimalOrNone = default(None)
    delivery_date: _DateOrNone = default(None)
    payment_terms: str | None = None
    after_sales: str | None = None


if TYPE_CHECKING:
    _Terms: TypeAlias = Accepts[Terms | Mapping[str, Any], Terms]
else:
    _Terms = Terms


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Contract(BaseRecord):
    """销售合同: a sales contract."""

    kind: ClassVar[str] = "contract"
    collection: ClassVar[str] = "contracts"
    references: ClassVar[dict[str, str]] = {
        "customer_id": "customers",
        "owner_id": "staff",
        "discount_approved_by": "staff",
    }

    customer_id: str
    owner_id: str
    status: _ContractStatus
    amount: _Amount
    currency: str = "CNY"
    discount_pct: _Percent = default(Decimal(0))
    discount_approved_by: str | None = None
    terms: _Terms = default(Terms())
    reviewed_by_company_on: _DateOrNone = default(None)
    reviewed_by_customer_on: _DateOrNone = default(None)
    signed_on: _DateOrNone = Field(
        default=default(None), description="Required when status is signed."
    )

    @model_validator(mode="after")
    def _signed_has_date(self) -> Contract:
        if self.status is ContractStatus.SIGNED and self.signed_on is None:
            raise PydanticCustomError(
                "missing-field",
                "is required when status is `signed`",
                {"field": "signed_on"},
            )
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Payment:
    """One (possibly partial) payment of a receivable."""

    paid_on: _Date
    amount: _Amount
    receipt_ref: str | None = None


if TYPE_CHECKING:
    _PaymentIn: TypeAlias = Payment | Mapping[str, Any]
    _Payments: TypeAlias = Accepts[tuple[_PaymentIn, ...] | list[_PaymentIn], tuple[Payment, ...]]
else:
    _Payments = tuple[Payment, ...]


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Receivable(BaseRecord):
    """应收款: one payment milestone of a contract."""

    kind: ClassVar[str] = "receivable"
    collection: ClassVar[str] = "receivables"
    references: ClassVar[dict[str, str]] = {"contract_id": "contracts"}

    contract_id: str
    amount_due: _Amount
    due_on: _Date
    payments: _Payments = default(())
    reconciled_on: _DateOrNone = default(None)
    written_off_on: _DateOrNone = default(None)
    documents: _Documents = default(())


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class MarketReport(BaseRecord):
    """市场调研报告 (§2.1.b)."""

    kind: ClassVar[str] = "market_report"
    collection: ClassVar[str] = "market_reports"
    references: ClassVar[dict[str, str]] = {"author_id": "staff"}

    author_id: str
    period: Period
    submitted_on: _Date


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class SalesPlan(BaseRecord):
    """个人销售计划 (§2.3.a)."""

    kind: ClassVar[str] = "sales_plan"
    collection: ClassVar[str] = "sales_plans"
    references: ClassVar[dict[str, str]] = {"staff_id": "staff"}

    staff_id: str
    period: Quarter
    target_amount: _DecimalOrNone = default(None)
    submitted_on: _Date


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class TrainingPlan(BaseRecord):
    """年度培训计划 (§4.1)."""

    kind: ClassVar[str] = "training_plan"
    collection: ClassVar[str] = "training_plans"

    year: Integer
    goals: _Texts = default(())
    content: _Texts = default(())
    methods: _Texts = default(())
    schedule: _Texts = default(())
    trainers: _Texts = default(())
    approved_on: _DateOrNone = default(None)


class ActivityType(StrEnum):
    """The workflow steps of §3 (and the duties of §2.2) that an activity records."""

    FIRST_CONTACT = "first_contact"
    VISIT_BOOKED = "visit_booked"
    VISIT = "visit"
    SOLUTION_PROPOSED = "solution_proposed"
    SOLUTION_ACCEPTED = "solution_accepted"
    NEGOTIATION = "negotiation"
    FOLLOW_UP = "follow_up"
    REVISIT = "revisit"
    HANDOVER = "handover"
    ORDER_PLACED = "order_placed"
    SHIPPED = "shipped"
    LOGISTICS_UPDATE = "logistics_update"
    DELIVERED = "delivered"
    ISSUE_REPORTED = "issue_reported"
    ISSUE_RESOLVED = "issue_resolved"
    AFTER_SALES_FOLLOW_UP = "after_sales_follow_up"
    PAYMENT_REMINDER = "payment_reminder"
    COLLECTION_NOTICE = "collection_notice"
    OVERDUE_CAUSE = "overdue_cause"
    COLLECTION_CALL = "collection_call"
    COLLECTION_EMAIL = "collection_email"
    COLLECTION_VISIT = "collection_visit"


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class ActivityBase(BaseRecord):
    """工作记录: who did which step, when, about which customer, contract or receivable."""

    kind: ClassVar[str] = "activity"
    collection: ClassVar[str] = "activities"
    references: ClassVar[dict[str, str]] = {
        "staff_id": "staff",
        "customer_id": "customers",
        "contract_id": "contracts",
        "receivable_id": "receivables",
    }
    needs_reference: ClassVar[tuple[str, ...]] = ()
    """The reference fields of which the type needs at least one. A type that needs one
    declares it required (checked natively, where a validator in Python would cost a
    loaded record two thirds of its validation time)."""

    type: ActivityType
    staff_id: str
    at: Timestamp
    """Typed ``date`` for the constructor too (a ``datetime`` is one): mypy types an
    inherited ``Accepts`` field of a frozen dataclass by what it is given, not by what it
    holds, so the activities' common field cannot say it takes ISO text."""
    customer_id: str | None = None
    contract_id: str | None = None
    receivable_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class _CustomerStep(ActivityBase):
    needs_reference: ClassVar[tuple[str, ...]] = ("customer_id",)
    customer_id: str


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class _ContractStep(ActivityBase):
    needs_reference: ClassVar[tuple[str, ...]] = ("contract_id",)
    contract_id: str


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class _CollectionStep(ActivityBase):
    needs_reference: ClassVar[tuple[str, ...]] = ("receivable_id",)
    receivable_id: str


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class FirstContact(_CustomerStep):
    """§3.1.2.a: first contact with a prospect."""

    type: Literal[ActivityType.FIRST_CONTACT] = ActivityType.FIRST_CONTACT
    needs: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class VisitBooked(_CustomerStep):
    """§3.1.2.b: a visit booked, with the materials prepared."""

    type: Literal[ActivityType.VISIT_BOOKED] = ActivityType.VISIT_BOOKED
    visit_on: _DateOrNone = default(None)
    materials: _Materials = default(())


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Visit(_CustomerStep):
    """§3.1.3: a customer visit and what was learnt."""

    type: Literal[ActivityType.VISIT] = ActivityType.VISIT
    procurement_process: str | None = None
    decision_mechanism: str | None = None
    competitors: str | None = None
    feedback: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class SolutionProposed(_CustomerStep):
    """§3.1.4.a: a tailored solution proposed."""

    type: Literal[ActivityType.SOLUTION_PROPOSED] = ActivityType.SOLUTION_PROPOSED
    summary: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class SolutionAccepted(_CustomerStep):
    """§3.1.4.b: the customer accepted the solution."""

    type: Literal[ActivityType.SOLUTION_ACCEPTED] = ActivityType.SOLUTION_ACCEPTED


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Negotiation(_CustomerStep):
    """§3.1.5.a: a negotiation session."""

    type: Literal[ActivityType.NEGOTIATION] = ActivityType.NEGOTIATION


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class FollowUp(_CustomerStep):
    """§2.2.a: a follow-up of a prospect."""

    type: Literal[ActivityType.FOLLOW_UP] = ActivityType.FOLLOW_UP


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Revisit(ActivityBase):
    """§2.2.b, §3.2.4.b: a periodic revisit of a customer."""

    needs_reference: ClassVar[tuple[str, ...]] = ("customer_id", "contract_id")
    type: Literal[ActivityType.REVISIT] = ActivityType.REVISIT
    satisfaction: Annotated[Integer, Field(ge=1, le=5)] | None = None
    feedback: str | None = None

    @model_validator(mode="after")
    def _has_needed_reference(self) -> Revisit:
        if self.customer_id is None and self.contract_id is None:
            raise PydanticCustomError(
                "missing-field",
                "a `{type}` activity needs `customer_id` or `contract_id`",
                {"field": "customer_id", "type": self.type.value},
            )
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Handover(_ContractStep):
    """§3.2.1: the contract handed over to departments."""

    type: Literal[ActivityType.HANDOVER] = ActivityType.HANDOVER
    departments: _Departments = default(())
    briefed: Boolean | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class OrderPlaced(_ContractStep):
    """§3.2.2.a: the order placed with production."""

    type: Literal[ActivityType.ORDER_PLACED] = ActivityType.ORDER_PLACED


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Shipped(_ContractStep):
    """§3.2.3.a: goods shipped."""

    type: Literal[ActivityType.SHIPPED] = ActivityType.SHIPPED
    tracking_no: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class LogisticsUpdate(_ContractStep):
    """§3.2.3.b: shipment status told to the customer."""

    type: Literal[ActivityType.LOGISTICS_UPDATE] = ActivityType.LOGISTICS_UPDATE


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Delivered(_ContractStep):
    """§3.2.3.a: goods delivered."""

    type: Literal[ActivityType.DELIVERED] = ActivityType.DELIVERED


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class IssueReported(_ContractStep):
    """§3.2.4.a: a problem the customer reported."""

    type: Literal[ActivityType.ISSUE_REPORTED] = ActivityType.ISSUE_REPORTED
    issue: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class IssueResolved(_ContractStep):
    """§3.2.4.a: a reported problem resolved."""

    type: Literal[ActivityType.ISSUE_RESOLVED] = ActivityType.ISSUE_RESOLVED
    references: ClassVar[dict[str, str]] = {**ActivityBase.references, "issue_id": "activities"}
    issue_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class AfterSalesFollowUp(_ContractStep):
    """§3.2.4.a: after-sales follow-up."""

    type: Literal[ActivityType.AFTER_SALES_FOLLOW_UP] = ActivityType.AFTER_SALES_FOLLOW_UP


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class PaymentReminder(_CollectionStep):
    """§3.3.1.b: the customer reminded ahead of a due date."""

    type: Literal[ActivityType.PAYMENT_REMINDER] = ActivityType.PAYMENT_REMINDER


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class CollectionNotice(_CollectionStep):
    """§3.3.2.a: a collection notice for an overdue payment."""

    type: Literal[ActivityType.COLLECTION_NOTICE] = ActivityType.COLLECTION_NOTICE
    states_consequences: Boolean | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class OverdueCause(_CollectionStep):
    """§3.3.2.b: why the payment is late, and the plan agreed."""

    type: Literal[ActivityType.OVERDUE_CAUSE] = ActivityType.OVERDUE_CAUSE
    cause: str | None = None
    plan: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class CollectionCall(_CollectionStep):
    """§3.3.2.c: a collection phone call."""

    type: Literal[ActivityType.COLLECTION_CALL] = ActivityType.COLLECTION_CALL


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class CollectionEmail(_CollectionStep):
    """§3.3.2.c: a collection e-mail."""

    type: Literal[ActivityType.COLLECTION_EMAIL] = ActivityType.COLLECTION_EMAIL


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class CollectionVisit(_CollectionStep):
    """§3.3.2.c: an on-site collection visit."""

    type: Literal[ActivityType.COLLECTION_VISIT] = ActivityType.COLLECTION_VISIT


Activity = Annotated[
    FirstContact
    | VisitBooked
    | Visit
    | SolutionProposed
    | SolutionAccepted
    | Negotiation
    | FollowUp
    | Revisit
    | Handover
    | OrderPlaced
    | Shipped
    | LogisticsUpdate
    | Delivered
    | IssueReported
    | IssueResolved
    | AfterSalesFollowUp
    | PaymentReminder
    | CollectionNotice
    | OverdueCause
    | CollectionCall
    | CollectionEmail
    | CollectionVisit,
    Field(discriminator="type"),
]
"""Any activity; its ``type`` picks the model."""

_ACTIVITY_CLASSES: tuple[type[ActivityBase], ...] = (
    FirstContact,
    VisitBooked,
    Visit,
    SolutionProposed,
    SolutionAccepted,
    Negotiation,
    FollowUp,
    Revisit,
    Handover,
    OrderPlaced,
    Shipped,
    LogisticsUpdate,
    Delivered,
    IssueReported,
    IssueResolved,
    AfterSalesFollowUp,
    PaymentReminder,
    CollectionNotice,
    OverdueCause,
    CollectionCall,
    CollectionEmail,
    CollectionVisit,
)


def _refuse(self: ActivityBase, /, *_: Any, **__: Any) -> None:
    """Only an activity of a type can be made: the common part alone would drop the fields
    of the type (a visit's details) and the reference it needs. (Set on the common bases
    alone, as each type makes its own ``__init__``; validation never calls it.)"""
    kinds = ", ".join(model.__name__ for model in _ACTIVITY_CLASSES)
    raise TypeError(f"make an activity of its type ({kinds}), not `{type(self).__name__}`")


for _common in (ActivityBase, _CustomerStep, _ContractStep, _CollectionStep):
    _common.__init__ = _refuse  # type: ignore[method-assign,assignment]

ACTIVITY_MODELS: dict[ActivityType, type[ActivityBase]] = {
    get_args(fields_of(model)["type"].annotation)[0]: model for model in _ACTIVITY_CLASSES
}
"""Activity type -> its model."""

Record = (
    Staff
    | Customer
    | Contract
    | Receivable
    | FirstContact
    | VisitBooked
    | Visit
    | SolutionProposed
    | SolutionAccepted
    | Negotiation
    | FollowUp
    | Revisit
    | Handover
    | OrderPlaced
    | Shipped
    | LogisticsUpdate
    | Delivered
    | IssueReported
    | IssueResolved
    | AfterSalesFollowUp
    | PaymentReminder
    | CollectionNotice
    | OverdueCause
    | CollectionCall
    | CollectionEmail
    | CollectionVisit
    | MarketReport
    | SalesPlan
    | TrainingPlan
)
"""Any record of the interchange format."""

RECORD_MODELS: dict[str, type[BaseRecord]] = {
    model.collection: model
    for model in (
        Staff,
        Customer,
        Contract,
        Receivable,
        ActivityBase,
        MarketReport,
        SalesPlan,
        TrainingPlan,
    )
}
"""Collection name -> model (activities: the common base; see ``ACTIVITY_MODELS``)."""

KIND_TO_COLLECTION: dict[str, str] = {model.kind: name for name, model in RECORD_MODELS.items()}
"""JSON Lines ``kind`` -> collection name."""
