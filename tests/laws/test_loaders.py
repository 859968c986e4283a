"""Law: no input crashes the loader. Arbitrary bytes, arbitrary YAML, JSON, JSON Lines,
CSV tables and workbooks, YAML of nested aliases, and valid files with bytes changed, are
each loaded into records, rejections (with a code) and file errors: every record read is
loaded or rejected, and where the file is read at all, every record in it is read. And no
pack or overlay crashes the policy loader: it loads, or is refused with its problems."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.policy import PolicyError, load_policy
from sales_policy.policy.model import Manifest, Overlay, Rule
from sales_policy.records import LoadResult, load_records
from sales_policy.records.formats.tables import SHAPES, Shape, is_empty
from sales_policy.records.models import ACTIVITY_MODELS, RECORD_MODELS, fields_of
from sales_policy.testing import record_sets, write_records

FORMATS = (".yaml", ".json", ".jsonl")
ALL_FORMATS = (*FORMATS, ".csv", ".xlsx")
SIZES = st.sampled_from([16 * 1024 * 1024, 60])
"""The default size limit, and one that some lines and documents pass."""
NAMES = sorted(
    {*RECORD_MODELS, "kind", "type", *(n for m in ACTIVITY_MODELS.values() for n in fields_of(m))}
    | {n for m in RECORD_MODELS.values() for n in fields_of(m)}
)
"""Collection and field names: arbitrary data that looks like records gets further."""

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-01-31", "2026-13-01", "2026-Q4", "1E+400", "-0", "", " "])
    | st.dates().map(str)
)
KEYS = st.sampled_from(NAMES) | st.text(max_size=8)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=20,
)
DOCUMENTS = VALUES | st.dictionaries(st.sampled_from(NAMES), st.lists(VALUES, max_size=3))


def load(content: bytes, suffix: str, max_size: int = 16 * 1024 * 1024) -> LoadResult:
    """``content`` loaded as a file of ``suffix`` (a CSV file holds staff, by its name)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{'staff' if suffix == '.csv' else 'records'}{suffix}"
        path.write_bytes(content)
        return load_records([path], max_size=max_size)


def items_in(document: Any) -> int:
    """The records of a document: the items of its collections' lists."""
    if not isinstance(document, dict):
        return 0
    return sum(len(value) for value in document.values() if isinstance(value, list))


def accounted_for(result: LoadResult) -> None:
    assert len(result.records) + len(result.rejected) == result.read
    assert all(r.code for r in result.rejected)
    assert all(e.code for e in result.file_errors)


@settings(deadline=None)
@given(content=st.binary(max_size=400), suffix=st.sampled_from(ALL_FORMATS), max_size=SIZES)
def test_arbitrary_bytes(content: bytes, suffix: str, max_size: int) -> None:
    accounted_for(load(content, suffix, max_size))


@settings(deadline=None)
@given(document=DOCUMENTS, max_size=SIZES)
def test_arbitrary_yaml(document: Any, max_size: int) -> None:
    result = load(yaml.safe_dump(document, allow_unicode=True).encode(), ".yaml", max_size)
    accounted_for(result)
    assert result.file_errors or result.read == items_in(document)


@settings(deadline=None)
@given(document=DOCUMENTS, max_size=SIZES)
def test_arbitrary_json(document: Any, max_size: int) -> None:
    result = load(json.dumps(document, ensure_ascii=False).encode(), ".json", max_size)
    accounted_for(result)
    assert result.file_errors or result.read == items_in(document)


@settings(deadline=None)
@given(
    lines=st.lists(VALUES | st.dictionaries(KEYS, VALUES, max_size=6), max_size=5),
    max_size=SIZES,
)
def test_arbitrary_json_lines(lines: list[Any], max_size: int) -> None:
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    result = load(text.encode(), ".jsonl", max_size)
    accounted_for(result)
    assert result.read == len(lines)


@st.composite
def aliased_yaml(draw: st.DrawFn) -> tuple[str, int]:
    """Staff records whose ``notes`` alias the notes of records before them, any number of
    times (nested, as an alias bomb is, or not), with the number of records."""
    count = draw(st.integers(1, 12))
    lines = ["staff:"]
    for number in range(count):
        aliases = draw(st.lists(st.integers(0, max(number - 1, 0)), max_size=12))
        items = ", ".join(f"*n{i}" for i in aliases) if number else "x"
        merge = ", <<: *r0" if number and draw(st.booleans()) else ""
        anchor = " &r0" if number == 0 else ""
        lines.append(
            f"  -{anchor} {{id: S{number}, name: N, role: sales_rep, hired_on: 2026-01-05,"
            f" notes: &n{number} [{items}]{merge}}}"
        )
    return "\n".join(lines) + "\n", count


@settings(deadline=None)
@given(document=aliased_yaml())
def test_yaml_of_nested_aliases(document: tuple[str, int]) -> None:
    text, count = document
    result = load(text.encode(), ".yaml")
    accounted_for(result)
    assert result.read == count
    assert {r.code for r in result.rejected} <= {"yaml-alias", "unknown-field"}


def _columns(shapes: dict[str, Shape], prefix: str = "") -> list[str]:
    names = []
    for name, shape in shapes.items():
        if shape.kind == "object":
            names += _columns(shape.fields, f"{prefix}{name}.")
        elif shape.kind == "objects":
            names += _columns(shape.fields, f"{prefix}{name}.0.")
        else:
            names.append(prefix + name)
    return names


COLUMNS = sorted({name for shapes in SHAPES.values() for name in _columns(shapes)})
"""Every column a table may have, nested (``terms.price``, ``payments.0.amount``) too."""
CELL_TEXT = (
    st.text(alphabet=st.sampled_from('ab 1-;,"\n\r.:'), max_size=10)
    | st.sampled_from(["2026-01-31", "2026-13-01", "2026-Q4", "sales_rep", "S1", "C1", "true"])
    | st.text(max_size=6)
)


@settings(deadline=None)
@given(
    collection=st.sampled_from(sorted(RECORD_MODELS)),
    header=st.lists(st.sampled_from(COLUMNS) | st.text(max_size=6), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELL_TEXT, max_size=9), max_size=5),
    max_size=SIZES,
)
def test_arbitrary_csv(
    collection: str, header: list[str], rows: list[list[str]], max_size: int
) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{collection}.csv"
        path.write_text(text.getvalue(), encoding="utf-8", newline="")
        result = load_records([path], max_size=max_size)
    accounted_for(result)
    if not result.file_errors and max_size > 100 and not is_empty(header):
        assert result.read == sum(not is_empty(row) for row in rows)


WORKBOOK_CELLS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1))
    | st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1))
    | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=8)
    | st.sampled_from([*COLUMNS[:40], "2026-13-01", "sales_rep", "S1"])
)
SHEETS = st.dictionaries(
    st.sampled_from(sorted(RECORD_MODELS)) | st.text(alphabet="abcXYZ", min_size=1, max_size=8),
    st.lists(st.lists(WORKBOOK_CELLS, max_size=6), max_size=5),
    min_size=1,
    max_size=3,
)


def workbook(sheets: dict[str, list[list[Any]]], path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@settings(deadline=None, max_examples=30)
@given(sheets=SHEETS)
def test_arbitrary_workbooks(sheets: dict[str, list[list[Any]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = load_records([workbook(sheets, Path(folder) / "records.xlsx")])
    accounted_for(result)
    if not result.file_errors:
        filled = [
            [row for row in rows if not is_empty(row)]
            for title, rows in sheets.items()
            if title in RECORD_MODELS
        ]
        assert result.read == sum(max(len(rows) - 1, 0) for rows in filled)


@st.composite
def mutated(draw: st.DrawFn, content: bytes) -> bytes:
    """``content`` with a few bytes deleted, inserted, replaced, or lines repeated."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(content)))
        how = draw(st.sampled_from(("delete", "insert", "replace", "repeat line", "cut")))
        if how == "delete":
            content = content[:at] + content[at + draw(st.integers(1, 8)) :]
        elif how == "insert":
            content = content[:at] + draw(st.binary(min_size=1, max_size=4)) + content[at:]
        elif how == "replace":
            content = content[:at] + draw(st.binary(min_size=1, max_size=1)) + content[at + 1 :]
        elif how == "repeat line":
            lines = content.splitlines(keepends=True) or [b""]
            line = draw(st.integers(0, len(lines) - 1))
            content = b"".join([*lines[: line + 1], *lines[line:]])
        else:
            content = content[:at]
    return content


@settings(deadline=None)
@given(records=record_sets(), suffix=st.sampled_from(FORMATS), data=st.data())
def test_valid_files_with_bytes_changed(records: Any, suffix: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = write_records(records, Path(folder) / f"records{suffix}").read_bytes()
    accounted_for(load(data.draw(mutated(content), label="mutated"), suffix))


@functools.cache
def a_workbook() -> bytes:
    """A valid workbook (made once: openpyxl stamps the time it is saved)."""
    sheets: dict[str, list[list[Any]]] = {
        "staff": [
            ["id", "name", "role", "hired_on"],
            ["S1", "Li Lei", "sales_rep", dt.date(2026, 1, 5)],
        ],
        "customers": [
            ["id", "owner_id", "created_on", "status"],
            ["C1", "S1", dt.date(2026, 2, 1), "active"],
        ],
    }
    with tempfile.TemporaryDirectory() as folder:
        return workbook(sheets, Path(folder) / "records.xlsx").read_bytes()


@settings(deadline=None, max_examples=30)
@given(data=st.data())
def test_a_workbook_with_bytes_changed(data: st.DataObject) -> None:
    accounted_for(load(data.draw(mutated(a_workbook()), label="mutated"), ".xlsx"))


# The policy loader: a small valid pack (with an overlay) whose manifest, rule file or
# overlay is replaced by arbitrary YAML, by arbitrary bytes, or by itself with bytes
# changed, either loads or is refused with `PolicyError`, every problem coded and located
# in one of its files; nothing else escapes.

PACK = Path(__file__).parents[1] / "policy" / "cases" / "valid-every-construct"
OVERLAY = b"""overlay: acme
extends: mini
parameters: {notice_days: 5, roles: [sales_rep], revisit_days: {A: 10}}
severities: {V-CHECK: critical}
disable: {V-NEVER: the company has no such duty}
rules:
  - id: ACME-ONE
    clause: "\xc2\xa72.3.c"
    severity: low
    title: {zh: a, en: A}
    subject: contract
    duty:
      trigger: signed_on
      deadline: trigger + notice_days
      done: {activity: handover}
    message: {zh: a, en: A}
waivers:
  - {rule: V-CHECK, subject: receivable/R1, reason: agreed, expires_on: 2027-01-01}
"""
FILES = ("policy.yaml", "rules.yaml", "overlay.yaml")
POLICY_NAMES = sorted(
    {*Manifest.model_fields, *Overlay.model_fields, *Rule.model_fields}
    | {"check", "duty", "cycle", "trigger", "deadline", "done", "activity", "require", "when"}
    | {"date", "present", "signed_on", "amount", "zh", "en", "type", "default", "items"}
)
POLICY_KEYS = st.sampled_from(POLICY_NAMES) | st.text(max_size=8)
POLICY_VALUES = st.recursive(
    SCALARS | st.sampled_from(["§2.3.c", "contract", "trigger + 3", "R-ONE", "mini", "1.0.0"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(POLICY_KEYS, inner, max_size=6),
    max_leaves=25,
)


def load_pack(replaced: str, content: bytes) -> None:
    """Load the pack with ``replaced`` (one of ``FILES``) holding ``content``."""
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "pack"
        shutil.copytree(PACK, pack)
        overlay = Path(folder) / "overlay.yaml"
        overlay.write_bytes(OVERLAY)
        (overlay if replaced == "overlay.yaml" else pack / replaced).write_bytes(content)
        try:
            load_policy(pack, [overlay])
        except PolicyError as error:
            problems = error.problems
        else:
            return
    assert problems
    for problem in problems:
        assert problem.code
        assert Path(problem.location.source).parent in (pack, Path(folder)), problem


def pack_file(name: str) -> bytes:
    return OVERLAY if name == "overlay.yaml" else (PACK / name).read_bytes()


def test_the_pack_and_overlay_load_unchanged() -> None:
    """The laws start from a pack that loads: each change is what it is refused for."""
    with tempfile.TemporaryDirectory() as folder:
        overlay = Path(folder) / "overlay.yaml"
        overlay.write_bytes(OVERLAY)
        policy = load_policy(PACK, [overlay])
    assert "ACME-ONE" in {rule.id for rule in policy.rules}
    assert len(policy.waivers) == 1


@settings(deadline=None, max_examples=40)
@given(replaced=st.sampled_from(FILES), document=POLICY_VALUES)
def test_arbitrary_pack_yaml(replaced: str, document: Any) -> None:
    load_pack(replaced, yaml.safe_dump(document, allow_unicode=True).encode())


@settings(deadline=None, max_examples=40)
@given(replaced=st.sampled_from(FILES), content=st.binary(max_size=300))
def test_arbitrary_pack_bytes(replaced: str, content: bytes) -> None:
    load_pack(replaced, content)


@settings(deadline=None, max_examples=40)
@given(replaced=st.sampled_from(FILES), data=st.data())
def test_pack_files_with_bytes_changed(replaced: str, data: st.DataObject) -> None:
    load_pack(replaced, data.draw(mutated(pack_file(replaced)), label="mutated"))
