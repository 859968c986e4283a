"""The default backend: the decision table as a dictionary look-up in plain Python."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from operator import itemgetter

from sales_policy.judgement.decisions import ALL_FLAGS, NO_FLAGS, TABLE, Row, matches

_LOOKUP: dict[tuple[int, ...], Row] = {}
for _values in itertools.product((0, 1), repeat=len(ALL_FLAGS)):
    _fact = dict(zip(ALL_FLAGS, _values, strict=True))
    _rows = [row for row in TABLE if matches(row, _fact)]
    if len(_rows) == 1:
        _LOOKUP[_values] = _rows[0]
_FLAGS = itemgetter(*ALL_FLAGS)


class NativeBackend:
    """Classifies facts; stateless, so one instance serves every thread."""

    name = "native"

    def classify(self, facts: Sequence[dict[str, int]]) -> list[Row]:
        """The row of each fact; a flag a fact leaves out is 0."""
        try:
            return [_LOOKUP[_FLAGS(fact)] for fact in facts]  # facts with every flag
        except KeyError:
            return [_LOOKUP[_FLAGS({**NO_FLAGS, **fact})] for fact in facts]
