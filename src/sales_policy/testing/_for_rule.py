"""``for_rule`` and ``supported_rules``: a rule's cases drawn by the strategies of its
shape, a duty's, a check's or a cycle's."""

from __future__ import annotations

from hypothesis import strategies as st

from sales_policy.policy import Policy, Rule
from sales_policy.testing._checks import CheckShape, check_cases, read_check
from sales_policy.testing._cycles import CycleShape, cycle_cases, read_cycle
from sales_policy.testing._rules import (
    OUTCOMES,
    Outcome,
    RuleCase,
    UnsupportedRuleError,
    _Shape,
    _Unsupported,
    duty_cases,
    known_rule,
    read_duty,
    refusal,
)


def _read(policy: Policy, rule: Rule) -> _Shape | CheckShape | CycleShape:
    if rule.check is not None:
        return read_check(policy, rule)
    if rule.cycle is not None:
        return read_cycle(policy, rule)
    return read_duty(policy, rule)


def supported_rules(policy: Policy) -> tuple[str, ...]:
    """The ids of the policy's rules ``for_rule`` can draw records for, in id order."""
    found = []
    for rule in sorted(policy.rules, key=lambda r: r.id):
        try:
            _read(policy, rule)
        except _Unsupported:
            continue
        found.append(rule.id)
    return tuple(found)


def for_rule(
    policy: Policy, rule_id: str, outcome: Outcome, *, part: str | None = None
) -> st.SearchStrategy[RuleCase]:
    """Records and an as-of date that make rule ``rule_id`` of ``policy`` come out as
    ``outcome`` for one subject.

    A duty's cases ``comply`` (done in its window), are ``action_required`` (due, not
    done yet), a ``violation`` (missed) or ``late`` (done after the deadline); a
    cycle's likewise, for the customer's first cycle; a check's ``comply`` or are a
    ``violation`` (one requirement broken). Of a duty with parts (``for_each``),
    ``part`` picks one (default: every part, drawn).

    Raises ``UnsupportedRuleError`` for a rule whose shape is not supported (see
    ``supported_rules``), ``ValueError`` for an unknown rule, part or outcome.
    """
    rule = known_rule(policy, rule_id)
    try:
        shape = _read(policy, rule)
    except _Unsupported as why:
        raise UnsupportedRuleError(refusal(policy, rule_id, why, supported_rules(policy))) from None
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome `{outcome}` (one of {', '.join(OUTCOMES)})")
    if isinstance(shape, CheckShape):
        return check_cases(shape, outcome)
    if isinstance(shape, CycleShape):
        return cycle_cases(shape, outcome)
    return duty_cases(shape, outcome, part)
