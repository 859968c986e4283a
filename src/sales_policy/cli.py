"""The ``sales-policy`` command: argument parsing and exit codes only.

Exit status: 0 when all is well, 1 when something was found (violations; a refused
policy; rejected records for ``load``), 2 when the command or its input is unusable.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import stat
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NoReturn, TextIO, TypeVar

import click
import pendulum
from rich.console import Console

from sales_policy import __version__, coverage, policytest
from sales_policy.bulk import paused_gc
from sales_policy.engine import Engine, audit_period
from sales_policy.engine.durable import DurableUnavailableError
from sales_policy.engine.explain import explain as explain_rule
from sales_policy.findings import STATUSES, AuditPeriodError, AuditResult, Finding
from sales_policy.history.diff import ResultDiff
from sales_policy.policy import Policy, PolicyError, find_policy, load_policy
from sales_policy.policy.load import shipped_packs
from sales_policy.records import RecordSet, load_records
from sales_policy.records.mapping import Mapping, MappingError, load_mapping
from sales_policy.records.models import dump as dump_record
from sales_policy.records.values import DEFAULT_TIME_ZONE
from sales_policy.report import (
    csv,
    explanation,
    html,
    junit,
    loading,
    markdown,
    progress,
    rendering,
    table,
    xlsx,
)
from sales_policy.report._sections import GROUPINGS

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Commands(click.Group):
    """The commands, each run so that no failure is mistaken for a finding: an unexpected
    error exits 2 as a bug, its traceback kept in a file, never exit 1 with a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:  # the disk, a pipe, a file: the command's, not a bug
            click.echo(f"error: {_os_error(error)}", err=True)
            sys.exit(EXIT_UNUSABLE)
        except Exception:
            click.echo(f"internal error (a bug in sales-policy): {_bug_report()}", err=True)
            sys.exit(EXIT_UNUSABLE)


def _os_error(error: OSError) -> str:
    """``FILE: what happened`` for an operating system error."""
    where = error.filename if error.filename is not None else "output"
    return f"{where}: {error.strerror or error}"


def _bug_report() -> str:
    """The current exception in one line, and where its traceback was written."""
    kind, error, _ = sys.exc_info()
    summary = f"{kind.__name__ if kind else 'error'}: {error}"
    try:
        handle, path = tempfile.mkstemp(prefix="sales-policy-error-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(f"sales-policy {__version__}\n{traceback.format_exc()}")
    except OSError as failure:
        return f"{summary}; its traceback could not be written ({failure.strerror})"
    return f"{summary}; the traceback is in {path}"


def check_output(output: str | None) -> None:
    """Exit 2 at once when a report could not be written to ``output``: before any record
    is read, so a long audit never ends in a failure it could have foreseen."""
    if output is None:
        return
    problem = _unwritable(output)
    if problem is not None:
        click.echo(f"{output}: cannot write the report: {problem}", err=True)
        sys.exit(EXIT_UNUSABLE)


def _unwritable(output: str) -> str | None:
    if _is_special(output):
        return None if os.access(output, os.W_OK) else "permission denied"
    folder = os.path.dirname(os.path.abspath(output))
    if os.path.isdir(output):
        return "it is a folder"
    if not os.path.exists(folder):
        return f"no folder {folder}"
    if not os.path.isdir(folder):
        return f"{folder} is not a folder"
    try:  # the one sure test, whoever runs it and whatever the file system
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".sales-policy-"):
            pass
    except OSError as error:
        return f"{folder}: {error.strerror or error}"
    return None


def _is_special(path: str) -> bool:
    """A device, a pipe or a socket: written in place, as it cannot be renamed over."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_output(output: str | None, write: Callable[[TextIO], None]) -> None:
    """Write a report by ``write`` to standard output, or to the file ``output``.

    A file is written whole or not at all: into a temporary file beside it, flushed to
    disk, then renamed over ``output``, so that a failed or killed run never leaves a
    truncated report where the last good one was. A device or pipe (``/dev/stdout``)
    is written in place. A failure to write exits 2 naming the file. Every command
    that writes a report writes it through here (``write_binary`` for bytes)."""

    def text(raw: BinaryIO) -> None:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        try:
            write(stream)
            stream.flush()
        finally:
            stream.detach()

    write_binary(output, text)


def write_binary(output: str | None, write: Callable[[BinaryIO], None]) -> None:
    """``write_output`` for a report that is bytes (a workbook)."""
    try:
        if output is None:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        elif _is_special(output):
            with open(output, "wb") as handle:
                write(handle)
        else:
            _replace(output, write)
    except OSError as error:
        where = output if output is not None else "standard output"
        click.echo(f"{where}: cannot write the report: {error.strerror or error}", err=True)
        sys.exit(EXIT_UNUSABLE)


def _replace(output: str, write: Callable[[BinaryIO], None]) -> None:
    folder = os.path.dirname(os.path.abspath(output))
    name = os.path.basename(output)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):  # keep the mode a report already had
            os.chmod(temporary, stat.S_IMODE(os.stat(output).st_mode))
        if not os.path.exists(output):
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sales-policy")
def cli() -> None:
    """Audit a sales organisation's records against its sales-staff regulation."""


_UNITS = {"gib": 1 << 30, "mib": 1 << 20, "kib": 1 << 10, "b": 1, "": 1}


def _size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """A size in bytes: `1048576`, `64KiB`, `16MiB`, `1GiB`."""
    text = value.strip().lower()
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz").strip()
    unit = _UNITS.get(text[len(number) :].strip())
    if not number.isdigit() or unit is None or int(number) == 0:
        message = f"`{value}` is not a size: write bytes, or KiB, MiB, GiB (`64MiB`)"
        raise click.BadParameter(message, ctx, param)
    return int(number) * unit


_MAX_SIZE = click.option(
    "--max-size",
    "max_size",
    callback=_size,
    default="16MiB",
    show_default=True,
    metavar="SIZE",
    help="The longest JSON Lines line, CSV line, YAML or JSON document read; longer is refused.",
)


_MAPPING = click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(),
    default=None,
    metavar="FILE",
    help="A mapping file: how another system's tables become records (docs/integrating.md).",
)


def _mapping(path: str | None, max_size: int) -> Mapping | None:
    """The checked mapping file, or exit 2 listing its problems: a bad mapping reads
    nothing."""
    if path is None:
        return None
    try:
        return load_mapping(path, max_size=max_size)
    except MappingError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s): the mapping is refused", err=True)
        sys.exit(EXIT_UNUSABLE)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_MAX_SIZE
@_MAPPING
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
def load(
    paths: tuple[str, ...],
    max_size: int,
    mapping_path: str | None,
    time_zone: str,
    output_format: str | None,
) -> None:
    """Load record files (YAML, JSON, JSON Lines, CSV, XLSX, or folders) and summarise them.

    Every record read is either loaded or listed as rejected with its file, line,
    column, id, field and a stable error code. Exit 1 when any record or file was
    rejected, 2 when nothing could be loaded (or the mapping is refused).
    """
    mapping = _mapping(mapping_path, max_size)
    try:
        result = load_records(paths, time_zone=time_zone, max_size=max_size, mapping=mapping)
    except ValueError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_UNUSABLE)
    output_format = output_format or ("table" if sys.stdout.isatty() else "json")
    if output_format == "json":
        click.echo(loading.to_json(result), nl=False)
    else:
        loading.render_table(result, Console(highlight=False))
    if len(result.records) == 0:
        sys.exit(EXIT_UNUSABLE)
    _finish(EXIT_FINDINGS if result.rejected or result.file_errors else EXIT_OK)


def _policy(
    spec: str,
    overlays: tuple[str, ...],
    as_of: dt.date | None = None,
    refused: int = EXIT_FINDINGS,
) -> Policy:
    """The policy a PATH or ID[@VERSION] names, or exit ``refused`` listing its problems."""
    try:
        path = find_policy(spec, as_of=as_of or _today(), roots=[shipped_packs()])
    except PolicyError as error:
        click.echo(str(error.problems[0]), err=True)
        sys.exit(EXIT_UNUSABLE)
    try:
        return load_policy(path, overlays)
    except PolicyError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s): the policy is refused", err=True)
        sys.exit(refused)


_OVERLAY = click.option(
    "--overlay",
    "overlays",
    multiple=True,
    type=click.Path(),
    help="An overlay file to apply (repeatable, in order).",
)
_LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)


def _today(zone: str = DEFAULT_TIME_ZONE) -> dt.date:
    """Today in a time zone: the one place the wall clock is read."""
    return pendulum.today(zone).date()


@cli.command()
@click.argument("policy")
@_OVERLAY
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
@_OVERLAY
@_LANG
def rules(policy: str, overlays: tuple[str, ...], lang: str) -> None:
    """List a policy's rules: id, clauses, severity and title."""
    loaded = _policy(policy, overlays)
    rendering.rules_table(loaded, lang, Console(highlight=False))


# Every file format of the audit: (result, the audited records, language) -> text.
_F = TypeVar("_F", bound=Callable[..., Any])


def _audit_options(command: _F) -> _F:
    """The options `audit` and `explain` share: which policy, which dates, how much to read."""
    for option in reversed(
        (
            click.option(
                "--policy",
                "policy_spec",
                default="sales-staff",
                show_default=True,
                metavar="PATH|ID[@VERSION]",
                help="The policy pack; by id, the version in force on the as-of date.",
            ),
            _OVERLAY,
            click.option(
                "--as-of",
                "as_of",
                type=click.DateTime(["%Y-%m-%d"]),
                default=None,
                help="Judge as at the end of this day [default: today in the policy's zone].",
            ),
            click.option(
                "--from",
                "period_start",
                type=click.DateTime(["%Y-%m-%d"]),
                default=None,
                help="Start of the audit period [default: the policy's effective_from].",
            ),
            _MAX_SIZE,
            _MAPPING,
            click.option(
                "--retroactive",
                is_flag=True,
                help="Allow a period that starts before the policy takes effect: those days "
                "are judged under it anyway, and the result says so.",
            ),
        )
    ):
        command = option(command)
    return command


# Every text format of the audit: (result, the audited records, language, grouping) -> text.
_RENDERERS: dict[str, Callable[[AuditResult, RecordSet, str, str | None], str]] = {
    "json": lambda result, records, lang, by: result.to_json(),
    "markdown": lambda result, records, lang, by: markdown.render(result, lang, by or "none"),
    "html": lambda result, records, lang, by: html.render(result, records, lang, by or "none"),
    "junit": lambda result, records, lang, by: junit.render(result, lang),
    "csv": lambda result, records, lang, by: csv.render(result, lang),
}
FORMATS = ("table", *_RENDERERS, "xlsx")


@cli.command()
@click.argument("records", nargs=-1, required=True, type=click.Path())
@_audit_options
@click.option(
    "--engine",
    "backend",
    type=click.Choice(["native", "durable"]),
    default="native",
    show_default=True,
)
@click.option("--all", "include_pass", is_flag=True, help="Include `pass` results.")
@click.option("--rule", "rules_wanted", multiple=True, metavar="ID", help="Only these rules.")
@click.option(
    "--owner",
    "owners",
    multiple=True,
    metavar="STAFF",
    help="Only findings this staff member owns or must act on, themselves or by a role "
    "they hold on the as-of date.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="[default: table on a terminal, json when piped]",
)
@click.option(
    "--output",
    type=click.Path(),
    default=None,
    help="Write the report here instead of standard output (whole, or not at all).",
)
@_LANG
@click.option(
    "--store",
    "store_url",
    metavar="PATH|URL",
    default=None,
    help="Keep this run in a store: a SQLite file (created on first use) or postgresql://.",
)
@click.option(
    "--group-by",
    "group_by",
    type=click.Choice(GROUPINGS),
    default=None,
    help="Collapse the findings of one rule and one owner into one entry, under each rule, "
    "owner or team (table, markdown, html) [default: owner for table, none otherwise].",
)
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(["violation", "action_required"]),
    default="violation",
    show_default=True,
    help="Exit 1 on violations, or on open actions too.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Audit in this many processes, the records split by customer (1: one process) "
    "[default: one per core for input over 16 MiB, else 1].",
)
@click.option(
    "--cluster",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Audit the records split by customer on the workers of this Dask scheduler "
    "(the `dask` extra; docs/scaling.md).",
)
def audit(
    *,
    records: tuple[str, ...],
    policy_spec: str,
    overlays: tuple[str, ...],
    as_of: dt.datetime | None,
    period_start: dt.datetime | None,
    max_size: int,
    mapping_path: str | None,
    retroactive: bool,
    backend: str,
    include_pass: bool,
    rules_wanted: tuple[str, ...],
    owners: tuple[str, ...],
    statuses: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    lang: str,
    store_url: str | None,
    group_by: str | None,
    fail_on: str,
    workers: int | None,
    cluster: str | None,
) -> None:
    """Audit record files (YAML, JSON, JSON Lines, CSV, XLSX, or folders) against a policy.

    Exit 0 when there is no violation, 1 when there is one (or, with
    `--fail-on action_required`, an open action), 2 when the command or its input
    is unusable.
    """
    check_output(output)
    day = as_of.date() if as_of else None
    policy = _policy(policy_spec, overlays, day, refused=EXIT_UNUSABLE)
    day = day or _today(policy.time_zone)
    start = _period(policy, day, period_start, retroactive)
    unknown = sorted(set(rules_wanted) - {rule.id for rule in policy.rules})
    if unknown:
        click.echo(f"unknown rule(s): {', '.join(unknown)}", err=True)
        sys.exit(EXIT_UNUSABLE)
    if _PROGRAM:
        # The program audits once and exits. What it builds holds no reference cycle, so
        # the collector stays paused to the end: resumed, it would walk every record
        # (a second for a million) after loading, and the findings after the audit.
        click.get_current_context().with_resource(paused_gc())
    try:
        engine = Engine(policy, backend)  # type: ignore[arg-type]
    except DurableUnavailableError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_UNUSABLE)
    passes = include_pass or "pass" in statuses
    mapping = _mapping(mapping_path, max_size)
    if mapping is not None and (cluster is not None or (workers or 1) > 1):
        click.echo("--mapping audits in one process: leave out --workers and --cluster", err=True)
        sys.exit(EXIT_UNUSABLE)
    if mapping is None and _in_parts(records, workers, cluster, store_url):
        result, audited = _audit_in_parts(
            records,
            policy,
            backend=backend,
            day=day,
            start=start,
            passes=passes,
            retroactive=retroactive,
            max_size=max_size,
            workers=workers,
            cluster=cluster,
            owing=output_format in ("html", "xlsx"),
        )
    else:
        with progress.shown("loading records"):
            loaded = load_records(
                records, time_zone=policy.time_zone, max_size=max_size, mapping=mapping
            )
        _loaded(loaded.file_errors, loaded.rejected, len(loaded.records))
        with progress.shown("auditing"):
            result = engine.audit(
                loaded, as_of=day, period_start=start, include_pass=passes, retroactive=retroactive
            )
        audited = loaded.records
    if store_url is not None:
        _store_run(store_url, result, audited)
    result = _filtered(result, rules_wanted, owners, statuses)
    _write(result, audited, output_format, output, lang, group_by=group_by)
    failing = {"violation"} | ({"action_required"} if fail_on == "action_required" else set())
    _finish(EXIT_FINDINGS if any(f.status in failing for f in result.findings) else EXIT_OK)


def _loaded(file_errors: Any, rejected: Any, loaded: int) -> None:
    """Say what did not load; exit 2 when nothing did."""
    for problem in (*file_errors, *rejected):
        click.echo(str(problem), err=True)
    if loaded == 0:
        click.echo("no record could be loaded", err=True)
        sys.exit(EXIT_UNUSABLE)


_SPLIT_FROM = 16 * 1024 * 1024
"""Input bytes from which an audit splits its records among the cores by default."""


def _in_parts(
    paths: tuple[str, ...], workers: int | None, cluster: str | None, store_url: str | None
) -> bool:
    """Whether to audit split by customer: asked for, or by default for a large input on
    several cores; never for a run to be stored, whose digest is of the whole record set."""
    if store_url is not None:
        if cluster is not None or (workers or 1) > 1:
            click.echo("--store audits in one process: leave out --workers and --cluster", err=True)
            sys.exit(EXIT_UNUSABLE)
        return False
    if cluster is not None or workers is not None:
        return cluster is not None or workers > 1  # type: ignore[operator]
    return (os.cpu_count() or 1) > 1 and _input_size(paths) >= _SPLIT_FROM


def _input_size(paths: tuple[str, ...]) -> int:
    total = 0
    for given in paths:
        found = (
            [os.path.join(given, n) for n in os.listdir(given)] if os.path.isdir(given) else [given]
        )
        total += sum(os.path.getsize(f) for f in found if os.path.isfile(f))
    return total


def _audit_in_parts(
    paths: tuple[str, ...],
    policy: Policy,
    *,
    backend: str,
    day: dt.date,
    start: dt.date | None,
    passes: bool,
    retroactive: bool,
    max_size: int,
    workers: int | None,
    cluster: str | None,
    owing: bool,
) -> tuple[AuditResult, RecordSet]:
    """The audit split by customer, in worker processes or on a Dask cluster."""
    from sales_policy.partitioned import PartitionError, audit_files  # noqa: PLC0415

    with contextlib.ExitStack() as stack:
        client = None if cluster is None else stack.enter_context(_dask_client(cluster))
        update = stack.enter_context(progress.counted("auditing shards"))
        try:
            merged = audit_files(
                paths,
                policy,
                as_of=day,
                period_start=start,
                include_pass=passes,
                retroactive=retroactive,
                engine=backend,  # type: ignore[arg-type]
                workers=workers,
                client=client,
                max_size=max_size,
                owing=owing,
                progress=update,
                pause_collector=_PROGRAM,
            )
        except PartitionError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_UNUSABLE)
    result = merged.result
    _loaded(result.file_errors, result.rejected, result.records["loaded"])
    return result, merged.records


@contextlib.contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    """A client of the Dask scheduler at ``address``; exit 2 when there is none to reach."""
    try:
        from distributed import Client  # noqa: PLC0415 - the optional extra
    except ImportError:
        click.echo("--cluster needs Dask: pip install 'sales-policy[dask]'", err=True)
        sys.exit(EXIT_UNUSABLE)
    try:
        client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        click.echo(f"{address}: no Dask scheduler to reach: {error}", err=True)
        sys.exit(EXIT_UNUSABLE)
    with client:
        yield client


@cli.group("mapping")
def mapping_group() -> None:
    """Mapping files: another system's tables read as records (docs/integrating.md)."""


_SHOWN = 3  # records shown of each collection: enough to see each field mapped


@mapping_group.command("check")
@click.argument("mapping_file", metavar="FILE", type=click.Path())
@click.argument("samples", nargs=-1, metavar="[SAMPLE]...", type=click.Path())
@_MAX_SIZE
def mapping_check(mapping_file: str, samples: tuple[str, ...], max_size: int) -> None:
    """Check a mapping FILE whole; with SAMPLE files (an export, or part of one), load
    them through it and show the first records of each collection as JSON, and what did
    not map. Exit 1 when the mapping is refused or a row or file of the sample is."""
    try:
        mapping = load_mapping(mapping_file, max_size=max_size)
    except MappingError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s): the mapping is refused", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{mapping_file}: {len(mapping.tables)} table(s), ok")
    if not samples:
        _finish(EXIT_OK)
    result = load_records(samples, max_size=max_size, mapping=mapping)
    shown: dict[str, list[dict[str, Any]]] = {}
    for record in result.records:
        collection = type(record).collection
        if len(shown.setdefault(collection, [])) < _SHOWN:
            shown[collection].append(dump_record(record))
    click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
    for said in (*result.file_errors, *result.rejected, *result.warnings):
        click.echo(str(said), err=True)
    click.echo(
        f"{len(result.records)} loaded, {len(result.rejected)} rejected, {result.read} read",
        err=True,
    )
    _finish(EXIT_FINDINGS if result.rejected or result.file_errors else EXIT_OK)


@cli.command("test")
@click.argument("pack", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--engine",
    "backend",
    type=click.Choice(["native", "durable"]),
    default="native",
    show_default=True,
)
@_OVERLAY
@click.option(
    "--tests",
    type=click.Path(exists=True, file_okay=False),
    help="The folder of case files to run (default: PACK/tests).",
)
def run_tests(pack: str, backend: str, overlays: tuple[str, ...], tests: str | None) -> None:
    """Run a pack's policy tests: the case files in PACK/tests, or in --tests against the
    pack with its --overlay files applied (see docs/pack.md).

    Prints a line per failing case and per malformed case file, then the counts.
    Exit 0 when every case passes, 1 when one fails, a case file is malformed or
    there is no case at all, 2 when the command, the pack or an overlay is unusable.
    """
    try:
        outcome = policytest.run(pack, backend, overlays, tests)  # type: ignore[arg-type]
    except PolicyError as error:
        _refused(error)
    except DurableUnavailableError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_UNUSABLE)
    click.echo(outcome.summary(), nl=False)
    sys.exit(EXIT_OK if outcome.ok else EXIT_FINDINGS)


@cli.command("coverage")
@click.argument("pack", type=click.Path(exists=True, file_okay=False))
def coverage_map(pack: str) -> None:
    """Print a pack's clause coverage map as Markdown: for every clause of the regulation,
    the rules that enforce it, or the reason (PACK/coverage.yaml) no record can show it.

    Exit 0 when every clause is accounted for, 1 when one is not (listed on standard
    error), 2 when the command or the pack is unusable.
    """
    try:
        found = coverage.coverage(pack)
    except PolicyError as error:
        _refused(error)
    click.echo(coverage.markdown(found, f"sales-policy coverage {pack}"), nl=False)
    for problem in found.problems:
        click.echo(str(problem), err=True)
    sys.exit(EXIT_FINDINGS if found.problems else EXIT_OK)


def _store_run(url: str, result: AuditResult, records: RecordSet) -> None:
    """Keep the whole, unfiltered run; a store that fails makes the audit fail (exit 2)
    before any report is written."""
    from sales_policy.history import HistoryError, open_store  # noqa: PLC0415 - SQLAlchemy

    try:
        with open_store(url) as store:
            saved = store.save(result, records)
    except HistoryError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_UNUSABLE)
    done = "stored as run" if saved.added else "already stored as run"
    click.echo(f"{store.place}: {done} {saved.run}", err=True)


def _refused(error: PolicyError) -> NoReturn:
    """A pack that does not load: its problems, and exit as unusable."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(error.problems)} problem(s): the policy is refused", err=True)
    sys.exit(EXIT_UNUSABLE)


def _period(
    policy: Policy, as_of: dt.date, period_start: dt.datetime | None, retroactive: bool
) -> dt.date | None:
    """``--from`` as a date, once the period it makes with ``--as-of`` is known to judge
    something (before any record is read); or exit 2 saying why not."""
    start = period_start.date() if period_start else None
    try:
        audit_period(policy, as_of, start, retroactive)
    except AuditPeriodError as error:
        click.echo(f"{error.code}: {error.message}", err=True)
        sys.exit(EXIT_UNUSABLE)
    return start


def _filtered(
    result: AuditResult, rules: tuple[str, ...], owners: tuple[str, ...], statuses: tuple[str, ...]
) -> AuditResult:
    def owned(finding: Finding) -> bool:
        """Owned by one of ``owners``, or theirs to act on, themselves or by their role."""
        action = finding.action
        return any(
            finding.owner.includes(person) or (action is not None and action.owner.includes(person))
            for person in owners
        )

    def wanted(finding: Finding) -> bool:
        return (
            (not rules or finding.rule in rules)
            and (not owners or owned(finding))
            and (not statuses or finding.status in statuses)
        )

    judged = {
        (owner, rule): counts
        for (owner, rule), counts in result.judged.items()
        if (not rules or rule in rules) and (not owners or owner.staff_id in owners)
    }
    findings = tuple(f for f in result.findings if wanted(f))
    return dataclasses.replace(result, findings=findings, judged=judged)


def _write(
    result: AuditResult,
    records: RecordSet,
    output_format: str | None,
    output: str | None,
    lang: str,
    *,
    group_by: str | None = None,
) -> None:
    to_terminal = output is None and sys.stdout.isatty()
    chosen = output_format or ("table" if to_terminal else "json")
    if chosen == "json":  # streamed: a large result is never held as text too
        write_output(output, result.write_json)
        return
    if chosen == "xlsx":
        _write_bytes(xlsx.render(result, records, lang), output)
        return
    if chosen in _RENDERERS:
        text = _RENDERERS[chosen](result, records, lang, group_by)
    else:
        console = Console(
            record=True,
            highlight=False,
            width=None if to_terminal else 100,
            force_terminal=False if not to_terminal else None,
        )
        with console.capture() as captured:
            table.render(result, console, lang, group_by or "owner")
        text = captured.get()

    def write(handle: TextIO) -> None:
        handle.write(text)

    write_output(output, write)


def _write_bytes(data: bytes, output: str | None) -> None:
    """A binary report to ``output``, or to standard output when that is not a terminal."""
    if output is None and sys.stdout.isatty():
        click.echo("an xlsx workbook is not for a terminal: give --output FILE", err=True)
        sys.exit(EXIT_UNUSABLE)

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    write_binary(output, write)


@cli.command()
@click.argument("rule")
@click.argument("subject_id")
@click.argument("records", nargs=-1, required=True, type=click.Path())
@_audit_options
@_LANG
def explain(
    *,
    rule: str,
    subject_id: str,
    records: tuple[str, ...],
    policy_spec: str,
    overlays: tuple[str, ...],
    as_of: dt.datetime | None,
    period_start: dt.datetime | None,
    max_size: int,
    mapping_path: str | None,
    retroactive: bool,
    lang: str,
) -> None:
    """Show how RULE judged SUBJECT_ID: T, D, the window, each activity considered and
    why it counted or not, the exemptions and the outcome; or why there is no finding."""
    day = as_of.date() if as_of else None
    policy = _policy(policy_spec, overlays, day, refused=EXIT_UNUSABLE)
    day = day or _today(policy.time_zone)
    start = _period(policy, day, period_start, retroactive)
    mapping = _mapping(mapping_path, max_size)
    loaded = load_records(records, time_zone=policy.time_zone, max_size=max_size, mapping=mapping)
    try:
        found = explain_rule(
            Engine(policy),
            loaded.records,
            rule,
            subject_id,
            as_of=day,
            period_start=start,
        )
    except KeyError:
        click.echo(f"unknown rule `{rule}`", err=True)
        sys.exit(EXIT_UNUSABLE)
    click.echo(explanation.render(found, lang), nl=False)


_DIFF_FORMATS = ("table", "json", "markdown", "html", "xlsx")
_TEXT_FORMATS = ("table", "json", "markdown")


def _output_options(formats: tuple[str, ...]) -> Callable[[_F], _F]:
    def add(command: _F) -> _F:
        for option in reversed(
            (
                click.option(
                    "--format",
                    "output_format",
                    type=click.Choice(formats),
                    default=None,
                    help="[default: table on a terminal, json when piped]",
                ),
                click.option(
                    "--output",
                    type=click.Path(dir_okay=False, writable=True),
                    default=None,
                    help="Write the report here instead of standard output.",
                ),
                _LANG,
            )
        ):
            command = option(command)
        return command

    return add


def _filters(command: _F) -> _F:
    for option in reversed(
        (
            click.option(
                "--rule", "rules_wanted", multiple=True, metavar="ID", help="Only these rules."
            ),
            click.option(
                "--owner",
                "owners",
                multiple=True,
                metavar="STAFF",
                help="Only findings this staff member owns or must act on.",
            ),
            click.option(
                "--team",
                "teams",
                multiple=True,
                metavar="TEAM",
                help="Only findings a member of this team (staff `team`) owns or must act on.",
            ),
        )
    ):
        command = option(command)
    return command


def _chosen(output_format: str | None, output: str | None) -> str:
    return output_format or ("table" if output is None and sys.stdout.isatty() else "json")


def _emit(content: str | bytes, output: str | None) -> None:
    """Write a report whole or not at all (``write_binary``)."""
    data = content if isinstance(content, bytes) else content.encode("utf-8")

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    write_binary(output, write)


@cli.command()
@click.argument("runs", nargs=-1, metavar="OLD NEW")
@click.option(
    "--store",
    "store_url",
    metavar="PATH|URL",
    default=None,
    help="Read runs by id from this store (and date the findings still open).",
)
@click.option("--last", is_flag=True, help="Compare the store's last two runs (by as-of date).")
@click.option(
    "--allow-policy-change",
    is_flag=True,
    help="Compare results of different policies (versions, overlays) too.",
)
@click.option(
    "--records",
    "record_paths",
    multiple=True,
    type=click.Path(),
    help="Record files whose staff give the teams for `--team` (stored runs know them).",
)
@_filters
@_output_options(_DIFF_FORMATS)
def diff(
    *,
    runs: tuple[str, ...],
    store_url: str | None,
    last: bool,
    allow_policy_change: bool,
    record_paths: tuple[str, ...],
    rules_wanted: tuple[str, ...],
    owners: tuple[str, ...],
    teams: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    lang: str,
) -> None:
    """Compare two audits: OLD and NEW are JSON results (`audit --format json`) or, with
    `--store`, run ids. Each finding is new, resolved, persisting (since when, where
    the store knows) or changed (and what changed).

    Exit 1 when there are new violations, 0 otherwise, 2 when an input is unusable.
    """
    from sales_policy.history import HistoryError  # noqa: PLC0415 - SQLAlchemy, lazily
    from sales_policy.report import diff as diff_report  # noqa: PLC0415

    if last == (len(runs) == 2) or (not last and len(runs) != 2):
        click.echo("give OLD and NEW, or --last with --store", err=True)
        sys.exit(EXIT_UNUSABLE)
    if last and store_url is None:
        click.echo("--last needs --store", err=True)
        sys.exit(EXIT_UNUSABLE)
    if _PROGRAM:  # as for `audit`: nothing built here holds a cycle for the collector
        click.get_current_context().with_resource(paused_gc())
    try:
        compared = _compare(runs, store_url, last, allow_policy_change)
        if record_paths:
            loaded = load_records(record_paths)
            compared = dataclasses.replace(
                compared, teams={s.id: s.team for s in loaded.records.staff.values() if s.team}
            )
    except HistoryError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_UNUSABLE)
    if teams and not compared.teams:
        click.echo("--team needs the teams: compare stored runs, or give --records", err=True)
        sys.exit(EXIT_UNUSABLE)
    compared = compared.filtered(rules=rules_wanted, owners=owners, teams=teams)
    renderers: dict[str, Callable[[Any, str], str | bytes]] = {
        "table": diff_report.render_table,
        "json": diff_report.render_json,
        "markdown": diff_report.render_markdown,
        "html": diff_report.render_html,
        "xlsx": diff_report.render_xlsx,
    }
    _emit(renderers[_chosen(output_format, output)](compared, lang), output)
    _finish(EXIT_FINDINGS if compared.has_new_violations else EXIT_OK)


def _compare(runs: tuple[str, ...], store_url: str | None, last: bool, allow: bool) -> ResultDiff:
    from sales_policy.history import diff_results, open_store, read_result  # noqa: PLC0415
    from sales_policy.history.problems import HistoryError  # noqa: PLC0415

    if store_url is None:
        old, new = (read_result(path) for path in runs)
        return diff_results(old, new, allow_policy_change=allow, labels=(runs[0], runs[1]))
    with open_store(store_url, create=False) as store:
        if last:
            stored = store.runs()
            if len(stored) < 2:
                raise HistoryError(store.place, "too-few-runs", f"{len(stored)} run(s) stored")
            ids = [stored[-2].id, stored[-1].id]
        else:
            ids = []
            for given in runs:
                if not given.isdigit():
                    raise HistoryError(store.place, "unknown-run", f"`{given}` is no run id")
                ids.append(int(given))
        old, new = store.result(ids[0]), store.result(ids[1])
        return diff_results(
            old,
            new,
            allow_policy_change=allow,
            first_seen=store.first_seen(ids[1]),
            labels=(f"run {ids[0]}", f"run {ids[1]}"),
            teams=store.teams(ids[1]) | store.teams(ids[0]) or None,
        )


@cli.command()
@click.option("--store", "store_url", metavar="PATH|URL", required=True, help="The store.")
@_filters
@_output_options(_TEXT_FORMATS)
def history(
    *,
    store_url: str,
    rules_wanted: tuple[str, ...],
    owners: tuple[str, ...],
    teams: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    lang: str,
) -> None:
    """The stored runs; per rule, person and team the counts over time; per finding when
    it was first and last seen and when it was resolved. Exit 2 when the store is
    unusable."""
    from sales_policy.history import HistoryError, open_store  # noqa: PLC0415
    from sales_policy.report import history as history_report  # noqa: PLC0415

    try:
        with open_store(store_url, create=False) as store:
            found = store.history(rules=rules_wanted, owners=owners, teams=teams)
    except HistoryError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_UNUSABLE)
    renderers = {
        "table": history_report.render_table,
        "json": history_report.render_json,
        "markdown": history_report.render_markdown,
    }
    _emit(renderers[_chosen(output_format, output)](found, lang), output)
    _finish(EXIT_OK)


_AGAINST = (
    click.option(
        "--against",
        "against",
        default=None,
        metavar="PATH|ID[@VERSION]",
        help="The policy to compare with [default: the --policy itself].",
    ),
    click.option(
        "--against-overlay",
        "against_overlays",
        multiple=True,
        type=click.Path(),
        help="Overlays applied to the --against side only (repeatable, in order).",
    ),
)


@cli.command()
@click.argument("records", nargs=-1, required=True, type=click.Path())
@_audit_options
@_AGAINST[0]
@_AGAINST[1]
@_output_options(_TEXT_FORMATS)
def impact(
    *,
    records: tuple[str, ...],
    policy_spec: str,
    overlays: tuple[str, ...],
    as_of: dt.datetime | None,
    period_start: dt.datetime | None,
    max_size: int,
    mapping_path: str | None,
    retroactive: bool,
    against: str | None,
    against_overlays: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    lang: str,
) -> None:
    """Audit RECORDS under --policy and under --against (both with --overlay; the second
    also with --against-overlay), on the same as-of date and period, and list the
    findings that appear, disappear or change, each with the policy change explaining it.

    Exit 0, or 2 when a policy or the records are unusable.
    """
    from sales_policy.history import impact as impact_of  # noqa: PLC0415
    from sales_policy.report import impact as impact_report  # noqa: PLC0415

    day = as_of.date() if as_of else None
    old = _policy(policy_spec, overlays, day, refused=EXIT_UNUSABLE)
    day = day or _today(old.time_zone)
    new = _policy(against or policy_spec, overlays + against_overlays, day, refused=EXIT_UNUSABLE)
    start = _period(old, day, period_start, retroactive)
    mapping = _mapping(mapping_path, max_size)
    loaded = load_records(records, time_zone=old.time_zone, max_size=max_size, mapping=mapping)
    for problem in (*loaded.file_errors, *loaded.rejected):
        click.echo(str(problem), err=True)
    if len(loaded.records) == 0:
        click.echo("no record could be loaded", err=True)
        sys.exit(EXIT_UNUSABLE)
    found = impact_of(loaded, old, new, as_of=day, period_start=start, retroactive=retroactive)
    renderers = {
        "table": impact_report.render_table,
        "json": impact_report.render_json,
        "markdown": impact_report.render_markdown,
    }
    _emit(renderers[_chosen(output_format, output)](found, lang), output)
    _finish(EXIT_OK)


@cli.command("diff-policy")
@click.argument("policy_a", metavar="A")
@click.argument("policy_b", metavar="B")
@_OVERLAY
@_AGAINST[1]
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@_LANG
def diff_policy(
    *,
    policy_a: str,
    policy_b: str,
    overlays: tuple[str, ...],
    against_overlays: tuple[str, ...],
    output_format: str,
    lang: str,
) -> None:
    """Print how policy B differs from A (paths or ID[@VERSION]; --overlay applies to
    both, --against-overlay to B): rules added, removed, disabled or rewritten,
    severities, parameters, waivers. Exit 0, or 2 when a policy is unusable."""
    from sales_policy.history import policy_changes  # noqa: PLC0415
    from sales_policy.report import impact as impact_report  # noqa: PLC0415

    old = _policy(policy_a, overlays, refused=EXIT_UNUSABLE)
    new = _policy(policy_b, overlays + against_overlays, refused=EXIT_UNUSABLE)
    changes = policy_changes(old, new)
    if output_format == "json":
        click.echo(impact_report.changes_json(changes), nl=False)
    else:
        click.echo(impact_report.changes_text(changes, lang), nl=False)


_PROGRAM = False
"""Whether this is the ``sales-policy`` program itself (not the command line called from
Python, as tests do)."""


def _finish(code: int) -> NoReturn:
    """Exit with ``code``. The program exits at once, its output flushed, rather than
    free a million records one by one first (a second or more); called from Python, the
    command raises ``SystemExit`` as usual."""
    if _PROGRAM:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def main() -> None:
    """Console entry point."""
    global _PROGRAM  # noqa: PLW0603 - set once, by the program's entry point
    _PROGRAM = True
    cli(prog_name="sales-policy")
