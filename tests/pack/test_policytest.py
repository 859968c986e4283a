"""The policy-test runner and ``sales-policy test``: what a failing case says, which case
files it refuses and where it points, and the exit codes (0 all passed; 1 a failure, a
malformed case file, or no case at all; 2 an unusable command or pack)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sales_policy import policytest
from sales_policy.cli import cli

FIXTURES = """\
rule: PAY-NOTICE
fixtures:
  staff:
    - {id: S1, name: Rep, role: sales_rep, hired_on: 2025-01-01}
  customers:
    - {id: C1, owner_id: S1, created_on: 2025-01-05, status: active}
  contracts:
    - {id: K1, customer_id: C1, owner_id: S1, status: signed, amount: 1000,
       signed_on: 2026-03-10}
  receivables:
    - {id: R1, contract_id: K1, amount_due: 100, due_on: 2026-05-31}
cases:
"""

PASSING = """\
  - name: no notice
    as_of: 2026-06-10
    want:
      - {subject: receivable/R1, status: violation, action: {due_on: 2026-06-03, owner: S1}}
"""


Make = Callable[..., Path]


@pytest.fixture
def make(tmp_path: Path, copy_pack: Callable[[Path], Path]) -> Make:
    """Makes a copy of the shipped pack whose only test file holds ``cases`` (none: no
    tests folder)."""

    def pack_with(cases: str | None = PASSING, name: str = "PAY-NOTICE") -> Path:
        pack = copy_pack(tmp_path / "pack")
        if cases is not None:
            (pack / "tests").mkdir()
            (pack / "tests" / f"{name}.yaml").write_text(FIXTURES + cases, encoding="utf-8")
        return pack

    return pack_with


def _run(*arguments: str | Path) -> Result:
    return CliRunner().invoke(cli, ["test", *(str(a) for a in arguments)])


def _errors(pack: Path) -> list[str]:
    """The problems of the pack's case files, with the pack's path cut off."""
    return [str(problem).replace(f"{pack}/", "") for problem in policytest.collect(pack).problems]


def test_a_passing_case(make: Make) -> None:
    result = _run(make())
    assert (result.exit_code, result.output) == (0, "1 passed, 0 failed\n")


def test_a_failing_case_says_what_differs(make: Make) -> None:
    pack = make(
        """\
  - name: wrong in every way
    as_of: 2026-06-10
    want:
      - {subject: receivable/R1, status: action_required, owner: S2,
         action: {due_on: 2026-06-04, owner: S2}, evidence: {done_on: 2026-06-05, late: 1}}
      - {subject: receivable/R2, status: violation, action: null}
  - name: none wanted
    as_of: 2026-06-10
    want: []
""",
    )
    result = _run(pack, "--engine", "durable")
    assert result.exit_code == 1
    file = pack / "tests" / "PAY-NOTICE.yaml"
    assert result.output.splitlines() == [
        f"FAILED {file}::wrong in every way - receivable/R1: status violation, want "
        "action_required; receivable/R1: owner S1 (sales_rep), want S2; receivable/R1: "
        "action due 2026-06-03, want 2026-06-04; receivable/R1: action owner S1 (sales_rep), "
        "want S2; receivable/R1: evidence `done_on` None, want '2026-06-05'; receivable/R1: "
        "no evidence `late`, want 1; missing receivable/R2 violation",
        f"FAILED {file}::none wanted - unexpected receivable/R1 violation, action due "
        "2026-06-03 for S1 (sales_rep)",
        "0 passed, 2 failed",
    ]


def test_an_action_wanted_and_not_given_and_the_reverse(make: Make) -> None:
    pack = make(
        """\
  - name: no action wanted
    as_of: 2026-06-10
    want:
      - {subject: receivable/R1, status: violation, action: null}
  - name: action wanted from nobody
    as_of: 2026-06-02
    want:
      - {subject: receivable/R1, status: action_required,
         action: {owner: {staff_id: null, role: sales_manager}, missing: [x]}}
""",
    )
    outcomes = policytest.run(pack).outcomes
    assert [o.differences for o in outcomes] == [
        (
            "receivable/R1: has an action (violation, action due 2026-06-03 for S1 (sales_rep)), "
            "want none",
        ),
        (
            "receivable/R1: action owner S1 (sales_rep), want nobody (sales_manager)",
            "receivable/R1: action missing [], want ['x']",
        ),
    ]


def test_unknown_keys_are_refused_where_they_are(make: Make) -> None:
    pack = make(
        """\
  - name: typos
    as_of: 2026-06-10
    wnat: []
  - name: typo in a finding
    as_of: 2026-06-10
    want:
      - {subject: receivable/R1, stauts: violation, action: null}
  - name: typo in an action
    as_of: 2026-06-10
    want:
      - {subject: receivable/R1, status: violation, action: {due: 2026-06-03}}
""",
    )
    assert _errors(pack) == [
        "tests/PAY-NOTICE.yaml:13:5: missing-field: `want` is required",
        "tests/PAY-NOTICE.yaml:15:5: unknown-field: unknown key `wnat`, did you mean `want`?",
        "tests/PAY-NOTICE.yaml:19:9: missing-field: `status` is required",
        "tests/PAY-NOTICE.yaml:19:34: unknown-field: unknown key `stauts`, did you mean `status`?",
        "tests/PAY-NOTICE.yaml:23:62: unknown-field: unknown key `due`, did you mean `due_on`?",
    ]
    result = _run(pack)
    assert result.exit_code == 1
    assert result.output.endswith("0 passed, 0 failed, 5 errors\n")


def test_a_finding_must_say_whether_it_has_an_action(make: Make) -> None:
    pack = make(
        """\
  - name: no action key
    as_of: 2026-06-10
    want:
      - {subject: receivable/R1, status: violation}
""",
    )
    assert _errors(pack) == ["tests/PAY-NOTICE.yaml:16:9: missing-field: `action` is required"]


def test_unknown_keys_at_the_top_and_an_unknown_rule(make: Make) -> None:
    pack = make()
    path = pack / "tests" / "PAY-NOTICE.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rule: PAY-NOTICE", "rule: PAY-NOTICES\nrul: x"),
        encoding="utf-8",
    )
    assert _errors(pack) == [
        "tests/PAY-NOTICE.yaml:2:1: unknown-field: unknown key `rul`, did you mean `rule`?"
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("rul: x\n", ""), encoding="utf-8")
    assert _errors(pack) == [
        "tests/PAY-NOTICE.yaml:1:1: unknown-rule: no rule `PAY-NOTICES` in `sales-staff`, "
        "did you mean `PAY-NOTICE`?"
    ]


def test_records_that_would_not_load_are_refused(make: Make) -> None:
    pack = make(
        """\
  - name: bad records
    as_of: 2026-06-10
    records:
      activities:
        - {id: N1, type: collection_notice, staff_id: S1, at: 2026-06-02, receivable_id: R1,
           states_consequence: true}
        - {id: N2, type: collection_notice, staff_id: S1, at: 2026-13-02, receivable_id: R1}
        - {id: N3, type: collection_notice, staff_id: S9, at: 2026-06-02, receivable_id: R1}
      contract: []
    want: []
""",
    )
    assert _errors(pack) == [
        "tests/PAY-NOTICE.yaml:17:11: unknown-field: activities `N1`: unknown field "
        "`states_consequence`, did you mean `states_consequences`?",
        "tests/PAY-NOTICE.yaml:19:11: invalid-date: activities `N2`, `at`: `2026-13-02` is not "
        "a valid date (YYYY-MM-DD)",
        "tests/PAY-NOTICE.yaml:20:11: dangling-reference: activities `N3`, `staff_id`: refers "
        "to staff `S9`, which is not in the record set",
        "tests/PAY-NOTICE.yaml:21:7: unknown-collection: unknown collection `contract`, did you "
        "mean `contracts`?",
    ]


def test_a_case_record_replaces_the_fixture_with_its_id(make: Make) -> None:
    pack = make(
        """\
  - name: paid in time
    as_of: 2026-06-10
    records:
      receivables:
        - {id: R1, contract_id: K1, amount_due: 100, due_on: 2026-05-31,
           payments: [{paid_on: 2026-05-31, amount: 100}]}
    want: []
""",
    )
    assert _run(pack).exit_code == 0


def test_duplicate_cases_and_findings(make: Make) -> None:
    pack = make(
        PASSING
        + PASSING
        + """\
  - name: twice
    as_of: 2026-06-10
    want:
      - {subject: receivable/R1, status: violation, action: null}
      - {subject: receivable/R1, status: action_required, action: null}
""",
    )
    assert _errors(pack) == [
        "tests/PAY-NOTICE.yaml:17: duplicate-case: case `no notice` is already at "
        "tests/PAY-NOTICE.yaml:13",
        "tests/PAY-NOTICE.yaml:25:9: duplicate-want: `receivable/R1` is wanted twice: a "
        "finding is one rule, subject, part",
    ]


def test_parameters_a_pack_refuses(make: Make) -> None:
    pack = make(
        """\
  - name: bad parameter
    as_of: 2026-06-10
    parameters: {notice_day: 5}
    want: []
""",
    )
    result = _run(pack)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"ERROR {pack}/tests/PAY-NOTICE.yaml:13: unknown-name: parameters: unknown parameter "
        "`notice_day`, did you mean `notice_days`?",
        "0 passed, 0 failed, 1 error",
    ]


def test_no_case_at_all_fails(make: Make) -> None:
    result = _run(make(None))
    assert (result.exit_code, result.output) == (1, "no tests found\n0 passed, 0 failed\n")


def test_a_file_without_cases_is_refused(make: Make) -> None:
    assert _errors(make("")) == [
        "tests/PAY-NOTICE.yaml:12:1: wrong-type: Input should be a valid list (found `None`)"
    ]


@pytest.mark.parametrize(
    "arguments",
    [["test"], ["test", "no/such/pack"], ["test", ".", "--engine", "rete"]],
    ids=["no pack", "no such folder", "unknown engine"],
)
def test_usage_errors_exit_2(arguments: list[str]) -> None:
    assert CliRunner().invoke(cli, arguments).exit_code == 2


def test_a_folder_that_is_not_a_pack_exits_2(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.exit_code == 2
    assert "the policy is refused" in result.output


COMPANY_OVERLAY = """\
overlay: acme
extends: sales-staff
declare:
  notice_grace: {type: days, default: 2, description: Days of grace for a notice.}
parameters:
  notice_days: 7
"""


def test_a_company_runs_its_cases_against_the_pack_with_its_overlay(
    tmp_path: Path, copy_pack: Callable[[Path], Path]
) -> None:
    """The company's cases live beside its overlay, not in the pack; the overlay's values
    (a notice due in 7 days, not the pack's) decide them."""
    pack = copy_pack(tmp_path / "pack")
    overlay = tmp_path / "acme" / "overlay.yaml"
    tests = tmp_path / "acme" / "tests"
    tests.mkdir(parents=True)
    overlay.write_text(COMPANY_OVERLAY, encoding="utf-8")
    wanted = PASSING.replace("due_on: 2026-06-03", "due_on: 2026-06-07")
    (tests / "PAY-NOTICE.yaml").write_text(FIXTURES + wanted, encoding="utf-8")
    result = _run(pack, "--overlay", overlay, "--tests", tests)
    assert (result.exit_code, result.output) == (0, "1 passed, 0 failed\n")
    without = _run(pack, "--tests", tests)
    assert without.exit_code == 1
    assert "action due 2026-06-03, want 2026-06-07" in without.output
    assert policytest.collect(pack, [overlay], tests).cases[0].overlays == (overlay,)


def test_cases_with_parameters_keep_the_overlay(
    tmp_path: Path, copy_pack: Callable[[Path], Path]
) -> None:
    """A case's own parameters apply on top of the overlay, which may set its own."""
    pack = copy_pack(tmp_path / "pack")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(COMPANY_OVERLAY, encoding="utf-8")
    tests = tmp_path / "tests"
    tests.mkdir()
    case = PASSING.replace("    as_of:", "    parameters: {notice_grace: 3}\n    as_of:", 1)
    case = case.replace("due_on: 2026-06-03", "due_on: 2026-06-07")
    (tests / "PAY-NOTICE.yaml").write_text(FIXTURES + case, encoding="utf-8")
    assert policytest.run(pack, "native", [overlay], tests).ok


def test_an_overlay_that_does_not_load_makes_the_run_unusable(
    tmp_path: Path, copy_pack: Callable[[Path], Path]
) -> None:
    pack = copy_pack(tmp_path / "pack")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(COMPANY_OVERLAY.replace("notice_days", "notice_dys"), encoding="utf-8")
    result = _run(pack, "--overlay", overlay)
    assert result.exit_code == 2
    assert "unknown parameter `notice_dys`, did you mean `notice_days`?" in result.output
