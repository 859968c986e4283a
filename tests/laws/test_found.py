"""What the laws found, kept as plain examples: each failed before its fix."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl

from sales_policy.engine import Engine
from sales_policy.findings import Finding
from sales_policy.records import RecordSet, load_records
from sales_policy.records.models import (
    BaseRecord,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Receivable,
    Role,
    Staff,
    TrainingPlan,
)

AS_OF = dt.date(2026, 2, 1)
LATER = dt.date(2026, 3, 10)


def finding(engine: Engine, records: Sequence[BaseRecord], rule: str) -> Finding:
    (found,) = [f for f in engine.audit(RecordSet(records), as_of=AS_OF).findings if f.rule == rule]
    return found


def test_a_training_plans_missing_fields_do_not_depend_on_the_order_of_the_plans(
    native: Engine,
) -> None:
    """Order law: two plans for a year listed their missing fields in input order."""
    first = TrainingPlan(id="T1", year=2026, goals=("g",), approved_on=dt.date(2026, 1, 10))
    second = TrainingPlan(id="T2", year=2026, trainers=("t",), approved_on=dt.date(2026, 1, 20))
    shown = [
        finding(native, plans, "TRAINING-PLAN").evidence["missing"]
        for plans in ([first, second], [second, first])
    ]
    assert shown[0] == shown[1] == ["content", "methods", "schedule", "trainers", "goals"]


def test_a_training_plan_approved_after_the_as_of_date_is_not_shown(native: Engine) -> None:
    """Future law: a plan approved after the as-of date had its missing fields shown. It
    cannot be seen yet: as of that date there is no plan at all."""
    plan = TrainingPlan(id="T1", year=2026, goals=("g",), approved_on=LATER)
    assert finding(native, [plan], "TRAINING-PLAN").evidence["missing"] == ["training_plan"]


def _sale(discount: int = 0, approver: str | None = None) -> list[BaseRecord]:
    hired, signed = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    return [
        Staff(id="S1", name="Wang", role=Role.SALES_MANAGER, hired_on=hired),
        Staff(id="S2", name="Li", role=Role.SALES_REP, supervisor_id="S1", hired_on=hired),
        Customer(id="C1", owner_id="S2", created_on=signed, status=CustomerStatus.ACTIVE),
        Contract(
            id="K1",
            customer_id="C1",
            owner_id="S2",
            status=ContractStatus.SIGNED,
            amount=Decimal(500),
            discount_pct=Decimal(discount),
            discount_approved_by=approver,
            signed_on=signed,
        ),
        Receivable(id="R1", contract_id="K1", amount_due=Decimal(500), due_on=dt.date(2026, 1, 10)),
    ]


def test_a_write_off_after_the_as_of_date_is_not_evidence(native: Engine) -> None:
    """Future law: PAY-CAUSE showed `written_off_on` from after the as-of date."""
    records = _sale()
    written_off = [
        dataclasses.replace(r, written_off_on=LATER) if isinstance(r, Receivable) else r
        for r in records
    ]
    want = finding(native, records, "PAY-CAUSE")
    assert want.evidence["written_off_on"] is None
    assert finding(native, written_off, "PAY-CAUSE") == want


def test_an_approvers_departure_after_the_as_of_date_is_not_evidence(native: Engine) -> None:
    """Future law (ci-long): CONTRACT-DISCOUNT showed the approver's later `left_on`."""
    records = _sale(discount=12, approver="S3")
    approver = Staff(id="S3", name="Zhao", role=Role.SALES_SUPERVISOR, hired_on=dt.date(2026, 1, 2))
    want = finding(native, [*records, approver], "CONTRACT-DISCOUNT")
    leaving = dataclasses.replace(approver, left_on=LATER)
    assert finding(native, [*records, leaving], "CONTRACT-DISCOUNT") == want
    assert want.evidence["discount_approver.left_on"] is None


def test_a_workbook_whose_compressed_bytes_are_damaged_is_a_file_error(tmp_path: Path) -> None:
    """Loader law: a sheet's deflate stream with bytes changed raised `zlib.error`."""
    path = tmp_path / "records.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "staff"  # type: ignore[union-attr]
    book.active.append(["id", "name", "role", "hired_on"])  # type: ignore[union-attr]
    book.save(path)
    content = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        part = archive.getinfo("xl/worksheets/sheet1.xml")
    start = part.header_offset + 30 + len(part.filename) + len(part.extra)
    content[start : start + 4] = b"\xff\xff\xff\xff"  # no valid deflate block starts so
    path.write_bytes(bytes(content))
    result = load_records([path])
    assert [(e.code, e.source) for e in result.file_errors] == [("parse-error", str(path))]
