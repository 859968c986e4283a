"""The partitioned audit's benchmark: ``sales-policy audit`` end to end on a generated JSON
Lines file with ``--workers N``, or with ``--cluster`` against a Dask ``LocalCluster`` of
``N`` worker processes started here; time and memory summed over all processes.

    python benchmarks/partitioned.py --records 1000000 --workers 1 2
    python benchmarks/partitioned.py --records 1000000 --workers 2 --where cluster
    python benchmarks/partitioned.py --records 1000000 --alternate 5   # 2 vs 1 workers

Each run is the command itself, ``python -m sales_policy audit FILE --as-of 2026-11-26
--format json --output /dev/null``, timed from start to exit (interpreter, imports,
splitting, worker start-up and all; a cluster is started before the clock starts). Its
memory is sampled every 50 ms over the command and all its processes (and, for a
cluster, the scheduler's process and the workers): the **peak of the sum** of their
resident memory at one moment, and the **sum of the peaks** each process reached
(``VmHWM``, an upper bound). With ``--workers 1`` the command loads everything in one
process, as it did before partitioned audits. The processor time (from ``wait4``)
includes the command's worker processes; a cluster's workers are not its children and
are not counted there. Needs psutil (with the ``dask`` extra).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.run import PACK, data_file, pace  # noqa: E402

HEADER = (
    "| records | workers | where | pace (s) | seconds | processor (s) | peak of the sum (MiB) "
    "| sum of the peaks (MiB) |\n|---:|---:|---|---:|---:|---:|---:|---:|"
)


class _Sampler(threading.Thread):
    """Samples the resident memory of a process tree until stopped."""

    def __init__(self, roots: list[psutil.Process]) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.peak_sum = 0
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            time.sleep(0.05)

    def sample(self) -> None:
        found: dict[int, psutil.Process] = {}
        for root in self.roots:
            try:
                for process in [root, *root.children(recursive=True)]:
                    found[process.pid] = process
            except psutil.Error:
                continue
        total = 0
        for pid, process in found.items():
            try:
                total += process.memory_info().rss
                self.peaks[pid] = max(self.peaks.get(pid, 0), _high_water(pid))
            except (psutil.Error, OSError):
                continue
        self.peak_sum = max(self.peak_sum, total)


def _high_water(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def run_audit(path: Path, workers: int, cluster: Any = None) -> dict[str, float]:
    """One command run: seconds, and memory in MiB."""
    command = [sys.executable, "-m", "sales_policy", "audit", str(path), "--policy", str(PACK)]
    command += ["--as-of", "2026-11-26", "--format", "json", "--output", os.devnull]
    command += ["--cluster", cluster.scheduler_address] if cluster else ["--workers", str(workers)]
    roots = [psutil.Process()] if cluster else []
    begun = time.perf_counter()
    with subprocess.Popen(command, stderr=subprocess.PIPE) as child:
        sampler = _Sampler([psutil.Process(child.pid), *roots])
        sampler.start()
        errors = child.stderr.read().decode() if child.stderr else ""
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - begun
        sampler.done.set()
        sampler.join()
    if child.returncode not in (0, 1):  # 1: the audit found violations, as it should
        raise RuntimeError(f"sales-policy audit failed ({child.returncode}): {errors}")
    mib = 1024 * 1024
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_sum": sampler.peak_sum / mib,
        "sum_of_peaks": sum(sampler.peaks.values()) / mib,
    }


def _cluster(workers: int) -> AbstractContextManager[Any]:
    from distributed import LocalCluster  # noqa: PLC0415 - the dask extra

    return LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )


def row(records: int, workers: int, where: str, speed: float, runs: list[dict[str, float]]) -> str:
    seconds = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    peak_sum = max(r["peak_sum"] for r in runs)
    sum_of_peaks = max(r["sum_of_peaks"] for r in runs)
    return (
        f"| {records:,} | {workers} | {where} | {speed:.2f} | {seconds:.1f} | {cpu:.1f} "
        f"| {peak_sum:,.0f} | {sum_of_peaks:,.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--where", choices=["local", "cluster"], default="local")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--alternate",
        type=int,
        default=0,
        metavar="K",
        help="K pairs of runs, --workers 2 and --workers 1 in turn: each pair's ratio",
    )
    parser.add_argument("--no-header", action="store_true")
    options = parser.parse_args(argv)
    path = data_file(options.records, options.seed)
    if options.alternate:
        ratios = []
        for pair in range(options.alternate):
            order = (2, 1) if pair % 2 == 0 else (1, 2)
            pairs = {workers: run_audit(path, workers) for workers in order}
            timed = {workers: run["seconds"] for workers, run in pairs.items()}
            ratios.append(timed[2] / timed[1])
            print(
                f"pair {pair + 1}: --workers 2 {timed[2]:.1f} s ({pairs[2]['cpu']:.1f} s of"
                f" processor), --workers 1 {timed[1]:.1f} s ({pairs[1]['cpu']:.1f} s),"
                f" ratio {ratios[-1]:.2f} (pace {pace():.2f} s, load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        print(f"median ratio {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
        return 0
    if not options.no_header:
        print(HEADER)
    for workers in options.workers:
        speed = pace()
        context = _cluster(workers) if options.where == "cluster" else nullcontext(None)
        with context as cluster:
            runs = [run_audit(path, workers, cluster) for _ in range(options.repeat)]
        print(row(options.records, workers, options.where, speed, runs), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
