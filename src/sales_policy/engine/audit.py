"""The audit driver: subjects, parts and judgements, classified by a backend, made into
findings. ``Engine`` is built once per policy and shared; each audit gets its own world."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, Protocol

from sales_policy.calendars import DayCounter, calendar_for
from sales_policy.compile import Program, compile_policy
from sales_policy.compile.rules import CompiledRule, Judgement
from sales_policy.engine.native import NativeBackend
from sales_policy.findings import (
    Action,
    AuditPeriodError,
    AuditResult,
    CheckResult,
    EngineWarning,
    Finding,
    Owner,
    Subject,
    Text,
    Unresolved,
    UnresolvedReferenceError,
)
from sales_policy.judgement.decisions import Row
from sales_policy.judgement.world import World
from sales_policy.policy import Policy, Rule
from sales_policy.policy.load import AppliedWaiver
from sales_policy.policy.model import Text as PolicyText
from sales_policy.policy.vocabulary import base
from sales_policy.records import LoadResult, RecordSet
from sales_policy.records.models import RECORD_MODELS, BaseRecord
from sales_policy.scorecards import Person

BackendName = Literal["native", "durable"]
_CHUNK = 20_000


class Backend(Protocol):
    name: str

    def judge(
        self,
        world: World,
        rules: Iterable[CompiledRule],
        subject: Any,
        judged: list[tuple[CompiledRule, Judgement, Row]],
    ) -> None:
        """Judge ``subject`` by each of ``rules``, adding each judgement and its row."""


def _backend(name: str, program: Program) -> Backend:
    if name == "native":
        return NativeBackend()
    if name == "durable":
        from sales_policy.engine.durable import DurableBackend  # noqa: PLC0415 - optional extra

        return DurableBackend(program)
    raise ValueError(f"unknown engine backend `{name}` (native or durable)")


class Engine:
    """A policy compiled once; reusable and safe to share between threads.

    It takes no lock of its own: each call judges in a world of its own, the native
    backend is stateless, and the durable backend judges each case in a session of its own.
    """

    def __init__(self, policy: Policy, backend: BackendName = "native") -> None:
        self.policy = policy
        self.program: Program = compile_policy(policy)
        self.backend = _backend(backend, self.program)
        self._calendar = calendar_for(policy.calendar, policy.path)
        self._waivers: dict[tuple[str, str, str], list[AppliedWaiver]] = {}
        for applied in policy.waivers:
            subject_type, subject_id = applied.waiver.subject.split("/", 1)
            key = (applied.waiver.rule, subject_type, subject_id)
            self._waivers.setdefault(key, []).append(applied)

    def audit(
        self,
        records: RecordSet | LoadResult,
        *,
        as_of: dt.date,
        period_start: dt.date | None = None,
        include_pass: bool = False,
        retroactive: bool = False,
    ) -> AuditResult:
        """Judge every rule against ``records`` as of the end of day ``as_of``, over the
        period from ``period_start`` (by default the policy's ``effective_from``).

        Raises ``AuditPeriodError`` when the period is empty or reversed, or starts before
        the policy takes effect and ``retroactive`` was not asked for."""
        start, before_policy = audit_period(self.policy, as_of, period_start, retroactive)
        loaded = records if isinstance(records, LoadResult) else None
        record_set = loaded.records if loaded else records
        if not isinstance(record_set, RecordSet):
            raise TypeError(
                f"records must be a RecordSet or a LoadResult, not {type(records).__name__}"
            )
        world = self._world(record_set, as_of, start)
        expired: list[EngineWarning] = []
        judged: dict[tuple[str | None, str | None, str], list[int]] = {}
        found = self._findings(world, self._judgements(world), include_pass, expired, judged)
        findings = sorted(found, key=lambda f: f.key)
        warnings: list[Any] = list(loaded.warnings) if loaded else []
        warnings += _calendar_warnings(world) + sorted(set(expired), key=lambda w: w.message)
        if before_policy:
            warnings.insert(0, _retroactive_warning(self.policy, start))
        return AuditResult(
            policy=self.policy.identity,
            as_of=as_of,
            period_start=start,
            time_zone=self.policy.time_zone,
            records={
                "loaded": len(record_set),
                "rejected": len(loaded.rejected) if loaded else 0,
                "by_type": record_set.counts(),
            },
            findings=tuple(findings),
            rejected=loaded.rejected if loaded else (),
            warnings=tuple(warnings),
            file_errors=loaded.file_errors if loaded else (),
            people={
                s.id: Person(s.name, s.role.value, s.supervisor_id, s.team)
                for s in record_set.staff.values()
            },
            judged={
                (Owner(staff_id, role), rule): (counts[0], counts[1])
                for (staff_id, role, rule), counts in judged.items()
            },
            retroactive=before_policy,
        )

    def check(
        self,
        record: BaseRecord,
        context: Iterable[BaseRecord] = (),
        *,
        as_of: dt.date,
        strict: bool = True,
    ) -> CheckResult:
        """Judge ``record`` alone by the rules about records of its kind, given the records
        it is judged with (``context``): for another system about to save it.

        ``context`` holds the records ``record`` refers to and those they refer to in turn
        (a contract's customer and owner, the owner's supervisors), and the activities
        about it (``docs/library.md`` lists what each kind needs). A record of
        ``context`` with the same type and id as ``record`` is its earlier version: it is
        replaced. A reference that names no record given raises
        ``UnresolvedReferenceError`` (a missing record must never read as compliance);
        with ``strict=False`` the record is judged without it, and the result lists it.
        """
        given = [
            r for r in context if not (r.collection == record.collection and r.id == record.id)
        ]
        given.append(record)
        records = RecordSet(given)
        subject = Subject(record.kind, record.id)
        unresolved = _unresolved(given, records)
        if unresolved and strict:
            raise UnresolvedReferenceError(subject, unresolved)
        kind = record.kind if record.kind != "activity" else f"activity:{record.type}"  # type: ignore[attr-defined]
        rules = self.program.by_subject.get(kind, ())
        if not rules:
            return CheckResult(subject, False, (), (), unresolved)
        world = self._world(records, as_of, self.policy.effective_from)
        judged: list[tuple[CompiledRule, Judgement, Row]] = []
        # Judged only if the audit would judge it (a draft contract owes nothing).
        if any(s is record for s in rules[0].subjects(world)):
            self.backend.judge(world, rules, record, judged)
        expired: list[EngineWarning] = []
        findings = sorted(
            self._findings(world, iter([judged]), False, expired, judged={}),
            key=lambda f: f.key,
        )
        return CheckResult(
            subject,
            True,
            tuple(sorted({compiled.rule.id for compiled, _, _ in judged})),
            tuple(findings),
            unresolved,
            tuple(_calendar_warnings(world) + sorted(set(expired), key=lambda w: w.message)),
        )

    def _world(self, records: RecordSet, as_of: dt.date, start: dt.date) -> World:
        days = DayCounter(self.policy.day_basis, self._calendar)
        return World(records, as_of, start, days, dict(self.policy.parameters))

    def _judgements(self, world: World) -> Iterator[list[tuple[CompiledRule, Judgement, Row]]]:
        """Judgements in chunks, so memory stays bounded by the chunk, not the records."""
        chunk: list[tuple[CompiledRule, Judgement, Row]] = []
        judge = self.backend.judge
        for rules in self.program.by_subject.values():
            for subject in rules[0].subjects(world):
                judge(world, rules, subject, chunk)
                if len(chunk) >= _CHUNK:
                    yield chunk
                    chunk = []
        yield chunk

    def _findings(
        self,
        world: World,
        chunks: Iterator[list[tuple[CompiledRule, Judgement, Row]]],
        include_pass: bool,
        expired: list[EngineWarning],
        judged: dict[tuple[str | None, str | None, str], list[int]],
    ) -> Iterator[Finding]:
        """The findings of the judgements; ``judged`` counts, per owner and rule, the
        judgements and the passes among them (listed or not)."""
        for chunk in chunks:
            for rule, judgement, row in chunk:
                # Plain tuples as keys: hashed and compared in C, a million times.
                if row.status == "pass" and not include_pass:
                    owner = rule.owner(world, judgement.env)
                    key = (owner.staff_id, owner.role, rule.rule.id)
                    counts = judged.get(key) or judged.setdefault(key, [0, 0])
                    counts[0] += 1
                    counts[1] += 1
                    continue
                finding = _finding(world, rule, judgement, row)
                key = (finding.owner.staff_id, finding.owner.role, finding.rule)
                counts = judged.get(key) or judged.setdefault(key, [0, 0])
                counts[0] += 1
                if row.status == "pass":
                    counts[1] += 1
                    yield finding
                    continue
                yield self._waived(world, finding, expired)

    def _waived(self, world: World, finding: Finding, expired: list[EngineWarning]) -> Finding:
        """The finding as waived, when an overlay's waiver covers it on the as-of date."""
        if not self._waivers:
            return finding
        key = (finding.rule, finding.subject.type, finding.subject.id)
        for applied in self._waivers.get(key, ()):
            waiver = applied.waiver
            if waiver.part is not None and waiver.part != finding.part:
                continue
            if waiver.expires_on is not None and world.as_of > waiver.expires_on:
                expired.append(
                    EngineWarning(
                        "waiver-expired",
                        f"the waiver of {finding.rule} for {waiver.subject} in overlay "
                        f"`{applied.overlay}` expired on {waiver.expires_on}: the finding counts",
                    )
                )
                continue
            record = {
                "reason": waiver.reason,
                "expires_on": waiver.expires_on,
                "overlay": applied.overlay,
            }
            return dataclasses.replace(finding, status="waived", action=None, waiver=record)
        return finding


def _unresolved(records: Iterable[BaseRecord], held: RecordSet) -> tuple[Unresolved, ...]:
    """Each reference of ``records`` that names a record not ``held``."""
    found = []
    for record in records:
        for field, target in type(record).references.items():
            named = getattr(record, field)
            if named is not None and named not in getattr(held, target):
                kind = RECORD_MODELS[target].kind
                found.append(Unresolved(record.kind, record.id, field, kind, named))
    return tuple(sorted(found, key=lambda u: (u.kind, u.id, u.field)))


def audit_period(
    policy: Policy, as_of: dt.date, period_start: dt.date | None, retroactive: bool
) -> tuple[dt.date, bool]:
    """The period's first day, and whether it starts before the policy takes effect (a
    retroactive audit, which must be asked for); or ``AuditPeriodError``."""
    name = f"{policy.id}@{policy.version}"
    effective = policy.effective_from
    if period_start is not None and period_start > as_of:
        raise AuditPeriodError(
            "period-reversed",
            f"the audit period starts on {period_start}, after it ends on the as-of date {as_of}",
        )
    if period_start is None and effective > as_of:
        raise AuditPeriodError(
            "period-empty",
            f"{name} takes effect on {effective}, after the as-of date {as_of}: nothing "
            f"would be judged; audit as of {effective} or later, or name the version in "
            f"force on {as_of} (ID@VERSION)",
        )
    start = period_start or effective
    if start < effective and not retroactive:
        raise AuditPeriodError(
            "period-before-policy",
            f"the audit period starts on {start}, before {name} takes effect on "
            f"{effective}: to judge those days under it anyway, ask for a retroactive "
            f"audit (--retroactive)",
        )
    return start, start < effective


def _retroactive_warning(policy: Policy, start: dt.date) -> EngineWarning:
    return EngineWarning(
        "retroactive-audit",
        f"retroactive audit: {start} to {policy.effective_from - dt.timedelta(days=1)} are "
        f"judged under {policy.id}@{policy.version}, which takes effect only on "
        f"{policy.effective_from}",
    )


def _finding(world: World, compiled: CompiledRule, judgement: Judgement, row: Row) -> Finding:
    rule, env = compiled.rule, judgement.env
    evidence: dict[str, Any] = {}
    if judgement.duty:
        evidence.update(
            trigger=judgement.trigger, deadline=judgement.deadline, done_on=judgement.done_on
        )
    for name, getter in compiled.evidence:
        evidence.setdefault(name, _shown(getter(world, env)))
    if row.status != "pass":
        for key, value in compiled.explain(world, env).items():
            if not (key == "missing" and not value):
                evidence.setdefault(key, _shown(value))
        evidence.update(judgement.evidence or {})
    zh, en = _placeholders(world, judgement, evidence)
    action = None
    if row.with_action and rule.action is not None:
        due_on = judgement.deadline
        action = Action(
            code=rule.action.code,
            due_on=due_on,
            owner=compiled.action_owner(world, env),
            text=Text(rule.action.text.zh.format_map(zh), rule.action.text.en.format_map(en)),
            missing=tuple(judgement.missing_now),
            overdue_days=max((world.as_of - due_on).days, 0) if due_on else 0,
        )
    subject_type = base(compiled.subject_type)
    return Finding(
        rule=rule.id,
        clause=rule.clause,
        status=row.status,
        severity=rule.severity,
        subject=Subject(subject_type, str(judgement.subject.id)),
        part=judgement.part,
        owner=compiled.owner(world, env),
        message=_worded(_message(rule, row.status), zh, en),
        evidence=evidence,
        action=action,
    )


def _message(rule: Rule, status: str) -> PolicyText:
    """The rule's wording for ``status``: a pass never reads as the breach it avoided."""
    if status == "pass":
        return rule.messages.pass_ or _complies(rule)
    if status == "action_required" and rule.messages.action_required is not None:
        return rule.messages.action_required
    return rule.message


def _complies(rule: Rule) -> PolicyText:
    """A pass's wording for a rule that has none of its own."""
    zh, en = (t.replace("{", "{{").replace("}", "}}") for t in (rule.title.zh, rule.title.en))
    return PolicyText(zh=f"{{subject}} 符合要求：{zh}", en=f"{{subject}} complies: {en}")


def _worded(text: PolicyText, zh: Mapping[str, Any], en: Mapping[str, Any]) -> Text:
    return Text(text.zh.format_map(zh), text.en.format_map(en))


def _shown(value: Any) -> Any:
    """Evidence values as plain data: enums by value, records by id."""
    if isinstance(value, BaseRecord):
        return value.id
    if hasattr(value, "value") and not isinstance(value, str | int):
        return value.value
    if isinstance(value, list | tuple):
        return [_shown(v) for v in value]
    return value


def _placeholders(
    world: World, judgement: Judgement, evidence: Mapping[str, Any]
) -> tuple[_Lazy, _Lazy]:
    """What a message's placeholders read, in Chinese and in English: finding values, then
    the subject's fields. Only ``missing`` differs between the two (its separator)."""
    late_from = judgement.done_on or world.as_of
    missing = [str(m) for m in evidence.get("missing") or judgement.missing_now or ()]
    values: dict[str, Any] = {
        "subject": judgement.subject.id,
        "part": judgement.part or "",
        "trigger": judgement.trigger or "",
        "deadline": judgement.deadline or "",
        "done_on": judgement.done_on or "",
        "days_late": (late_from - judgement.deadline).days if judgement.deadline else 0,
        "missing": "、".join(m.replace(" or ", " 或 ") for m in missing),
        "as_of": world.as_of,
    }
    zh = _Lazy(values, world, judgement)
    values["missing"] = ", ".join(missing)
    return zh, _Lazy(values, world, judgement)


class _Lazy(dict[str, Any]):
    """Subject fields looked up only when a message names them."""

    def __init__(self, values: dict[str, Any], world: World, judgement: Judgement) -> None:
        super().__init__(values)
        self.world, self.judgement = world, judgement

    def __missing__(self, key: str) -> Any:
        subject = self.judgement.subject
        if key == "days_overdue":
            return self.world.days_overdue(subject)
        if key == "first_signed_on":
            return self.world.first_signed_on(subject.id) or ""
        if key == "paid_on":
            return self.world.paid_on(subject) or ""
        value = _shown(getattr(subject, key, ""))
        return "" if value is None else value


def _calendar_warnings(world: World) -> list[EngineWarning]:
    return [
        EngineWarning(
            "calendar-fallback",
            f"the {world.days.calendar.name} calendar has no data "
            f"for {year}: Monday to Friday were taken as working days",
        )
        for year in world.days.guessed_years()
    ]


def audit(
    records: RecordSet | LoadResult,
    policy: Policy,
    *,
    as_of: dt.date,
    period_start: dt.date | None = None,
    engine: BackendName = "native",
    retroactive: bool = False,
) -> AuditResult:
    """Audit ``records`` against ``policy`` as of the end of day ``as_of`` (see
    ``Engine.audit``)."""
    return Engine(policy, engine).audit(
        records, as_of=as_of, period_start=period_start, retroactive=retroactive
    )
