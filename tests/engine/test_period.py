"""The audit period: never empty or reversed, never silently before the policy takes
effect; a retroactive audit, asked for, says so in every format; shipped packs found by
id and version from the library as from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sales_policy import AuditPeriodError, Engine, PolicyError, audit, load_policy
from sales_policy.cli import cli
from sales_policy.records import LoadResult, load_records

ROOT = Path(__file__).resolve().parents[2]
COMPANY = ROOT / "examples" / "company"
POLICY = load_policy(ROOT / "policies" / "sales-staff")
EFFECTIVE = POLICY.effective_from  # 2026-01-01


@pytest.fixture(scope="module")
def company() -> LoadResult:
    return load_records([COMPANY])


def _run(*arguments: str, records: Path = COMPANY) -> Result:
    return CliRunner().invoke(cli, ["audit", str(records), *arguments])


def _refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --- the library ---------------------------------------------------------------------


def test_a_period_that_starts_after_it_ends_is_refused(company: LoadResult) -> None:
    with pytest.raises(AuditPeriodError) as raised:
        Engine(POLICY).audit(company, as_of=dt.date(2026, 4, 30), period_start=dt.date(2026, 5, 1))
    assert raised.value.code == "period-reversed"
    assert "2026-05-01" in str(raised.value)
    assert "2026-04-30" in str(raised.value)
    with pytest.raises(AuditPeriodError):
        audit(company, POLICY, as_of=dt.date(2026, 4, 30), period_start=dt.date(2026, 5, 1))


def test_an_as_of_date_before_the_policy_takes_effect_is_an_empty_period(
    company: LoadResult,
) -> None:
    with pytest.raises(AuditPeriodError) as raised:
        audit(company, POLICY, as_of=dt.date(2024, 4, 29))
    assert raised.value.code == "period-empty"
    assert "takes effect on 2026-01-01" in str(raised.value)


def test_judging_before_the_policy_takes_effect_must_be_asked_for(company: LoadResult) -> None:
    early, as_of = dt.date(2024, 1, 1), dt.date(2026, 4, 29)
    with pytest.raises(AuditPeriodError) as raised:
        audit(company, POLICY, as_of=as_of, period_start=early)
    assert raised.value.code == "period-before-policy"
    result = audit(company, POLICY, as_of=as_of, period_start=early, retroactive=True)
    assert result.retroactive
    assert result.period_start == early
    data = json.loads(result.to_json())
    assert data["retroactive"] is True
    assert data["warnings"][0]["code"] == "retroactive-audit"
    # The period the version starts is an ordinary audit, asked for retroactively or not.
    ordinary = audit(company, POLICY, as_of=as_of, retroactive=True)
    assert not ordinary.retroactive
    assert json.loads(ordinary.to_json())["retroactive"] is False


def test_the_last_day_before_the_policy_is_retroactive_and_its_first_is_not(
    company: LoadResult,
) -> None:
    as_of = dt.date(2026, 4, 29)
    eve = EFFECTIVE - dt.timedelta(days=1)
    with pytest.raises(AuditPeriodError):
        audit(company, POLICY, as_of=as_of, period_start=eve)
    assert not audit(company, POLICY, as_of=as_of, period_start=EFFECTIVE).retroactive
    assert not audit(company, POLICY, as_of=EFFECTIVE).retroactive  # one day, not empty


def test_shipped_packs_load_by_id_and_version() -> None:
    by_version = load_policy("sales-staff@1.0.0")
    assert (by_version.id, by_version.version) == ("sales-staff", "1.0.0")
    by_id = load_policy("sales-staff", as_of=dt.date(2026, 6, 1))
    assert by_id.identity == by_version.identity
    with pytest.raises(PolicyError) as raised:
        load_policy("sales-staff", as_of=dt.date(2024, 4, 29))
    assert "1.0.0 from 2026-01-01" in str(raised.value)
    assert "sales-staff@VERSION" in str(raised.value)


def test_a_missing_folder_is_still_a_missing_folder() -> None:
    with pytest.raises(PolicyError) as raised:
        load_policy("no/such/pack")
    assert "unknown-policy" not in str(raised.value)


# --- the command line ----------------------------------------------------------------


def test_the_command_refuses_a_reversed_period_naming_both_dates() -> None:
    line = _refused(_run("--from", "2026-05-01", "--as-of", "2026-04-30"))
    assert line.startswith("period-reversed: ")
    assert "2026-05-01" in line
    assert "2026-04-30" in line


def test_the_command_refuses_a_period_before_its_records_are_read(tmp_path: Path) -> None:
    # The records do not exist: the period is refused first.
    line = _refused(_run("--from", "2026-05-01", "--as-of", "2026-04-30", records=tmp_path))
    assert line.startswith("period-reversed: ")


def test_the_command_refuses_an_empty_period_saying_when_the_version_takes_effect() -> None:
    line = _refused(_run("--as-of", "2024-04-29", "--policy", "sales-staff@1.0.0"))
    assert line.startswith("period-empty: sales-staff@1.0.0 takes effect on 2026-01-01")


def test_no_version_in_force_names_the_versions_and_how_to_pick_one() -> None:
    line = _refused(_run("--as-of", "2024-04-29"))
    assert "no policy `sales-staff` in force on 2024-04-29" in line
    assert "1.0.0 from 2026-01-01" in line
    assert "`sales-staff@VERSION`" in line


def test_a_period_before_the_policy_needs_retroactive() -> None:
    line = _refused(_run("--as-of", "2026-04-29", "--from", "2024-01-01"))
    assert line.startswith("period-before-policy: ")
    assert "--retroactive" in line


@pytest.mark.parametrize(
    ("output_format", "lang", "wanted"),
    [
        ("json", "en", '"retroactive": true'),
        ("json", "en", '"code":"retroactive-audit"'),
        ("table", "en", "RETROACTIVE AUDIT: the period starts on 2024-01-01"),
        ("table", "zh", "追溯审计"),
        ("markdown", "en", "RETROACTIVE AUDIT"),
        ("markdown", "zh", "追溯审计"),
        ("html", "en", '<p class="retroactive" role="alert"><b>RETROACTIVE AUDIT'),
        ("html", "zh", "追溯审计"),
        ("junit", "en", 'name="sales-policy retroactive audit sales-staff@1.0.0"'),
        ("junit", "en", '<property name="retroactive" value="true" />'),
    ],
)
def test_every_format_says_an_audit_is_retroactive(
    output_format: str, lang: str, wanted: str
) -> None:
    window = ("--as-of", "2026-04-29", "--from", "2024-01-01", "--retroactive")
    result = _run(*window, "--format", output_format, "--lang", lang)
    assert result.exit_code == 1, result.output
    assert wanted in result.stdout
    ordinary = _run("--as-of", "2026-04-29", "--format", output_format, "--lang", lang)
    assert wanted not in ordinary.stdout
