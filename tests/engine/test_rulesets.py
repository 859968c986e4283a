"""The lowering of conditions to durable_rules rulesets covers the whole language."""

from __future__ import annotations

from sales_policy.compile import rulesets
from sales_policy.policy.conditions import OPERATORS


def test_every_operator_is_lowered_to_a_ruleset() -> None:
    assert set(rulesets._LOWER) == set(OPERATORS)


def test_a_negated_test_is_its_complement() -> None:
    test = ("and", [("eq", "nv0", 1), ("cmp", "<", "v0", {"$m": "v1"})])
    assert rulesets._negated(test) == ("or", [("ne", "nv0", 1), ("cmp", ">=", "v0", {"$m": "v1"})])
    assert rulesets._negated(rulesets._negated(test)) == test


def test_no_disjunction_reaches_durable_rules() -> None:
    """durable_rules crashed on an `$or` once a session it did not match was deleted, and
    ignored a test of an `$and` inside an `$and`: tests go in as flat conjunctions."""
    a, b, c = ("eq", "a", 1), ("eq", "b", 1), ("cmp", "<", "c", {"$m": "d"})
    assert rulesets.conjunctions(("and", [a, ("or", [b, c])])) == [(a, b), (a, c)]
    assert rulesets.conjunctions(("or", [])) == []
    assert rulesets.conjunctions(("and", [])) == [()]
    assert rulesets.subject_pattern((a, c)) == {
        "$and": [{"k": "s"}, {"a": 1}, {"$lt": {"c": {"$m": "d"}}}]
    }
