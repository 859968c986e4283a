"""A record's constructor is typed by what it accepts (as the loader gives it: ISO dates,
decimal text, enumeration values, mappings, lists) and its attributes by what they hold.
mypy, with the project's own configuration, checks code as a library caller writes it."""

from __future__ import annotations

import re
import textwrap
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

import pytest
from mypy import api

from sales_policy.records import models

ROOT = Path(__file__).resolve().parents[2]

ACCEPTED = textwrap.dedent(
    """
    import datetime as dt
    from decimal import Decimal

    from sales_policy import (
        Contract, Customer, Handover, Receivable, Role, SalesPlan, Staff, TrainingPlan,
        Visit, VisitBooked,
    )

    staff = Staff(id="S-1", name="Li", role="sales_rep", hired_on="2024-03-01")
    boss = Staff(id="S-2", name="Wu", role=Role.SALES_MANAGER, hired_on=dt.date(2020, 1, 6))
    customer = Customer(
        id="C-1", owner_id="S-1", created_on="2026-01-05", status="active",
        source="referral", grade="A",
    )
    contract = Contract(
        id="K-1", customer_id="C-1", owner_id="S-1", status="signed", amount="1200.50",
        discount_pct=5, signed_on="2026-01-01", terms={"price": "1200.50"},
    )
    receivable = Receivable(
        id="R-1", contract_id="K-1", amount_due=600, due_on="2026-02-01",
        payments=[{"paid_on": "2026-01-20", "amount": "100"}], documents=["contract"],
    )
    plan = SalesPlan(
        id="P-1", staff_id="S-1", period="2026-Q1", target_amount=1.5, submitted_on="2026-01-02"
    )
    training = TrainingPlan(id="T-1", year=2026, goals=["product knowledge"])
    visit = Visit(id="A-1", staff_id="S-1", at=dt.date(2026, 1, 3), customer_id="C-1")
    booked = VisitBooked(
        id="A-2", staff_id="S-1", at=dt.date(2026, 1, 2), customer_id="C-1",
        visit_on="2026-01-03", materials=["case_study"],
    )
    handover = Handover(
        id="A-3", staff_id="S-1", at=dt.datetime(2026, 1, 4, 9), contract_id="K-1",
        departments=["finance"], briefed=True,
    )

    signed: dt.date | None = contract.signed_on
    hired: dt.date = staff.hired_on
    amount: Decimal = contract.amount
    price: Decimal | None = contract.terms.price
    paid: dt.date = receivable.payments[0].paid_on
    role: Role = staff.role
    at: dt.date = visit.at
    goals: tuple[str, ...] = training.goals
    """
)

REFUSED = textwrap.dedent(
    """
    import datetime as dt
    from decimal import Decimal

    from sales_policy import Contract, Customer, Receivable, Staff

    staff = Staff(id="S-1", name="Li", role="sales_rep", hired_on="2024-03-01")
    contract = Contract(
        id="K-1", customer_id="C-1", owner_id="S-1", status="signed", amount="1200.50",
        signed_on="2026-01-01",
    )
    hired: str = staff.hired_on  # error: assignment
    signed: str | None = contract.signed_on  # error: assignment
    amount: str = contract.amount  # error: assignment
    terms: dict[str, str] = contract.terms  # error: assignment
    Staff(id="S", name="Li", role="sales_boss", hired_on="2024-03-01")  # error: arg-type
    Staff(id="S", name="Li", role="sales_rep", hired_on=20240301)  # error: arg-type
    Customer(id="C", owner_id="S", created_on="2026-01-05", status="gone")  # error: arg-type
    Receivable(id="R", contract_id="K", amount_due=[1], due_on="2026-02-01")  # error: arg-type
    Receivable(
        id="R",
        contract_id="K",
        amount_due=1,
        due_on="2026-02-01",
        documents="contract",  # error: arg-type
    )
    Contract(  # error: call-arg
        id="K", customer_id="C", owner_id="S", status="draft", amount=1, discount="7"
    )
    """
)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy's errors in each caller, by its name, checked with the project's configuration
    (one run for both: mypy takes a while)."""
    folder = tmp_path_factory.mktemp("callers")
    (folder / "accepted.py").write_text(ACCEPTED, encoding="utf-8")
    (folder / "refused.py").write_text(REFUSED, encoding="utf-8")
    config = str(ROOT / "pyproject.toml")
    stdout, stderr, _ = api.run(
        [
            "--config-file",
            config,
            "--no-error-summary",
            str(folder / "accepted.py"),
            str(folder / "refused.py"),
        ]
    )
    assert not stderr, stderr
    errors: dict[str, list[str]] = {"accepted": [], "refused": []}
    for line in stdout.splitlines():
        if ": error: " in line:
            errors[Path(line.split(":")[0]).stem].append(line)
    return errors


def test_constructors_accept_what_validation_accepts(
    checked: dict[str, list[str]],
) -> None:
    assert checked["accepted"] == []


def test_the_accepted_values_are_accepted_at_run_time() -> None:
    scope: dict[str, Any] = {}
    exec(compile(ACCEPTED, "caller.py", "exec"), scope)  # the code mypy passed
    assert scope["contract"].signed_on.isoformat() == "2026-01-01"
    assert str(scope["receivable"].payments[0].amount) == "100"


def test_attributes_keep_their_types_and_wrong_arguments_are_errors(
    checked: dict[str, list[str]],
) -> None:
    expected = {
        number: code
        for number, line in enumerate(REFUSED.splitlines(), start=1)
        if (code := line.partition("# error: ")[2])
    }
    found = {
        int(m[1]): m[2]
        for m in (re.search(r":(\d+): error: .*\[([\w-]+)\]$", line) for line in checked["refused"])
        if m
    }
    assert found == expected, "\n".join(checked["refused"])


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (models.Role, models.RoleValue),
        (models.CustomerSource, models.CustomerSourceValue),
        (models.CustomerStatus, models.CustomerStatusValue),
        (models.Grade, models.GradeValue),
        (models.ContractStatus, models.ContractStatusValue),
        (models.Material, models.MaterialValue),
        (models.Department, models.DepartmentValue),
        (models.Document, models.DocumentValue),
    ],
)
def test_an_enumerations_accepted_text_is_its_values(enum: type[StrEnum], values: Any) -> None:
    assert list(get_args(values)) == [member.value for member in enum]
