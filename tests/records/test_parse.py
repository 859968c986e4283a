"""``parse_record``: a record from plain data, by the loader's own rules and codes; and the
record types themselves, which refuse fields the format does not name."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from sales_policy import (
    ActivityType,
    Contract,
    ContractStatus,
    FieldProblem,
    RecordError,
    Terms,
    Visit,
    load_records,
    parse_record,
    parse_records,
)
from sales_policy.records.models import ActivityBase

CASES = sorted((Path(__file__).parent / "cases" / "jsonl").glob("*.jsonl"))
_SET_LEVEL = {"duplicate-id", "dangling-reference", "duplicate-field", "parse-error"}
"""Codes about a record among others, or about its text: not of the data alone."""


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_record_is_judged_as_the_loader_judges_it(path: Path) -> None:
    """Every record of the JSON Lines cases: the loader's record, warnings and problems
    (field, code and message, first and further) are parse_record's."""
    loaded = load_records([path])
    rejected = {r.line: r for r in loaded.rejected}
    records = {(r.kind, r.id): r for r in loaded.records}
    for line, text in enumerate(path.read_text("utf-8").splitlines(), start=1):
        try:
            data = json.loads(text, parse_float=Decimal)  # as the reader reads numbers
        except (json.JSONDecodeError, RecursionError):
            continue
        rejection = rejected.get(line)
        if not isinstance(data, dict) or (rejection is not None and rejection.code in _SET_LEVEL):
            continue
        warnings: list[FieldProblem] = []
        if rejection is None:
            record = parse_record(data, warnings=warnings)
            assert records[record.kind, record.id] == record
            for warning in warnings:
                assert any(
                    w.field == warning.field and w.message == warning.message
                    for w in loaded.warnings
                )
            continue
        with pytest.raises(RecordError) as raised:
            parse_record(data, warnings=warnings)
        expected = [(rejection.field, rejection.code, rejection.error)]
        expected += [(issue.field, issue.code, issue.error) for issue in rejection.more]
        assert [(p.field, p.code, p.message) for p in raised.value.problems] == expected


def test_every_problem_at_once_with_what_was_meant() -> None:
    data = {
        "kind": "contract",
        "id": "K-1",
        "customer_id": "C-1",
        "owner_id": "S-1",
        "status": "signd",
        "amount": "0",
        "discount_percent": 7,
        "terms": {"prise": "100"},
    }
    with pytest.raises(RecordError) as raised:
        parse_record(data)
    found = {(p.field, p.code, p.suggestion) for p in raised.value.problems}
    assert found == {
        ("discount_percent", "unknown-field", "discount_pct"),
        ("terms.prise", "unknown-field", "terms.price"),
        ("status", "unknown-value", "signed"),
        ("amount", "value-too-small", None),
    }
    assert all(p.id == "K-1" and p.index is None for p in raised.value.problems)
    assert "did you mean `discount_pct`?" in str(raised.value)


def test_unknown_fields_are_warnings_only_when_asked() -> None:
    data: dict[str, Any] = {"id": "K-1", "customer_id": "C-1", "owner_id": "S-1"}
    data |= {"status": "draft", "amount": 100, "discount_percent": 7}
    warnings: list[FieldProblem] = []
    contract = parse_record(data, kind="contract", warnings=warnings)
    assert isinstance(contract, Contract)
    assert contract.discount_pct == 0
    assert [(w.field, w.code, w.suggestion) for w in warnings] == [
        ("discount_percent", "unknown-field", "discount_pct")
    ]
    assert "discount_percent" in data  # the caller's data is left as it was


def test_an_activity_is_made_by_its_type() -> None:
    data = {
        "kind": "activity",
        "type": "visit",
        "id": "A-1",
        "staff_id": "S-1",
        "at": "2026-11-20T23:30:00+00:00",
        "customer_id": "C-1",
        "procurement_process": "tender",
    }
    visit = parse_record(data, time_zone="Asia/Shanghai")
    assert isinstance(visit, Visit)
    assert visit.procurement_process == "tender"
    assert visit.at == dt.date(2026, 11, 21)  # the date in the policy's time zone
    with pytest.raises(RecordError) as raised:
        parse_record({**data, "customer_id": None})
    assert [(p.field, p.code) for p in raised.value.problems] == [("customer_id", "missing-field")]


@pytest.mark.parametrize(
    ("data", "kind", "field", "code"),
    [
        ({"id": "X"}, None, "kind", "missing-field"),
        ({"kind": "contrat", "id": "X"}, None, "kind", "unknown-value"),
        ({"kind": 3, "id": "X"}, None, "kind", "wrong-type"),
        ({"kind": "customer", "id": "X"}, "contract", "kind", "invalid-value"),
        ([1, 2], "staff", None, "wrong-type"),
    ],
)
def test_a_record_of_no_known_kind_is_refused(
    data: Any, kind: str | None, field: str | None, code: str
) -> None:
    with pytest.raises(RecordError) as raised:
        parse_record(data, kind=kind)
    assert [(p.field, p.code) for p in raised.value.problems] == [(field, code)]


def test_a_batch_names_each_bad_item() -> None:
    good = {"kind": "staff", "id": "S-1", "name": "王伟", "role": "sales_rep"}
    good["hired_on"] = "2024-01-01"
    with pytest.raises(RecordError) as raised:
        parse_records([good, {**good, "role": "rep"}, {**good, "hired_on": "2024-13-01"}])
    assert [(p.index, p.code) for p in raised.value.problems] == [
        (1, "unknown-value"),
        (2, "invalid-date"),
    ]
    assert [r.id for r in parse_records([good, good])] == ["S-1", "S-1"]


def test_constructors_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError, match="discount_percent"):
        Contract(
            id="K-1",
            customer_id="C-1",
            owner_id="S-1",
            status=ContractStatus.DRAFT,
            amount=Decimal(100),
            **{"discount_percent": Decimal(7)},  # type: ignore[arg-type]
        )
    with pytest.raises(ValidationError, match="prise"):
        Terms(**{"prise": Decimal(1)})  # type: ignore[arg-type]


def test_the_common_part_of_activities_cannot_be_made() -> None:
    """It would drop the fields of the type (a visit's details) and the reference the type
    needs; each type has its own class."""
    with pytest.raises(TypeError, match="Visit"):
        ActivityBase(id="A-1", type="visit", staff_id="S-1", at=dt.date(2026, 1, 1))  # type: ignore[arg-type]
    visit = Visit(
        id="A-1", staff_id="S-1", at=dt.date(2026, 1, 1), customer_id="C-1", feedback="ok"
    )
    assert (visit.type, visit.feedback) == (ActivityType.VISIT, "ok")  # the class knows its type
    with pytest.raises(ValidationError):
        Visit(
            id="A-1",
            type=ActivityType.REVISIT,  # type: ignore[arg-type]
            staff_id="S-1",
            at=dt.date(2026, 1, 1),
            customer_id="C-1",
        )
