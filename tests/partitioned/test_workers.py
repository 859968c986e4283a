"""Worker processes on this machine: a worker that dies mid-audit has its shards audited
again by new ones, and the result is still the whole audit's; progress counts shards."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
from pathlib import Path

from sales_policy.engine import Engine
from sales_policy.partitioned import audit_files
from sales_policy.policy import load_policy
from sales_policy.records import load_records

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)


def test_a_worker_killed_mid_audit_changes_nothing(generated: list[Path]) -> None:
    pack = load_policy(ROOT / "policies" / "sales-staff")
    told: list[tuple[int, int]] = []

    def kill_one(done: int, total: int) -> None:
        told.append((done, total))
        if done == 1:
            worker = multiprocessing.active_children()[0]
            assert worker.pid is not None
            os.kill(worker.pid, signal.SIGKILL)

    merged = audit_files(
        generated, pack, as_of=AS_OF, workers=2, task_records=300, progress=kill_one
    )
    whole = Engine(pack).audit(load_records(generated), as_of=AS_OF)
    assert merged.result.to_json() == whole.to_json()
    total = told[0][1]
    assert told[0] == (0, total)
    assert told[-1] == (total, total)
    assert total > 3
