"""Hypothesis strategies for testing policies and the tools built on records.

Needs the ``testing`` extra (``pip install 'sales-policy[testing]'``, which brings
hypothesis); ``import sales_policy`` alone never imports it. ``docs/testing.md`` has a
worked example: a company testing the rules of its own overlay.

- One strategy per record type (``staff_members``, ``customers``, ``contracts``,
  ``receivables``, ``activities`` of any type, ``market_reports``, ``sales_plans``,
  ``training_plans``): valid records referring to the records given, dated after them.
- ``record_sets``: whole, consistent organisations, small, shrinking to few records;
  ``as_of_dates``: audit dates near their dates, where duties fall due.
- ``for_rule``: records that make one rule (a duty, a check or a cycle) comply, fall
  due, be missed or be done late, with the dates at the edges of its window;
  ``completing``: the activity that would have completed a finding's duty.
- ``write_records``: a record set as a YAML, JSON or JSON Lines file.
"""

from sales_policy.testing._files import write_records
from sales_policy.testing._for_rule import for_rule, supported_rules
from sales_policy.testing._organisation import record_sets
from sales_policy.testing._records import (
    DEFAULT_END,
    DEFAULT_START,
    TEXTS,
    activities,
    as_of_dates,
    contracts,
    customers,
    market_reports,
    receivables,
    sales_plans,
    staff_members,
    training_plans,
)
from sales_policy.testing._rules import (
    OUTCOMES,
    Outcome,
    RuleCase,
    UnsupportedRuleError,
    completing,
)

__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "OUTCOMES",
    "TEXTS",
    "Outcome",
    "RuleCase",
    "UnsupportedRuleError",
    "activities",
    "as_of_dates",
    "completing",
    "contracts",
    "customers",
    "for_rule",
    "market_reports",
    "receivables",
    "record_sets",
    "sales_plans",
    "staff_members",
    "supported_rules",
    "training_plans",
    "write_records",
]
