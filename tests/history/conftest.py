"""Stores to test on: a SQLite file, and a fresh database on the PostgreSQL server named
by ``SALES_POLICY_TEST_POSTGRES`` (``.ci/run`` starts one). Without that server the
PostgreSQL cases skip, saying why; under ``CI=true`` they fail instead."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sales_policy import AuditResult, Engine, LoadResult, load_policy, load_records

ROOT = Path(__file__).resolve().parents[2]
COMPANY = ROOT / "examples" / "company"
SHIPPED = ROOT / "src" / "sales_policy" / "packs" / "sales-staff"
DRAFT = ROOT / "examples" / "policies" / "sales-staff-2027"
POSTGRES_ENV = "SALES_POLICY_TEST_POSTGRES"


@pytest.fixture(scope="session")
def company() -> LoadResult:
    return load_records([COMPANY])


@pytest.fixture(scope="session")
def audits(company: LoadResult) -> dict[str, AuditResult]:
    """The example company audited as of 2026-10-26 and 2026-11-26."""
    engine = Engine(load_policy(SHIPPED))
    return {
        day: engine.audit(company, as_of=dt.date.fromisoformat(day))
        for day in ("2026-10-26", "2026-11-26")
    }


def postgres_server() -> str:
    """The test server's URL; skip (fail under CI) when there is none."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        message = f"no PostgreSQL server: {POSTGRES_ENV} is not set (`.ci/run` starts one)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An address of an empty store, on each database."""
    if request.param == "sqlite":
        yield str(tmp_path / "audits.db")
        return
    yield from _fresh_database(postgres_server())


def _fresh_database(server: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    address = make_url(server).set(drivername="postgresql+psycopg")
    name = f"store_{uuid.uuid4().hex[:12]}"
    admin = create_engine(address, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            address.set(database=name)
            .render_as_string(hide_password=False)
            .replace("postgresql+psycopg://", "postgresql://")
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
