"""CSV and XLSX beyond the cases: the example company round trip, the shapes read from
the models, and what the cases cannot hold (broken workbooks, line endings)."""

from __future__ import annotations

import json
from pathlib import Path

import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy import LoadResult, load_records
from sales_policy.records.formats import csv_table
from sales_policy.records.formats.tables import SHAPES, fields_shapes
from sales_policy.records.models import ACTIVITY_MODELS, BaseRecord, dump

from .spreadsheets import write_csv, write_xlsx

EXAMPLE = Path(__file__).parents[2] / "examples" / "company"


@pytest.fixture(scope="module")
def example() -> list[BaseRecord]:
    result = load_records([EXAMPLE])
    assert _problems(result) == ((), (), ())
    return list(result.records)


def test_the_example_company_as_csv_files_loads_the_same(
    example: list[BaseRecord], tmp_path: Path
) -> None:
    written = write_csv(example, tmp_path)
    assert {path.name for path in written} >= {"receivables.csv", "activities.csv"}
    result = load_records([tmp_path])
    assert _problems(result) == ((), (), ())
    assert list(result.records) == example
    assert [dump(r) for r in result.records] == [dump(r) for r in example]  # same digits


@pytest.mark.parametrize("numbers", [True, False], ids=["amounts-as-numbers", "amounts-as-text"])
def test_the_example_company_as_a_workbook_loads_the_same(
    example: list[BaseRecord], tmp_path: Path, numbers: bool
) -> None:
    path = write_xlsx(example, tmp_path / "company.xlsx", numbers=numbers)
    result = load_records([path])
    assert _problems(result) == ((), (), ())
    assert list(result.records) == example  # decimals equal: 480000.0 == 480000.00
    if not numbers:  # amounts typed as text keep their digits too
        assert [dump(r) for r in result.records] == [dump(r) for r in example]


def test_a_folder_of_csv_and_xlsx_is_one_record_set(
    example: list[BaseRecord], tmp_path: Path
) -> None:
    staff = [r for r in example if type(r).collection == "staff"]
    others = [r for r in example if type(r).collection != "staff"]
    write_csv(staff, tmp_path)
    write_xlsx(others, tmp_path / "crm.xlsx")
    result = load_records([tmp_path])
    assert _problems(result)[::2] == ((), ())
    assert len(result.records) == len(example)


def test_shapes_come_from_the_models() -> None:
    contracts, receivables = SHAPES["contracts"], SHAPES["receivables"]
    assert contracts["terms"].kind == "object"
    assert set(contracts["terms"].fields) == {
        "price",
        "delivery_date",
        "payment_terms",
        "after_sales",
    }
    assert receivables["payments"].kind == "objects"
    assert receivables["documents"].kind == "list"
    assert SHAPES["activities"]["materials"].kind == "list"
    assert SHAPES["activities"]["briefed"].kind == "bool"
    assert SHAPES["training_plans"]["trainers"].kind == "list"
    assert SHAPES["staff"]["id"].kind == "text"
    assert SHAPES["contracts"]["amount"].kind == "value"


def test_activity_types_agree_on_the_shape_of_a_shared_field() -> None:
    """Activities share one table: a field two types have is written the same in both."""
    for model in ACTIVITY_MODELS.values():
        for name, shape in fields_shapes(model).items():
            assert SHAPES["activities"][name] == shape, (model.__name__, name)


def test_a_file_that_is_no_workbook_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("id,name\nS1,Li Lei\n", "utf-8")
    result = load_records([path])
    [error] = result.file_errors
    assert (error.code, error.line) == ("parse-error", None)
    assert "not an Excel workbook" in error.message


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
def test_csv_lines_count_with_any_line_ending(tmp_path: Path, newline: str) -> None:
    rows = ["id,name,role,hired_on", 'S1,"Li', 'Lei",sales_rep,2026-01-05', "S2,Han,sales_rep,"]
    path = tmp_path / "staff.csv"
    path.write_bytes(newline.join(rows).encode("utf-8") + newline.encode())
    result = load_records([path])
    [rejection] = result.rejected
    assert (rejection.line, rejection.column, rejection.field) == (4, 4, "hired_on")
    assert result.records.staff["S1"].name == f"Li{newline}Lei"


def test_utf8_is_checked_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_table, "_CHUNK", 4)  # cuts 华 (3 bytes) between two reads
    path = tmp_path / "staff.csv"
    path.write_text("id,name,role,hired_on\nS1,华东,sales_rep,2026-01-05\n", "utf-8")
    assert len(load_records([path]).records) == 1
    path.write_bytes(b"id,name,role,hired_on\nS1,Li,sales_rep,2026-01-05\n\nS2,\xff,,\n")
    [error] = load_records([path]).file_errors
    assert (error.code, error.line) == ("unreadable-file", 4)


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1).filter(
    lambda text: text == text.strip()
)


@settings(max_examples=60, deadline=None)
@given(name=_TEXT, team=_TEXT)
@hypothesis.example(name="Li Lei", team="=0")  # not a formula: text, as written
def test_any_text_survives_csv_and_xlsx(
    tmp_path_factory: pytest.TempPathFactory, name: str, team: str
) -> None:
    """Commas, quotes, line breaks and any script: written by a CSV writer or Excel,
    a text field reads back as it was (cells are trimmed, so text is taken trimmed)."""
    folder = tmp_path_factory.mktemp("text")
    source = folder / "records.json"
    source.write_text(
        '{"staff": [{"id": "S1", "role": "sales_rep", "hired_on": "2026-01-05", '
        f'"name": {json.dumps(name)}, "team": {json.dumps(team)}}}]}}',
        "utf-8",
    )
    records = list(load_records([source]).records)
    assert len(records) == 1
    (folder / "csv").mkdir()
    write_csv(records, folder / "csv")
    assert list(load_records([folder / "csv"]).records) == records
    if (name + team).replace("\n", "").isprintable():  # XML holds no control characters
        write_xlsx(records, folder / "book.xlsx")
        assert list(load_records([folder / "book.xlsx"]).records) == records


def _problems(result: LoadResult) -> tuple[tuple[object, ...], ...]:
    return result.rejected, result.warnings, result.file_errors
