"""What an audit produces: findings, their actions and owners, and the audit result
(``shared/spec/audit-output.md``), with its exact JSON form; and what a check of one
record produces."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal, TextIO

import orjson

from sales_policy.records.problems import FileError, LoadWarning, Rejection
from sales_policy.scorecards import Person, scorecards

FORMAT = "sales-policy/audit-result@1"
Status = Literal["violation", "action_required", "waived", "pass"]
STATUSES: tuple[Status, ...] = ("violation", "action_required", "waived", "pass")


@dataclass(frozen=True, slots=True)
class Owner:
    """Who: a staff member and their role; either may be null (``{null, sales_manager}``).
    When a role rather than a person must act, ``holders`` are the staff who hold that role
    on the as-of date, so that someone can be asked."""

    staff_id: str | None
    role: str | None
    holders: tuple[str, ...] = field(default=(), compare=False)

    @property
    def by_role(self) -> bool:
        """Whether anyone holding ``role`` may act, rather than one person."""
        return self.staff_id is None and self.role is not None

    def includes(self, staff_id: str) -> bool:
        """Whether ``staff_id`` is this owner, or holds the role this owner is."""
        return staff_id == self.staff_id or staff_id in self.holders


@dataclass(frozen=True, slots=True)
class Text:
    """A finding's or action's wording, in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Action:
    """What must be done, by whom, by when (null for a check with no deadline), and how
    many days past that date the as-of date is (0 when not overdue)."""

    code: str
    due_on: dt.date | None
    owner: Owner
    text: Text
    missing: tuple[str, ...] = ()
    overdue_days: int = 0
    """Days since ``due_on`` as of the audit date; 0 while the action is not overdue."""


@dataclass(frozen=True, slots=True)
class Subject:
    """The record a finding is about: its type (``receivable``) and id."""

    type: str
    id: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's judgement of one subject (and part)."""

    rule: str
    clause: str
    status: Status
    severity: str
    subject: Subject
    part: str | None
    owner: Owner
    message: Text
    evidence: Mapping[str, Any]
    action: Action | None
    waiver: Mapping[str, Any] | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The sort order of the result: rule, subject type, subject id, part."""
        return (self.rule, self.subject.type, self.subject.id, self.part or "")

    def to_data(self) -> dict[str, Any]:
        """The finding as the JSON result has it (``audit-output.md``): plain data, dates
        as ISO strings, decimals as strings."""
        return _finding(self)


@dataclass(frozen=True, slots=True)
class EngineWarning:
    """Something the audit wants the reader to know (a calendar without data for a year)."""

    code: str
    message: str
    source: str | None = None

    def __str__(self) -> str:
        return f"{self.source + ': ' if self.source else ''}{self.code}: {self.message}"


class AuditPeriodError(ValueError):
    """An audit period that judges nothing, or that would judge days before the policy
    version took effect without asking to (``code``: ``period-reversed``,
    ``period-empty``, ``period-before-policy``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class AuditResult:
    """The result of an audit: what was judged, against which policy, and every finding."""

    policy: Mapping[str, Any]
    as_of: dt.date
    period_start: dt.date
    time_zone: str
    records: Mapping[str, Any]
    findings: tuple[Finding, ...]
    rejected: tuple[Rejection, ...] = ()
    warnings: tuple[LoadWarning | EngineWarning, ...] = ()
    file_errors: tuple[FileError, ...] = ()
    people: Mapping[str, Person] = field(default_factory=dict)
    """The staff by id, for the scorecards' names, roles and teams."""
    judged: Mapping[tuple[Owner, str], tuple[int, int]] = field(default_factory=dict)
    """Per owner and rule, the judgements made and how many passed: the compliance rates,
    whether or not the passes are listed."""
    retroactive: bool = False
    """The period starts before the policy version took effect, as was asked for: days
    are judged under a regulation not yet in force then."""

    @cached_property
    def summary(self) -> dict[str, Any]:
        counts: dict[str, Any] = dict.fromkeys(STATUSES, 0)
        by_rule: dict[str, dict[str, int]] = {}
        for finding in self.findings:
            counts[finding.status] += 1
            rule = by_rule.setdefault(finding.rule, {})
            rule[finding.status] = rule.get(finding.status, 0) + 1
        counts["by_rule"] = {rule: by_rule[rule] for rule in sorted(by_rule)}
        counts["by_owner"], counts["by_team"] = scorecards(
            self.findings, self.judged.items(), self.people, self.as_of
        )
        return counts

    def to_data(self) -> dict[str, Any]:
        """The JSON-ready form of ``audit-output.md``."""
        return {**self._frame(), **{name: list(items) for name, items in self._lists()}}

    def _frame(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "policy": dict(self.policy),
            "as_of": self.as_of.isoformat(),
            "period_start": self.period_start.isoformat(),
            "retroactive": self.retroactive,
            "time_zone": self.time_zone,
            "records": dict(self.records),
            "summary": self.summary,
            **{name: [] for name, _ in self._lists()},
        }

    def _lists(self) -> tuple[tuple[str, Iterator[Any]], ...]:
        return (
            ("findings", (_finding(f) for f in self.findings)),
            ("rejected", (_rejection(r) for r in self.rejected)),
            ("warnings", (plain(w) for w in self.warnings)),
            ("file_errors", (plain(e) for e in self.file_errors)),
        )

    def to_json(self) -> str:
        """Byte-stable JSON: the same audit gives the same text."""
        out = io.StringIO()
        self.write_json(out)
        return out.getvalue()

    def write_json(self, out: TextIO) -> None:
        """Write ``to_json()``'s text: an indented frame in which each finding, rejection
        and warning is one line of compact JSON. Written an item at a time, so a large
        result is never held twice in memory (as data, then as text)."""
        rest = json.dumps(self._frame(), ensure_ascii=False, indent=2) + "\n"
        for name, items in self._lists():
            before, rest = rest.split(f'\n  "{name}": []', 1)
            out.write(before + f'\n  "{name}": [')
            separator = "\n    "
            for item in items:
                out.write(separator + compact(item))
                separator = ",\n    "
            out.write("]" if separator == "\n    " else "\n  ]")
        out.write(rest)


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A reference a check could not follow: the record it names is not among those given."""

    kind: str
    """The referring record's type (``contract``)."""
    id: str
    field: str
    """The referring field (``owner_id``)."""
    target: str
    """The type of the record named (``staff``)."""
    target_id: str

    def __str__(self) -> str:
        return (
            f"{self.kind} `{self.id}`, `{self.field}`: refers to {self.target} "
            f"`{self.target_id}`, which is not among the records given"
        )


class UnresolvedReferenceError(ValueError):
    """A check was given a record whose related records are not all there: judged without
    them, a violation could read as compliance. ``unresolved`` lists each one missing."""

    def __init__(self, subject: Subject, unresolved: tuple[Unresolved, ...]) -> None:
        self.subject = subject
        self.unresolved = unresolved
        lines = "\n".join(f"unresolved-reference: {u}" for u in unresolved)
        super().__init__(
            f"{subject.type} `{subject.id}` cannot be checked without the records it refers "
            f"to ({len(unresolved)} missing):\n{lines}"
        )


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check of one record judged, so that nothing it could not judge reads as
    compliance: the findings, the rules that judged the record, the references it could
    not resolve (only when not strict), and whether any rule judges a record of this kind
    alone at all."""

    subject: Subject
    judged: bool
    """False when no rule judges a record of this kind alone (a market report, a sales
    plan, a training plan, most activity types): only an audit of the whole record set
    judges it. Then ``rules`` and ``findings`` are empty, and say nothing."""
    rules: tuple[str, ...]
    """The rules that judged the record, sorted (none for a record no rule is about yet:
    a draft contract owes nothing)."""
    findings: tuple[Finding, ...]
    """The violations, required actions and waived findings, sorted as an audit's."""
    unresolved: tuple[Unresolved, ...] = ()
    warnings: tuple[EngineWarning, ...] = ()

    @property
    def has_violations(self) -> bool:
        return any(f.status == "violation" for f in self.findings)

    def to_data(self) -> dict[str, Any]:
        """The result as plain JSON data; findings as the audit result has them."""
        return {
            "subject": {"type": self.subject.type, "id": self.subject.id},
            "judged": self.judged,
            "rules": list(self.rules),
            "findings": [_finding(f) for f in self.findings],
            "unresolved": [plain(u) for u in self.unresolved],
            "warnings": [plain(w) for w in self.warnings],
        }


def compact(value: Any) -> str:
    """``value`` as one line of compact JSON (no spaces), UTF-8 text unescaped: by orjson,
    five times faster than ``json``, which writes the same text, and which writes what
    orjson refuses (an integer past 64 bits, a lone surrogate)."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _owner(owner: Owner) -> dict[str, Any]:
    """An owner as JSON data; one owed by a role lists its holders on the as-of date."""
    if owner.by_role:
        return {"staff_id": None, "role": owner.role, "holders": list(owner.holders)}
    return {"staff_id": owner.staff_id, "role": owner.role}


def _finding(finding: Finding) -> dict[str, Any]:
    """A finding as JSON data; written out field by field, as a million may be written."""
    action = finding.action
    return {
        "rule": finding.rule,
        "clause": finding.clause,
        "status": finding.status,
        "severity": finding.severity,
        "subject": {"type": finding.subject.type, "id": finding.subject.id},
        "part": finding.part,
        "owner": _owner(finding.owner),
        "message": {"zh": finding.message.zh, "en": finding.message.en},
        "evidence": {str(k): plain(v) for k, v in finding.evidence.items()},
        "action": None
        if action is None
        else {
            "code": action.code,
            "due_on": plain(action.due_on),
            "owner": _owner(action.owner),
            "text": {"zh": action.text.zh, "en": action.text.en},
            "missing": list(action.missing),
            "overdue_days": action.overdue_days,
        },
        "waiver": None if finding.waiver is None else plain(finding.waiver),
    }


def _rejection(rejection: Rejection) -> dict[str, Any]:
    data: dict[str, Any] = plain(rejection)
    if not data["more"]:
        del data["more"]
    return data


def plain(value: Any) -> Any:
    """Dataclasses, dates and decimals as JSON data (dates ISO, decimals as strings)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value  # most values, first
    if kind is dt.date:
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
