"""``dump_policy`` writes the effective policy as a pack that loads back the same:
load -> dump -> load keeps the rules and the parameters."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sales_policy.policy import Policy, dump_policy, load_policy

SHIPPED = Path(__file__).parents[2] / "policies" / "sales-staff"
CASES = Path(__file__).parent / "cases"
VALID = sorted(
    folder.name
    for folder in CASES.iterdir()
    if (folder / "expect.yaml").is_file()
    and yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))["problems"] == []
)

OVERLAY = """\
overlay: acme
extends: sales-staff
parameters:
  handover_days: 5
  discount_limits: {sales_rep: 7.5, sales_supervisor: 10, sales_manager: 12.25}
severities: {HANDOVER: critical}
disable: {MARKET-REPORT: written by marketing}
rules:
  - id: ACME-BRIEFED
    clause: "§3.2.1.b"
    severity: low
    title: {zh: 交底须说明, en: Handovers are briefed}
    subject: activity
    activity: handover
    check: {date: at, require: [{true: briefed}]}
    message: {zh: "交底 {subject} 未说明", en: "Handover {subject} was not briefed"}
"""


def _round_trip(policy: Policy, folder: Path) -> Policy:
    dump_policy(policy, folder)
    return load_policy(folder)


def _assert_same(reloaded: Policy, policy: Policy) -> None:
    assert reloaded.rules == policy.rules
    assert reloaded.parameters == policy.parameters
    assert reloaded.parameter_types == policy.parameter_types
    for name in ("id", "version", "effective_from", "title", "time_zone", "day_basis", "calendar"):
        assert getattr(reloaded, name) == getattr(policy, name), name


def test_the_shipped_pack_round_trips(tmp_path: Path) -> None:
    policy = load_policy(SHIPPED)
    reloaded = _round_trip(policy, tmp_path / "out")
    _assert_same(reloaded, policy)
    assert reloaded.declarations == policy.declarations


def test_a_pack_with_an_overlay_round_trips_with_the_overlay_folded_in(tmp_path: Path) -> None:
    overlay = tmp_path / "acme.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    policy = load_policy(SHIPPED, [overlay])
    reloaded = _round_trip(policy, tmp_path / "out")
    _assert_same(reloaded, policy)
    assert reloaded.parameters["discount_limits"]["sales_rep"] == 7.5
    assert reloaded.rule("HANDOVER").severity == "critical"
    assert reloaded.rules[-1].id == "ACME-BRIEFED"
    assert reloaded.overlays == ()
    assert reloaded.disabled == {}  # disabled rules are left out, and named in a comment
    manifest = (tmp_path / "out" / "policy.yaml").read_text(encoding="utf-8")
    assert "# disabled MARKET-REPORT: written by marketing" in manifest
    assert policy.overlays[0].sha256 in manifest


@pytest.mark.parametrize("name", VALID)
def test_every_valid_case_round_trips(name: str, tmp_path: Path) -> None:
    folder = CASES / name
    expect = yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))
    policy = load_policy(folder, [folder / overlay for overlay in expect.get("overlays", [])])
    _assert_same(_round_trip(policy, tmp_path / "out"), policy)


def test_a_dumped_pack_dumps_to_the_same_rules(tmp_path: Path) -> None:
    dump_policy(load_policy(SHIPPED), tmp_path / "one")
    dump_policy(load_policy(tmp_path / "one"), tmp_path / "two")
    rules = Path("rules") / "rules.yaml"
    assert (tmp_path / "one" / rules).read_bytes() == (tmp_path / "two" / rules).read_bytes()


def test_a_folder_may_be_given_as_text(tmp_path: Path) -> None:
    """As every other function takes a path: ``str`` as well as ``Path``."""
    dump_policy(load_policy(str(SHIPPED)), str(tmp_path / "out"))
    _assert_same(load_policy(str(tmp_path / "out")), load_policy(SHIPPED))
