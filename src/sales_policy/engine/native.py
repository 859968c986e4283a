"""The default backend: the decision table as a dictionary look-up in plain Python."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from sales_policy.engine.decisions import ALL_FLAGS, TABLE, Row, matches

_LOOKUP: dict[tuple[int, ...], Row] = {}
for _values in itertools.product((0, 1), repeat=len(ALL_FLAGS)):
    _fact = dict(zip(ALL_FLAGS, _values, strict=True))
    _rows = [row for row in TABLE if matches(row, _fact)]
    if len(_rows) == 1:
        _LOOKUP[_values] = _rows[0]


class NativeBackend:
    """Classifies facts; stateless, so one instance serves every thread."""

    name = "native"

    def classify(self, facts: Sequence[dict[str, int]]) -> list[Row]:
        return [_LOOKUP[tuple(fact.get(flag, 0) for flag in ALL_FLAGS)] for fact in facts]
