"""What a mapping adds to loading: the same activities as the interchange format's CSV;
as a CRM's CSV (Chinese headers and values, dates as ``2026/11/26 09:30``) read through
a mapping with a value map and a date format; and as the interchange CSV with Chinese
headers only, read through a mapping that renames (the mapping's own cost, nothing
parsed differently). Loaded in alternating runs, each in a fresh Python process.

    python benchmarks/mapping.py                  # 1,000,000 rows, 3 runs of each
    python benchmarks/mapping.py --rows 100000 --repeat 5

Writes the files under ``benchmarks/data/`` (deterministic), then prints a Markdown
table: rows, the median seconds of ``load_records`` for each form, and each mapped form's
ratio to the interchange form; and the machine's pace.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.run import pace

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

_TYPES = {"first_contact": "首次接触", "visit": "上门拜访", "follow_up": "电话拜访"}
_STAFF, _CUSTOMERS = 50, 5_000

MAPPING = """\
tables:
  - file: 拜访记录.csv
    collection: activities
    fields:
      id: 记录编号
      type:
        column: 类型
        values: {首次接触: first_contact, 上门拜访: visit, 电话拜访: follow_up}
      staff_id: 执行人
      at: {column: 日期时间, format: "%Y/%m/%d %H:%M"}
      customer_id: 客户编号
  - file: 改名.csv
    collection: activities
    fields: {id: 记录编号, type: 类型, staff_id: 执行人, at: 日期时间, customer_id: 客户编号}
"""

_CHILD = """
import gc, json, sys, time
from sales_policy import load_records
gc.disable()  # as the `sales-policy` program does
paths, mapping = json.loads(sys.argv[1]), sys.argv[2] or None
start = time.perf_counter()
result = load_records(paths, mapping=mapping)
seconds = time.perf_counter() - start
assert not result.rejected and len(result.records) == int(sys.argv[3]), result.rejected[:3]
print(json.dumps(seconds))
"""


def write(folder: Path, rows: int) -> None:
    """The two forms of ``rows`` activities, and the staff and customers they name."""
    folder.mkdir(parents=True, exist_ok=True)
    staff = [
        {"id": f"S{n}", "name": f"员工{n}", "role": "sales_rep", "hired_on": "2020-01-01"}
        for n in range(_STAFF)
    ]
    customers = [
        {
            "id": f"C{n}",
            "owner_id": f"S{n % _STAFF}",
            "created_on": "2020-01-01",
            "status": "active",
        }
        for n in range(_CUSTOMERS)
    ]
    (folder / "base.json").write_text(json.dumps({"staff": staff, "customers": customers}))
    (folder / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    kinds = list(_TYPES)
    with (
        open(folder / "activities.csv", "w", encoding="utf-8", newline="") as plain,
        open(folder / "拜访记录.csv", "w", encoding="utf-8", newline="") as crm,
        open(folder / "改名.csv", "w", encoding="utf-8", newline="") as renamed,
    ):
        plain_rows, crm_rows = csv.writer(plain), csv.writer(crm)
        renamed_rows = csv.writer(renamed)
        plain_rows.writerow(["id", "type", "staff_id", "at", "customer_id"])
        crm_rows.writerow(["记录编号", "类型", "执行人", "日期时间", "客户编号"])
        renamed_rows.writerow(["记录编号", "类型", "执行人", "日期时间", "客户编号"])
        for n in range(rows):
            kind = kinds[n % len(kinds)]
            day = 1 + n % 28
            month = 1 + (n // 28) % 12
            minute = n % 60
            customer = f"C{n % _CUSTOMERS}"
            staff_id = f"S{n % _STAFF}"
            iso = f"2026-{month:02d}-{day:02d}T09:{minute:02d}:00"
            plain_rows.writerow([f"A{n}", kind, staff_id, iso, customer])
            renamed_rows.writerow([f"A{n}", kind, staff_id, iso, customer])
            shown = f"2026/{month:02d}/{day:02d} 09:{minute:02d}"
            crm_rows.writerow([f"A{n}", _TYPES[kind], staff_id, shown, customer])


def _run(paths: list[str], mapping: str, records: int) -> float:
    command = [sys.executable, "-c", _CHILD, json.dumps(paths), mapping, str(records)]
    seconds: float = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = DATA / f"mapping-{args.rows}"
    if not (folder / "改名.csv").exists():
        write(folder, args.rows)
    base = str(folder / "base.json")
    records = args.rows + _STAFF + _CUSTOMERS
    mapping = str(folder / "mapping.yaml")
    plain, crm, renamed = [], [], []
    for _ in range(args.repeat):  # alternating, so drift in the machine's pace hits all
        plain.append(_run([base, str(folder / "activities.csv")], "", records))
        crm.append(_run([base, str(folder / "拜访记录.csv")], mapping, records))
        renamed.append(_run([base, str(folder / "改名.csv")], mapping, records))
    baseline = statistics.median(plain)
    print(
        "| rows | interchange CSV (s) | CRM CSV, mapped (s) | ratio"
        " | renamed CSV, mapped (s) | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.rows:,} | {baseline:.2f} | {statistics.median(crm):.2f}"
        f" | {statistics.median(crm) / baseline:.2f} | {statistics.median(renamed):.2f}"
        f" | {statistics.median(renamed) / baseline:.2f} |"
    )
    print(f"pace (a fixed loop; lower is faster): {pace():.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
