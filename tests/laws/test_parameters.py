"""Law: more time never hurts. An overlay giving a deadline more days (raising a
``*_days`` parameter, or one grade of ``revisit_days``) never turns a duty complied
with into a violation.

A revisit cycle is named by its deadline, which moves with ``revisit_days``; it is
matched here by the day it starts (its deadline less the cycle's length).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.findings import Finding
from sales_policy.policy import Policy
from sales_policy.records import RecordSet
from sales_policy.testing import as_of_dates, record_sets

AUDITS = record_sets().flatmap(lambda records: st.tuples(st.just(records), as_of_dates(records)))
"""An organisation, and a day to audit it on near its dates."""


def day_parameters(pack: Policy) -> list[str]:
    return sorted(name for name, kind in pack.parameter_types.items() if kind == "days")


def duty_key(engine: Engine, records: RecordSet, finding: Finding) -> tuple[Any, ...]:
    """The finding's key; for a cycle, the day the cycle starts instead of its part."""
    rule = engine.policy.rule(finding.rule)
    if rule.cycle is None:
        return finding.key
    assert engine.policy.day_basis == "calendar"
    lengths = engine.policy.parameters["revisit_days"]
    grade = records.customers[finding.subject.id].grade
    length = lengths[
        grade.value if grade else engine.policy.declarations["revisit_days"].default_key
    ]
    starts = dt.date.fromisoformat(str(finding.part)) - dt.timedelta(days=length)
    return finding.rule, finding.subject.type, finding.subject.id, starts


@st.composite
def raises(draw: st.DrawFn, pack: Policy) -> tuple[str, Any]:
    """A parameter and a larger value for it."""
    more = draw(st.integers(1, 60), label="more days")
    name = draw(st.sampled_from([*day_parameters(pack), "revisit_days"]), label="parameter")
    value = pack.parameters[name]
    if name == "revisit_days":
        grade = draw(st.sampled_from(sorted(value)), label="grade")
        return name, {**value, grade: value[grade] + more}
    return name, value + more


@settings(deadline=None)
@given(case=AUDITS, data=st.data())
def test_more_days_never_turn_a_duty_done_in_time_into_a_violation(
    native: Engine,
    overlaid: Callable[[str, object], Engine],
    case: tuple[RecordSet, dt.date],
    data: st.DataObject,
) -> None:
    records, as_of = case
    name, value = data.draw(raises(native.policy))
    raised = overlaid(name, value)
    base = native.audit(records, as_of=as_of, include_pass=True).findings
    done = {duty_key(native, records, f) for f in base if f.status == "pass"}
    for finding in raised.audit(records, as_of=as_of, include_pass=True).findings:
        key = duty_key(raised, records, finding)
        assert not (key in done and finding.status == "violation"), (
            f"{key} passed, and is a violation with {name}: {value}"
        )
