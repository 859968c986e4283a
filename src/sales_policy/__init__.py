"""sales-policy: compliance as code for a company's sales-staff regulation.

Load records (``load_records``) of interchange format v1 into a ``RecordSet`` (every
record is either loaded or rejected with its location and a stable code), load a
policy (``load_policy``), and ``audit`` them as of a date, or build an ``Engine`` once
and ``check`` single records with it.
"""

from sales_policy.engine import Engine, audit
from sales_policy.findings import AuditResult, Finding
from sales_policy.policy import Policy, PolicyError, load_policy
from sales_policy.records import (
    ActivityBase,
    ActivityType,
    Contract,
    Customer,
    FileError,
    LoadResult,
    LoadWarning,
    MarketReport,
    Receivable,
    RecordSet,
    Rejection,
    SalesPlan,
    Staff,
    TrainingPlan,
    load_records,
)

__version__ = "0.1.0"

__all__ = [
    "ActivityBase",
    "ActivityType",
    "AuditResult",
    "Contract",
    "Customer",
    "Engine",
    "FileError",
    "Finding",
    "LoadResult",
    "LoadWarning",
    "MarketReport",
    "Policy",
    "PolicyError",
    "Receivable",
    "RecordSet",
    "Rejection",
    "SalesPlan",
    "Staff",
    "TrainingPlan",
    "__version__",
    "audit",
    "load_policy",
    "load_records",
]
