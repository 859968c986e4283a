"""The loader on good and bad input, as data.

Each input file under ``cases/`` (or folder, or the ``paths`` an expectation names)
is loaded on its own and compared with ``<name>.expect.yaml`` beside it: the
rejections, warnings and file errors exactly, in the loader's order, and the
number of records loaded. Expectation files are read strictly (an unknown key is
an error), so a typo in one fails loudly instead of checking nothing. An input
``<name>.xlsx.yaml`` describes a workbook (``spreadsheets.py``), which is written
into the test's temporary folder and loaded from there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from sales_policy import load_records
from sales_policy.records import LoadResult, RecordSet
from sales_policy.records.raw import DEFAULT_MAX_SIZE

from .spreadsheets import WORKBOOK_FIXTURE, build_workbook

CASES = Path(__file__).parent / "cases"
EXPECT = ".expect.yaml"
ROOT = Path(__file__).parents[2]
ERRORS_DOC = ROOT / "docs" / "errors.md"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Problem(_Strict):
    says: str | None = None
    """Text the message must contain."""


class ExpectedIssue(_Strict):
    """A rejected record's further problem (its ``more``)."""

    field: str | None
    code: str


class ExpectedRejection(_Problem):
    line: int
    column: int
    code: str
    collection: str | None = None
    id: str | None = None
    field: str | None = None
    more: list[ExpectedIssue] = []


class ExpectedWarning(_Problem):
    code: str
    collection: str
    field: str
    count: int


class ExpectedFileError(_Problem):
    line: int | None
    column: int | None
    code: str


class Expectation(_Strict):
    loaded: int
    """Records loaded, from all inputs."""
    by_type: dict[str, int] | None = None
    """Records loaded per type (types with none left out)."""
    rejected: list[ExpectedRejection] = []
    warnings: list[ExpectedWarning] = []
    file_errors: list[ExpectedFileError] = []
    values: dict[str, Any] = {}
    """``collection/id.field.path`` -> the value loaded (decimals written as strings)."""
    paths: tuple[str, ...] | None = None
    """Inputs relative to the case folder, when not the file named like the case."""
    max_size: int = DEFAULT_MAX_SIZE
    """The size limit to load with (``too-large``)."""


@dataclass(frozen=True)
class Case:
    name: str
    expect_file: Path
    inputs: tuple[Path, ...]

    def load(self, folder: Path) -> LoadResult:
        """Load the inputs; workbooks described in YAML are written into ``folder`` first."""
        return load_records(self.files(folder), max_size=self.expectation().max_size)

    def files(self, folder: Path) -> tuple[Path, ...]:
        return tuple(
            build_workbook(path, folder) if path.name.endswith(WORKBOOK_FIXTURE) else path
            for path in self.inputs
        )

    def expectation(self) -> Expectation:
        return Expectation.model_validate(yaml.safe_load(self.expect_file.read_text("utf-8")))


def _find_cases() -> list[Case]:
    cases = []
    for expect_file in sorted(CASES.rglob("*" + EXPECT)):
        name = expect_file.name.removesuffix(EXPECT)
        folder = expect_file.parent
        paths = (yaml.safe_load(expect_file.read_text("utf-8")) or {}).get("paths")
        if paths is not None:
            inputs = tuple(folder / p for p in paths)
        else:
            named = (p for p in folder.iterdir() if p.name.split(".")[0] == name)
            inputs = tuple(p for p in named if p != expect_file)
        cases.append(Case(f"{folder.relative_to(CASES)}/{name}", expect_file, inputs))
    return cases


ALL_CASES = _find_cases()


def _ids(case: Case) -> str:
    return case.name


def test_every_input_has_one_expectation() -> None:
    claimed = {CASES / "README.md"}
    for case in ALL_CASES:
        assert len(case.inputs) == 1 or case.expectation().paths, f"{case.name}: {case.inputs}"
        claimed.add(case.expect_file)
        for path in case.inputs:
            claimed.add(path)
            if path.is_dir():
                claimed.update(path.rglob("*"))
    unclaimed = sorted(p for p in CASES.rglob("*") if p.is_file() and p not in claimed)
    assert unclaimed == []


@pytest.mark.parametrize("case", ALL_CASES, ids=_ids)
def test_case(case: Case, tmp_path: Path) -> None:
    expected = case.expectation()
    result = case.load(tmp_path)

    rejected = [_rejection_seen(r) for r in result.rejected]
    assert rejected == [_without_says(r) for r in expected.rejected]
    warnings = [_seen(w, "code", "collection", "field", "count") for w in result.warnings]
    assert warnings == [_without_says(w) for w in expected.warnings]
    file_errors = [_seen(e, "line", "column", "code") for e in result.file_errors]
    assert file_errors == [_without_says(e) for e in expected.file_errors]
    _assert_says(expected.rejected, [r.error for r in result.rejected])
    _assert_says(expected.warnings, [w.message for w in result.warnings])
    _assert_says(expected.file_errors, [e.message for e in result.file_errors])

    assert len(result.records) == expected.loaded
    if expected.by_type is not None:
        counts = {kind: n for kind, n in result.records.counts().items() if n}
        assert counts == expected.by_type
    for where, value in expected.values.items():
        assert _text(_value_at(result.records, where)) == _text(value), where

    inputs = {str(p) for path in case.files(tmp_path) for p in (path, *_files_in(path))}
    assert {rejection.source for rejection in result.rejected} <= inputs
    assert {warning.source for warning in result.warnings} <= inputs
    assert {error.source for error in result.file_errors} <= inputs


@pytest.mark.parametrize("case", ALL_CASES, ids=_ids)
def test_every_record_read_is_loaded_or_rejected(case: Case, tmp_path: Path) -> None:
    result = case.load(tmp_path)
    for source in result.sources:
        assert source.loaded + source.rejected == source.read, source
        assert sum(source.by_collection.values()) == source.loaded, source
    assert len(result.records) + len(result.rejected) == result.read


# Messages are read by people: plain words, no Python or pydantic showing through.
_NOT_PLAIN = re.compile(
    r"https?://|pydantic|<[A-Za-z_]+[.:> ]|\b[A-Za-z_][\w.]*\(|\[type=|input_(value|type)="
    r"|\{'|\['|\b(None|True|False)\b"
)


@pytest.mark.parametrize("case", ALL_CASES, ids=_ids)
def test_messages_are_plain_and_codes_documented(case: Case, tmp_path: Path) -> None:
    result = case.load(tmp_path)
    documented = documented_codes()
    messages = [
        *((r.code, r.error) for r in result.rejected),
        *((issue.code, issue.error) for r in result.rejected for issue in r.more),
        *((w.code, w.message) for w in result.warnings),
        *((e.code, e.message) for e in result.file_errors),
    ]
    for code, message in messages:
        assert code in documented, f"`{code}` is not in docs/errors.md"
        assert not _NOT_PLAIN.search(message), message


def test_documented_codes_are_the_ones_emitted(tmp_path: Path) -> None:
    """The table in docs/errors.md lists each code the loader has, and only those."""
    emitted = set()
    for case in ALL_CASES:
        result = case.load(tmp_path)
        emitted |= {r.code for r in result.rejected}
        emitted |= {issue.code for r in result.rejected for issue in r.more}
        emitted |= {w.code for w in result.warnings} | {e.code for e in result.file_errors}
    assert documented_codes() == emitted


def test_every_code_in_the_loader_is_documented() -> None:
    """A code added to the loader's source without a line in docs/errors.md fails here."""
    not_codes = {"date-time", "utf-8", "utf-8-sig"}  # JSON Schema formats and encodings
    source = ROOT / "src" / "sales_policy" / "records"
    literals = set()
    for path in source.rglob("*.py"):
        if path.parent.name == "mapping" or path.name == "yaml_positions.py":
            continue  # mapping files and policy files: their own sections of errors.md
        literals |= set(re.findall(r"\"([a-z]+(?:-[a-z0-9]+)+)\"", path.read_text("utf-8")))
    assert literals - not_codes <= documented_codes()


def documented_codes() -> set[str]:
    """The codes in the table of docs/errors.md's section on record loading."""
    section = ERRORS_DOC.read_text("utf-8").split("\n## Record loading\n")[1].split("\n## ")[0]
    rows = re.findall(r"^\| `([a-z-]+)` \|", section, re.MULTILINE)
    assert len(rows) == len(set(rows)), "a code is listed twice"
    return set(rows)


def _assert_says(expected: Sequence[_Problem], messages: list[str]) -> None:
    for want, message in zip(expected, messages, strict=True):
        assert want.says is None or want.says in message


def _files_in(path: Path) -> list[Path]:
    return sorted(path.iterdir()) if path.is_dir() else []


def _rejection_seen(rejection: Any) -> dict[str, Any]:
    seen = _seen(rejection, "line", "column", "code", "collection", "id", "field")
    seen["more"] = [{"field": issue.field, "code": issue.code} for issue in rejection.more]
    return seen


def _seen(problem: Any, *fields: str) -> dict[str, Any]:
    return {name: getattr(problem, name) for name in fields}


def _without_says(expected: BaseModel) -> dict[str, Any]:
    return expected.model_dump(exclude={"says"})


def _value_at(records: RecordSet, where: str) -> Any:
    """``contracts/K1.terms.price`` -> that field's value; ``payments[0]`` indexes a list."""
    collection, _, rest = where.partition("/")
    record_id, _, path = rest.partition(".")
    value: Any = getattr(records, collection)[record_id]
    for step in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        value = value[int(step[1:-1])] if step.startswith("[") else getattr(value, step)
    return value


def _text(value: Any) -> str:
    """How a value reads, for comparison: decimals keep their digits, dates are ISO."""
    if isinstance(value, float):
        raise AssertionError(f"{value!r} is a float: write decimals as strings")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | str | int):
        return str(value)
    return repr(value)
