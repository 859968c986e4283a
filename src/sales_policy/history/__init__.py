"""Audit history: two results compared (``diff_results``), runs kept in a store
(``open_store``), and what a new policy version would change (``impact``)."""

from sales_policy.history.diff import CHANGES, FindingDiff, ResultDiff, diff_results
from sales_policy.history.impact import Impact, ImpactEntry, PolicyChange, impact, policy_changes
from sales_policy.history.problems import HistoryError
from sales_policy.history.results import read_result
from sales_policy.history.store import Count, FindingSpan, History, Run, Saved, Store, open_store

__all__ = [
    "CHANGES",
    "Count",
    "FindingDiff",
    "FindingSpan",
    "History",
    "HistoryError",
    "Impact",
    "ImpactEntry",
    "PolicyChange",
    "ResultDiff",
    "Run",
    "Saved",
    "Store",
    "diff_results",
    "impact",
    "open_store",
    "policy_changes",
    "read_result",
]
