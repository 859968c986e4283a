"""The Excel workbook read back with openpyxl: its sheets, headers, cell types and rows;
and formulas from records neutralised in the workbook and in CSV."""

from __future__ import annotations

import csv as csv_module
import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sales_policy.findings import Action, AuditResult, Finding, Owner, Subject, Text
from sales_policy.records import LoadResult
from sales_policy.report import csv, xlsx

from .conftest import AS_OF, run_audit

HYPERLINK = '=HYPERLINK("http://x","y")'


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _open(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.action and f.status in ("violation", "action_required")]


def test_the_workbook_has_every_sheet_with_typed_cells(
    audited: AuditResult, company: LoadResult
) -> None:
    book = _book(xlsx.render(audited, company.records))
    assert book.sheetnames == list(xlsx.SHEETS)
    findings = book["Findings"]
    assert [c.value for c in findings[1]] == list(csv.COLUMNS)
    assert findings.max_row == len(audited.findings) + 1
    assert findings.freeze_panes == "A2"
    assert findings.auto_filter.ref == f"A1:O{len(audited.findings) + 1}"
    due = csv.COLUMNS.index("action_due_on") + 1
    dates = [row[due - 1] for row in findings.iter_rows(min_row=2) if row[due - 1].value]
    assert dates
    assert all(getattr(cell, "is_date", False) for cell in dates)
    actions = book["Actions"]
    assert actions.max_row == len(_open(audited.findings)) + 1
    header = [c.value for c in actions[1]]
    overdue = [r[header.index("overdue_days")].value for r in actions.iter_rows(min_row=2)]
    assert all(isinstance(days, int) for days in overdue)
    assert any(days > 0 for days in overdue)  # type: ignore[operator]
    owners = book["Owners"]
    assert owners.max_row == len(audited.summary["by_owner"]) + 1
    rates = [r[-1] for r in owners.iter_rows(min_row=2)]
    assert all(isinstance(c.value, int | float) for c in rates)
    assert all(c.number_format == "0.0%" for c in rates)
    assert book["Teams"].max_row == len(audited.summary["by_team"]) + 1
    aging = book["Aging"]
    assert isinstance(aging["E2"].value, int | float)
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["as of"] == dt.datetime.combine(AS_OF, dt.time())
    assert summary["violation"] == audited.summary["violation"]
    for sheet in ("Rejected", "Warnings"):
        assert book[sheet].max_row == 1  # the header alone: nothing was rejected


def test_the_open_actions_come_by_who_must_act_soonest_first(
    audited: AuditResult, company: LoadResult
) -> None:
    rows = list(_book(xlsx.render(audited, company.records))["Actions"].values)[1:]
    keys = [(r[0] or f"role:{r[1]}", r[2] or dt.datetime.max) for r in rows]
    assert keys == sorted(keys)


def test_headers_and_sheet_names_are_in_chinese_with_lang_zh(
    audited: AuditResult, company: LoadResult
) -> None:
    book = _book(xlsx.render(audited, company.records, "zh"))
    assert book.sheetnames[0] == "概要"
    for sheet in book:
        header = [str(c.value) for c in sheet[1]]
        assert not [h for h in header if re.search("[A-Za-z]", h)], sheet.title


def test_the_same_audit_gives_the_same_bytes(
    audited: AuditResult, company: LoadResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = xlsx.render(audited, company.records)
    later = dt.datetime(2030, 1, 1, 12, 0, 0)

    class _Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> _Later:
            return cls.fromisoformat(later.isoformat()).replace(tzinfo=tz)

    monkeypatch.setattr("openpyxl.writer.excel.datetime.datetime", _Later)
    assert xlsx.render(audited, company.records) == first


def _hostile(finding: Finding) -> AuditResult:
    owner = Owner(HYPERLINK, "sales_rep")
    finding = dataclasses.replace(
        finding,
        subject=Subject("customer", HYPERLINK),
        part="+1 phone",
        owner=owner,
        message=Text(HYPERLINK, "@SUM(A1)"),
        action=Action("act", AS_OF, owner, Text("-2+3", "\tx")),
    )
    return AuditResult(
        policy={"id": "p", "version": "1", "sha256": "0", "overlays": []},
        as_of=AS_OF,
        period_start=AS_OF,
        time_zone="Asia/Shanghai",
        records={"loaded": 1, "rejected": 0, "by_type": {}},
        findings=(finding,),
    )


def test_csv_neutralises_what_a_spreadsheet_would_run(audited: AuditResult) -> None:
    result = _hostile(audited.findings[0])
    (row,) = list(csv_module.DictReader(io.StringIO(csv.render(result))))
    assert row["subject_id"] == "'" + HYPERLINK
    assert row["owner_staff_id"] == "'" + HYPERLINK
    assert row["part"] == "'+1 phone"
    assert row["message"] == "'@SUM(A1)"
    assert row["rule"] == audited.findings[0].rule  # the rest as it is
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_writes_record_values_as_text_never_as_formulas(
    audited: AuditResult, company: LoadResult
) -> None:
    data = xlsx.render(_hostile(audited.findings[0]), company.records)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)
    book = _book(data)
    findings = book["Findings"]
    cell = findings.cell(2, csv.COLUMNS.index("subject_id") + 1)
    assert (cell.value, cell.data_type) == (HYPERLINK, "s")
    action = book["Actions"].cell(2, 1)
    assert (action.value, action.data_type) == (HYPERLINK, "s")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_writes_the_workbook(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "audit.xlsx"
    result = run_audit("--format", "xlsx", "--output", path, "--lang", lang)
    assert result.exit_code == 1, result.output
    assert len(_book(path.read_bytes()).sheetnames) == 8
    assert [p.name for p in tmp_path.iterdir()] == ["audit.xlsx"]  # no file left beside it
