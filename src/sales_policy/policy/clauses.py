"""The regulation's clause ids and texts, read from the copy shipped in this package.

A rule may cite a leaf clause (``§3.3.2.a``) or a section (``§3.1``); both exist here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_HEADING = re.compile(r"^#{2,4} (§[\d.]+) (.+?) — (.+)$")
_LEAF = re.compile(r"^- \*\*(§[\d.]+[a-z])\*\* (.+)$")
_TRANSLATION = re.compile(r"^\s+— (.+)$")


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause: its id, Chinese text (the authority) and English translation."""

    id: str
    zh: str
    en: str


@cache
def clauses() -> dict[str, Clause]:
    """Clause id -> clause, in the regulation's order."""
    text = resources.files("sales_policy.policy").joinpath("regulation.md").read_text("utf-8")
    found: dict[str, Clause] = {}
    last: str | None = None
    for line in text.splitlines():
        if "not in source" in line:
            last = None
        elif heading := _HEADING.match(line):
            found[heading[1]] = Clause(heading[1], heading[2], heading[3])
            last = None
        elif leaf := _LEAF.match(line):
            found[leaf[1]] = Clause(leaf[1], leaf[2], "")
            last = leaf[1]
        elif last and (translation := _TRANSLATION.match(line)):
            found[last] = Clause(last, found[last].zh, translation[1])
            last = None
    return found


def split(cited: str) -> list[str]:
    """``"§2.2.a, §3.1.1.b"`` -> ``["§2.2.a", "§3.1.1.b"]``."""
    return [part.strip() for part in cited.split(",") if part.strip()]
