"""The audit as a whole: deterministic whatever the input order, hash seed, thread or
backend."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import sales_policy
from sales_policy.engine import Engine, audit
from sales_policy.engine.native import NativeBackend
from sales_policy.judgement.decisions import Row
from sales_policy.policy import Policy
from sales_policy.records import (
    LoadResult,
    RecordSet,
)

AS_OF = dt.date(2026, 11, 26)


def test_shuffled_records_give_byte_identical_json(pack: Policy, company: LoadResult) -> None:
    records = list(company.records)
    random.Random(7).shuffle(records)
    expected = audit(company.records, pack, as_of=AS_OF).to_json()
    assert audit(RecordSet(records), pack, as_of=AS_OF).to_json() == expected


def test_the_hash_seed_changes_nothing() -> None:
    """Run with the caller's environment (``PYTHONPATH`` included), so the child audits
    with the very package under test, not whatever else is installed."""
    script = (
        "import datetime as dt, sys\n"
        "import sales_policy\n"
        "from sales_policy import load_records\n"
        "from sales_policy.policy import load_policy\n"
        "from sales_policy.engine import audit\n"
        "r = load_records(['examples/company'])\n"
        "p = load_policy('policies/sales-staff')\n"
        "sys.stdout.write(sales_policy.__file__ + '\\n')\n"
        "sys.stdout.write(audit(r, p, as_of=dt.date(2026, 11, 26)).to_json())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=_root(),
        ).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1
    (output,) = outputs
    assert output.split("\n", 1)[0] == sales_policy.__file__


def _root() -> str:
    return str(Path(__file__).resolve().parents[2])


def test_eight_threads_sharing_one_engine_agree(pack: Policy, company: LoadResult) -> None:
    engine = Engine(pack)
    expected = engine.audit(company, as_of=AS_OF).to_json()
    results: list[str] = []

    def run() -> None:
        results.append(engine.audit(company, as_of=AS_OF).to_json())

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


def test_native_calls_run_side_by_side(pack: Policy, company: LoadResult) -> None:
    """Two threads classify at the same moment: the engine serialises no native call (a
    lock around the backend would leave one waiting at the barrier until it broke)."""
    engine = Engine(pack)
    assert isinstance(engine.backend, NativeBackend)
    barrier = threading.Barrier(2, timeout=10)
    classify = engine.backend.classify
    met: set[int] = set()

    def meet_then_classify(facts: Sequence[dict[str, int]]) -> list[Row]:
        if threading.get_ident() not in met:  # each thread's first call waits for the other
            met.add(threading.get_ident())
            barrier.wait()
        return classify(facts)

    engine.backend.classify = meet_then_classify  # type: ignore[method-assign]
    errors: list[BaseException] = []

    def run() -> None:
        try:
            engine.audit(company, as_of=AS_OF)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(met) == 2


def test_the_future_is_invisible(pack: Policy, company: LoadResult) -> None:
    early = dt.date(2026, 6, 30)
    visible = [r for r in company.records if _dated_on_or_before(r, early)]
    assert (
        audit(company.records, pack, as_of=early).findings
        == audit(RecordSet(visible), pack, as_of=early).findings
    )


def _dated_on_or_before(record: object, day: dt.date) -> bool:
    for field in ("at", "submitted_on"):
        value = getattr(record, field, None)
        if value is not None:
            return bool(value <= day)
    return True


def test_findings_are_sorted_and_json_matches_the_format(pack: Policy, company: LoadResult) -> None:
    result = audit(company, pack, as_of=AS_OF)
    keys = [f.key for f in result.findings]
    assert keys == sorted(keys)
    data = json.loads(result.to_json())
    assert data["format"] == "sales-policy/audit-result@1"
    assert set(data) >= {
        "policy",
        "as_of",
        "period_start",
        "time_zone",
        "records",
        "summary",
        "findings",
        "rejected",
        "warnings",
        "file_errors",
    }
    finding = data["findings"][0]
    assert set(finding) >= {
        "rule",
        "clause",
        "status",
        "severity",
        "subject",
        "part",
        "owner",
        "message",
        "evidence",
        "action",
        "waiver",
    }
    assert data["summary"]["violation"] == sum(
        1 for f in data["findings"] if f["status"] == "violation"
    )


def test_results_as_data_are_exactly_the_json(pack: Policy, company: LoadResult) -> None:
    """``to_data()`` is what a parser of the JSON result gets: dates as ISO strings,
    decimals as strings, lists for tuples, for the result and for each finding."""
    for include_pass in (False, True):
        result = Engine(pack).audit(company, as_of=AS_OF, include_pass=include_pass)
        parsed = json.loads(result.to_json())
        assert result.to_data() == parsed
        assert [f.to_data() for f in result.findings] == parsed["findings"]
    assert any(isinstance(v, str) for f in parsed["findings"] for v in f["evidence"].values())


_OPTIMISED = """
import datetime as dt
from sales_policy import Engine, load_policy
engine = Engine(load_policy("policies/sales-staff"))
try:
    engine.audit([], as_of=dt.date(2026, 11, 26))
except TypeError as error:
    print(error)
"""


def test_wrong_records_raise_a_type_error_even_under_optimisation() -> None:
    """A check of a public argument, not an ``assert`` (``python -O`` drops those)."""
    done = subprocess.run(
        [sys.executable, "-O", "-c", _OPTIMISED],
        capture_output=True,
        text=True,
        check=True,
        cwd=_root(),
    )
    assert done.stdout == "records must be a RecordSet or a LoadResult, not list\n"
