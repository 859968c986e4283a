"""sales-policy: compliance as code for a company's sales-staff regulation.

Load records (``load_records``) of interchange format v1 into a ``RecordSet``;
every record is either loaded or rejected with its location and a stable code.
"""

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
    "Contract",
    "Customer",
    "FileError",
    "LoadResult",
    "LoadWarning",
    "MarketReport",
    "Receivable",
    "RecordSet",
    "Rejection",
    "SalesPlan",
    "Staff",
    "TrainingPlan",
    "__version__",
    "load_records",
]
