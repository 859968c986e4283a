"""``python -m sales_policy``: the command line."""

from sales_policy.cli import main

main()
