"""The ``sales-policy`` command: argument parsing and exit codes only.

Exit status: 0 when all is well, 1 when the input has problems (rejected records,
unreadable files), 2 when the command or its input is unusable.
"""

from __future__ import annotations

import datetime as dt
import sys
from importlib import resources

import click
import pendulum
from rich.console import Console

from sales_policy import __version__
from sales_policy.policy import Policy, PolicyError, find_policy, load_policy
from sales_policy.records import load_records
from sales_policy.records.values import DEFAULT_TIME_ZONE
from sales_policy.report import loading, rendering

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


def _policy(spec: str, overlays: tuple[str, ...]) -> Policy:
    """The policy a PATH or ID[@VERSION] names, or exit 1 listing its problems."""
    try:
        path = find_policy(spec, as_of=_today(), roots=[_shipped()])
    except PolicyError as error:
        click.echo(str(error.problems[0]), err=True)
        sys.exit(EXIT_UNUSABLE)
    try:
        return load_policy(path, overlays)
    except PolicyError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s): the policy is refused", err=True)
        sys.exit(EXIT_FINDINGS)


def _shipped() -> str:
    return str(resources.files("sales_policy") / "packs")


def _today() -> dt.date:
    """Today in the default policy time zone: the one place the wall clock is read."""
    return pendulum.today(DEFAULT_TIME_ZONE).date()


@cli.command()
@click.argument("policy")
@click.option(
    "--overlay",
    "overlays",
    multiple=True,
    type=click.Path(),
    help="An overlay file to apply (repeatable, in order).",
)
def validate(policy: str, overlays: tuple[str, ...]) -> None:
    """Check a policy pack (a folder, or ID[@VERSION] of a shipped pack) and its overlays.

    Prints every problem as `file:line:col: code: message`. Exit 0 when valid,
    1 when not, 2 on a usage error.
    """
    loaded = _policy(policy, overlays)
    overlay_text = "".join(f" + {o.id}" for o in loaded.overlays)
    click.echo(f"{loaded.id}@{loaded.version}{overlay_text}: {len(loaded.rules)} rules, valid")


@cli.command()
@click.argument("policy")
@click.option(
    "--overlay",
    "overlays",
    multiple=True,
    type=click.Path(),
    help="An overlay file to apply (repeatable, in order).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
def rules(policy: str, overlays: tuple[str, ...], lang: str) -> None:
    """List a policy's rules: id, clauses, severity and title."""
    loaded = _policy(policy, overlays)
    rendering.rules_table(loaded, lang, Console(highlight=False))


def main() -> None:
    """Console entry point."""
    cli(prog_name="sales-policy")
