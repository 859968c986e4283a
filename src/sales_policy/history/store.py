"""The store: audit runs kept in a database, a SQLite file by default or a shared
PostgreSQL database, so that each audit can be compared with the last.

SQLAlchemy Core and Alembic are imported when a store is opened, not with the package:
commands that keep no history do not pay for them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import orjson

from sales_policy.bulk import paused_gc
from sales_policy.findings import STATUSES, AuditResult, Finding
from sales_policy.history.diff import Key
from sales_policy.history.problems import HistoryError
from sales_policy.history.results import finding_from_data
from sales_policy.records import RecordSet
from sales_policy.records.models import RECORD_MODELS

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine, RootTransaction, Row

_MIGRATIONS = Path(__file__).with_name("migrations")
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_LOCK_KEY = 0x5A1E5_0001
"""The PostgreSQL advisory lock that makes creating or upgrading the schema one at a time."""
Dimension = Literal["rule", "owner", "team"]


@dataclass(frozen=True, slots=True)
class Run:
    """A stored audit: what was judged, against which policy, and how it came out."""

    id: int
    policy: Mapping[str, Any]
    as_of: dt.date
    period_start: dt.date
    time_zone: str
    records_digest: str
    records: Mapping[str, Any]
    counts: Mapping[str, int]
    tool_version: str

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "policy": dict(self.policy),
            "as_of": self.as_of.isoformat(),
            "period_start": self.period_start.isoformat(),
            "time_zone": self.time_zone,
            "records_digest": self.records_digest,
            "records": dict(self.records),
            "counts": dict(self.counts),
            "tool_version": self.tool_version,
        }


@dataclass(frozen=True, slots=True)
class Saved:
    """Where ``Store.save`` put a result: its run, and whether it was stored just now
    (``False``: the same records, policy and dates were already stored)."""

    run: int
    added: bool


@dataclass(frozen=True, slots=True)
class Count:
    """How many findings of one status a rule, person or team had in one run."""

    run: int
    as_of: dt.date
    dimension: Dimension
    name: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class FindingSpan:
    """One finding across the runs: first and last seen, and the date it was resolved
    (the first later run without it), ``None`` while it is still open."""

    rule: str
    subject_type: str
    subject_id: str
    part: str | None
    first_seen: dt.date
    last_seen: dt.date
    resolved_on: dt.date | None
    runs: int


@dataclass(frozen=True)
class History:
    """The runs in as-of order, counts over time, and every finding's span."""

    runs: tuple[Run, ...]
    counts: tuple[Count, ...]
    findings: tuple[FindingSpan, ...]

    def to_data(self) -> dict[str, Any]:
        return {
            "format": "sales-policy/history@1",
            "runs": [run.to_data() for run in self.runs],
            "counts": [
                {
                    "run": c.run,
                    "as_of": c.as_of.isoformat(),
                    "dimension": c.dimension,
                    "name": c.name,
                    "status": c.status,
                    "count": c.count,
                }
                for c in self.counts
            ],
            "findings": [
                {
                    "rule": f.rule,
                    "subject": {"type": f.subject_type, "id": f.subject_id},
                    "part": f.part,
                    "first_seen": f.first_seen.isoformat(),
                    "last_seen": f.last_seen.isoformat(),
                    "resolved_on": None if f.resolved_on is None else f.resolved_on.isoformat(),
                    "runs": f.runs,
                }
                for f in self.findings
            ],
        }


class Store:
    """An open store. Use ``open_store``; close it (or use it as a context manager)."""

    def __init__(self, engine: Engine, place: str, secret: str | None) -> None:
        self._engine = engine
        self.place = place
        """The store's address without its password: safe to show."""
        self._secret = secret

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    def save(self, result: AuditResult, records: RecordSet | None = None) -> Saved:
        """Keep ``result`` as a run, all of it or (if the process dies midway) none of it.

        ``records`` are the records it judged: their digest identifies the run (the same
        records, policy and dates are stored once) and their staff's teams are kept for
        ``--team``. Without them the run is identified by its findings.
        """

        with paused_gc():  # the rows hold no cycles; the collector would walk the records
            return self._save(result, records)

    def _save(self, result: AuditResult, records: RecordSet | None) -> Saved:
        from sqlalchemy import exc, insert, select  # noqa: PLC0415

        from sales_policy import __version__  # noqa: PLC0415 - the package imports this
        from sales_policy.history import tables  # noqa: PLC0415

        digest = records_digest(records) if records is not None else _findings_digest(result)
        teams = _teams(records)
        identity = _sha256(
            orjson.dumps(
                [dict(result.policy), result.as_of.isoformat(), result.period_start.isoformat()]
            ).decode()
            + digest
        )
        policy = result.policy
        run_row = {
            "identity": identity,
            "policy_id": str(policy["id"]),
            "policy_version": str(policy["version"]),
            "policy_sha256": str(policy["sha256"]),
            "overlays": orjson.dumps(list(policy.get("overlays", ()))).decode(),
            "as_of": result.as_of,
            "period_start": result.period_start,
            "time_zone": result.time_zone,
            "records_digest": digest,
            "records": orjson.dumps(dict(result.records)).decode(),
            "counts": orjson.dumps({s: result.summary[s] for s in STATUSES}).decode(),
            "teams": orjson.dumps(teams, option=orjson.OPT_SORT_KEYS).decode(),
            "tool_version": __version__,
        }
        rows = [_finding_row(finding, teams) for finding in result.findings]
        try:
            with self._write() as connection:
                found = connection.execute(
                    select(tables.runs.c.id).where(tables.runs.c.identity == identity)
                ).scalar()
                if found is not None:
                    return Saved(found, added=False)
                run: int = connection.execute(
                    insert(tables.runs).returning(tables.runs.c.id), run_row
                ).scalar_one()
                if rows:
                    self._insert_findings(connection, [{"run_id": run, **r} for r in rows])
                return Saved(run, added=True)
        except exc.IntegrityError:
            # Another process stored the same run between our look and our insert.
            with self._read() as connection:
                found = connection.execute(
                    select(tables.runs.c.id).where(tables.runs.c.identity == identity)
                ).scalar_one()
            return Saved(found, added=False)

    def _insert_findings(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        from sqlalchemy import insert  # noqa: PLC0415

        from sales_policy.history import tables  # noqa: PLC0415

        connection.execute(insert(tables.findings), rows)

    def runs(self) -> tuple[Run, ...]:
        """Every stored run, by as-of date, then in the order stored."""
        from sqlalchemy import select  # noqa: PLC0415

        from sales_policy.history import tables  # noqa: PLC0415

        runs = tables.runs
        with self._read() as connection:
            rows = connection.execute(select(runs).order_by(runs.c.as_of, runs.c.id)).all()
        return tuple(_run(row) for row in rows)

    def run(self, run_id: int) -> Run:
        """One run; ``HistoryError`` (``unknown-run``) when the store has none of that id."""
        for run in self.runs():
            if run.id == run_id:
                return run
        raise HistoryError(self.place, "unknown-run", f"no run {run_id} in the store")

    def result(self, run_id: int) -> AuditResult:
        """The audit result a run stored (its findings; not its rejected records)."""
        from sqlalchemy import select  # noqa: PLC0415

        from sales_policy.history import tables  # noqa: PLC0415

        run = self.run(run_id)
        f = tables.findings
        with self._read() as connection:
            data = connection.execute(
                select(f.c.data)
                .where(f.c.run_id == run_id)
                .order_by(f.c.rule, f.c.subject_type, f.c.subject_id, f.c.part)
            ).scalars()
            findings = tuple(finding_from_data(orjson.loads(d)) for d in data)
        return AuditResult(
            policy=run.policy,
            as_of=run.as_of,
            period_start=run.period_start,
            time_zone=run.time_zone,
            records=run.records,
            findings=tuple(sorted(findings, key=lambda x: x.key)),
        )

    def teams(self, run_id: int) -> dict[str, str]:
        """Staff id -> team, as the records of a run said."""
        from sqlalchemy import select  # noqa: PLC0415

        from sales_policy.history import tables  # noqa: PLC0415

        with self._read() as connection:
            text = connection.execute(
                select(tables.runs.c.teams).where(tables.runs.c.id == run_id)
            ).scalar()
        if text is None:
            raise HistoryError(self.place, "unknown-run", f"no run {run_id} in the store")
        found: dict[str, str] = orjson.loads(text)
        return found

    def first_seen(self, run_id: int) -> dict[Key, dt.date]:
        """For each finding of a run, the as-of date of the earliest run (up to this one)
        that has it: how long it has been open."""
        from sqlalchemy import func, select  # noqa: PLC0415

        from sales_policy.history import tables  # noqa: PLC0415

        f, r = tables.findings, tables.runs
        as_of = self.run(run_id).as_of
        key = (f.c.rule, f.c.subject_type, f.c.subject_id, f.c.part)
        mine = select(*key).where(f.c.run_id == run_id, f.c.status != "pass")
        query = (
            select(*key, func.min(r.c.as_of))
            .join(r, r.c.id == f.c.run_id)
            .where(r.c.as_of <= as_of, f.c.status != "pass", _tuple(*key).in_(mine))
            .group_by(*key)
        )
        with self._read() as connection:
            return {(row[0], row[1], row[2], row[3]): row[4] for row in connection.execute(query)}

    def history(
        self,
        *,
        rules: Iterable[str] = (),
        owners: Iterable[str] = (),
        teams: Iterable[str] = (),
    ) -> History:
        """The runs, the findings by status per rule, person (the owner) and team in each
        run, and each finding's first and last sighting and resolution, of the findings
        of these rules, owned or to be acted on by these staff members or teams."""
        from sqlalchemy import ColumnElement, and_, func, or_, select  # noqa: PLC0415

        from sales_policy.history import tables  # noqa: PLC0415

        f, r = tables.findings, tables.runs
        wanted: list[ColumnElement[bool]] = [f.c.status != "pass"]
        if rules := sorted(set(rules)):
            wanted.append(f.c.rule.in_(rules))
        if owners := sorted(set(owners)):
            wanted.append(or_(f.c.owner_staff.in_(owners), f.c.action_staff.in_(owners)))
        if teams := sorted(set(teams)):
            wanted.append(or_(f.c.team.in_(teams), f.c.action_team.in_(teams)))
        where = and_(*wanted)
        runs = self.runs()
        dates = {run.id: run.as_of for run in runs}
        counts: list[Count] = []
        with self._read() as connection:
            for dimension, column in (
                ("rule", f.c.rule),
                ("owner", f.c.owner_staff),
                ("team", f.c.team),
            ):
                query = (
                    select(f.c.run_id, column, f.c.status, func.count())
                    .where(where)
                    .group_by(f.c.run_id, column, f.c.status)
                )
                for run_id, name, status, count in connection.execute(query):
                    counts.append(
                        Count(run_id, dates[run_id], dimension, name or "-", status, count)  # type: ignore[arg-type]
                    )
            key = (f.c.rule, f.c.subject_type, f.c.subject_id, f.c.part)
            spans = connection.execute(
                select(*key, func.min(r.c.as_of), func.max(r.c.as_of), func.count())
                .join(r, r.c.id == f.c.run_id)
                .where(where)
                .group_by(*key)
            ).all()
        order = {run.id: n for n, run in enumerate(runs)}
        counts.sort(key=lambda c: (order[c.run], c.dimension, c.name, c.status))
        all_dates = sorted({run.as_of for run in runs})
        findings = []
        for rule, subject_type, subject_id, part, first, last, seen in sorted(spans):
            later = bisect.bisect_right(all_dates, last)
            findings.append(
                FindingSpan(
                    rule,
                    subject_type,
                    subject_id,
                    part or None,
                    first,
                    last,
                    all_dates[later] if later < len(all_dates) else None,
                    seen,
                )
            )
        return History(runs, tuple(counts), tuple(findings))

    def _read(self) -> _Transaction:
        return _Transaction(self, write=False)

    def _write(self) -> _Transaction:
        return _Transaction(self, write=True)


def _tuple(*columns: Any) -> Any:
    from sqlalchemy import tuple_  # noqa: PLC0415

    return tuple_(*columns)


class _Transaction:
    """A connection in a transaction; on SQLite a writer takes the write lock at once
    (``BEGIN IMMEDIATE``), so two writers wait for each other rather than deadlock.
    Database errors leave as ``HistoryError`` with the password blanked out."""

    def __init__(self, store: Store, *, write: bool) -> None:
        self._store = store
        self._write = write
        self._connection: Connection | None = None
        self._begun: RootTransaction | None = None

    def __enter__(self) -> Connection:
        from sqlalchemy import exc  # noqa: PLC0415

        try:
            connection = self._store._engine.connect()
            connection.execution_options(store_write=self._write)
            self._connection = connection
            self._begun = connection.begin()
        except exc.SQLAlchemyError as error:
            self._close()
            raise _unavailable(self._store.place, self._store._secret, error) from None
        return connection

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        from sqlalchemy import exc  # noqa: PLC0415

        try:
            if self._begun is not None and kind is None:
                self._begun.commit()
            elif self._begun is not None:
                self._begun.rollback()
        except exc.SQLAlchemyError as failure:
            if kind is None:
                raise _unavailable(self._store.place, self._store._secret, failure) from None
        finally:
            self._close()
        if isinstance(error, exc.IntegrityError):
            return  # the caller handles it
        if isinstance(error, exc.SQLAlchemyError):
            raise _unavailable(self._store.place, self._store._secret, error) from None

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()


def open_store(url: str | os.PathLike[str], *, create: bool = True) -> Store:
    """Open the store at ``url``: a file path (SQLite, created on first use unless
    ``create`` is false) or ``postgresql://user:password@host/database``.

    A new store gets the schema; an older one is upgraded; a store whose schema is newer
    than this version knows is refused (``HistoryError``, ``store-too-new``) and left as
    it is. No error, warning or result ever shows the password.
    """
    from sqlalchemy import create_engine, event, exc  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415
    from sqlalchemy.pool import NullPool  # noqa: PLC0415

    target = os.fspath(url)
    shown = None
    if "://" not in target:
        path = Path(target)
        if not create and not path.exists():
            raise HistoryError(target, "store-unavailable", "no store at this path")
        shown, target = target, "sqlite:///" + str(path.absolute())
    try:
        address = make_url(target)
    except exc.ArgumentError:
        raise HistoryError(_redacted(target), "store-unavailable", "not a store address") from None
    secret = address.password if isinstance(address.password, str) else None
    place = shown or address.render_as_string(hide_password=True)
    if address.drivername in _POSTGRES_SCHEMES:
        address = address.set(drivername="postgresql+psycopg")
        options: dict[str, Any] = {"connect_args": {"connect_timeout": 10}}
    elif address.drivername in ("sqlite", "sqlite+pysqlite"):
        options = {"connect_args": {"timeout": 300}}
    else:
        raise HistoryError(
            place,
            "store-unavailable",
            f"unsupported database `{address.drivername}` (a file path for SQLite, "
            "or postgresql://)",
        )
    try:
        engine = create_engine(address, poolclass=NullPool, **options)
    except (exc.SQLAlchemyError, ImportError) as error:
        raise HistoryError(place, "store-unavailable", _scrubbed(str(error), secret)) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    store = Store(engine, place, secret)
    try:
        _migrate(store)
    except BaseException:
        store.close()
        raise
    return store


def _sqlite_connect(dbapi_connection: Any, _: Any) -> None:
    # Transactions are begun by ``_sqlite_begin``, not by the driver.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get("store_write", True)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _migrate(store: Store) -> None:
    """Bring the schema to this version's head, one process at a time; refuse a newer one."""
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415
    from sqlalchemy import func, inspect, select  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    heads = set(script.get_heads())

    def current(connection: Connection) -> set[str]:
        found = set(MigrationContext.configure(connection).get_current_heads())
        newer = found - known
        if newer:
            raise HistoryError(
                store.place,
                "store-too-new",
                f"the store's schema (`{', '.join(sorted(newer))}`) is newer than this "
                f"version of sales-policy knows (`{', '.join(sorted(heads))}`); upgrade "
                "sales-policy to use it (the store is left as it is)",
            )
        if not found and {"runs", "findings"} & set(inspect(connection).get_table_names()):
            raise HistoryError(
                store.place,
                "not-a-store",
                "the database has `runs` or `findings` tables "
                "but no schema version: it is not a sales-policy store",
            )
        return found

    with store._read() as connection:
        if current(connection) == heads:
            return
    with store._write() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        if current(connection) == heads:
            return  # another process got there first
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def records_digest(records: RecordSet) -> str:
    """A sha256 of the records' content, whatever order they were loaded in."""
    digest = hashlib.sha256()
    for collection in sorted(RECORD_MODELS):
        by_id: Mapping[str, Any] = getattr(records, collection)
        for record_id in sorted(by_id):
            digest.update(repr(by_id[record_id]).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def _findings_digest(result: AuditResult) -> str:
    digest = hashlib.sha256()
    for finding in result.findings:
        digest.update(orjson.dumps(finding.to_data()) + b"\n")
    return "findings:" + digest.hexdigest()[:55]


def _teams(records: RecordSet | None) -> dict[str, str]:
    if records is None:
        return {}
    return {s.id: s.team for s in records.staff.values() if s.team}


def _finding_row(finding: Finding, teams: Mapping[str, str]) -> dict[str, Any]:
    owner = finding.owner.staff_id
    acting = finding.action.owner.staff_id if finding.action else None
    return {
        "rule": finding.rule,
        "subject_type": finding.subject.type,
        "subject_id": finding.subject.id,
        "part": finding.part or "",
        "status": finding.status,
        "severity": finding.severity,
        "owner_staff": owner,
        "action_staff": acting,
        "team": teams.get(owner or ""),
        "action_team": teams.get(acting or ""),
        "data": orjson.dumps(finding.to_data()).decode(),
    }


def _run(row: Row[Any]) -> Run:
    return Run(
        id=row.id,
        policy={
            "id": row.policy_id,
            "version": row.policy_version,
            "sha256": row.policy_sha256,
            "overlays": orjson.loads(row.overlays),
        },
        as_of=row.as_of,
        period_start=row.period_start,
        time_zone=row.time_zone,
        records_digest=row.records_digest,
        records=orjson.loads(row.records),
        counts=orjson.loads(row.counts),
        tool_version=row.tool_version,
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _unavailable(place: str, secret: str | None, error: BaseException) -> HistoryError:
    """The database's own words, first line, with the password blanked out."""
    cause = getattr(error, "orig", None) or error
    text = str(cause).strip().splitlines()
    return HistoryError(
        place, "store-unavailable", _scrubbed(text[0] if text else type(cause).__name__, secret)
    )


def _scrubbed(text: str, secret: str | None) -> str:
    if secret:
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, "***")
    return text


def _redacted(target: str) -> str:
    """An address that did not parse, without what may be a password (``user:pw@``)."""
    scheme, sep, rest = target.partition("://")
    if sep and "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return scheme + sep + rest
