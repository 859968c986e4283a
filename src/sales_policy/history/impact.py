"""What adopting another policy version or overlay would change: the policy changes
themselves, and the same records audited under both, each finding that appears,
disappears or changes attributed to the policy changes that explain it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sales_policy.engine import Engine
from sales_policy.findings import plain
from sales_policy.history.diff import FindingDiff, ResultDiff, diff_results
from sales_policy.policy import Policy, Rule
from sales_policy.records import LoadResult, RecordSet

ChangeKind = Literal[
    "rule-added",
    "rule-removed",
    "rule-disabled",
    "rule-enabled",
    "rule-changed",
    "severity",
    "parameter",
    "waiver-added",
    "waiver-removed",
    "setting",
]
_SETTINGS = ("time_zone", "day_basis", "calendar")
"""Policy-wide settings that can move any date, so explain any finding."""


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """One difference between two policies: a rule, a parameter, a severity, a waiver or a
    policy-wide setting, with its old and new value where it has one."""

    kind: ChangeKind
    name: str
    """The rule id, the parameter or setting name, or for a waiver ``RULE type/id``."""
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        if self.kind in ("parameter", "severity", "setting"):
            return f"{self.kind} `{self.name}`: {_show(self.old)} → {_show(self.new)}"
        return f"{self.kind.replace('-', ' ')} `{self.name}`"

    def to_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "old": plain(self.old),
            "new": plain(self.new),
        }


@dataclass(frozen=True, slots=True)
class ImpactEntry:
    """A finding that differs under the second policy, and the changes that explain it
    (none: no policy change accounts for it)."""

    entry: FindingDiff
    causes: tuple[PolicyChange, ...]

    def to_data(self) -> dict[str, Any]:
        return {**self.entry.to_data(), "causes": [c.to_data() for c in self.causes]}


@dataclass(frozen=True)
class Impact:
    """The policy changes, the findings compared, and what explains each difference."""

    changes: tuple[PolicyChange, ...]
    diff: ResultDiff
    entries: tuple[ImpactEntry, ...]
    """Every finding new, resolved or changed under the second policy (persisting ones are
    in ``diff``)."""

    def to_data(self) -> dict[str, Any]:
        summary = {k: v for k, v in self.diff.counts.items() if k != "persisting"}
        return {
            "format": "sales-policy/impact@1",
            "old": self.diff.old.to_data(),
            "new": self.diff.new.to_data(),
            "changes": [change.to_data() for change in self.changes],
            "summary": summary,
            "findings": [entry.to_data() for entry in self.entries],
        }


def policy_changes(old: Policy, new: Policy) -> tuple[PolicyChange, ...]:
    """How ``new`` differs from ``old``: rules added, removed, disabled, enabled or
    rewritten, severities, parameter values, waivers and policy-wide settings."""
    changes: list[PolicyChange] = []
    for name in _SETTINGS:
        if getattr(old, name) != getattr(new, name):
            changes.append(PolicyChange("setting", name, getattr(old, name), getattr(new, name)))
    for name in sorted(set(old.parameters) | set(new.parameters)):
        before, after = old.parameters.get(name), new.parameters.get(name)
        if plain(before) != plain(after):
            changes.append(PolicyChange("parameter", name, before, after))
    before_rules = {rule.id: rule for rule in old.rules}
    after_rules = {rule.id: rule for rule in new.rules}
    for rule_id in sorted(set(before_rules) | set(after_rules)):
        was, now = before_rules.get(rule_id), after_rules.get(rule_id)
        if was is None:
            changes.append(
                PolicyChange("rule-enabled" if rule_id in old.disabled else "rule-added", rule_id)
            )
        elif now is None:
            disabled = rule_id in new.disabled
            changes.append(
                PolicyChange(
                    "rule-disabled" if disabled else "rule-removed",
                    rule_id,
                    new=new.disabled.get(rule_id),
                )
            )
        else:
            if was.severity != now.severity:
                changes.append(PolicyChange("severity", rule_id, was.severity, now.severity))
            if _body(was) != _body(now):
                changes.append(PolicyChange("rule-changed", rule_id))
    waivers = [{_waiver(w.waiver) for w in p.waivers} for p in (old, new)]
    changes += [PolicyChange("waiver-added", w) for w in sorted(waivers[1] - waivers[0])]
    changes += [PolicyChange("waiver-removed", w) for w in sorted(waivers[0] - waivers[1])]
    return tuple(changes)


def impact(
    records: RecordSet | LoadResult,
    policy_a: Policy,
    policy_b: Policy,
    *,
    as_of: dt.date,
    period_start: dt.date | None = None,
    retroactive: bool = False,
) -> Impact:
    """Audit ``records`` under ``policy_a`` and ``policy_b`` as of the same day over the
    same period (``period_start``, default ``policy_a``'s ``effective_from``), so that
    only the policy differs, and attribute each difference in the findings. A period
    before ``policy_a`` takes effect must be asked for (``retroactive``); ``policy_b``,
    the version weighed, is judged over that period whenever it takes effect."""
    start = period_start or policy_a.effective_from
    old = Engine(policy_a).audit(records, as_of=as_of, period_start=start, retroactive=retroactive)
    new = Engine(policy_b).audit(records, as_of=as_of, period_start=start, retroactive=True)
    diff = diff_results(
        old, new, allow_policy_change=True, labels=(_name(policy_a), _name(policy_b))
    )
    changes = policy_changes(policy_a, policy_b)
    uses = {rule.id: _parameters_used(rule, policy_b.parameters) for rule in policy_b.rules}
    uses.update({r.id: _parameters_used(r, policy_a.parameters) for r in policy_a.rules})
    entries = tuple(
        ImpactEntry(entry, _causes(entry, changes, uses.get(entry.key[0], set())))
        for entry in diff.entries
        if entry.change != "persisting"
    )
    return Impact(changes, diff, entries)


def _causes(
    entry: FindingDiff, changes: Iterable[PolicyChange], parameters: set[str]
) -> tuple[PolicyChange, ...]:
    rule = entry.key[0]
    subject = f"{entry.key[1]}/{entry.key[2]}"
    statuses = {f.status for f in (entry.old, entry.new) if f is not None}
    found = []
    for change in changes:
        explains = {
            "rule-added": change.name == rule and entry.change == "new",
            "rule-enabled": change.name == rule and entry.change == "new",
            "rule-removed": change.name == rule and entry.change == "resolved",
            "rule-disabled": change.name == rule and entry.change == "resolved",
            "rule-changed": change.name == rule,
            "severity": change.name == rule and "severity" in entry.changed,
            "parameter": change.name in parameters,
            "waiver-added": change.name.startswith(f"{rule} {subject}") and "waived" in statuses,
            "waiver-removed": change.name.startswith(f"{rule} {subject}") and "waived" in statuses,
            "setting": True,
        }[change.kind]
        if explains:
            found.append(change)
    return tuple(found)


def _parameters_used(rule: Rule, parameters: Mapping[str, Any]) -> set[str]:
    """The parameters a rule's text names (in expressions, conditions and loops)."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", repr(rule.model_dump(by_alias=True))))
    return words & set(parameters)


def _body(rule: Rule) -> dict[str, Any]:
    return rule.model_dump(exclude={"severity"})


def _waiver(waiver: Any) -> str:
    part = f" {waiver.part}" if waiver.part else ""
    until = f" until {waiver.expires_on}" if waiver.expires_on else ""
    return f"{waiver.rule} {waiver.subject}{part}{until}"


def _name(policy: Policy) -> str:
    overlays = "".join(f" + {o.id}" for o in policy.overlays)
    return f"{policy.id}@{policy.version}{overlays}"


def _show(value: Any) -> str:
    return "(none)" if value is None else str(plain(value))
