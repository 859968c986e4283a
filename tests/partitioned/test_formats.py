"""Files of every format split as JSON Lines are: the example company (YAML, one file per
collection, so that activities are read before the contracts they are about), with bad
records in a YAML, a JSON and a CSV file, whose fields are located by reading the file
again in the task that rejects them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sales_policy.engine import Engine
from sales_policy.partitioned import Plan, audit_files
from sales_policy.policy import load_policy
from sales_policy.records import load_records

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)
BAD_YAML = """\
contracts:
  - id: BAD-K1
    customer_id: C-NOWHERE
    owner_id: S001
    status: draft
    amount: 10
customers:
  - id: BAD-C1
    owner_id: S001
    created_on: 2025-02-30
"""
BAD_JSON = '{"receivables": [{"id": "BAD-R1", "contract_id": "BAD-K1", "amount_due": "5",\n'
BAD_JSON += '  "due_on": "2026-01-01"}]}\n'
BAD_CSV = "id,name,role,hired_on\nBAD-S1,Nobody,sales_rep,2025-13-01\n"


def test_every_format_gives_the_whole_audit(tmp_path: Path) -> None:
    folder = tmp_path / "company"
    shutil.copytree(ROOT / "examples" / "company", folder)
    (folder / "zz-bad.yaml").write_text(BAD_YAML, encoding="utf-8")
    (folder / "zz-bad.json").write_text(BAD_JSON, encoding="utf-8")
    (folder / "staff-bad.csv").write_text(BAD_CSV, encoding="utf-8")
    pack = load_policy(ROOT / "policies" / "sales-staff")
    loaded = load_records([folder])
    whole = Engine(pack).audit(loaded, as_of=AS_OF)
    assert {r.code for r in loaded.rejected} >= {"dangling-reference", "invalid-date"}
    for buckets in (1, 7, 64):
        merged = audit_files([folder], pack, as_of=AS_OF, workers=1, plan=Plan(buckets))
        assert merged.result.to_json() == whole.to_json()
