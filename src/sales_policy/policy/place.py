"""Where in a policy file a check is looking, so each problem points at its line and column."""

from __future__ import annotations

from dataclasses import dataclass

from sales_policy.errors import Problem
from sales_policy.records.formats.yaml_positions import Positions


@dataclass(frozen=True, slots=True)
class Place:
    """A path inside one file, and the list problems go to."""

    positions: Positions
    path: tuple[str | int, ...]
    problems: list[Problem]

    def child(self, *steps: str | int) -> Place:
        return Place(self.positions, (*self.path, *steps), self.problems)

    def report(self, code: str, message: str) -> None:
        self.problems.append(Problem(self.positions.of(self.path), code, message))
