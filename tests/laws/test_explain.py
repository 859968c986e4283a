"""Law: ``explain`` never misleads. For every rule of the pack completed by an activity
or a record, every subject and random records, what ``explain`` says counted is what the engine
counted: a part passes exactly when some activity "counts", and a late part's
``done_on`` is the first activity ``explain`` calls late. Activities failing the
completion's ``where`` are neither (the engine does not count them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.engine.explain import PartExplanation, explain
from sales_policy.records import RecordSet
from sales_policy.records.models import KIND_TO_COLLECTION, ActivityBase
from sales_policy.testing import record_sets

COUNTS = "in the window: counts"
LATE = "after the deadline"


def _activity_rules(engine: Engine) -> list[str]:
    """Rules whose every counted activity or record completes them (not `covers`, where
    each counts toward a list that may stay incomplete)."""
    found = []
    for compiled in engine.program.rules:
        rule = compiled.rule
        done = rule.duty.done if rule.duty else rule.cycle.restarts_on if rule.cycle else None
        if compiled.candidates is not None and done is not None and done.covers is None:
            found.append(rule.id)
    return found


def agrees(part: PartExplanation) -> None:
    finding = part.finding
    assert finding is not None
    counted = [day for _, day, verdict in part.candidates if verdict == COUNTS]
    late = [day for _, day, verdict in part.candidates if verdict == LATE and day is not None]
    assert bool(counted) == (finding.status == "pass"), (part.candidates, finding.status)
    if finding.status != "pass":
        assert finding.evidence.get("done_on") == (min(late) if late else None)


def _decoy(activity: ActivityBase, other: str) -> ActivityBase:
    """The activity again, with its texts left out and about another issue: the kind of
    record a completion's ``where`` turns away."""
    blanked: dict[str, Any] = {
        f.name: None
        for f in dataclasses.fields(activity)
        if not f.name.endswith("_id")
        and f.default is None
        and isinstance(getattr(activity, f.name), str)
    }
    if hasattr(activity, "issue_id"):
        blanked["issue_id"] = other
    return dataclasses.replace(activity, **blanked)


@st.composite
def audited(draw: st.DrawFn) -> tuple[RecordSet, dt.date]:
    """Random records, some activities replaced by a decoy the rules may not count."""
    as_of = draw(st.dates(dt.date(2026, 1, 15), dt.date(2026, 12, 31)), label="as_of")
    records = draw(record_sets(as_of=as_of, max_customers=4), label="records")
    activities = sorted(records.activities.values(), key=lambda a: a.id)
    issues = [a.id for a in activities if a.type.value == "issue_reported"] or ["none"]
    decoys = {
        a.id: _decoy(a, draw(st.sampled_from(issues)))
        for a in activities
        if draw(st.booleans(), label=f"decoy instead of {a.id}")
    }
    return RecordSet(decoys.get(r.id, r) if r.kind == "activity" else r for r in records), as_of


@settings(deadline=None, max_examples=60)
@given(case=audited())
def test_what_explain_counts_is_what_the_engine_counted(
    native: Engine, case: tuple[RecordSet, dt.date]
) -> None:
    records, as_of = case
    for rule_id in _activity_rules(native):
        compiled = next(r for r in native.program.rules if r.id == rule_id)
        kind = compiled.subject_type.split(":", 1)[0]
        if kind == "training_year":
            subjects = [str(year) for year in range(as_of.year - 1, as_of.year + 1)]
        else:
            subjects = sorted(getattr(records, KIND_TO_COLLECTION[kind]))
        for subject in subjects:
            found = explain(native, records, rule_id, subject, as_of=as_of)
            for part in found.parts:
                if part.finding is not None:
                    agrees(part)
