"""Law: the order of the records does not matter, nor how they are split into files."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.findings import AuditResult
from sales_policy.records import RecordSet, load_records
from sales_policy.testing import as_of_dates, record_sets, write_records

Keyed = Callable[[AuditResult], dict[str, Any]]
"""The ``keyed`` fixture: an audit's findings by ``RULE type/id part``."""
AUDITS = record_sets().flatmap(lambda records: st.tuples(st.just(records), as_of_dates(records)))
"""An organisation, and a day to audit it on near its dates."""
FORMATS = (".yaml", ".json", ".jsonl")


@settings(deadline=None)
@given(case=AUDITS, data=st.data())
def test_shuffling_the_records_changes_nothing(
    native: Engine, keyed: Keyed, case: tuple[RecordSet, dt.date], data: st.DataObject
) -> None:
    records, as_of = case
    shuffled = data.draw(st.permutations(list(records)), label="shuffled")
    want = keyed(native.audit(records, as_of=as_of))
    assert keyed(native.audit(RecordSet(shuffled), as_of=as_of)) == want


@settings(deadline=None)
@given(case=AUDITS, data=st.data())
def test_splitting_the_records_across_files_changes_nothing(
    native: Engine, keyed: Keyed, case: tuple[RecordSet, dt.date], data: st.DataObject
) -> None:
    records, as_of = case
    files = data.draw(st.lists(st.sampled_from(FORMATS), min_size=1, max_size=4), label="files")
    chunks: list[list[Any]] = [[] for _ in files]
    for record in data.draw(st.permutations(list(records)), label="order"):
        chunks[data.draw(st.integers(0, len(files) - 1))].append(record)
    with tempfile.TemporaryDirectory() as folder:
        paths = [
            write_records(chunk, Path(folder) / f"part-{index}{suffix}")
            for index, (chunk, suffix) in enumerate(zip(chunks, files, strict=True))
        ]
        loaded = load_records(paths)
    assert not loaded.rejected
    assert not loaded.file_errors
    want = keyed(native.audit(records, as_of=as_of))
    assert keyed(native.audit(loaded, as_of=as_of)) == want
