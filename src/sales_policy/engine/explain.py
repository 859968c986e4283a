"""How one rule judged one subject: the dates, the window, each record that could have
completed the duty and why it counted or not, the exemptions, and the outcome; also why
there is no finding at all (``sales-policy explain``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sales_policy.compile.rules import CompiledRule, Judgement, why_not
from sales_policy.compile.values import Env
from sales_policy.engine.audit import Engine, _finding
from sales_policy.engine.native import NativeBackend
from sales_policy.findings import Finding
from sales_policy.judgement.world import World
from sales_policy.policy.vocabulary import base
from sales_policy.records import RecordSet
from sales_policy.records.models import (
    KIND_TO_COLLECTION,
    ActivityBase,
    Contract,
    Customer,
    Receivable,
    Staff,
)


@dataclass
class PartExplanation:
    """One part (a ladder rung, a period, a cycle) of the rule for the subject."""

    part: str | None
    steps: list[tuple[str, Any]] = field(default_factory=list)
    candidates: list[tuple[str, dt.date | None, str]] = field(default_factory=list)
    conditions: list[tuple[str, str, bool]] = field(default_factory=list)
    """For a check: each ``when`` and ``require`` condition, and whether it held."""
    finding: Finding | None = None
    why_not: str | None = None


@dataclass
class Explanation:
    rule: str
    clause: str
    subject_type: str
    subject_id: str
    as_of: dt.date
    period_start: dt.date
    in_scope: str | None = None
    parts: list[PartExplanation] = field(default_factory=list)


def explain(
    engine: Engine,
    records: RecordSet,
    rule_id: str,
    subject_id: str,
    *,
    as_of: dt.date,
    period_start: dt.date | None = None,
) -> Explanation:
    """Explain ``rule_id`` for the subject ``subject_id``; raises ``KeyError`` for an
    unknown rule."""
    compiled = next((r for r in engine.program.rules if r.id == rule_id), None)
    if compiled is None:
        raise KeyError(rule_id)
    world = engine._world(records, as_of, period_start or engine.policy.effective_from)
    kind = base(compiled.subject_type)
    result = Explanation(rule_id, compiled.rule.clause, kind, subject_id, as_of, world.period_start)
    subject = next((s for s in compiled.subjects(world) if str(s.id) == subject_id), None)
    if subject is None:
        result.in_scope = _out_of_scope(world, compiled, subject_id)
        return result
    env = Env(subject, {"as_of": as_of, "period_start": world.period_start, "subject": subject})
    if not compiled.where(world, env):
        result.in_scope = "the rule does not apply to this subject: its conditions do not hold"
        return result
    with_parts = list(compiled.parts(world, env))
    if not with_parts:
        result.in_scope = "no part applies (no period the person was employed for, or no item)"
    for part, part_env in with_parts:
        judgements = compiled.judge(world, part_env, part)
        if not judgements:
            explained = PartExplanation(part, why_not=why_not(part_env))
            _dates(explained, part_env)
            result.parts.append(explained)
        for judgement in judgements:
            result.parts.append(_judged(world, compiled, judgement))
    return result


def _judged(world: World, compiled: CompiledRule, judgement: Judgement) -> PartExplanation:
    (row,) = NativeBackend().classify([judgement.fact()])
    explained = PartExplanation(judgement.part)
    _dates(explained, judgement.env)
    explained.finding = _finding(world, compiled, judgement, row)
    explained.candidates = _activities(world, compiled, judgement)
    explained.conditions = [
        (group, text, test(world, judgement.env)) for group, text, test in compiled.conditions
    ]
    return explained


def _dates(explained: PartExplanation, env: Env) -> None:
    for name, label in (("trigger", "T (trigger)"), ("deadline", "D (deadline)")):
        if name in env.names:
            explained.steps.append((label, env.names[name]))
    window = env.names.get("$window")
    if window is not None:
        explained.steps.append(("window", tuple(window)))


def _activities(
    world: World, compiled: CompiledRule, judgement: Judgement
) -> list[tuple[str, dt.date | None, str]]:
    """Every activity that could have completed the duty, with what it counted as: each
    judged by the compiled completion the engine runs (its types, its record, its `where`)."""
    if compiled.candidates is None:
        return []
    start, end = judgement.env.names.get("$window", (None, judgement.deadline))
    found: list[tuple[str, dt.date | None, str]] = []
    for record_id, day, failed in compiled.candidates(world, judgement.env):
        if day is None:
            verdict = str(failed)
        elif failed is not None:
            verdict = f"does not count: `{failed}` does not hold for it"
        elif start is not None and day < start:
            verdict = "before the window: does not count"
        elif end is not None and day > end:
            verdict = "after the deadline"
        else:
            verdict = "in the window: counts"
        found.append((record_id, day, verdict))
    return found


def _out_of_scope(world: World, compiled: CompiledRule, subject_id: str) -> str:
    kind = base(compiled.subject_type)
    collection = KIND_TO_COLLECTION.get(kind)
    record = getattr(world.records, collection).get(subject_id) if collection else None
    if collection and record is None:
        noun = "staff member" if kind == "staff" else kind
        return f"no {noun} `{subject_id}` in the records"
    if isinstance(record, Contract):
        return (
            f"contract `{subject_id}` is {record.status.value}, signed on "
            f"{record.signed_on or 'no date'}: only contracts signed by the as-of date "
            "are judged"
        )
    if isinstance(record, Receivable):
        return f"its contract `{record.contract_id}` is not signed by the as-of date"
    if isinstance(record, Customer):
        return f"customer `{subject_id}` was created on {record.created_on}, after the as-of date"
    if isinstance(record, Staff):
        return f"`{subject_id}` was hired on {record.hired_on}, after the as-of date"
    if isinstance(record, ActivityBase):
        wanted = compiled.subject_type.split(":", 1)[1]
        if record.type.value != wanted:
            return (
                f"activity `{subject_id}` is a {record.type.value}; this rule is about "
                f"{wanted} activities"
            )
        return (
            f"activity `{subject_id}` is dated after the as-of date or about a cancelled contract"
        )
    return f"no {kind} `{subject_id}` is judged in this audit period"
