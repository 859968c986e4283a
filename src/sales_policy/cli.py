"""The ``sales-policy`` command: argument parsing and exit codes only.

Exit status: 0 when all is well, 1 when the input has problems (rejected records,
unreadable files), 2 when the command or its input is unusable.
"""

from __future__ import annotations

import sys

import click
from rich.console import Console

from sales_policy import __version__
from sales_policy.records import load_records
from sales_policy.records.values import DEFAULT_TIME_ZONE
from sales_policy.report import loading

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sales-policy")
def cli() -> None:
    """Audit a sales organisation's records against its sales-staff regulation."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--time-zone",
    default=DEFAULT_TIME_ZONE,
    show_default=True,
    help="Zone whose calendar dates timestamps with an offset fall on.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default=None,
    help="Output format [default: table on a terminal, json when piped].",
)
def load(paths: tuple[str, ...], time_zone: str, output_format: str | None) -> None:
    """Load record files (YAML, JSON, JSON Lines, or folders of them) and summarise them.

    Every record read is either loaded or listed as rejected with its file, line,
    column, id, field and a stable error code. Exit 1 when any record or file was
    rejected, 2 when nothing could be loaded.
    """
    result = load_records(paths, time_zone=time_zone)
    output_format = output_format or ("table" if sys.stdout.isatty() else "json")
    if output_format == "json":
        click.echo(loading.to_json(result), nl=False)
    else:
        loading.render_table(result, Console(highlight=False))
    if len(result.records) == 0:
        sys.exit(EXIT_UNUSABLE)
    sys.exit(EXIT_FINDINGS if result.rejected or result.file_errors else EXIT_OK)


def main() -> None:
    """Console entry point."""
    cli(prog_name="sales-policy")
