"""The partitioned audit: split the record files into shards in one pass, audit the shards
in worker processes (here, or as tasks on a Dask cluster), merge the partial results.

The result is the whole audit's, byte for byte in every format: the single-process
audit is the one-partition case of the same plan.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sales_policy.engine import BackendName, audit_period
from sales_policy.partitioned import task as tasks
from sales_policy.partitioned.merge import Merged, merge
from sales_policy.partitioned.plan import SHARED_COLLECTIONS, Plan
from sales_policy.partitioned.shards import split
from sales_policy.policy import Policy
from sales_policy.policy.vocabulary import base
from sales_policy.records.models import KIND_TO_COLLECTION
from sales_policy.records.raw import DEFAULT_MAX_SIZE
from sales_policy.records.values import check_time_zone

Progress = Callable[[int, int], None]
"""Told ``(shards done, shards)`` as each shard's audit is done (and once before any)."""
TASK_RECORDS = 200_000
"""The most records one task loads at once (unless one customer has more): what bounds a
worker's memory, whatever the input's size."""
ATTEMPTS = 3
"""Times a task runs at most when the worker running it dies."""


class PartitionError(RuntimeError):
    """The partitioned audit could not finish: a task's worker died ``ATTEMPTS`` times."""


def audit_files(
    paths: Iterable[str | os.PathLike[str]],
    policy: Policy,
    *,
    as_of: dt.date,
    period_start: dt.date | None = None,
    include_pass: bool = False,
    retroactive: bool = False,
    engine: BackendName = "native",
    workers: int | None = None,
    client: Any = None,
    max_size: int = DEFAULT_MAX_SIZE,
    folder: str | os.PathLike[str] | None = None,
    owing: bool = False,
    progress: Progress | None = None,
    pause_collector: bool = False,
    plan: Plan | None = None,
    task_records: int | None = None,
) -> Merged:
    """Audit the record files as ``load_records`` and ``Engine.audit`` would, partitioned.

    ``workers`` processes on this machine (by default one per core; 1 audits the shards
    one after the other in this process), or the workers of a Dask cluster (``client``,
    a ``distributed.Client``). Shards are written under ``folder`` (by default the
    temporary folder), which a cluster's workers must read at the same path, as they
    must read the record files (to locate a rejected record's fields); they are removed
    at the end. Local worker processes, the audit's own, run with the cyclic garbage
    collector paused (``bulk.paused_gc``); ``pause_collector`` pauses it for each task
    here or on a cluster too. ``plan`` places the customers in partitions and
    ``task_records`` bounds a task's records (0: a task per partition): their defaults
    serve every input."""
    check_time_zone(policy.time_zone)
    start, before_policy = audit_period(policy, as_of, period_start, retroactive)
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    pool = _pool(workers) if client is None and workers > 1 else None
    try:
        with tempfile.TemporaryDirectory(prefix="sales-policy-shards-", dir=folder) as shards:
            made = split(
                paths,
                shards,
                plan=plan or Plan(),
                context=_context(policy),
                max_size=max_size,
                most=TASK_RECORDS if task_records is None else task_records,
                parts=workers if client is None else 2 * _cluster_size(client),
            )

            def of(files: Sequence[str], context: str | None) -> tasks.Task:
                return tasks.Task(
                    policy,
                    engine,
                    as_of,
                    start,
                    include_pass,
                    retroactive,
                    max_size,
                    made.sources,
                    tuple(files),
                    context,
                    owing,
                    paused=pause_collector or pool is not None,
                )

            work = [of((made.shared,), None), *(of(files, made.context) for files in made.tasks)]
            if progress is not None:
                progress(0, len(work))
            if client is not None:
                partials = _on_cluster(client, work, progress)
            elif pool is not None:
                partials = _in_processes(pool, workers, work, progress)
            else:
                partials = _here(work, progress)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return merge(
        partials[0],
        partials[1:],
        policy=policy,
        as_of=as_of,
        period_start=start,
        retroactive=before_policy,
        file_errors=made.file_errors,
    )


def _context(policy: Policy) -> frozenset[str]:
    """The shared collections a customer's rules read: the staff, and the records that
    complete a duty about a customer, contract, receivable or activity."""
    wanted = {"staff"}
    for rule in policy.rules:
        done = rule.duty.done if rule.duty is not None else None
        if done is not None and done.record is not None and base(rule.subject) != "staff":
            wanted.add(KIND_TO_COLLECTION[done.record])
    return frozenset(wanted & SHARED_COLLECTIONS)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes, started now so that they import while the input is split. Each
    starts afresh (``spawn``): the program's threads and paused collector stay behind."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def _ready() -> None:
    """Nothing: the worker has imported the package to run it."""


def _here(work: Sequence[tasks.Task], progress: Progress | None) -> list[tasks.Partial]:
    done = []
    for item in work:
        done.append(tasks.run(item))
        if progress is not None:
            progress(len(done), len(work))
    return done


def _in_processes(
    pool: ProcessPoolExecutor, workers: int, work: Sequence[tasks.Task], progress: Progress | None
) -> list[tasks.Partial]:
    """Each task in a worker process; the tasks of a worker that died run again in new
    processes (a task gives the same result whenever it runs)."""
    results: dict[int, tasks.Partial] = {}
    spare: ProcessPoolExecutor | None = None
    try:
        for attempt in range(1, ATTEMPTS + 1):
            running: dict[Future[tasks.Partial], int] = {
                pool.submit(tasks.run, work[i]): i for i in range(len(work)) if i not in results
            }
            try:
                for future in as_completed(running):
                    results[running[future]] = future.result()
                    if progress is not None:
                        progress(len(results), len(work))
                break
            except BrokenProcessPool as error:
                pool.shutdown(cancel_futures=True)
                if attempt == ATTEMPTS:
                    raise PartitionError(
                        f"a worker process died {ATTEMPTS} times while auditing the shards"
                    ) from error
                pool = spare = _pool(workers)
    finally:
        if spare is not None:
            spare.shutdown(cancel_futures=True)
    return [results[i] for i in range(len(work))]


def _cluster_size(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def _on_cluster(
    client: Any, work: Sequence[tasks.Task], progress: Progress | None
) -> list[tasks.Partial]:
    """Each task on the cluster; the scheduler runs again the task of a worker that dies
    (up to ``ATTEMPTS`` workers' deaths)."""
    from distributed import as_completed as completed  # noqa: PLC0415 - the optional extra

    futures = [client.submit(tasks.run, item, pure=False, retries=ATTEMPTS - 1) for item in work]
    index = {future.key: i for i, future in enumerate(futures)}
    results: dict[int, tasks.Partial] = {}
    for future in completed(futures):  # type: ignore[no-untyped-call]
        results[index[future.key]] = future.result()
        if progress is not None:
            progress(len(results), len(work))
    return [results[i] for i in range(len(work))]
