"""The HTML report at scale: its size and how long headless Chromium takes to draw it.

    python benchmarks/html_report.py RECORDS.jsonl [--runs 3] [--lang en|zh]

Audits ``RECORDS.jsonl`` as of 2026-11-26 with ``sales-policy audit --format html``
(records made by ``benchmarks/generate_records.py``), then prints the report's size and
the wall time of ``chromium --headless --screenshot`` on it (the browser started, the
page loaded, its script run, the first screen drawn and saved), beside the same for an
empty page: the browser's own start-up, which the report's time includes. Medians of
``--runs``. Needs ``chromium`` on the PATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)


def screenshot(chromium: str, page: Path, work: Path) -> float:
    """Seconds from starting the browser to the screenshot of ``page`` being saved."""
    profile = Path(tempfile.mkdtemp(dir=work))
    png = work / "shot.png"
    png.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}", page.as_uri()],
        capture_output=True,
        check=True,
        timeout=600,
    )
    took = time.perf_counter() - start
    if not png.exists():
        raise SystemExit("chromium wrote no screenshot")
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        report = work / "audit.html"
        command = [sys.executable, "-m", "sales_policy", "audit", str(args.records)]
        command += ["--as-of", "2026-11-26", "--format", "html", "--lang", args.lang]
        start = time.perf_counter()
        done = subprocess.run([*command, "--output", str(report)], capture_output=True, check=False)
        audit_seconds = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr.decode())
        empty = work / "empty.html"
        empty.write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
        page = [screenshot(chromium, report, work) for _ in range(args.runs)]
        blank = [screenshot(chromium, empty, work) for _ in range(args.runs)]
        size = report.stat().st_size
    print(f"load average       {os.getloadavg()[0]:.2f} (1 min, at the end; 2 cores)")
    print(f"records file       {args.records.name}")
    print(f"audit to html      {audit_seconds:.1f} s")
    print(f"report size        {size / 1e6:.2f} MB ({size} bytes)")
    print(f"first screen drawn {statistics.median(page):.2f} s (median of {args.runs})")
    print(f"empty page drawn   {statistics.median(blank):.2f} s (the browser's start-up)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
