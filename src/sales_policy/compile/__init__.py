"""From a checked policy to its intermediate form, in named, ordered stages.

1. ``parameters`` — the parameter values as the rules read them, each map's fallback
   key, and the fields of list items. First: every later stage reads parameters.
2. ``rules`` — each enabled rule lowered to getters, tests and a derivation function
   (``compile.rules``). Needs the parameters; the policy was checked, so nothing here
   can fail on a name or a type.
3. ``order`` — rules grouped by subject type, in rule-id order, so the engine walks
   each kind of subject once and results come out in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sales_policy.compile.rules import CompiledRule, compile_rule
from sales_policy.compile.values import Parameters
from sales_policy.policy import Policy


@dataclass
class Program:
    """The intermediate form: what every backend runs."""

    policy: Policy
    parameters: Parameters = field(default_factory=lambda: Parameters({}, {}))
    item_fields: dict[str, dict[str, str]] = field(default_factory=dict)
    rules: tuple[CompiledRule, ...] = ()
    by_subject: dict[str, tuple[CompiledRule, ...]] = field(default_factory=dict)


def _parameters(program: Program) -> None:
    policy = program.policy
    program.parameters = Parameters(
        dict(policy.parameters),
        {
            name: spec.default_key
            for name, spec in policy.declarations.items()
            if spec.default_key is not None
        },
    )
    for name, spec in policy.declarations.items():
        if isinstance(spec.items, dict):
            program.item_fields[f"item:{name}"] = dict(spec.items)


def _rules(program: Program) -> None:
    types = dict(program.policy.parameter_types)
    program.rules = tuple(
        compile_rule(rule, program.parameters, types, program.item_fields)
        for rule in sorted(program.policy.rules, key=lambda r: r.id)
    )


def _order(program: Program) -> None:
    groups: dict[str, list[CompiledRule]] = {}
    for rule in program.rules:
        groups.setdefault(rule.subject_type, []).append(rule)
    program.by_subject = {kind: tuple(rules) for kind, rules in sorted(groups.items())}


STAGES: tuple[tuple[str, Callable[[Program], None]], ...] = (
    ("parameters", _parameters),
    ("rules", _rules),
    ("order", _order),
)


def compile_policy(policy: Policy) -> Program:
    """Run every stage, in order."""
    program = Program(policy)
    for _, stage in STAGES:
        stage(program)
    return program


__all__ = ["STAGES", "CompiledRule", "Program", "compile_policy"]
