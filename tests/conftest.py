"""Shared fixtures: a store on every backend (SQLite file and PostgreSQL over a real connection)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tessera.clock import FixedClock
from tessera.store import Store, make_engine, upgrade
from tessera.store.tables import metadata

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PG_URL = os.environ.get("TESSERA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("TESSERA_REQUIRE_POSTGRES") == "1"

_pg_ready: bool | None = None


def _postgres_available() -> bool:
    global _pg_ready
    if _pg_ready is None:
        try:
            engine = make_engine(PG_URL)
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            _pg_ready = True
        except Exception:
            _pg_ready = False
    return _pg_ready


def _private_database() -> str:
    """A database of this test run's own, so that concurrent runs on one server never collide."""
    name = f"tessera_test_{os.getpid()}"
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _drop_database(url: str) -> None:
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"'))
    admin.dispose()


def _reset_postgres(url: str) -> Store:
    engine = make_engine(url)
    upgrade(engine)
    return Store(engine, clock=FixedClock(datetime(2026, 11, 1, 12, 0)), secret="test")


def _truncate(store: Store) -> None:
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture(scope="session")
def _pg_store() -> Iterator[Store]:
    if not _postgres_available():
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (TESSERA_REQUIRE_POSTGRES=1) but {PG_URL} is unreachable")
        pytest.skip("PostgreSQL not reachable")
    url = _private_database()
    store = _reset_postgres(url)
    yield store
    store.engine.dispose()
    _drop_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated store on each backend (the conformance suite runs on both)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'tessera.db'}")
        upgrade(engine)
        st = Store(engine, clock=FixedClock(datetime(2026, 11, 1, 12, 0)), secret="test")
        yield st
        engine.dispose()
    else:
        st = request.getfixturevalue("_pg_store")
        _truncate(st)
        st.clock = FixedClock(datetime(2026, 11, 1, 12, 0))
        st._markings.clear()
        yield st
