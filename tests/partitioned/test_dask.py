"""The same shards audited as tasks on a Dask cluster: a ``LocalCluster`` of two worker
processes, one of them killed while it audits a shard; the result is still the whole
audit's. And ``sales-policy audit --cluster`` against the cluster's scheduler."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sales_policy.engine import Engine
from sales_policy.partitioned import audit_files
from sales_policy.policy import Policy, load_policy
from sales_policy.records import load_records

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def pack() -> Policy:
    return load_policy(ROOT / "policies" / "sales-staff")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip(
        "distributed", reason="Dask is not installed (the `dask` extra)"
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def test_a_worker_killed_mid_audit_changes_nothing(
    client: Any, pack: Policy, generated: list[Path]
) -> None:
    killed: list[tuple[int, int]] = []

    def kill_one(done: int, total: int) -> None:
        if done != 1 or killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        assert busy, "no worker is auditing a shard"
        pids = client.run(os.getpid, workers=busy[:1])
        os.kill(pids[busy[0]], signal.SIGKILL)
        killed.append((done, total))

    merged = audit_files(
        generated, pack, as_of=AS_OF, client=client, task_records=300, progress=kill_one
    )
    whole = Engine(pack).audit(load_records(generated), as_of=AS_OF)
    assert killed, "no worker was killed"
    assert killed[0][0] < killed[0][1]
    assert merged.result.to_json() == whole.to_json()


def test_the_command_audits_on_the_cluster(client: Any, generated: list[Path]) -> None:
    command = [sys.executable, "-m", "sales_policy", "audit", *map(str, generated)]
    command += ["--as-of", str(AS_OF), "--format", "markdown"]
    alone = subprocess.run([*command, "--workers", "1"], capture_output=True, check=False)
    address = client.scheduler.address
    on_cluster = subprocess.run([*command, "--cluster", address], capture_output=True, check=False)
    assert (on_cluster.returncode, on_cluster.stderr) == (alone.returncode, alone.stderr)
    assert on_cluster.stdout == alone.stdout
    assert alone.returncode == 1
