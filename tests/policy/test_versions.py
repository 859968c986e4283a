"""Picking a pack: a path, ``id@version``, or ``id`` and the version in force on a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sales_policy.policy import PolicyError, find_policy, load_policy

RULES = """\
rules:
  - id: R
    clause: "§2.3.c"
    severity: low
    title: {zh: 甲, en: A}
    subject: contract
    check: {date: signed_on, require: [{present: [amount]}]}
    message: {zh: 甲, en: A}
"""

VERSIONS = {  # folder -> (policy, version, effective_from)
    "sales-staff-1": ("sales-staff", "1.0.0", "2026-01-01"),
    "sales-staff-1.1": ("sales-staff", "1.1.0", "2026-07-01"),
    "sales-staff-2": ("sales-staff", "2.0.0", "2027-01-01"),
    "field-sales-1": ("field-sales", "1.0.0", "2025-01-01"),
}


def _pack(root: Path, folder: str, policy: str, version: str, effective_from: str) -> Path:
    pack = root / folder
    pack.mkdir(parents=True)
    (pack / "policy.yaml").write_text(
        f"policy: {policy}\nversion: {version}\neffective_from: {effective_from}\n"
        "title: {zh: 甲, en: A}\nrule_files: [rules.yaml]\n",
        encoding="utf-8",
    )
    (pack / "rules.yaml").write_text(RULES, encoding="utf-8")
    return pack


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for folder, (policy, version, effective_from) in VERSIONS.items():
        _pack(tmp_path, folder, policy, version, effective_from)
    (tmp_path / "notes").mkdir()  # a folder without a manifest is not a pack
    return tmp_path


def _version(spec: str, as_of: str, roots: list[Path]) -> str:
    return load_policy(find_policy(spec, as_of=dt.date.fromisoformat(as_of), roots=roots)).version


@pytest.mark.parametrize(
    ("spec", "version"),
    [
        ("sales-staff@1.0.0", "1.0.0"),
        ("sales-staff@1.1.0", "1.1.0"),
        ("sales-staff@2.0.0", "2.0.0"),
    ],
)
def test_id_at_version_picks_that_version_whatever_the_date(
    root: Path, spec: str, version: str
) -> None:
    assert _version(spec, "2026-03-01", [root]) == version


@pytest.mark.parametrize(
    ("as_of", "version"),
    [
        ("2026-01-01", "1.0.0"),  # in force from its first day
        ("2026-06-30", "1.0.0"),
        ("2026-07-01", "1.1.0"),
        ("2026-12-31", "1.1.0"),
        ("2027-01-01", "2.0.0"),
        ("2031-05-05", "2.0.0"),
    ],
)
def test_an_id_picks_the_latest_version_in_force(root: Path, as_of: str, version: str) -> None:
    assert _version("sales-staff", as_of, [root]) == version


def test_versions_from_the_same_day_go_by_version_number(tmp_path: Path) -> None:
    _pack(tmp_path, "a", "sales-staff", "1.9.0", "2026-01-01")
    _pack(tmp_path, "b", "sales-staff", "1.10.0", "2026-01-01")
    assert _version("sales-staff", "2026-02-01", [tmp_path]) == "1.10.0"


def test_versions_are_found_across_roots(tmp_path: Path) -> None:
    _pack(tmp_path / "shipped", "one", "sales-staff", "1.0.0", "2026-01-01")
    _pack(tmp_path / "company", "two", "sales-staff", "1.1.0", "2026-07-01")
    roots = [tmp_path / "shipped", tmp_path / "company"]
    assert _version("sales-staff", "2026-08-01", roots) == "1.1.0"
    assert _version("sales-staff@1.0.0", "2026-08-01", roots) == "1.0.0"


def test_a_path_is_taken_as_it_is(root: Path) -> None:
    pack = root / "sales-staff-1"
    assert find_policy(str(pack), as_of=dt.date(2000, 1, 1), roots=[]) == pack


def test_the_shipped_pack_is_found_by_id() -> None:
    shipped = Path(__file__).parents[2] / "policies"
    found = find_policy("sales-staff", as_of=dt.date(2026, 3, 1), roots=[shipped])
    assert found == shipped / "sales-staff"


def _refusal(spec: str, as_of: str, root: Path) -> str:
    with pytest.raises(PolicyError) as refused:
        find_policy(spec, as_of=dt.date.fromisoformat(as_of), roots=[root])
    (problem,) = refused.value.problems
    assert problem.code == "unknown-policy"
    assert problem.location.source == spec
    return problem.message


def test_an_unknown_id_is_refused_with_a_suggestion(root: Path) -> None:
    message = _refusal("sales-staf", "2026-03-01", root)
    assert message == "no policy `sales-staf` in force on 2026-03-01, did you mean `sales-staff`?"


def test_an_unknown_id_with_a_version_is_refused_with_a_suggestion(root: Path) -> None:
    message = _refusal("field-sale@1.0.0", "2026-03-01", root)
    assert message == "no policy `field-sale` version 1.0.0, did you mean `field-sales`?"


def test_an_unknown_version_is_refused(root: Path) -> None:
    assert _refusal("sales-staff@3.0.0", "2026-03-01", root) == (
        "no policy `sales-staff` version 3.0.0; "
        "its versions: 1.0.0 from 2026-01-01, 1.1.0 from 2026-07-01, 2.0.0 from 2027-01-01"
    )


def test_a_date_before_every_version_is_refused(root: Path) -> None:
    assert _refusal("sales-staff", "2025-12-31", root) == (
        "no policy `sales-staff` in force on 2025-12-31; "
        "its versions: 1.0.0 from 2026-01-01, 1.1.0 from 2026-07-01, 2.0.0 from 2027-01-01; "
        "name one as `sales-staff@VERSION`, or audit as of a date on which one is in force"
    )
