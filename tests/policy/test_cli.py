"""``sales-policy validate`` and ``sales-policy rules``: output and exit codes
(0 valid, 1 a policy with problems, 2 an unusable command)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from sales_policy.cli import cli
from sales_policy.policy import load_policy

SHIPPED = Path(__file__).parents[2] / "policies" / "sales-staff"
CASES = Path(__file__).parent / "cases"


def _run(*arguments: str | Path) -> Result:
    # A wide console, so that rich does not fold long rule ids in the rules table.
    return CliRunner().invoke(cli, [str(a) for a in arguments], env={"COLUMNS": "200"})


def test_validate_a_shipped_pack_by_id() -> None:
    result = _run("validate", "sales-staff")
    rules = len(load_policy(SHIPPED).rules)
    assert (result.exit_code, result.stdout) == (0, f"sales-staff@1.0.0: {rules} rules, valid\n")


def test_validate_a_pack_by_path_and_version() -> None:
    assert _run("validate", SHIPPED).exit_code == 0
    assert _run("validate", "sales-staff@1.0.0").exit_code == 0


def test_validate_a_pack_with_overlays() -> None:
    case = CASES / "valid-overlay"
    result = _run("validate", case, "--overlay", case / "overlay.yaml")
    assert (result.exit_code, result.stdout) == (0, "mini@1.0.0 + acme: 2 rules, valid\n")


def test_validate_a_broken_pack_lists_every_problem_and_exits_1() -> None:
    case = CASES / "unknown-clauses"
    result = _run("validate", case)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{case}/rules.yaml:3:5: unknown-clause: no clause `§9.9` in the regulation",
        f"{case}/rules.yaml:12:5: unknown-clause: no clause `§2.3.x` in the regulation, "
        "did you mean `§2.3.c`?",
        "2 problem(s): the policy is refused",
    ]


def test_validate_a_broken_overlay_exits_1() -> None:
    case = CASES / "overlay-unknown-rules"
    result = _run("validate", case, "--overlay", case / "overlay.yaml")
    assert result.exit_code == 1
    assert "unknown-rule: no rule `R-ONF` in `mini`, did you mean `R-ONE`?" in result.stderr


def test_validate_an_unknown_id_exits_2_with_a_suggestion() -> None:
    result = _run("validate", "sales-staf")
    assert result.exit_code == 2
    assert result.stderr.startswith("sales-staf: unknown-policy: no policy `sales-staf` in force")
    assert result.stderr.rstrip().endswith("did you mean `sales-staff`?")


def test_validate_an_unknown_version_exits_2() -> None:
    result = _run("validate", "sales-staff@9.9.9")
    assert (result.exit_code, result.stderr) == (
        2,
        "sales-staff@9.9.9: unknown-policy: no policy `sales-staff` version 9.9.9; "
        "its versions: 1.0.0 from 2026-01-01\n",
    )


def test_validate_a_bad_option_or_no_policy_exits_2() -> None:
    assert _run("validate", "sales-staff", "--overlays", "x.yaml").exit_code == 2
    assert _run("validate").exit_code == 2


def test_rules_lists_the_rule_ids() -> None:
    result = _run("rules", "sales-staff")
    assert result.exit_code == 0
    listed = [line.split("│")[1].strip() for line in result.stdout.splitlines() if "│" in line]
    shown = [rule_id for rule_id in listed if rule_id]
    assert shown == sorted(rule.id for rule in load_policy(SHIPPED).rules)


def test_rules_lists_disabled_rules_with_their_reasons() -> None:
    case = CASES / "valid-overlay"
    result = _run("rules", case, "--overlay", case / "overlay.yaml", "--lang", "zh")
    assert result.exit_code == 0
    assert "ACME-ONE" in result.stdout
    assert "disabled R-TWO: the company has no approval process yet" in result.stdout


def test_rules_of_a_broken_pack_exits_1() -> None:
    assert _run("rules", CASES / "unknown-clauses").exit_code == 1
