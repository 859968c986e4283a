"""Law: a partitioned audit is the whole audit. For an organisation written as JSON Lines,
with faults added (a record repeated, its copy perhaps about another customer; a
reference to nothing; a bad value; an unknown field; an unknown kind) and the lines in
any order, and for any partitioning of its customers (each in a partition of its own,
all in one, or at random), the partitioned result's JSON is the whole audit's, byte for
byte: findings, rejections with their file, line and column, warnings and counts; and
the aging table reads the same receivables."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.partitioned import Plan, audit_files
from sales_policy.policy import Policy
from sales_policy.records import RecordSet, load_records
from sales_policy.report.aging import unpaid
from sales_policy.testing import as_of_dates, record_sets, write_records

FAULTS = st.lists(
    st.tuples(
        st.sampled_from(
            ["repeat", "dangle", "bad", "unknown", "kind"]
            + [f"repeat-{kind}-elsewhere" for kind in ("contract", "receivable", "activity")]
        ),
        st.integers(min_value=0),
        st.integers(min_value=0),
    ),
    min_size=1,
    max_size=6,
)
"""``(fault, the line it is done to, a second line: where a copy goes, whose customer)``;
a copy sent elsewhere is of a contract, receivable or activity, about another one."""
PARTITIONINGS = st.one_of(
    st.just("each"), st.just("one"), st.lists(st.integers(0, 3), min_size=8, max_size=8)
)
"""Each customer in a partition of its own, all in one, or customer ``i`` in partition
``choice[i % 8]``."""
REFERENCES = ("customer_id", "contract_id", "receivable_id", "owner_id", "supervisor_id")


def with_faults(lines: list[dict[str, Any]], faults: list[tuple[str, int, int]]) -> None:
    for fault, at, other in faults:
        if not lines:
            return
        record = lines[at % len(lines)]
        if fault.endswith("elsewhere"):
            kind = fault.split("-")[1]
            of_kind = [line for line in lines if line["kind"] == kind] or lines
            record = of_kind[at % len(of_kind)]
        if fault.startswith("repeat"):
            copy = dict(record)
            if fault.endswith("elsewhere"):
                about_another(copy, lines[other % len(lines) :] + lines)
            lines.insert(other % (len(lines) + 1), copy)
        elif fault == "dangle":
            field = next((f for f in REFERENCES if record.get(f)), None)
            if field is not None:
                record[field] = "NOWHERE"
        elif fault == "bad":
            record["id" if other % 2 else "created_on"] = 5
        elif fault == "unknown":
            record["custmer_id" if other % 2 else "colour"] = "red"
        else:
            record["kind"] = "customr"


def about_another(record: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    """Point the record's first reference to a customer, contract or receivable at another
    one, the first the ``lines`` name."""
    for field in ("customer_id", "contract_id", "receivable_id"):
        if record.get(field) is None:
            continue
        for line in lines:
            if line.get(field) not in (None, record[field]):
                record[field] = line[field]
                return


def placing(choice: str | list[int], customers: list[str]) -> tuple[int, dict[str, int]]:
    """``(buckets, bucket of each customer)``; a customer id the records do not hold
    (a reference to nothing) is placed in the last partition."""
    if choice == "one":
        return 1, {}
    if choice == "each":
        return len(customers) + 1, {c: i for i, c in enumerate(customers)}
    assert isinstance(choice, list)
    return 5, {c: choice[i % len(choice)] for i, c in enumerate(customers)}


AUDITS = record_sets(max_customers=4).flatmap(lambda r: st.tuples(st.just(r), as_of_dates(r)))
WAYS = st.tuples(FAULTS, st.randoms(use_true_random=False), PARTITIONINGS, st.booleans())
"""The faults, the order of the lines, the partitioning, and whether passes are listed."""


@settings(deadline=None)
@given(case=AUDITS, way=WAYS)
def test_a_partitioned_audit_is_the_whole_audit(
    pack: Policy,
    native: Engine,
    case: tuple[RecordSet, dt.date],
    way: tuple[list[tuple[str, int, int]], Any, str | list[int], bool],
) -> None:
    records, as_of = case
    faults, order, choice, include_pass = way
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        write_records(records, path)
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        order.shuffle(lines)
        with_faults(lines, faults)
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

        loaded = load_records([path])
        whole = native.audit(loaded, as_of=as_of, include_pass=include_pass)
        buckets, placed = placing(choice, sorted(records.customers))
        merged = audit_files(
            [path],
            pack,
            as_of=as_of,
            include_pass=include_pass,
            workers=1,
            owing=True,
            plan=Plan(buckets, lambda c: placed.get(c, buckets - 1)),
            task_records=0,
        )
    assert merged.result.to_json() == whole.to_json()
    assert list(unpaid(as_of, merged.records)) == list(unpaid(as_of, loaded.records))
