"""Rows that do not map are rejected where they stand (file, row, column, the mapping's
entry), never dropped: loaded + rejected = rows read; unknown columns warn."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from sales_policy.records import load_records
from sales_policy.records.mapping import MappingError, load_mapping

STAFF = """\
工号,姓名,岗位,入职日期,所属团队
S1,王伟,销售代表,2026/01/05,华东
S2,李娜,销售主管,2026年1月5日,华东
S3,张三,实习生,2026/01/05,华东
S4,赵六,销售代表,2026-13-05,华东
"""

MAPPING = """\
tables:
  - file: staff.csv
    collection: staff
    fields:
      id: 工号
      name: 姓名
      role: {column: 岗位, values: {销售代表: sales_rep, 销售主管: sales_supervisor}}
      hired_on: {column: 入职日期, format: ["%Y/%m/%d", "%Y年%m月%d日"]}
      team: 所属团对
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_that_do_not_map_are_rejected_at_their_cell(tmp_path: Path) -> None:
    staff = _write(tmp_path, "staff.csv", STAFF)
    mapping = _write(tmp_path, "m.yaml", MAPPING.replace("所属团对", "所属团队"))
    result = load_records([staff], mapping=mapping)
    assert sorted(result.records.staff) == ["S1", "S2"]
    assert [(r.line, r.column, r.id, r.field, r.code) for r in result.rejected] == [
        (4, 3, "S3", "role", "unmapped-value"),
        (5, 4, "S4", "hired_on", "invalid-date"),
    ]
    unmapped, undated = result.rejected
    assert unmapped.error == (
        f"`实习生` in column `岗位` is not in the value map of `role` at {mapping}:7:7"
    )
    assert undated.error == (
        "`2026-13-05` in column `入职日期` does not match `%Y/%m/%d` or `%Y年%m月%d日`"
        f" (mapping entry `hired_on` at {mapping}:8:7)"
    )
    assert len(result.records) + len(result.rejected) == result.read == 4


def test_a_value_validation_refuses_names_the_column_and_entry(tmp_path: Path) -> None:
    staff = _write(tmp_path, "staff.csv", "工号,姓名,岗位,入职日期\nS1,王伟,boss,2026/01/05\n")
    mapping = _write(
        tmp_path,
        "m.yaml",
        MAPPING.replace("      team: 所属团对\n", "").replace(
            "{column: 岗位, values: {销售代表: sales_rep, 销售主管: sales_supervisor}}", "岗位"
        ),
    )
    result = load_records([staff], mapping=mapping)
    (rejection,) = result.rejected
    assert (rejection.line, rejection.column, rejection.code) == (2, 3, "unknown-value")
    assert rejection.error.endswith(f"(column `岗位`, mapping entry `role` at {mapping}:7:7)")


def test_a_missing_column_refuses_the_table_and_an_unread_one_warns(tmp_path: Path) -> None:
    staff = _write(tmp_path, "staff.csv", STAFF)
    mapping = _write(tmp_path, "m.yaml", MAPPING)
    result = load_records([staff], mapping=mapping)
    (error,) = result.file_errors
    assert (error.line, error.code) == (1, "missing-column")
    assert error.message == (
        f"no column `所属团对` (mapping entry `team` at {mapping}:9:7), did you mean `所属团队`?"
    )
    assert result.read == 0
    fine = load_records(
        [staff], mapping=_write(tmp_path, "n.yaml", MAPPING.replace("      team: 所属团对\n", ""))
    )
    (warning,) = fine.warnings
    assert (warning.code, warning.field) == ("unmapped-column", "所属团队")


def test_a_bad_mapping_is_refused_before_any_row_is_read(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"  # never opened: it does not even exist
    mapping = _write(tmp_path, "m.yaml", MAPPING.replace("staff\n    fields", "staf\n    fields"))
    with pytest.raises(MappingError) as refused:
        load_records([staff], mapping=mapping)
    assert [p.code for p in refused.value.problems] == ["unknown-collection"]


def test_files_no_table_names_load_as_the_interchange_format(tmp_path: Path) -> None:
    staff = _write(tmp_path, "staff.csv", STAFF)
    other = _write(
        tmp_path,
        "more.yaml",
        "staff:\n  - {id: S9, name: 钱七, role: sales_rep, hired_on: 2026-01-05}\n",
    )
    mapping = load_mapping(
        _write(tmp_path, "m.yaml", MAPPING.replace("      team: 所属团对\n", ""))
    )
    result = load_records([staff, other], mapping=mapping)
    assert sorted(result.records.staff) == ["S1", "S2", "S9"]


PAYMENTS_MAPPING = """\
tables:
  - file: crm.xlsx
    sheet: 应收款
    collection: receivables
    fields:
      id: 应收编号
      contract_id: {value: K1}
      amount_due: 金额
      due_on: 到期日
  - file: crm.xlsx
    sheet: 回款
    collection: receivables
    items_of: payments
    fields:
      id: 应收编号
      paid_on: {column: 日期, format: "%Y/%m/%d"}
      amount: 金额
"""

CONTRACTS = """\
staff:
  - {id: S1, name: 王伟, role: sales_rep, hired_on: 2026-01-05}
customers:
  - {id: C1, owner_id: S1, created_on: 2026-01-05, status: active}
contracts:
  - {id: K1, customer_id: C1, owner_id: S1, status: draft, amount: 1000}
"""


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_payments_join_their_receivables_and_every_row_is_accounted_for(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "crm.xlsx",
        {
            "应收款": [
                ["应收编号", "金额", "到期日"],
                ["R1", 500, dt.datetime(2026, 3, 1)],
                ["R2", 500, dt.datetime(2026, 4, 1)],
                ["R3", 0, dt.datetime(2026, 4, 1)],
            ],
            "回款": [
                ["应收编号", "日期", "金额"],
                ["R1", "2026/02/01", 200],
                ["R1", "2026/02/20", 300],
                ["R2", "2026/13/01", 100],
                ["R2", "2026/03/01", 100],
                ["R3", "2026/03/01", 100],
                ["R9", "2026/03/01", 100],
            ],
        },
    )
    records = _write(tmp_path, "base.yaml", CONTRACTS)
    mapping = _write(tmp_path, "m.yaml", PAYMENTS_MAPPING)
    result = load_records([records, book], mapping=mapping)
    (r1,) = result.records.receivables.values()
    assert [(p.paid_on, p.amount) for p in r1.payments] == [
        (dt.date(2026, 2, 1), Decimal(200)),
        (dt.date(2026, 2, 20), Decimal(300)),
    ]
    seen = sorted((r.error.split(":")[0], r.line, r.id, r.field, r.code) for r in result.rejected)
    assert seen == [
        ("sheet `回款`", 4, "R2", "payments.paid_on", "invalid-date"),
        ("sheet `回款`", 5, "R2", "payments", "rejected-parent"),
        ("sheet `回款`", 6, "R3", "payments", "rejected-parent"),
        ("sheet `回款`", 7, "R9", "payments", "unjoined-row"),
        ("sheet `应收款`", 3, "R2", "payments", "rejected-item"),
        ("sheet `应收款`", 4, "R3", "amount_due", "value-too-small"),
    ]
    by_source = {source.source: source for source in result.sources}
    assert by_source[str(book)].read == 3 + 6
    assert by_source[str(book)].by_collection == {"receivable": 1, "payments": 2}
    loaded = sum(source.loaded for source in result.sources)
    assert loaded + len(result.rejected) == result.read


def test_a_sheet_no_table_reads_is_an_error_of_that_sheet(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "crm.xlsx",
        {
            "应收款": [["应收编号", "金额", "到期日"], ["R1", 500, dt.datetime(2026, 3, 1)]],
            "回款": [["应收编号", "日期", "金额"]],
            "应收": [["说明"], ["a note"]],
            "Sheet1": [],
        },
    )
    mapping = _write(tmp_path, "m.yaml", PAYMENTS_MAPPING)
    result = load_records([book, _write(tmp_path, "base.yaml", CONTRACTS)], mapping=mapping)
    assert [(e.code, e.message) for e in result.file_errors] == [
        ("unmapped-sheet", "no table of the mapping reads the sheet `应收`, did you mean `应收款`?")
    ]
    assert list(result.records.receivables) == ["R1"]


def test_a_column_the_mapping_reads_named_twice_refuses_the_table(tmp_path: Path) -> None:
    staff = _write(
        tmp_path, "staff.csv", "工号,姓名,岗位,入职日期,工号\nS1,王伟,销售代表,2026/01/05,S2\n"
    )
    mapping = _write(tmp_path, "m.yaml", MAPPING.replace("      team: 所属团对\n", ""))
    result = load_records([staff], mapping=mapping)
    assert [(e.line, e.column, e.code) for e in result.file_errors] == [(1, 5, "duplicate-column")]
    assert result.read == 0


JSONL_MAPPING = """\
tables:
  - file: 员工.jsonl
    collection: staff
    fields:
      id: 工号
      name: 姓名
      role: {column: 岗位, values: {销售代表: sales_rep}}
      hired_on: {column: 入职, format: "%Y/%m/%d"}
      team: {column: 团队, default: 华东}
"""


def test_a_json_lines_export_maps_by_key(tmp_path: Path) -> None:
    lines = [
        '{"工号": "S1", "姓名": "王伟", "岗位": "销售代表", "入职": "2026/01/05", "备注": 1}',
        "",
        '{"工号": "S2", "姓名": "李娜", "岗位": "经理", "入职": "2026/01/05", "备注": 2}',
        "not json",
        "[1, 2]",
        '{"工号": 3, "姓名": "张三", "岗位": "销售代表", "入职": "2026/01/05", "团队": "华北"}',
    ]
    staff = _write(tmp_path, "员工.jsonl", "\n".join(lines) + "\n")
    result = load_records([staff], mapping=_write(tmp_path, "m.yaml", JSONL_MAPPING))
    assert {key: s.team for key, s in result.records.staff.items()} == {"S1": "华东", "3": "华北"}
    assert [(r.line, r.column, r.code) for r in result.rejected] == [
        (3, None, "unmapped-value"),
        (4, 1, "parse-error"),
        (5, 1, "wrong-type"),
    ]
    assert [(w.field, w.count, w.code) for w in result.warnings] == [("备注", 2, "unmapped-column")]
    assert len(result.records) + len(result.rejected) == result.read == 5


def test_a_workbook_datetime_in_a_date_field_counts_its_day(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "crm.xlsx",
        {
            "应收款": [
                ["应收编号", "金额", "到期日"],
                ["R1", 500, dt.datetime(2026, 3, 1, 17, 30)],
            ],
            "回款": [["应收编号", "日期", "金额"], ["R1", dt.datetime(2026, 2, 1, 9, 15), 500]],
        },
    )
    mapping = PAYMENTS_MAPPING.replace(
        "      due_on: 到期日", '      due_on: {column: 到期日, format: "%Y/%m/%d"}'
    )
    result = load_records(
        [book, _write(tmp_path, "base.yaml", CONTRACTS)],
        mapping=_write(tmp_path, "m.yaml", mapping),
    )
    assert result.rejected == ()
    receivable = result.records.receivables["R1"]
    assert (receivable.due_on, receivable.payments[0].paid_on) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 2, 1),
    )


CONTACTS_MAPPING = """\
tables:
  - file: customers.csv
    collection: customers
    fields: {id: 编号, owner_id: 负责人, created_on: 建档, status: {value: active}}
  - file: contacts.csv
    collection: customers
    extends: true
    fields:
      id: 客户
      contact_name: 姓名
      contact_phone: {column: 电话, values: {无: "", 有: "110"}}
"""


def test_a_contacts_table_adds_fields_to_its_records(tmp_path: Path) -> None:
    customers = _write(
        tmp_path,
        "customers.csv",
        "编号,负责人,建档\nC1,S1,2026-01-05\nC2,S1,2026-01-05\nC3,S1,2026-01-05\nC4,S9,2026-01-05\n",
    )
    contacts = _write(
        tmp_path,
        "contacts.csv",
        "客户,姓名,电话\nC1,赵敏,有\nC1,孙浩,无\nC2,钱晓,未知\nC4,吴桐,有\nC9,郑雨,有\n",
    )
    staff = _write(tmp_path, "staff.yaml", CONTRACTS.split("customers:", maxsplit=1)[0])
    result = load_records(
        [staff, customers, contacts], mapping=_write(tmp_path, "m.yaml", CONTACTS_MAPPING)
    )
    assert sorted(result.records.customers) == ["C1", "C3"]
    assert result.records.customers["C1"].contact_name == "赵敏"
    seen = sorted((Path(r.source).name, r.line, r.id, r.code) for r in result.rejected)
    assert seen == [
        ("contacts.csv", 3, "C1", "duplicate-join"),
        ("contacts.csv", 4, "C2", "unmapped-value"),
        ("contacts.csv", 5, "C4", "rejected-parent"),
        ("contacts.csv", 6, "C9", "unjoined-row"),
        ("customers.csv", 3, "C2", "rejected-item"),
        ("customers.csv", 5, "C4", "dangling-reference"),
    ]
    loaded = sum(source.loaded for source in result.sources)
    assert loaded + len(result.rejected) == result.read == 1 + 4 + 5
