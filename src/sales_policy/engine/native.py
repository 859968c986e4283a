"""The default backend: each rule's conditions decided by its compiled Python tests
(``compile.rules``), the status by the decision table as a dictionary look-up."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from sales_policy.compile.conditions import always
from sales_policy.compile.rules import CompiledRule, Judgement, whole
from sales_policy.compile.values import Env
from sales_policy.judgement.decisions import ALL_FLAGS, NO_FLAGS, TABLE, Row, matches
from sales_policy.judgement.world import World

_LOOKUP: dict[tuple[int, ...], Row] = {}
for _values in itertools.product((0, 1), repeat=len(ALL_FLAGS)):
    _fact = dict(zip(ALL_FLAGS, _values, strict=True))
    _rows = [row for row in TABLE if matches(row, _fact)]
    if len(_rows) == 1:
        _LOOKUP[_values] = _rows[0]
_FLAGS = itemgetter(*ALL_FLAGS)


class NativeBackend:
    """Judges in plain Python; stateless, so one instance serves every thread."""

    name = "native"

    def judge(
        self,
        world: World,
        rules: Iterable[CompiledRule],
        subject: Any,
        judged: list[tuple[CompiledRule, Judgement, Row]],
    ) -> None:
        found: list[tuple[CompiledRule, Judgement]] = []
        judge_subject(world, rules, subject, found)
        if found:
            rows = self.classify([j.fact() for _, j in found])
            judged.extend((r, j, row) for (r, j), row in zip(found, rows, strict=True))

    def classify(self, facts: Sequence[dict[str, int]]) -> list[Row]:
        """The row of each fact; a flag a fact leaves out is 0."""
        try:
            return [_LOOKUP[_FLAGS(fact)] for fact in facts]  # facts with every flag
        except KeyError:
            return [_LOOKUP[_FLAGS({**NO_FLAGS, **fact})] for fact in facts]


def judge_subject(
    world: World,
    rules: Iterable[CompiledRule],
    subject: Any,
    judged: list[tuple[CompiledRule, Judgement]],
) -> None:
    """Judge ``subject`` by each of ``rules``, adding the judgements to ``judged``. (The
    audit's innermost loop, run for every subject and rule: kept to plain statements.)"""
    names = {"as_of": world.as_of, "period_start": world.period_start, "subject": subject}
    for rule in rules:
        env = Env(subject, names.copy())  # each rule's derivation writes its own names
        if rule.where is not always and not rule.where(world, env):
            continue
        if rule.parts is whole:  # most rules: no generator for the one part
            for judgement in rule.judge(world, env, None):
                judged.append((rule, judgement))
            continue
        for part, part_env in rule.parts(world, env):
            for judgement in rule.judge(world, part_env, part):
                judged.append((rule, judgement))
