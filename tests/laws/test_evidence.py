"""Law: evidence only helps. Adding an activity that completes a duty in its window
never adds a finding for that rule and subject, and the completed duty has none.

Checked for every finding of a rule ``for_rule`` supports (the duties completed by an
activity), with the activity ``completing`` draws: of the right type, about the right
record, holding what the rule's ``where`` asks, dated in the window and by the as-of
date."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.findings import Finding
from sales_policy.records import RecordSet
from sales_policy.testing import completing, record_sets, supported_rules


@st.composite
def audited(draw: st.DrawFn) -> tuple[RecordSet, dt.date]:
    as_of = draw(st.dates(dt.date(2026, 1, 15), dt.date(2026, 12, 31)), label="as_of")
    return draw(record_sets(as_of=as_of, max_customers=4), label="records"), as_of


def about(findings: tuple[Finding, ...], finding: Finding) -> set[tuple[str, str, str, str]]:
    return {f.key for f in findings if f.rule == finding.rule and f.subject == finding.subject}


@settings(deadline=None)
@given(case=audited(), data=st.data())
def test_completing_a_duty_in_its_window_adds_no_finding(
    native: Engine, case: tuple[RecordSet, dt.date], data: st.DataObject
) -> None:
    records, as_of = case
    pack = native.policy
    before = native.audit(records, as_of=as_of).findings
    # `completing` draws the activity of a duty (not a check's record or a cycle's restart).
    duties = {r for r in supported_rules(pack) if pack.rule(r).duty is not None}
    owed = [f for f in before if f.rule in duties]
    assume(owed)
    finding = data.draw(st.sampled_from(owed), label="finding")
    done = data.draw(completing(pack, finding, records, as_of=as_of), label="done")
    after = native.audit(RecordSet([*records, *done]), as_of=as_of).findings
    assert about(after, finding) <= about(before, finding)
    assert finding.key not in {f.key for f in after}, f"{finding.key} is still there"
