"""Law: time only makes things worse, when nothing happens.

For records with nothing dated in ``(A1, A2]`` (no activity, payment, signature,
submission, nor any agreed date), every finding of an audit as of ``A1`` is still
there as of ``A2`` (same rule, subject and part), and:

- a ``violation`` is still a ``violation``;
- an ``action_required`` whose deadline is before ``A2`` is a ``violation`` (it is
  still owed: nothing in between paid it, wrote it off or did it), except for a duty
  with ``overdue: action_required`` (PAY-ESCALATE-MANAGER: a manager's review no record
  can show done), which stays ``action_required``;
- an ``action_required`` whose deadline is ``A2`` or later is still ``action_required``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.records import RecordSet
from sales_policy.testing import record_sets

_DAY = dt.timedelta(days=1)


def dates_of(value: Any) -> set[dt.date]:
    """Every date in a record, nested ones (payments, terms) included."""
    if isinstance(value, dt.date):
        return {value}
    if isinstance(value, tuple):
        return {day for item in value for day in dates_of(item)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {d for f in dataclasses.fields(value) for d in dates_of(getattr(value, f.name))}
    return set()


@st.composite
def quiet_spans(draw: st.DrawFn) -> tuple[RecordSet, dt.date, dt.date]:
    """Records, and ``A1 < A2`` with no date of the records in ``(A1, A2]``, from the day
    the policy takes effect."""
    records = draw(record_sets(), label="records")
    # From the day the policy takes effect: an audit as of an earlier day judges nothing.
    start = dt.date(2026, 1, 1)
    days = sorted({start} | {d for r in records for d in dates_of(r) if d >= start})
    spans = [(a, b - _DAY) for a, b in itertools.pairwise(days) if b - a > _DAY]
    spans.append((days[-1], days[-1] + 60 * _DAY))
    first, last = draw(st.sampled_from(spans), label="span")
    return records, draw(st.dates(first, last - _DAY), label="A1"), last


@settings(deadline=None)
@given(case=quiet_spans(), data=st.data())
def test_nothing_happening_makes_no_finding_better(
    native: Engine, case: tuple[RecordSet, dt.date, dt.date], data: st.DataObject
) -> None:
    records, a1, last = case
    before = native.audit(records, as_of=a1).findings
    # As often as any day of the span: the day after a deadline, where a duty turns.
    turns = sorted({f.evidence["deadline"] + _DAY for f in before if f.status == "action_required"})
    edges = [day for day in turns if a1 < day <= last]
    later = st.dates(a1 + _DAY, last)
    a2 = data.draw(st.sampled_from(edges) | later if edges else later, label="A2")
    after = {f.key: f for f in native.audit(records, as_of=a2).findings}
    for finding in before:
        now = after.get(finding.key)
        assert now is not None, f"{finding.key} as of {a1} is gone as of {a2}"
        duty = native.policy.rule(finding.rule).duty
        stays_open = duty is not None and duty.overdue == "action_required"
        due = finding.status == "action_required" and finding.evidence["deadline"] < a2
        want = "violation" if due and not stays_open else finding.status
        assert now.status == want, (
            f"{finding.key}: {finding.status} as of {a1}, {now.status} as of {a2}"
        )
