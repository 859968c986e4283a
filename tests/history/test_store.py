"""The store, on SQLite and on PostgreSQL: runs kept once, whole or not at all, with
concurrent and killed writers as real processes; newer schemas refused untouched."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.history.conftest import COMPANY, ROOT, postgres_server

from sales_policy import AuditResult, LoadResult
from sales_policy.cli import cli
from sales_policy.history import HistoryError, diff_results, open_store

OCT, NOV = "2026-10-26", "2026-11-26"

_WRITER = """
import datetime as dt, sys, time
from pathlib import Path
from sales_policy import Engine, load_policy, load_records
from sales_policy.history import open_store, store as store_module

url, day, mode = sys.argv[1:4]
loaded = load_records([sys.argv[4]])
result = Engine(load_policy(sys.argv[5])).audit(loaded, as_of=dt.date.fromisoformat(day))
store = open_store(url)
if mode == "hang":
    insert = store_module.Store._insert_findings
    def hang(self, connection, rows):
        insert(self, connection, rows)
        print("inserted", flush=True)
        time.sleep(120)
    store_module.Store._insert_findings = hang
print("ready", flush=True)
if mode == "wait":
    while not Path(sys.argv[6]).exists():
        time.sleep(0.01)
print(store.save(result, loaded.records).run, flush=True)
"""


def _writer(url: str, day: str, mode: str, go: Path | None = None) -> subprocess.Popen[str]:
    pack = ROOT / "src" / "sales_policy" / "packs" / "sales-staff"
    args = [sys.executable, "-c", _WRITER, url, day, mode, str(COMPANY), str(pack)]
    return subprocess.Popen(
        [*args, str(go or "")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_run_is_stored_once(
    store_url: str, audits: dict[str, AuditResult], company: LoadResult
) -> None:
    with open_store(store_url) as store:
        first = store.save(audits[OCT], company.records)
        again = store.save(audits[OCT], company.records)
        later = store.save(audits[NOV], company.records)
        assert (first.added, again.added, later.added) == (True, False, True)
        assert again.run == first.run != later.run
        runs = store.runs()
    assert [run.as_of.isoformat() for run in runs] == [OCT, NOV]
    run = runs[1]
    assert run.policy == audits[NOV].policy
    assert run.counts == {"violation": 48, "action_required": 2, "waived": 0, "pass": 0}
    assert run.records["loaded"] == len(company.records)
    assert len(run.records_digest) == 64


def test_other_records_are_another_run(
    store_url: str, audits: dict[str, AuditResult], company: LoadResult
) -> None:
    from sales_policy import RecordSet  # noqa: PLC0415

    fewer = RecordSet([r for r in company.records if r.id != "A-0235"])
    with open_store(store_url) as store:
        assert store.save(audits[NOV], company.records).added
        assert store.save(audits[NOV], fewer).added
        assert len(store.runs()) == 2


def test_a_stored_run_reads_back_whole(
    store_url: str, audits: dict[str, AuditResult], company: LoadResult
) -> None:
    with open_store(store_url) as store:
        saved = store.save(audits[NOV], company.records)
        back = store.result(saved.run)
    assert back.to_data()["findings"] == audits[NOV].to_data()["findings"]
    assert (back.as_of, back.period_start, back.policy) == (
        audits[NOV].as_of,
        audits[NOV].period_start,
        audits[NOV].policy,
    )


def test_history_and_first_seen(
    store_url: str, audits: dict[str, AuditResult], company: LoadResult
) -> None:
    with open_store(store_url) as store:
        old = store.save(audits[OCT], company.records).run
        new = store.save(audits[NOV], company.records).run
        first_seen = store.first_seen(new)
        history = store.history()
        diff = diff_results(store.result(old), store.result(new), first_seen=first_seen)
        only = store.history(rules=["PAY-ESCALATE-MANAGER"])
        south = store.history(teams=["华南 South"])
        liu = store.history(owners=["S-05"])
    spans = {(f.rule, f.subject_id, f.part): f for f in history.findings}
    oct_, nov = dt.date(2026, 10, 26), dt.date(2026, 11, 26)
    # Open in both runs: first seen in October, still open.
    notice = spans[("PAY-NOTICE", "RV-06", None)]
    assert (notice.first_seen, notice.last_seen, notice.resolved_on, notice.runs) == (
        oct_,
        nov,
        None,
        2,
    )
    # CT-11's follow-up was open in October and gone in November.
    follow_up = spans[("AFTER-SALES-FOLLOW-UP", "CT-11", None)]
    assert (follow_up.first_seen, follow_up.last_seen, follow_up.resolved_on) == (oct_, oct_, nov)
    # RV-12's escalation is new in November.
    assert spans[("PAY-ESCALATE-MANAGER", "RV-12", None)].first_seen == nov
    persisting = [e for e in diff.entries if e.change == "persisting"]
    assert persisting
    assert {e.first_seen for e in persisting} == {oct_}
    assert [f.subject_id for f in only.findings] == ["RV-12"]
    counts = {(c.as_of, c.dimension, c.name, c.status): c.count for c in history.counts}
    assert counts[(nov, "rule", "PAY-ESCALATE-MANAGER", "action_required")] == 1
    assert (oct_, "rule", "PAY-ESCALATE-MANAGER", "action_required") not in counts
    assert sum(n for (d, dim, _, _), n in counts.items() if d == nov and dim == "team") == 50
    south_ids = {f.subject_id for f in south.findings}
    assert {"CU-08", "A-0235"} <= south_ids  # Zhao Min's and Sun Hao's, of the South team
    assert "CT-03" not in south_ids  # Liu Yang's, of the East team
    assert "CT-03" in {f.subject_id for f in liu.findings}
    assert "CU-08" not in {f.subject_id for f in liu.findings}


def test_concurrent_writers_both_land(store_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    writers = [_writer(store_url, day, "wait", go) for day in (OCT, NOV)]
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready", writer.stderr
    go.touch()
    outputs = [writer.communicate(timeout=120) for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    with open_store(store_url) as store:
        assert sorted(run.as_of.isoformat() for run in store.runs()) == [OCT, NOV]


def test_concurrent_writers_of_the_same_run_keep_one(store_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    writers = [_writer(store_url, NOV, "wait", go) for _ in range(2)]
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready", writer.stderr
    go.touch()
    outputs = [writer.communicate(timeout=120) for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0]  # the same run id
    with open_store(store_url) as store:
        assert len(store.runs()) == 1


def test_a_killed_writer_leaves_nothing(
    store_url: str, audits: dict[str, AuditResult], company: LoadResult
) -> None:
    with open_store(store_url) as store:
        store.save(audits[OCT], company.records)
    writer = _writer(store_url, NOV, "hang")
    assert writer.stdout is not None
    lines = [writer.stdout.readline().strip() for _ in range(2)]
    assert lines == ["ready", "inserted"], writer.stderr
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    with open_store(store_url) as store:
        assert [run.as_of.isoformat() for run in store.runs()] == [OCT]
        deadline = time.monotonic() + 30  # PostgreSQL notices the lost client at once
        while True:
            try:
                saved = store.save(audits[NOV], company.records)
                break
            except HistoryError:
                if time.monotonic() > deadline:
                    raise
        assert saved.added
        assert len(store.result(saved.run).findings) == len(audits[NOV].findings)


def _schema_version(url: str) -> list[str]:
    from sqlalchemy import create_engine, text  # noqa: PLC0415

    address = url if "://" in url else f"sqlite:///{url}"
    engine = create_engine(address.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return [
                row[0]
                for row in connection.execute(text("SELECT version_num FROM alembic_version"))
            ]
    finally:
        engine.dispose()


def _set_schema_version(url: str, version: str) -> None:
    from sqlalchemy import create_engine, text  # noqa: PLC0415

    address = url if "://" in url else f"sqlite:///{url}"
    engine = create_engine(address.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})
    engine.dispose()


def test_a_newer_schema_is_refused_untouched(
    store_url: str, audits: dict[str, AuditResult], company: LoadResult
) -> None:
    with open_store(store_url) as store:
        store.save(audits[OCT], company.records)
    _set_schema_version(store_url, "9999_future")
    with pytest.raises(HistoryError) as raised:
        open_store(store_url)
    assert raised.value.code == "store-too-new"
    assert "9999_future" in str(raised.value)
    assert _schema_version(store_url) == ["9999_future"]
    done = CliRunner().invoke(cli, ["history", "--store", store_url])
    assert done.exit_code == 2
    assert "store-too-new" in done.stderr
    _set_schema_version(store_url, "0001")
    with open_store(store_url) as store:
        assert len(store.runs()) == 1  # nothing was altered


def test_the_migrations_build_the_tables_module(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata  # noqa: PLC0415
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    from sales_policy.history import tables  # noqa: PLC0415

    with open_store(store_url) as store, store._engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), tables.metadata)
    assert differences == []


def test_tables_of_something_else_are_no_store(tmp_path: Path) -> None:
    import sqlite3  # noqa: PLC0415

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE runs (x INTEGER)")
    with pytest.raises(HistoryError) as raised:
        open_store(path)
    assert raised.value.code == "not-a-store"


def test_the_command_line_stores_and_compares(store_url: str) -> None:
    runner = CliRunner()
    for day in (OCT, NOV, NOV):
        done = runner.invoke(
            cli,
            ["audit", str(COMPANY), "--as-of", day, "--store", store_url, "--format", "json"],
        )
        assert done.exit_code == 1, done.stderr
    assert "already stored as run" in done.stderr
    done = runner.invoke(cli, ["diff", "--store", store_url, "--last", "--format", "json"])
    assert done.exit_code == 1, done.stderr
    assert '"first_seen":"2026-10-26"' in done.stdout
    ids = runner.invoke(cli, ["history", "--store", store_url, "--format", "json"])
    assert ids.exit_code == 0
    assert '"as_of":"2026-10-26"' in ids.stdout
    done = runner.invoke(cli, ["diff", "--store", store_url, "2", "1", "--format", "json"])
    assert done.exit_code == 0  # back in time: only resolved findings
    done = runner.invoke(cli, ["diff", "--store", store_url, "1", "7"])
    assert (done.exit_code, "unknown-run" in done.stderr) == (2, True)
    done = runner.invoke(
        cli, ["diff", "--store", store_url, "--last", "--team", "华南 South", "--format", "json"]
    )
    assert done.exit_code == 1
    assert '"CT-03"' not in done.stdout


def test_last_needs_two_runs(tmp_path: Path, audits: dict[str, AuditResult]) -> None:
    path = tmp_path / "one.db"
    with open_store(path) as store:
        store.save(audits[OCT])
    done = CliRunner().invoke(cli, ["diff", "--store", str(path), "--last"])
    assert done.exit_code == 2
    assert "too-few-runs" in done.stderr


def test_reading_commands_do_not_create_a_store(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    done = CliRunner().invoke(cli, ["history", "--store", str(path)])
    assert done.exit_code == 2
    assert "no store at this path" in done.stderr
    assert not path.exists()


SECRET = "s3cret-Pa55"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://auditor:{SECRET}@127.0.0.1:1/audits",
        f"postgresql://auditor:{SECRET}@127.0.0.1:1/audits?connect_timeout=3",
    ],
)
def test_the_password_never_shows(url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(HistoryError) as raised:
            open_store(url)
    assert raised.value.code == "store-unavailable"
    assert "127.0.0.1" in str(raised.value)
    texts = [str(raised.value), repr(raised.value), caplog.text]
    texts += [str(w.message) for w in caught]
    texts.append(repr(raised.value.__cause__) + repr(raised.value.__context__))
    runner = CliRunner()
    for args in (
        ["audit", str(COMPANY), "--as-of", NOV, "--store", url, "--format", "json"],
        ["history", "--store", url],
        ["diff", "--store", url, "--last"],
        ["diff", "--store", url, "1", "2"],
    ):
        done = runner.invoke(cli, args)
        assert done.exit_code == 2
        assert "store-unavailable" in done.stderr
        texts += [done.stdout, done.stderr]
    for text in texts:
        assert SECRET not in text


def test_a_wrong_password_is_not_shown_either() -> None:
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    server = make_url(postgres_server())
    url = server.set(password=SECRET).render_as_string(hide_password=False)
    with pytest.raises(HistoryError) as raised:
        open_store(url)
    assert "password authentication failed" in str(raised.value)
    assert SECRET not in str(raised.value)


def test_a_store_failure_writes_no_report(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    done = CliRunner().invoke(
        cli,
        [
            "audit",
            str(COMPANY),
            "--as-of",
            NOV,
            "--store",
            f"postgresql://a:{SECRET}@127.0.0.1:1/x",
            "--output",
            str(out),
        ],
    )
    assert done.exit_code == 2
    assert not out.exists()


def test_without_records_a_run_is_identified_by_its_findings(
    tmp_path: Path, audits: dict[str, AuditResult]
) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store.save(audits[NOV]).added
        assert not store.save(audits[NOV]).added
        fewer = dataclasses.replace(audits[NOV], findings=audits[NOV].findings[1:])
        assert store.save(fewer).added
