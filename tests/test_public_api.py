"""The public surface is exactly what ``__all__`` lists, and the command line starts."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

import sales_policy
from sales_policy.records.models import ACTIVITY_MODELS

PUBLIC = {
    "Mapping",
    "MappingError",
    "load_mapping",
    "HistoryError",
    "Impact",
    "ResultDiff",
    "Store",
    "diff_results",
    "impact",
    "open_store",
    "policy_changes",
    "read_result",
    "Activity",
    "AuditPeriodError",
    "ActivityType",
    "AfterSalesFollowUp",
    "AuditResult",
    "BaseRecord",
    "CheckResult",
    "CollectionCall",
    "CollectionEmail",
    "CollectionNotice",
    "CollectionVisit",
    "Contract",
    "ContractStatus",
    "Customer",
    "CustomerSource",
    "CustomerStatus",
    "Delivered",
    "Department",
    "Document",
    "Engine",
    "FieldProblem",
    "FileError",
    "Finding",
    "FirstContact",
    "FollowUp",
    "Grade",
    "Handover",
    "IssueReported",
    "IssueResolved",
    "LoadResult",
    "LoadWarning",
    "LogisticsUpdate",
    "MarketReport",
    "Material",
    "Negotiation",
    "OrderPlaced",
    "OverdueCause",
    "Payment",
    "PaymentReminder",
    "Policy",
    "PolicyError",
    "Receivable",
    "Record",
    "RecordError",
    "RecordSet",
    "Rejection",
    "Revisit",
    "Role",
    "SalesPlan",
    "Shipped",
    "SolutionAccepted",
    "SolutionProposed",
    "Staff",
    "Terms",
    "TrainingPlan",
    "Unresolved",
    "UnresolvedReferenceError",
    "Visit",
    "VisitBooked",
    "__version__",
    "audit",
    "load_policy",
    "load_records",
    "parse_record",
    "parse_records",
}


def test_public_names_are_exactly_these() -> None:
    assert set(sales_policy.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(sales_policy, name)


def test_every_activity_type_has_its_class() -> None:
    """A caller makes an activity by its type's class; the common part is not exported, as
    it would drop the fields of the type."""
    for model in ACTIVITY_MODELS.values():
        assert getattr(sales_policy, model.__name__) is model
        assert model in get_args(sales_policy.Record)
    assert "ActivityBase" not in sales_policy.__all__


def test_module_help_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sales_policy", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "load" in done.stdout


def test_the_store_toolkit_is_imported_only_when_used() -> None:
    """SQLAlchemy and Alembic load when a store is opened, not with the package."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, sales_policy, sales_policy.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
