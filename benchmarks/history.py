"""Benchmark of the store and of diffs on the 1,000,000-record file (about 70,000
findings): storing one audit's run, and comparing two audits a month apart.

    python benchmarks/history.py [--records N] [--repeat K] [--store URL]

First makes (unless there) the generated file and the JSON results of its audits as
of 2026-10-26 and 2026-11-26 in ``benchmarks/data``. Then, each in a fresh process:

- **store**: the records loaded and the 2026-11-26 result read, then timed:
  ``open_store`` and ``store.save(result, records)`` into an empty store (a new SQLite
  file, or a fresh database on the PostgreSQL server ``--store`` names), digest of the
  records included; peak RSS of the process.
- **diff**: the command ``sales-policy diff OCT.json NOV.json --format json --output
  /dev/null``, start to exit, with its peak RSS from ``wait4``.
- **diff of stored runs**: ``sales-policy diff --store S --last`` on a store holding both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.run import data_file, pace  # noqa: E402

DATES = ("2026-10-26", "2026-11-26")
_SAVE = """
import json, resource, sys, time
from sales_policy import load_records
from sales_policy.history import open_store, read_result
loaded = load_records([sys.argv[1]])
result = read_result(sys.argv[2])
begun = time.perf_counter()
with open_store(sys.argv[3]) as store:
    saved = store.save(result, loaded.records)
seconds = time.perf_counter() - begun
print(json.dumps({"seconds": seconds, "run": saved.run, "findings": len(result.findings),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def result_file(records: Path, day: str) -> Path:
    path = records.with_name(f"{records.stem}-result-{day}.json")
    if not path.exists():
        command = [sys.executable, "-m", "sales_policy", "audit", str(records), "--as-of", day]
        command += ["--format", "json", "--output", str(path)]
        subprocess.run(command, check=False)  # exit 1: violations found, as they should be
    return path


def timed(command: list[str]) -> tuple[float, float]:
    begun = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as child:
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - begun
        errors = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{command[3]} failed: {errors}")
    return seconds, usage.ru_maxrss / 1024


def save(records: Path, result: Path, url: str) -> dict[str, Any]:
    command = [sys.executable, "-c", _SAVE, str(records), str(result), url]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    measured: dict[str, Any] = json.loads(done.stdout)
    return measured


def fresh_store(server: str | None, folder: str) -> str:
    if server is None:
        return str(Path(folder) / f"{uuid.uuid4().hex}.db")
    from sqlalchemy import create_engine, text  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    address = make_url(server).set(drivername="postgresql+psycopg")
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(address, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return address.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", default=None, help="a PostgreSQL server URL (else SQLite)")
    options = parser.parse_args()
    records = data_file(options.records, 1)
    old, new = (result_file(records, day) for day in DATES)
    print(f"pace (a fixed loop; lower is faster): {pace():.2f} s", file=sys.stderr)
    stores, diffs, stored_diffs = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(options.repeat):
            url = fresh_store(options.store, folder)
            stores.append(save(records, new, url))
            save(records, old, url)
            diffs.append(
                timed(
                    [
                        sys.executable,
                        "-m",
                        "sales_policy",
                        "diff",
                        str(old),
                        str(new),
                        "--format",
                        "json",
                        "--output",
                        os.devnull,
                    ]
                )
            )
            stored_diffs.append(
                timed(
                    [
                        sys.executable,
                        "-m",
                        "sales_policy",
                        "diff",
                        "--store",
                        url,
                        "--last",
                        "--format",
                        "json",
                        "--output",
                        os.devnull,
                    ]
                )
            )
    kind = "PostgreSQL" if options.store else "SQLite"
    print(
        f"| step ({kind}, {options.records:,} records, {stores[0]['findings']:,} findings) "
        "| median (s) | best (s) | peak RSS (MiB) |\n|---|---:|---:|---:|"
    )
    rows = (
        (
            "store one run (`open_store` + `save`)",
            [s["seconds"] for s in stores],
            max(s["peak_mib"] for s in stores),
        ),
        ("`sales-policy diff OLD.json NEW.json`", [d[0] for d in diffs], max(d[1] for d in diffs)),
        (
            "`sales-policy diff --store S --last`",
            [d[0] for d in stored_diffs],
            max(d[1] for d in stored_diffs),
        ),
    )
    for name, seconds, peak in rows:
        print(f"| {name} | {statistics.median(seconds):.1f} | {min(seconds):.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
