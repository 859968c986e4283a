"""Law: no input crashes the loader. Arbitrary bytes, arbitrary YAML and JSON, and
valid files with bytes changed, are each loaded into records, rejections (with a code)
and file errors: every record read is loaded or rejected."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.records import LoadResult, load_records
from sales_policy.records.models import ACTIVITY_MODELS, RECORD_MODELS, fields_of
from sales_policy.testing import record_sets, write_records

FORMATS = (".yaml", ".json", ".jsonl")
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


def load(content: bytes, suffix: str) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"records{suffix}"
        path.write_bytes(content)
        return load_records([path])


def accounted_for(result: LoadResult) -> None:
    assert len(result.records) + len(result.rejected) == result.read
    assert all(r.code for r in result.rejected)
    assert all(e.code for e in result.file_errors)


@settings(deadline=None)
@given(content=st.binary(max_size=400), suffix=st.sampled_from(FORMATS))
def test_arbitrary_bytes(content: bytes, suffix: str) -> None:
    accounted_for(load(content, suffix))


@settings(deadline=None)
@given(document=DOCUMENTS)
def test_arbitrary_yaml(document: Any) -> None:
    accounted_for(load(yaml.safe_dump(document, allow_unicode=True).encode(), ".yaml"))


@settings(deadline=None)
@given(document=DOCUMENTS)
def test_arbitrary_json(document: Any) -> None:
    accounted_for(load(json.dumps(document, ensure_ascii=False).encode(), ".json"))


@settings(deadline=None)
@given(lines=st.lists(VALUES | st.dictionaries(KEYS, VALUES, max_size=6), max_size=5))
def test_arbitrary_json_lines(lines: list[Any]) -> None:
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    accounted_for(load(text.encode(), ".jsonl"))


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
