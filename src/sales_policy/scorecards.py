"""Scorecards: an audit's findings counted per person and per team, with each rule's
compliance rate, for the director who asks "who is behind, on what" (``summary.by_owner``
and ``summary.by_team`` of the audit result).

A team is a supervisor and everyone under them, however far down: a manager's team
holds the teams of the supervisors under them. A finding owned by a role rather than a
person (``any sales_manager``) has a scorecard of its own and belongs to no team.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

_STATUSES = ("violation", "action_required", "waived", "pass")
_SEVERITIES = ("critical", "high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Person:
    """A staff member as the scorecards name them."""

    name: str
    role: str
    supervisor_id: str | None
    team: str | None = None


class Owner(Protocol):
    """What a scorecard reads of an owner (``findings.Owner``; this module sits below it)."""

    @property
    def staff_id(self) -> str | None: ...
    @property
    def role(self) -> str | None: ...


class _Action(Protocol):
    @property
    def due_on(self) -> dt.date | None: ...


class Finding(Protocol):
    """What a scorecard reads of a finding."""

    @property
    def owner(self) -> Owner: ...
    @property
    def status(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def action(self) -> _Action | None: ...


def owner_key(owner: Owner) -> str:
    """One string per owner, for grouping and filtering: the staff id, else ``role:ROLE``."""
    return owner.staff_id or f"role:{owner.role or ''}"


class _Card:
    """The counts of one person or team, as they accumulate."""

    __slots__ = ("actions", "judged", "overdue", "severity", "status")

    def __init__(self) -> None:
        self.status = dict.fromkeys(_STATUSES, 0)
        self.severity: dict[str, int] = {}
        self.actions = 0
        self.overdue = 0
        self.judged: dict[str, list[int]] = {}

    def add_finding(self, finding: Finding, as_of: dt.date) -> None:
        self.status[finding.status] += 1
        self.severity[finding.severity] = self.severity.get(finding.severity, 0) + 1
        action = finding.action
        if action is not None and finding.status in ("violation", "action_required"):
            self.actions += 1
            if action.due_on is not None and action.due_on < as_of:
                self.overdue += 1

    def add_judged(self, rule: str, judged: int, passed: int) -> None:
        counts = self.judged.setdefault(rule, [0, 0])
        counts[0] += judged
        counts[1] += passed

    def merge(self, other: _Card) -> None:
        for status, count in other.status.items():
            self.status[status] += count
        for severity, count in other.severity.items():
            self.severity[severity] = self.severity.get(severity, 0) + count
        self.actions += other.actions
        self.overdue += other.overdue
        for rule, (judged, passed) in other.judged.items():
            self.add_judged(rule, judged, passed)

    def data(self) -> dict[str, Any]:
        judged = sum(j for j, _ in self.judged.values())
        passed = sum(p for _, p in self.judged.values())
        return {
            **self.status,
            "by_severity": {s: self.severity[s] for s in _severity_order(self.severity)},
            "open_actions": self.actions,
            "overdue_actions": self.overdue,
            "judged": judged,
            "passed": passed,
            "compliance": _rate(passed, judged),
            "by_rule": {
                rule: {"judged": j, "passed": p, "compliance": _rate(p, j)}
                for rule, (j, p) in sorted(self.judged.items())
            },
        }


def _rate(passed: int, judged: int) -> float | None:
    """The share that passed, to four places; null when nothing was judged."""
    return round(passed / judged, 4) if judged else None


def _severity_order(counts: Mapping[str, int]) -> list[str]:
    known = [s for s in _SEVERITIES if s in counts]
    return known + sorted(set(counts) - set(_SEVERITIES))


def _cards(
    findings: Iterable[Finding],
    judged: Iterable[tuple[tuple[Owner, str], tuple[int, int]]],
    as_of: dt.date,
) -> dict[str, _Card]:
    cards: dict[str, _Card] = {}
    for finding in findings:
        key = owner_key(finding.owner)
        card = cards.get(key) or cards.setdefault(key, _Card())
        card.add_finding(finding, as_of)
    for (owner, rule), (count, passed) in judged:
        cards.setdefault(owner_key(owner), _Card()).add_judged(rule, count, passed)
    return cards


def _named(key: str, people: Mapping[str, Person]) -> dict[str, Any]:
    person = people.get(key)
    if person is None:
        role = key.removeprefix("role:") if key.startswith("role:") else None
        return {"name": None, "role": role or None, "supervisor": None}
    return {"name": person.name, "role": person.role, "supervisor": person.supervisor_id}


def scorecards(
    findings: Iterable[Finding],
    judged: Iterable[tuple[tuple[Owner, str], tuple[int, int]]],
    people: Mapping[str, Person],
    as_of: dt.date,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(by_owner, by_team)``, each keyed by staff id (``role:ROLE`` for a role), sorted.

    ``judged`` (mapping items) counts, per owner and rule, the judgements made and those
    that passed, whether or not the passes are listed as findings."""
    cards = _cards(findings, judged, as_of)
    teams: dict[str, _Card] = {}
    members: dict[str, set[str]] = {}
    leads = {p.supervisor_id for p in people.values() if p.supervisor_id is not None}
    for key, card in cards.items():
        for lead in _teams_of(key, people, leads):
            teams.setdefault(lead, _Card()).merge(card)
            members.setdefault(lead, set()).add(key)
    by_owner = {key: {**_named(key, people), **cards[key].data()} for key in sorted(cards)}
    by_team = {
        lead: {**_named(lead, people), "members": len(members[lead]), **teams[lead].data()}
        for lead in sorted(teams)
    }
    return by_owner, by_team


def _teams_of(key: str, people: Mapping[str, Person], leads: set[str]) -> Iterator[str]:
    """The leads of the teams ``key`` is in: themselves if they lead one, then each
    supervisor up the chain (stopping at a loop)."""
    seen: set[str] = set()
    person_id: str | None = key
    while person_id is not None and person_id in people and person_id not in seen:
        if person_id in leads:
            yield person_id
        seen.add(person_id)
        person_id = people[person_id].supervisor_id


def worst_first(cards: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Keys ordered worst first: most violations, then most overdue and open actions,
    then the lowest compliance; ties by key."""

    def badness(key: str) -> tuple[int, int, int, float, str]:
        card = cards[key]
        rate = card["compliance"]
        return (
            -card["violation"],
            -card["overdue_actions"],
            -card["action_required"],
            1.0 if rate is None else rate,
            key,
        )

    return sorted(cards, key=badness)
