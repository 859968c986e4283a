"""Size limits: one JSON Lines line, one CSV line, one YAML or JSON document longer than
``max_size`` is refused (``too-large``), located, without being read whole; the rest of
the file loads where the format allows, and the limit is raised by an option."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sales_policy.cli import cli
from sales_policy.records import LoadResult, load_records
from sales_policy.records.raw import DEFAULT_MAX_SIZE

LIMIT = 1000
STAFF = {"id": "S1", "name": "Li Lei", "role": "sales_rep", "hired_on": "2026-01-05"}
LONG = "x" * 5000


def _staff(number: int, **changes: object) -> dict[str, object]:
    return {**STAFF, "id": f"S{number}", **changes}


def _json_line(record: dict[str, object]) -> str:
    return json.dumps({"kind": "staff", **record}) + "\n"


def _load(path: Path, text: str, max_size: int = LIMIT) -> LoadResult:
    path.write_text(text, encoding="utf-8")
    return load_records([path], max_size=max_size)


def _seen(result: LoadResult) -> list[tuple[object, ...]]:
    return [
        *((r.line, r.column, r.code, r.id, r.field) for r in result.rejected),
        *((e.line, e.column, e.code) for e in result.file_errors),
    ]


def test_a_json_lines_line_over_the_limit_is_rejected_and_the_rest_loads(tmp_path: Path) -> None:
    text = (
        _json_line(_staff(1))
        + _json_line(_staff(2, name=LONG))
        + _json_line(_staff(3, hired_on="2026-13-01"))  # located after the long line
        + _json_line(_staff(4))
    )
    result = _load(tmp_path / "staff.jsonl", text)
    assert _seen(result) == [
        (2, 1, "too-large", None, None),
        (3, 70, "invalid-date", "S3", "hired_on"),
    ]
    assert sorted(result.records.staff) == ["S1", "S4"]
    assert "longer than the limit of 1,000 bytes" in result.rejected[0].error
    assert len(result.records) + len(result.rejected) == result.read


def test_a_json_lines_line_at_the_limit_loads(tmp_path: Path) -> None:
    line = _json_line(_staff(1))
    result = _load(tmp_path / "staff.jsonl", line + line.replace("S1", "S2"), len(line) - 1)
    assert _seen(result) == []
    assert len(result.records) == 2


def test_a_csv_line_over_the_limit_rejects_its_row_and_the_rest_loads(tmp_path: Path) -> None:
    rows = [
        "id,name,role,hired_on",
        "S1,Li Lei,sales_rep,2026-01-05",
        f"S2,{LONG},sales_rep,2026-01-05",
        'S3,"Han\nMeimei",sales_rep,2026-01-05',
        "S4,Wang Fang,sales_rep,2026-13-01",
    ]
    result = _load(tmp_path / "staff.csv", "\n".join(rows) + "\n")
    assert _seen(result) == [
        (3, 1, "too-large", None, None),
        (6, 4, "invalid-date", "S4", "hired_on"),
    ]
    assert sorted(result.records.staff) == ["S1", "S3"]


def test_a_csv_header_over_the_limit_is_an_error_of_the_file(tmp_path: Path) -> None:
    result = _load(tmp_path / "staff.csv", f"id,{LONG}\nS1,Li Lei\n")
    assert _seen(result) == [(1, None, "too-large")]
    assert result.read == 0


def test_a_yaml_document_over_the_limit_is_an_error_at_its_start(tmp_path: Path) -> None:
    first, second = json.dumps(_staff(1)), json.dumps(_staff(2, name=LONG))
    text = f"staff:\n  - {first}\n---\nstaff:\n  - {second}\n"
    result = _load(tmp_path / "staff.yaml", text)
    assert _seen(result) == [(3, 1, "too-large")]
    assert "YAML document starting here is longer than the limit" in result.file_errors[0].message


def test_a_json_document_over_the_limit_is_an_error_of_the_file(tmp_path: Path) -> None:
    result = _load(tmp_path / "staff.json", json.dumps({"staff": [_staff(1, name=LONG)]}))
    assert _seen(result) == [(1, 1, "too-large")]


def test_documents_within_the_limit_load(tmp_path: Path) -> None:
    document = {"staff": [_staff(1)]}
    assert len(_load(tmp_path / "a.json", json.dumps(document)).records) == 1
    assert len(_load(tmp_path / "a.yaml", json.dumps(document)).records) == 1


WRITERS: dict[str, Callable[[str], str]] = {
    ".jsonl": lambda long: _json_line(_staff(1, name=long)),
    ".csv": lambda long: f"id,name,role,hired_on\nS1,{long},sales_rep,2026-01-05\n",
    ".yaml": lambda long: f"staff:\n  - {{id: S1, name: {long}}}\n",
    ".json": lambda long: json.dumps({"staff": [_staff(1, name=long)]}),
}


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_text_over_the_limit_is_never_read_whole(tmp_path: Path, suffix: str) -> None:
    limit = 1 << 18
    path = tmp_path / f"staff{suffix}"
    path.write_text(WRITERS[suffix]("y" * (64 * limit)), encoding="utf-8")
    tracemalloc.start()
    try:
        result = load_records([path], max_size=limit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.code for r in result.rejected] + [e.code for e in result.file_errors] == ["too-large"]
    assert peak < 16 * limit  # a quarter of the text


def test_the_limit_is_an_argument_and_an_option(tmp_path: Path) -> None:
    path = tmp_path / "staff.jsonl"
    path.write_text(_json_line(_staff(1, name=LONG)), encoding="utf-8")
    assert DEFAULT_MAX_SIZE == 16 * 1024 * 1024
    assert len(load_records([path]).records) == 1
    assert len(load_records([path], max_size=LIMIT).rejected) == 1
    with pytest.raises(ValueError, match="max_size"):
        load_records([path], max_size=0)
    runner = CliRunner()
    refused = runner.invoke(cli, ["load", "--format", "json", "--max-size", "4KiB", str(path)])
    assert refused.exit_code == 2
    assert '"too-large"' in refused.output
    loaded = runner.invoke(cli, ["load", "--format", "json", "--max-size", "8KiB", str(path)])
    assert loaded.exit_code == 0, loaded.output
    bad = runner.invoke(cli, ["load", "--max-size", "lots", str(path)])
    assert bad.exit_code == 2
    assert "is not a size" in bad.output
