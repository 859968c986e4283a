"""Law: records written in any format and loaded again are the records written."""

from __future__ import annotations

import dataclasses
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.records import Contract, Receivable, RecordSet, load_records
from sales_policy.records.models import BaseRecord
from sales_policy.testing import customers, record_sets, staff_members, write_records

FORMATS = (".yaml", ".json", ".jsonl")
AMOUNTS = st.decimals(min_value=Decimal("0.01"), allow_nan=False, allow_infinity=False)
PERCENTS = st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@st.composite
def odd_numbers(draw: st.DrawFn, records: RecordSet) -> list[BaseRecord]:
    """``records`` with any decimal in some amounts and discounts (``1E+3``, ``0.10``)."""
    changed: list[BaseRecord] = []
    for record in records:
        if isinstance(record, Receivable) and draw(st.booleans()):
            changed.append(dataclasses.replace(record, amount_due=draw(AMOUNTS)))
        elif isinstance(record, Contract) and draw(st.booleans()):
            changed.append(dataclasses.replace(record, discount_pct=draw(PERCENTS)))
        else:
            changed.append(record)
    return changed


def by_id(records: object) -> dict[tuple[str, str], BaseRecord]:
    assert isinstance(records, RecordSet | list)
    return {(r.kind, r.id): r for r in records}


@settings(deadline=None)
@given(records=record_sets(text=st.text()), suffix=st.sampled_from(FORMATS), data=st.data())
def test_written_records_load_as_they_were(
    records: RecordSet, suffix: str, data: st.DataObject
) -> None:
    written = data.draw(odd_numbers(records), label="written")
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_records([write_records(written, Path(folder) / f"records{suffix}")])
    assert loaded.file_errors == ()
    assert loaded.rejected == ()
    assert loaded.warnings == ()
    assert by_id(loaded.records) == by_id(written)


@st.composite
def odd_ids(draw: st.DrawFn) -> list[BaseRecord]:
    """Staff and their customers whose ids are any text (references follow them)."""
    names = draw(st.lists(st.text(), min_size=1, max_size=3, unique=True), label="ids")
    found: list[BaseRecord] = []
    supervisor = None
    for name in names:
        person = draw(staff_members(id=name, supervisor=supervisor))
        found.append(person)
        if person.left_on is None:
            found.append(draw(customers(person, id=name)))
        supervisor = person
    return found


@settings(deadline=None)
@given(written=odd_ids(), suffix=st.sampled_from(FORMATS))
def test_any_text_is_an_id(written: list[BaseRecord], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_records([write_records(written, Path(folder) / f"records{suffix}")])
    assert loaded.rejected == ()
    assert by_id(loaded.records) == by_id(written)
