"""The value types of the interchange format: exact decimals, dates, timestamps reduced
to a calendar date in the policy's time zone, and periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from sales_policy import load_records
from sales_policy.records.formats import json_text
from sales_policy.records.formats.yaml_document import plain
from sales_policy.records.models import dump
from sales_policy.records.values import (
    Amount,
    DecimalNumber,
    Integer,
    IsoDate,
    Period,
    Quarter,
    Timestamp,
)

DECIMAL: TypeAdapter[Decimal] = TypeAdapter(DecimalNumber)
AMOUNT: TypeAdapter[Decimal] = TypeAdapter(Amount)
DATE: TypeAdapter[dt.date] = TypeAdapter(IsoDate)
TIMESTAMP: TypeAdapter[dt.date] = TypeAdapter(Timestamp)
PERIOD: TypeAdapter[str] = TypeAdapter(Period)
QUARTER: TypeAdapter[str] = TypeAdapter(Quarter)
INTEGER: TypeAdapter[int] = TypeAdapter(Integer)


def _code(adapter: TypeAdapter[Any], value: Any, **context: str) -> str:
    """The code of the one error ``value`` gets."""
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python(value, context=context or None)
    (error,) = raised.value.errors()
    return error["type"]


def _yaml(text: str) -> Any:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert node is not None
    return plain(node)


# Decimals: read from their text, never through binary floating point.


@pytest.mark.parametrize(
    ("given_value", "text"),
    [
        ("0.1", "0.1"),
        ("100.10", "100.10"),
        (" 42 ", "42"),
        ("-0.25", "-0.25"),
        (".5", "0.5"),
        ("1e3", "1E+3"),
        (7, "7"),
        (Decimal("12345678901234567890.12"), "12345678901234567890.12"),
        (0.1, "0.1"),  # a float from Python: its shortest text, not 0.1000000000000000055...
    ],
)
def test_decimal_keeps_its_digits(given_value: Any, text: str) -> None:
    value = DECIMAL.validate_python(given_value)
    assert isinstance(value, Decimal)
    assert str(value) == text


@pytest.mark.parametrize("value", [True, "1,000", "abc", "", None, [1], float("nan"), "Infinity"])
def test_decimal_refuses_what_is_not_a_finite_number(value: Any) -> None:
    assert _code(DECIMAL, value) == "wrong-type"


@pytest.mark.parametrize("value", [0, "-0.01", Decimal("0.000")])
def test_amount_is_greater_than_zero(value: Any) -> None:
    assert _code(AMOUNT, value) == "greater_than"  # reported as `value-too-small`
    assert AMOUNT.validate_python("0.01") == Decimal("0.01")


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_decimal_text_reads_back_exactly(number: Decimal) -> None:
    text = str(number)
    assert str(DECIMAL.validate_python(text)) == text
    from_json = DECIMAL.validate_python(json_text.DECODER.decode(text))
    assert from_json == number


def test_json_numbers_with_a_fraction_are_decimals() -> None:
    data = json_text.DECODER.decode('{"a": 0.1, "b": 100.10, "c": 2, "d": 1.5e3}')
    assert data == {"a": Decimal("0.1"), "b": Decimal("100.10"), "c": 2, "d": Decimal("1.5e3")}
    assert str(data["b"]) == "100.10"
    assert isinstance(data["c"], int)


def test_yaml_floats_are_decimals() -> None:
    data = _yaml("a: 0.1\nb: 100.10\nc: 1_000.5\nd: .25\ne: 1.5e+3\nf: .inf\ng: 3\n")
    assert data == {
        "a": Decimal("0.1"),
        "b": Decimal("100.10"),
        "c": Decimal("1000.5"),
        "d": Decimal("0.25"),
        "e": Decimal("1.5e+3"),
        "f": ".inf",  # no number: validation says so
        "g": 3,
    }
    assert all(not isinstance(value, float) for value in data.values())


def test_decimal_sums_are_exact() -> None:
    parts = [DECIMAL.validate_python(_yaml(text)) for text in ("0.1", "0.2")]
    assert sum(parts) == DECIMAL.validate_python(_yaml("0.3"))


def test_a_loaded_amount_is_exact(tmp_path: Path) -> None:
    source = tmp_path / "records.json"
    source.write_text(
        '{"staff": [{"id": "S1", "name": "Li", "role": "sales_rep", "hired_on": "2026-01-05"}],'
        ' "customers": [{"id": "C1", "owner_id": "S1", "created_on": "2026-01-05",'
        ' "status": "active"}],'
        ' "contracts": [{"id": "K1", "customer_id": "C1", "owner_id": "S1", "status": "draft",'
        ' "amount": 0.1, "discount_pct": 33.333}]}',
        encoding="utf-8",
    )
    contract = load_records([source]).records.contracts["K1"]
    assert (contract.amount, contract.discount_pct) == (Decimal("0.1"), Decimal("33.333"))
    assert dump(contract)["amount"] == "0.1"


# Integers: whole numbers, and a boolean is not one.


def test_integer_refuses_a_boolean() -> None:
    assert INTEGER.validate_python(2026) == 2026
    assert _code(INTEGER, True) == "wrong-type"


# Dates and timestamps.


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-11-26", dt.date(2026, 11, 26)), (dt.date(2024, 2, 29), dt.date(2024, 2, 29))],
)
def test_date(value: Any, expected: dt.date) -> None:
    assert DATE.validate_python(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2026-13-01", "invalid-date"),
        ("2026-02-30", "invalid-date"),
        ("2025-02-29", "invalid-date"),
        ("26-11-2026", "invalid-date"),
        ("2026-11-26T09:30:00+08:00", "invalid-date"),
        (dt.datetime(2026, 11, 26, 9, 30), "wrong-type"),
        (20261126, "wrong-type"),
    ],
)
def test_date_refuses(value: Any, code: str) -> None:
    assert _code(DATE, value) == code


def test_yaml_keeps_an_impossible_plain_date_as_text() -> None:
    assert _yaml("a: 2026-11-26\nb: 2026-13-01\nc: 2026-02-30\n") == {
        "a": dt.date(2026, 11, 26),
        "b": "2026-13-01",
        "c": "2026-02-30",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-26", "2026-11-26"),
        ("2026-11-26T20:00:00-05:00", "2026-11-27"),  # 09:00 on the 27th in Shanghai
        ("2026-11-26T16:00:00Z", "2026-11-27"),  # midnight in Shanghai
        ("2026-11-26T15:59:59Z", "2026-11-26"),
        ("2026-11-26T23:59:59+08:00", "2026-11-26"),
        ("2026-11-26T23:30:00", "2026-11-26"),  # no offset: Shanghai time already
        ("2026-11-26 23:30:00+00:00", "2026-11-27"),
        (dt.datetime(2026, 11, 26, 20, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "2026-11-27"),
        (dt.date(2026, 11, 26), "2026-11-26"),
    ],
)
def test_timestamp_is_its_date_in_shanghai(value: Any, expected: str) -> None:
    assert TIMESTAMP.validate_python(value).isoformat() == expected


def test_timestamp_is_its_date_in_the_policy_time_zone() -> None:
    moment = "2026-11-27T03:00:00+08:00"
    assert TIMESTAMP.validate_python(moment).isoformat() == "2026-11-27"
    in_new_york = TIMESTAMP.validate_python(moment, context={"time_zone": "America/New_York"})
    assert in_new_york.isoformat() == "2026-11-26"  # 14:00 the day before


def test_load_records_takes_the_time_zone(tmp_path: Path) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text(
        '{"kind": "staff", "id": "S1", "name": "Li", "role": "sales_rep",'
        ' "hired_on": "2026-01-05"}\n'
        '{"kind": "customer", "id": "C1", "owner_id": "S1", "created_on": "2026-01-05",'
        ' "status": "active"}\n'
        '{"kind": "activity", "id": "A1", "type": "visit", "staff_id": "S1", "customer_id": "C1",'
        ' "at": "2026-11-27T03:00:00+08:00"}\n',
        encoding="utf-8",
    )
    in_shanghai = load_records([source]).records.activities["A1"].at
    in_utc = load_records([source], time_zone="UTC").records.activities["A1"].at
    assert (in_shanghai, in_utc) == (dt.date(2026, 11, 27), dt.date(2026, 11, 26))


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2026-02-30T10:00:00+08:00", "2026-11-26T25:00:00", "yesterday"]
)
def test_timestamp_refuses_what_is_no_moment(value: str) -> None:
    assert _code(TIMESTAMP, value) == "invalid-date"


# Periods.


@pytest.mark.parametrize("value", ["2026-01", "2026-12", "2026-Q1", "2026-Q4"])
def test_period(value: str) -> None:
    assert PERIOD.validate_python(value) == value


@pytest.mark.parametrize("value", ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "Q4 2026", 202610])
def test_period_refuses(value: Any) -> None:
    assert _code(PERIOD, value) == "invalid-period"


def test_quarter_refuses_a_month() -> None:
    assert QUARTER.validate_python("2026-Q4") == "2026-Q4"
    assert _code(QUARTER, "2026-10") == "invalid-period"
