"""The benchmark: ``sales_policy.load_records`` on a generated JSON Lines file, and with
``--audit BACKEND`` the whole audit (load, audit with the shipped pack, JSON result).

    python benchmarks/run.py                     # 1,000,000 records (make bench)
    python benchmarks/run.py --records 100000 --repeat 3
    python benchmarks/run.py --records 100000 --profile 15
    python benchmarks/run.py --audit native      # end to end, as `sales-policy audit`

Generates ``benchmarks/data/records-<N>-seed<S>.jsonl`` with
``benchmarks/generate_records.py`` unless it is there already, then loads it in a
fresh Python process per run, so each run starts cold and its peak memory
(``getrusage(RUSAGE_SELF).ru_maxrss`` of that process) is its own. Prints a
Markdown table: records, seconds of ``load_records`` (the median of the runs, and
the best), records per second (at the median), and the peak resident memory of
the process in MiB (the largest of the runs; it includes the interpreter and the
imported packages, shown on their own in the last column). ``--profile`` instead runs the load once
under cProfile and prints the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GENERATOR = HERE / "generate_records.py"

HEADER = (
    "| records | seconds (median) | best (s) | records/s | peak RSS (MiB) | after import (MiB) |\n"
    "|---:|---:|---:|---:|---:|---:|"
)

_CHILD = """
import datetime, gc, json, os, resource, sys, time
import sales_policy
from sales_policy import load_records
from sales_policy.engine import Engine
from sales_policy.policy import load_policy
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
gc.disable()  # as the `sales-policy` program does: the collector paused to the end
start = time.perf_counter()
result = load_records([sys.argv[1]])
seconds = time.perf_counter() - start
audit_seconds = json_seconds = 0.0
findings = 0
if sys.argv[2] != "-":
    begun = time.perf_counter()
    engine = Engine(load_policy(sys.argv[3]), sys.argv[2])
    audited = engine.audit(result, as_of=datetime.date(2026, 11, 26))
    audit_seconds = time.perf_counter() - begun
    begun = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        audited.write_json(sink)
    findings = len(audited.findings)
    json_seconds = time.perf_counter() - begun
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "seconds": seconds, "audit_seconds": audit_seconds, "json_seconds": json_seconds,
    "findings": findings, "read": result.read, "loaded": len(result.records),
    "rejected": len(result.rejected), "warnings": len(result.warnings),
    "file_errors": len(result.file_errors), "peak_kib": peak, "baseline_kib": baseline,
    "package": sales_policy.__file__,
}))
"""
"""Runs in the child: one load, measured; ``ru_maxrss`` is in KiB on Linux."""

_PROFILE = """
import cProfile, pstats, sys
from sales_policy import load_records
profile = cProfile.Profile()
profile.runcall(load_records, [sys.argv[1]])
pstats.Stats(profile).sort_stats("cumulative").print_stats(int(sys.argv[2]))
"""


def data_file(records: int, seed: int) -> Path:
    """The generated file for ``records`` and ``seed``, made first if missing."""
    path = DATA / f"records-{records}-seed{seed}.jsonl"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        print(f"generating {path.relative_to(HERE.parent)} ...", file=sys.stderr)
        command = [sys.executable, str(GENERATOR), str(partial)]
        command += ["--records", str(records), "--seed", str(seed), "--quiet"]
        subprocess.run(command, check=True)
        os.replace(partial, path)
    return path


PACK = HERE.parent / "policies" / "sales-staff"
AUDIT_HEADER = (
    "| records | backend | load (s) | audit (s) | JSON (s) | `sales-policy audit` (s) "
    "| records/s | findings | peak RSS (MiB) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|"
)


def pace() -> float:
    """Seconds this machine takes for a fixed loop of plain Python, just now: on a shared
    virtual machine it varies by half from minute to minute, and so does every run."""
    begun = time.perf_counter()
    table: dict[int, str] = {}
    for number in range(3_000_000):
        table[number % 1000] = str(number)
    return time.perf_counter() - begun


def measure(path: Path, backend: str = "-") -> dict[str, Any]:
    """One load (and audit) of ``path`` in a fresh interpreter: timing, counts, memory."""
    command = [sys.executable, "-c", _CHILD, str(path), backend, str(PACK)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    measured: dict[str, Any] = json.loads(done.stdout)
    return measured


def measure_command(path: Path, backend: str) -> tuple[float, float]:
    """``sales-policy audit`` itself on ``path``, JSON to /dev/null: the wall-clock seconds
    from start to exit (interpreter, imports and all) and the process's peak RSS in MiB."""
    command = [sys.executable, "-m", "sales_policy", "audit", str(path), "--policy", str(PACK)]
    command += ["--engine", backend, "--as-of", "2026-11-26", "--format", "json"]
    command += ["--output", os.devnull]
    begun = time.perf_counter()
    with subprocess.Popen(command, stderr=subprocess.PIPE) as child:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - begun
        errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode not in (0, 1):  # 1: the audit found violations, as it should
        raise RuntimeError(f"sales-policy audit failed ({child.returncode}): {errors}")
    return seconds, usage.ru_maxrss / 1024


def row(records: int, runs: list[dict[str, Any]]) -> str:
    """The table row: median and best time, the rate at the median, the largest peak."""
    seconds = statistics.median(run["seconds"] for run in runs)
    best = min(run["seconds"] for run in runs)
    peak = max(run["peak_kib"] for run in runs) / 1024
    baseline = max(run["baseline_kib"] for run in runs) / 1024
    rate = records / seconds
    cells = [f"{records:,}", f"{seconds:.1f}", f"{best:.1f}", f"{rate:,.0f}"]
    cells += [f"{peak:,.0f}", f"{baseline:,.0f}"]
    return "| " + " | ".join(cells) + " |"


def audit_row(records: int, backend: str, run: dict[str, Any]) -> str:
    """The end-to-end table row of one run: the phases as measured inside one process,
    then the command's own wall-clock time and peak memory, start to exit."""
    total = run["command_seconds"]
    cells = [
        f"{records:,}",
        backend,
        f"{run['seconds']:.1f}",
        f"{run['audit_seconds']:.1f}",
        f"{run['json_seconds']:.1f}",
        f"{total:.1f}",
        f"{records / total:,.0f}",
        f"{run['findings']:,}",
        f"{max(run['peak_kib'] / 1024, run['command_mib']):,.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records", type=int, default=1_000_000, help="records to load (default 1000000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs, each in a fresh process (default 1)"
    )
    parser.add_argument("--no-header", action="store_true", help="print the table row only")
    parser.add_argument(
        "--audit",
        choices=["native", "durable"],
        help="also audit with this backend and write the JSON result",
    )
    parser.add_argument(
        "--profile", type=int, metavar="TOP", help="profile one load; print the TOP functions"
    )
    args = parser.parse_args(argv)
    if args.records < 1 or args.repeat < 1:
        parser.error("--records and --repeat must be at least 1")
    path = data_file(args.records, args.seed)
    if args.profile is not None:
        command = [sys.executable, "-c", _PROFILE, str(path), str(args.profile)]
        return subprocess.run(command, check=False).returncode
    if args.audit is not None:
        print(f"pace (a fixed loop; lower is faster): {pace():.2f} s", file=sys.stderr)
        run = measure(path, args.audit)
        run["command_seconds"], run["command_mib"] = measure_command(path, args.audit)
        if not args.no_header:
            print(AUDIT_HEADER)
        print(audit_row(args.records, args.audit, run))
        return 0
    runs: list[dict[str, Any]] = []
    for number in range(1, args.repeat + 1):
        load_before = os.getloadavg()[0]  # other work on the machine skews the timing
        speed = pace()
        run = measure(path)
        print(
            f"run {number}/{args.repeat}: {run['seconds']:.2f} s, {run['loaded']:,} loaded,"
            f" {run['rejected']:,} rejected, peak {run['peak_kib'] / 1024:,.0f} MiB"
            f" (load average before: {load_before:.2f}; pace {speed:.2f} s)",
            file=sys.stderr,
        )
        if run["read"] != args.records or run["rejected"] or run["warnings"] or run["file_errors"]:
            print(f"warning: expected {args.records:,} clean records, got {run}", file=sys.stderr)
        if not runs:
            print(f"measuring {run['package']}", file=sys.stderr)
        runs.append(run)
    if not args.no_header:
        print(HEADER)
    print(row(args.records, runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
