"""Diffs of two results: the example company a month apart, checked by hand against its
story (examples/company/README.md), and the command's formats, filters and exit codes."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from tests.history.conftest import COMPANY

from sales_policy import AuditResult
from sales_policy.cli import cli
from sales_policy.findings import Finding
from sales_policy.history import HistoryError, diff_results, read_result

OCT, NOV = "2026-10-26", "2026-11-26"


def _keys(diff: object, change: str) -> list[tuple[str, ...]]:
    return [e.key for e in diff.entries if e.change == change]  # type: ignore[attr-defined]


def test_the_company_a_month_apart(audits: dict[str, AuditResult]) -> None:
    diff = diff_results(audits[OCT], audits[NOV])
    # Revisits of CU-07 (due 11-28) and CU-08 (due 11-12), the problem reported on
    # 11-02, Liu Yang's October report (due 11-10) and RV-12's escalation from 11-14.
    assert _keys(diff, "new") == [
        ("CUST-REVISIT", "customer", "CU-07", "2026-11-28"),
        ("CUST-REVISIT", "customer", "CU-08", "2026-11-12"),
        ("ISSUE-RESOLVED", "activity", "A-0235", ""),
        ("MARKET-REPORT", "staff", "S-05", "2026-10"),
        ("PAY-ESCALATE-MANAGER", "receivable", "RV-12", ""),
    ]
    # CT-11's after-sales follow-up and CU-07's revisit due 10-31 were done in time.
    assert _keys(diff, "resolved") == [
        ("AFTER-SALES-FOLLOW-UP", "contract", "CT-11", ""),
        ("CUST-REVISIT", "customer", "CU-07", "2026-10-31"),
    ]
    persisting = _keys(diff, "persisting")
    assert len(persisting) == 45
    assert ("PAY-NOTICE", "receivable", "RV-06", "") in persisting
    assert diff.counts == {
        "new": 5,
        "changed": 0,
        "persisting": 45,
        "resolved": 2,
        "new_violations": 3,
    }
    assert diff.has_new_violations


def _with(finding: Finding, **changes: object) -> Finding:
    return dataclasses.replace(finding, **changes)  # type: ignore[arg-type]


def test_changed_says_what_changed(audits: dict[str, AuditResult]) -> None:
    old = audits[NOV]
    pending = next(f for f in old.findings if f.status == "action_required" and f.action)
    now_late = _with(pending, status="violation", severity="critical")
    new = dataclasses.replace(
        old, findings=tuple(now_late if f is pending else f for f in old.findings)
    )
    diff = diff_results(old, new)
    (entry,) = [e for e in diff.entries if e.change == "changed"]
    assert entry.key == pending.key
    assert entry.changed == ("status", "severity")
    assert entry.is_new_violation  # action_required -> violation is a new violation
    assert diff.counts["new_violations"] == 1


def test_a_pass_is_no_finding(audits: dict[str, AuditResult]) -> None:
    old = audits[NOV]
    first = old.findings[0]
    passed = dataclasses.replace(
        old, findings=(_with(first, status="pass", action=None), *old.findings[1:])
    )
    assert [e.change for e in diff_results(passed, old).entries if e.key == first.key] == ["new"]
    assert [e.change for e in diff_results(old, passed).entries if e.key == first.key] == [
        "resolved"
    ]


def test_different_policies_are_refused_unless_allowed(audits: dict[str, AuditResult]) -> None:
    old = audits[OCT]
    other = dataclasses.replace(audits[NOV], policy={**old.policy, "version": "2.0.0"})
    with pytest.raises(HistoryError) as raised:
        diff_results(old, other)
    assert raised.value.code == "policy-changed"
    assert "sales-staff@2.0.0" in str(raised.value)
    assert diff_results(old, other, allow_policy_change=True).counts["new"] == 5


@pytest.fixture(scope="module")
def result_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("results")
    files = {}
    for day in (OCT, NOV):
        files[day] = folder / f"{day}.json"
        done = CliRunner().invoke(
            cli,
            [
                "audit",
                str(COMPANY),
                "--as-of",
                day,
                "--format",
                "json",
                "--output",
                str(files[day]),
            ],
        )
        assert done.exit_code == 1, done.output
    return files


def test_a_result_reads_back_as_written(
    result_files: dict[str, Path], audits: dict[str, AuditResult]
) -> None:
    read = read_result(result_files[NOV])
    assert read.to_data()["findings"] == audits[NOV].to_data()["findings"]


def _diff(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, ["diff", *args])
    return done.exit_code, done.stdout, done.stderr


def test_exit_1_on_new_violations_0_otherwise(result_files: dict[str, Path]) -> None:
    old, new = str(result_files[OCT]), str(result_files[NOV])
    assert _diff(old, new, "--format", "json")[0] == 1
    assert _diff(new, old, "--format", "json")[0] == 0  # only resolved ones
    assert _diff(new, new, "--format", "json")[0] == 0


def test_json_format(result_files: dict[str, Path]) -> None:
    code, out, _ = _diff(str(result_files[OCT]), str(result_files[NOV]), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["format"] == "sales-policy/diff@1"
    assert data["summary"]["new"] == 5
    assert data["old"]["as_of"] == OCT
    first = data["findings"][0]
    assert (first["change"], first["rule"], first["finding"]["status"], first["was"]) == (
        "new",
        "CUST-REVISIT",
        "action_required",
        None,
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["new", "resolved", "persisting"]), ("zh", ["新增", "已解决", "持续存在"])],
)
@pytest.mark.parametrize("output_format", ["table", "markdown", "html"])
def test_text_formats_in_both_languages(
    result_files: dict[str, Path], output_format: str, lang: str, words: list[str]
) -> None:
    code, out, _ = _diff(
        str(result_files[OCT]), str(result_files[NOV]), "--format", output_format, "--lang", lang
    )
    assert code == 1
    for word in words:
        assert word in out
    assert "RV-12" in out


def test_xlsx_format(result_files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "diff.xlsx"
    code, _, _ = _diff(
        str(result_files[OCT]), str(result_files[NOV]), "--format", "xlsx", "--output", str(out)
    )
    assert code == 1
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["Summary", "Changes between two audits"]
    rows = list(book["Changes between two audits"].values)
    assert rows[0][:3] == ("Change", "Rule", "Subject")
    assert len(rows) == 1 + 52  # 5 new, 45 persisting, 2 resolved


def test_xlsx_cells_never_run_as_formulas(audits: dict[str, AuditResult]) -> None:
    from sales_policy.report.diff import render_xlsx  # noqa: PLC0415

    old = audits[OCT]
    first = old.findings[0]
    hostile = _with(first, subject=dataclasses.replace(first.subject, id='=HYPERLINK("x","y")'))
    new = dataclasses.replace(old, findings=(hostile,))
    book = load_workbook(io.BytesIO(render_xlsx(diff_results(old, new), "en")))
    cells = [c for row in book.worksheets[1].iter_rows() for c in row]
    hostile_cells = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert hostile_cells
    assert all(c.data_type == "s" for c in hostile_cells)  # text, not a formula


def test_xlsx_is_byte_stable(audits: dict[str, AuditResult]) -> None:
    from sales_policy.report.diff import render_xlsx  # noqa: PLC0415

    diff = diff_results(audits[OCT], audits[NOV])
    assert render_xlsx(diff, "zh") == render_xlsx(diff, "zh")


def test_html_escapes_record_text(audits: dict[str, AuditResult]) -> None:
    from sales_policy.report.diff import render_html  # noqa: PLC0415

    old = audits[OCT]
    first = old.findings[0]
    hostile = _with(first, subject=dataclasses.replace(first.subject, id="<script>x</script>"))
    page = render_html(diff_results(old, dataclasses.replace(old, findings=(hostile,))), "en")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_filters(result_files: dict[str, Path]) -> None:
    old, new = str(result_files[OCT]), str(result_files[NOV])

    def rules(*args: str) -> set[str]:
        _, out, err = _diff(old, new, "--format", "json", *args)
        assert not err, err
        return {f["subject"]["id"] for f in json.loads(out)["findings"]}

    assert rules("--rule", "PAY-ESCALATE-MANAGER") == {"RV-12"}
    assert "CU-08" in rules("--owner", "S-06")
    assert "CU-08" not in rules("--owner", "S-05")
    # S-06 is Zhao Min of the South team; S-05 Liu Yang of the East team.
    south = rules("--team", "华南 South", "--records", str(COMPANY))
    assert "CU-08" in south
    assert "A-0235" in south  # Sun Hao (S-08), South
    assert "CT-03" not in south  # Liu Yang's contract


def test_team_needs_the_teams(result_files: dict[str, Path]) -> None:
    code, _, err = _diff(str(result_files[OCT]), str(result_files[NOV]), "--team", "x")
    assert code == 2
    assert "--records" in err


@pytest.mark.parametrize(
    ("content", "code", "says"),
    [
        ("{not json", "unreadable-result", "not JSON"),
        ('{"format": "something-else"}', "not-a-result", "`something-else`"),
        ("[1, 2]", "not-a-result", "no `format`"),
        ('{"format": "sales-policy/audit-result@1"}', "not-a-result", "missing `policy`"),
    ],
)
def test_unusable_inputs_exit_2(
    result_files: dict[str, Path], tmp_path: Path, content: str, code: str, says: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    exit_code, out, err = _diff(str(bad), str(result_files[NOV]))
    assert exit_code == 2
    assert out == ""
    assert err.startswith(f"{bad}: {code}: ")
    assert says in err


def test_a_missing_file_exits_2(result_files: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = _diff(str(tmp_path / "nope.json"), str(result_files[NOV]))
    assert code == 2
    assert "unreadable-result" in err


def test_results_of_other_policies_exit_2_unless_allowed(
    result_files: dict[str, Path], tmp_path: Path
) -> None:
    data = json.loads(result_files[NOV].read_text(encoding="utf-8"))
    data["policy"]["version"] = "9.9.9"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = _diff(str(result_files[OCT]), str(other))
    assert code == 2
    assert "policy-changed" in err
    assert (
        _diff(str(result_files[OCT]), str(other), "--allow-policy-change", "--format", "json")[0]
        == 1
    )


def test_every_code_is_documented() -> None:
    from tests.history.conftest import ROOT  # noqa: PLC0415

    from sales_policy.history.problems import CODES  # noqa: PLC0415

    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    section = text.split("## History: diffs, the store, impact", 1)[1]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE))
    assert documented == set(CODES)


def test_an_undocumented_code_cannot_be_raised() -> None:
    with pytest.raises(ValueError, match="undocumented"):
        HistoryError("x", "no-such-code", "y")
