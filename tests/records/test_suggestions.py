"""An unknown field is suggested a known one only when the record does not already have
it: `lf_type` beside a `type` is not a misspelt `type`."""

from __future__ import annotations

import json
from pathlib import Path

from sales_policy.records import load_records

VISIT = {"id": "A1", "type": "visit", "staff_id": "S1", "at": "2026-02-10", "customer_id": "C1"}
BASE = {
    "staff": [{"id": "S1", "name": "Li Lei", "role": "sales_rep", "hired_on": "2026-01-05"}],
    "customers": [{"id": "C1", "owner_id": "S1", "created_on": "2026-02-01", "status": "active"}],
}


def _warnings(tmp_path: Path, activity: dict[str, object]) -> list[str]:
    path = tmp_path / "records.json"
    path.write_text(json.dumps({**BASE, "activities": [activity]}), encoding="utf-8")
    loaded = load_records([path])
    assert len(loaded.records) == 3
    return [w.message for w in loaded.warnings]


def test_a_field_beside_the_one_it_resembles_gets_no_suggestion(tmp_path: Path) -> None:
    assert _warnings(tmp_path, {**VISIT, "lf_type": "x"}) == ["unknown field `lf_type`"]


def test_a_misspelt_field_still_gets_its_suggestion(tmp_path: Path) -> None:
    assert _warnings(tmp_path, {**VISIT, "staf_id": "S1"}) == ["unknown field `staf_id`"]
    assert _warnings(tmp_path, {**VISIT, "feedbak": "x"}) == [
        "unknown field `feedbak`, did you mean `feedback`?"
    ]
