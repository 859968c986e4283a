"""The coded errors of diffs, the store and impact, and what each code means.

Each is one ``Problem`` (``place: code: message``); the place is the file, the run or
the store (its address without the password) the problem is about.
"""

from __future__ import annotations

from sales_policy.errors import Location, Problem

CODES = {
    "unreadable-result": "a result file cannot be read, or is not JSON",
    "not-a-result": "a JSON document that is not an audit result (`sales-policy/audit-result@1`)",
    "policy-changed": "two results of different policies, compared without allowing it",
    "store-unavailable": "the store cannot be opened or reached",
    "store-too-new": "the store's schema is newer than this version knows; it is left as it is",
    "not-a-store": "the database holds tables, but not a store's",
    "unknown-run": "no run with this id in the store",
    "too-few-runs": "`--last` needs two runs in the store",
}


class HistoryError(Exception):
    """A diff, store or impact that cannot be done; ``problem`` says where and why."""

    def __init__(self, place: str, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"undocumented code `{code}`")
        self.problem = Problem(Location(place), code, message)
        super().__init__(str(self.problem))

    @property
    def code(self) -> str:
        return self.problem.code
