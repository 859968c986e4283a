"""Terminal tables of a policy."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sales_policy.policy import Policy


def rules_table(policy: Policy, lang: str, console: Console) -> None:
    """One row per enabled rule, then the disabled ones with their reasons."""
    title = f"{policy.id}@{policy.version}: {getattr(policy.title, lang)}"
    table = Table(title=title, title_justify="left")
    for column in ("id", "clause", "severity", "title"):
        table.add_column(column, overflow="fold")
    for rule in sorted(policy.rules, key=lambda r: r.id):
        table.add_row(rule.id, rule.clause, rule.severity, getattr(rule.title, lang))
    console.print(table)
    for rule_id, reason in sorted(policy.disabled.items()):
        console.print(f"disabled {rule_id}: {reason}", highlight=False, markup=False)
