"""Overlays change a pack without copying it, and the policy's identity says which were
applied, down to their bytes."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from sales_policy.policy import OverlayIdentity, load_policy

SHIPPED = Path(__file__).parents[2] / "policies" / "sales-staff"

ADDED_RULE = """
rules:
  - id: ACME-HANDOVER-BRIEFED
    clause: "§3.2.1.b"
    severity: low
    title: {zh: 交底须说明, en: Handovers are briefed}
    subject: activity
    activity: handover
    check:
      date: at
      require: [{true: briefed}]
    message: {zh: "交底 {subject} 未说明", en: "Handover {subject} was not briefed"}
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the shipped pack that a test may change."""
    return Path(shutil.copytree(SHIPPED, tmp_path / "sales-staff"))


def _overlay(path: Path, body: str, overlay_id: str = "acme") -> Path:
    path.write_text(
        f"overlay: {overlay_id}\nextends: sales-staff@1.0.0\n" + textwrap.dedent(body),
        encoding="utf-8",
    )
    return path


def test_without_overlays_the_defaults_hold(pack: Path) -> None:
    policy = load_policy(pack)
    assert policy.parameters["handover_days"] == 3
    assert policy.overlays == ()
    assert policy.disabled == {}
    assert policy.identity["overlays"] == []


def test_an_overlay_changes_a_parameter(pack: Path, tmp_path: Path) -> None:
    base = load_policy(pack)
    policy = load_policy(pack, [_overlay(tmp_path / "o.yaml", "parameters: {handover_days: 5}\n")])
    assert policy.parameters == {**base.parameters, "handover_days": 5}
    assert policy.declarations["handover_days"].default == 3  # the pack's default is kept
    assert policy.rules == base.rules


def test_later_overlays_win(pack: Path, tmp_path: Path) -> None:
    first = _overlay(tmp_path / "first.yaml", "parameters: {handover_days: 5}\n", "first")
    second = _overlay(tmp_path / "second.yaml", "parameters: {handover_days: 1}\n", "second")
    assert load_policy(pack, [first, second]).parameters["handover_days"] == 1
    assert load_policy(pack, [second, first]).parameters["handover_days"] == 5


def test_an_overlay_changes_a_severity(pack: Path, tmp_path: Path) -> None:
    policy = load_policy(
        pack, [_overlay(tmp_path / "o.yaml", "severities: {HANDOVER: critical}\n")]
    )
    assert policy.rule("HANDOVER").severity == "critical"
    assert policy.severities == {"HANDOVER": "critical"}
    assert policy.rule("MARKET-REPORT").severity == load_policy(pack).rule("MARKET-REPORT").severity


def test_a_disabled_rule_leaves_the_rules_with_its_reason(pack: Path, tmp_path: Path) -> None:
    reason = "market reports are written by the marketing department"
    overlay = _overlay(tmp_path / "o.yaml", f"disable: {{MARKET-REPORT: {reason}}}\n")
    policy = load_policy(pack, [overlay])
    assert "MARKET-REPORT" not in [rule.id for rule in policy.rules]
    assert policy.disabled == {"MARKET-REPORT": reason}
    assert len(policy.rules) == len(load_policy(pack).rules) - 1


def test_an_overlay_adds_a_rule(pack: Path, tmp_path: Path) -> None:
    policy = load_policy(pack, [_overlay(tmp_path / "o.yaml", ADDED_RULE)])
    assert policy.rules[-1].id == "ACME-HANDOVER-BRIEFED"
    assert policy.rules[:-1] == load_policy(pack).rules


def test_the_identity_lists_the_overlays_with_their_digests(pack: Path, tmp_path: Path) -> None:
    first = _overlay(tmp_path / "first.yaml", "parameters: {handover_days: 5}\n", "first")
    second = _overlay(tmp_path / "second.yaml", "severities: {HANDOVER: low}\n", "second")
    policy = load_policy(pack, [first, second])
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in (first, second)]
    assert policy.overlays == (
        OverlayIdentity("first", digests[0]),
        OverlayIdentity("second", digests[1]),
    )
    assert policy.identity == {
        "id": "sales-staff",
        "version": "1.0.0",
        "sha256": load_policy(pack).sha256,  # the pack's digest is the pack's alone
        "overlays": [{"id": "first", "sha256": digests[0]}, {"id": "second", "sha256": digests[1]}],
    }


def test_an_overlays_digest_follows_its_bytes(pack: Path, tmp_path: Path) -> None:
    overlay = _overlay(tmp_path / "o.yaml", "parameters: {handover_days: 5}\n")
    before = load_policy(pack, [overlay]).overlays[0].sha256
    assert load_policy(pack, [overlay]).overlays[0].sha256 == before
    overlay.write_text(overlay.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    assert load_policy(pack, [overlay]).overlays[0].sha256 != before


@pytest.mark.parametrize("changed", ["policy.yaml", "rules/staff.yaml"])
def test_the_pack_digest_follows_its_files(pack: Path, changed: str) -> None:
    before = load_policy(pack).sha256
    assert load_policy(pack).sha256 == before
    path = pack / changed
    path.write_text(path.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    assert load_policy(pack).sha256 != before


def test_the_pack_digest_does_not_depend_on_where_the_pack_is(pack: Path) -> None:
    assert load_policy(pack).sha256 == load_policy(SHIPPED).sha256
