"""What changed between two audit results: each finding, by its key (rule, subject,
part), is new, resolved, persisting or changed; ``pass`` results are no findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sales_policy.bulk import paused_gc
from sales_policy.findings import AuditResult, Finding, Owner
from sales_policy.history.problems import HistoryError

DIFF_FORMAT = "sales-policy/diff@1"
Change = Literal["new", "changed", "persisting", "resolved"]
CHANGES: tuple[Change, ...] = ("new", "changed", "persisting", "resolved")
"""The kinds of entry, in the order a diff lists them: what needs attention first."""
FIELDS = ("status", "severity", "owner", "due_on", "action")
"""What may change in a finding that stays: ``changed`` says which."""
Key = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two results compared: where it came from, its policy and date."""

    label: str
    policy: Mapping[str, Any]
    as_of: dt.date
    run: int | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "run": self.run,
            "policy": dict(self.policy),
            "as_of": self.as_of.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class FindingDiff:
    """One finding's fate between the two results."""

    change: Change
    old: Finding | None
    new: Finding | None
    changed: tuple[str, ...] = ()
    """For ``changed``: which of ``FIELDS`` differ."""
    first_seen: dt.date | None = None
    """For a finding still there: the as-of date of the first stored run it is in."""

    @property
    def finding(self) -> Finding:
        """The finding as it stands now (as it was last, when resolved)."""
        found = self.new or self.old
        assert found is not None  # a diff entry has at least one side
        return found

    @property
    def key(self) -> Key:
        return self.finding.key

    @property
    def is_new_violation(self) -> bool:
        """A violation now that was none before: new, or changed to ``violation``."""
        return (
            self.new is not None
            and self.new.status == "violation"
            and (self.old is None or self.old.status != "violation")
        )

    def to_data(self) -> dict[str, Any]:
        finding = self.finding
        return {
            "change": self.change,
            "rule": finding.rule,
            "subject": {"type": finding.subject.type, "id": finding.subject.id},
            "part": finding.part,
            "changed": list(self.changed),
            "first_seen": None if self.first_seen is None else self.first_seen.isoformat(),
            "finding": finding.to_data(),
            "was": self.old.to_data() if self.change == "changed" and self.old else None,
        }


@dataclass(frozen=True)
class ResultDiff:
    """Two results compared: every finding that is new, changed, persisting or resolved,
    ordered by kind, then by the result's order (rule, subject, part)."""

    old: Side
    new: Side
    entries: tuple[FindingDiff, ...]
    teams: Mapping[str, str] = field(default_factory=dict)
    """Staff id -> team, where known (from the records or the store): for ``--team``."""

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(CHANGES, 0)
        for entry in self.entries:
            counts[entry.change] += 1
        counts["new_violations"] = sum(e.is_new_violation for e in self.entries)
        return counts

    @property
    def has_new_violations(self) -> bool:
        return any(entry.is_new_violation for entry in self.entries)

    def filtered(
        self,
        *,
        rules: Iterable[str] = (),
        owners: Iterable[str] = (),
        teams: Iterable[str] = (),
    ) -> ResultDiff:
        """Only the entries of these rules, owned or to be acted on by these staff
        members, or by members of these teams (either side counts)."""
        tests: list[Callable[[FindingDiff], bool]] = []
        if rules := set(rules):
            tests.append(lambda e: e.key[0] in rules)
        if owners := set(owners):
            tests.append(lambda e: bool(_people(e) & owners))
        if teams := set(teams):
            tests.append(lambda e: any(self.teams.get(p or "") in teams for p in _people(e)))
        kept = tuple(e for e in self.entries if all(test(e) for test in tests))
        return replace(self, entries=kept)

    def to_data(self) -> dict[str, Any]:
        return {
            "format": DIFF_FORMAT,
            "old": self.old.to_data(),
            "new": self.new.to_data(),
            "summary": self.counts,
            "findings": [entry.to_data() for entry in self.entries],
        }


def _people(entry: FindingDiff) -> set[str | None]:
    people: set[str | None] = set()
    for finding in (entry.old, entry.new):
        if finding is not None:
            people.add(finding.owner.staff_id)
            if finding.action is not None:
                people.add(finding.action.owner.staff_id)
    return people


def diff_results(
    old: AuditResult,
    new: AuditResult,
    *,
    allow_policy_change: bool = False,
    first_seen: Mapping[Key, dt.date] | None = None,
    labels: tuple[str, str] = ("old", "new"),
    runs: tuple[int | None, int | None] = (None, None),
    teams: Mapping[str, str] | None = None,
) -> ResultDiff:
    """Compare two audit results finding by finding.

    A finding is the same finding when its key (rule, subject, part) is. It is
    **new** when ``new`` has it and ``old`` has not (or had it as ``pass``),
    **resolved** when gone from ``new`` or now ``pass``, **changed** when its status,
    severity, owner, action's due date or action (code or owner) differ, and
    **persisting** otherwise. ``first_seen`` (from a store) dates the findings still
    there. Results of different policies (id, version, content or overlays) raise
    ``HistoryError`` (``policy-changed``) unless ``allow_policy_change``.
    """
    if not allow_policy_change and dict(old.policy) != dict(new.policy):
        raise HistoryError(
            labels[1],
            "policy-changed",
            f"the results are of different policies ({_policy_name(old.policy)} and "
            f"{_policy_name(new.policy)}); allow the policy change to compare them",
        )
    with paused_gc():  # a bulk step: entries hold no reference cycles
        return _compared(old, new, first_seen or {}, labels, runs, teams or {})


def _compared(  # noqa: PLR0917 - the private body of diff_results
    old: AuditResult,
    new: AuditResult,
    seen: Mapping[Key, dt.date],
    labels: tuple[str, str],
    runs: tuple[int | None, int | None],
    teams: Mapping[str, str],
) -> ResultDiff:
    before = {f.key: f for f in old.findings if f.status != "pass"}
    entries: list[FindingDiff] = []
    for finding in new.findings:
        if finding.status == "pass":
            continue
        was = before.pop(finding.key, None)
        if was is None:
            entries.append(FindingDiff("new", None, finding))
            continue
        changed = _changed(was, finding)
        entries.append(
            FindingDiff(
                "changed" if changed else "persisting", was, finding, changed, seen.get(finding.key)
            )
        )
    entries.extend(FindingDiff("resolved", was, None) for was in before.values())
    order = {change: n for n, change in enumerate(CHANGES)}
    entries.sort(key=lambda e: (order[e.change], e.key))
    return ResultDiff(
        Side(labels[0], old.policy, old.as_of, runs[0]),
        Side(labels[1], new.policy, new.as_of, runs[1]),
        tuple(entries),
        teams,
    )


def _changed(old: Finding, new: Finding) -> tuple[str, ...]:
    values: dict[str, Callable[[Finding], Any]] = {
        "status": lambda f: f.status,
        "severity": lambda f: f.severity,
        "owner": lambda f: f.owner,
        "due_on": lambda f: f.action.due_on if f.action else None,
        "action": lambda f: (f.action.code, f.action.owner) if f.action else None,
    }
    return tuple(name for name in FIELDS if values[name](old) != values[name](new))


def _policy_name(policy: Mapping[str, Any]) -> str:
    overlays = "".join(f" + {o.get('id')}" for o in policy.get("overlays", ()))
    digest = str(policy.get("sha256", ""))[:12]
    return f"`{policy.get('id')}@{policy.get('version')}{overlays}` ({digest})"


def owner_name(owner: Owner) -> str:
    """``S-03 (sales_rep)``, ``(sales_manager)``, or ``-``."""
    if owner.staff_id and owner.role:
        return f"{owner.staff_id} ({owner.role})"
    return owner.staff_id or (f"({owner.role})" if owner.role else "-")
