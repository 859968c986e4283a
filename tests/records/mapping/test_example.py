"""The CRM export of ``examples/crm-export/`` loads through its mapping, every row, and is
audited; the workbook is the one its script writes; ``mapping check`` shows it."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from sales_policy import audit, load_policy
from sales_policy.cli import cli
from sales_policy.records import load_records

ROOT = Path(__file__).parents[3]
EXAMPLE = ROOT / "examples" / "crm-export"
WORKBOOK, MAPPING = EXAMPLE / "crm-export.xlsx", EXAMPLE / "mapping.yaml"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make", ROOT / "tools" / "make_crm_export.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_workbook_is_the_one_its_script_writes(tmp_path: Path) -> None:
    _tool().write(tmp_path / "book.xlsx")
    assert (tmp_path / "book.xlsx").read_bytes() == WORKBOOK.read_bytes()


def test_every_row_of_the_export_loads_and_is_audited() -> None:
    result = load_records([WORKBOOK], mapping=MAPPING)
    assert result.rejected == ()
    assert result.file_errors == ()
    assert [(w.code, w.field) for w in result.warnings] == [
        ("unmapped-column", "备注"),
        ("unmapped-column", "职务"),
        ("unmapped-column", "联系人编号"),
    ]
    counts = {kind: n for kind, n in result.records.counts().items() if n}
    assert counts == {"staff": 4, "customer": 5, "contract": 4, "receivable": 5, "activity": 18}
    (source,) = result.sources
    assert source.by_collection["payments"] == source.by_collection["customers (joined)"] == 5
    assert source.loaded == result.read == 36 + 5 + 5
    customer = result.records.customers["KH-0001"]
    assert (customer.contact_name, customer.contact_phone) == ("赵敏", "0571-88012345")
    assert (customer.status.value, customer.source.value if customer.source else None) == (
        "active",
        "trade_show",
    )
    receivable = result.records.receivables["YS-001-2"]
    assert sum(payment.amount for payment in receivable.payments) == receivable.amount_due
    assert [d.value for d in result.records.receivables["YS-001-1"].documents] == [
        "contract",
        "receipt",
    ]
    found = audit(
        result, load_policy(ROOT / "policies" / "sales-staff"), as_of=dt.date(2026, 11, 26)
    )
    assert found.records["loaded"] == 36
    assert any(f.subject.id == "YS-003-1" for f in found.findings)


def test_mapping_check_shows_the_first_records_of_a_sample() -> None:
    shown = CliRunner().invoke(cli, ["mapping", "check", str(MAPPING), str(WORKBOOK)])
    assert shown.exit_code == 0, shown.output
    first_line, _, rest = shown.stdout.partition("\n")
    assert first_line == f"{MAPPING}: 7 table(s), ok"
    records = json.loads(rest)
    assert [r["id"] for r in records["staff"]] == ["E001", "E002", "E003"]
    assert "36 loaded, 0 rejected, 46 read" in shown.stderr


def test_a_refused_mapping_reads_nothing_and_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text(
        MAPPING.read_text("utf-8").replace("sheet: 员工", "sheet: 员工\n    colection: x"), "utf-8"
    )
    checked = CliRunner().invoke(cli, ["mapping", "check", str(bad)])
    assert checked.exit_code == 1
    assert (
        f"{bad}:6:5: unknown-key: unknown key `colection`, did you mean `collection`?"
        in checked.stderr
    )
    loaded = CliRunner().invoke(
        cli, ["load", "--mapping", str(bad), "--format", "json", str(WORKBOOK)]
    )
    assert loaded.exit_code == 2
    assert "the mapping is refused" in loaded.stderr
    assert loaded.stdout == ""


def test_audit_takes_a_mapping() -> None:
    args = ["audit", "--mapping", str(MAPPING), str(WORKBOOK), "--as-of", "2026-11-26"]
    run = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert run.exit_code == 1  # violations found
    assert json.loads(run.stdout)["records"]["loaded"] == 36


def test_explain_and_impact_take_a_mapping() -> None:
    common = ["--mapping", str(MAPPING), "--as-of", "2026-11-26"]
    explained = CliRunner().invoke(
        cli, ["explain", "PAY-NOTICE", "YS-003-1", str(WORKBOOK), *common]
    )
    assert explained.exit_code == 0, explained.output
    assert "YS-003-1" in explained.stdout
    changed = CliRunner().invoke(cli, ["impact", str(WORKBOOK), *common, "--format", "markdown"])
    assert changed.exit_code in (0, 1), changed.output


def test_a_mapped_audit_runs_in_one_process() -> None:
    args = ["audit", "--mapping", str(MAPPING), str(WORKBOOK), "--as-of", "2026-11-26"]
    run = CliRunner().invoke(cli, [*args, "--workers", "2", "--format", "json"])
    assert run.exit_code == 2
    assert "--mapping audits in one process" in run.stderr
