"""Deadlines on ``day_basis: working`` (the CN calendar: statutory holidays and the
weekend days worked in exchange). ``day_basis`` is a manifest field, not a parameter an
overlay may change, so these cases run on a copy of the pack whose manifest says so."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sales_policy import policytest
from sales_policy.engine import BackendName

CASES = Path(__file__).parent / "working-days"


def _pack(pack: Path, basis: str) -> Path:
    manifest = pack / "policy.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "day_basis: calendar\n" in text
    manifest.write_text(text.replace("day_basis: calendar\n", f"day_basis: {basis}\n"), "utf-8")
    shutil.copytree(CASES, pack / "tests")
    return pack


def test_the_cases_pass_on_working_days(
    tmp_path: Path, copy_pack: Callable[[Path], Path], backend: BackendName
) -> None:
    run = policytest.run(_pack(copy_pack(tmp_path), "working"), backend)
    assert run.ok, run.summary()
    assert len(run.outcomes) == 12


def test_the_same_cases_fail_on_calendar_days(
    tmp_path: Path, copy_pack: Callable[[Path], Path]
) -> None:
    """All but one: on either basis, nothing is owed the day before the reminder's T."""
    run = policytest.run(_pack(copy_pack(tmp_path), "calendar"))
    assert not run.problems
    assert {o.case.id for o in run.failed} == {
        "CUST-FOLLOW-UP::a contact on the Saturday worked in exchange is in time",
        "CUST-FOLLOW-UP::as of exactly D the action is open",
        "CUST-FOLLOW-UP::as of D + 1 it is a violation",
        "CUST-REVISIT::the day before T nothing is owed",
        "CUST-REVISIT::from T the revisit is open",
        "CUST-REVISIT::after D it is a violation",
        "PAY-NOTICE::a notice during the holiday is in time",
        "PAY-NOTICE::a notice exactly on D is in time",
        "PAY-NOTICE::as of exactly D the action is open",
        "PAY-NOTICE::as of D + 1 it is a violation",
        "PAY-REMINDER::from T seven working days ahead the reminder is open",
    }
