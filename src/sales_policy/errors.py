"""Coded, located problems shared by every stage, and the did-you-mean helper.

Every problem the product reports carries a stable ``code`` (kebab-case, listed in
``docs/errors.md``) and, where it comes from a file, the place in it. Problems are
collected, never raised one at a time, so a user sees all of them at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in an input file; ``line`` and ``column`` are 1-based."""

    source: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name``, if one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def with_suggestion(message: str, name: str, candidates: Iterable[str]) -> str:
    """``message`` followed by ``, did you mean `x`?`` when a close candidate exists."""
    guess = did_you_mean(name, candidates)
    return f"{message}, did you mean `{guess}`?" if guess else message


def with_choices(message: str, name: str, choices: Iterable[str]) -> str:
    """``message``, the likely intended choice when one is close, and every valid choice:
    for a closed set (roles, activity types) the list is short enough to read, and a
    guess alone can point the wrong way (``site_visit`` is closest to ``revisit``)."""
    listed = list(dict.fromkeys(choices))
    guess = did_you_mean(name, listed)
    hint = f", did you mean `{guess}`?" if guess else ""
    return f"{message}{hint} (one of {', '.join(f'`{c}`' for c in listed)})"


_SUGGESTION = re.compile(r", did you mean `([^`]*)`\?")


def suggestion_in(message: str) -> str | None:
    """The candidate a message of ``with_suggestion`` (or ``with_choices``) suggests."""
    found = _SUGGESTION.search(message)
    return found.group(1) if found else None


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """A coded problem at a place in a file: ``file:line:col: code: message``."""

    location: Location
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"


class ProblemsError(Exception):
    """Input refused as a whole; ``problems`` lists every reason, sorted by location."""

    def __init__(self, what: str, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))  # one place read twice says it once
        super().__init__(
            f"{what}: {len(self.problems)} problem(s)\n" + "\n".join(str(p) for p in self.problems)
        )
