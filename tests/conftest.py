"""Shared fixtures: the sample article, a runner for the real CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers.cli import invoke_cli, run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def sample_doc(sample_bytes: bytes):
    from translator.prepare.pipeline import prepare_bytes

    return prepare_bytes(sample_bytes, name=str(SAMPLE))


@pytest.fixture
def cli():
    return invoke_cli


@pytest.fixture
def cli_process():
    return run_cli


# -- real database and broker servers ------------------------------------------------
# Started once per session, on 127.0.0.1 and free ports, stopped at the end.  Where the
# Debian packages are missing the tests that need them skip with one line, except in CI
# (CI=true), where a missing server fails them: CI must really run them.


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server():
    from helpers.servers import PostgresServer, missing_postgres

    reason = missing_postgres()
    if reason is not None:
        _unavailable(reason)
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    from helpers.servers import RedisServer, missing_redis

    reason = missing_redis()
    if reason is not None:
        _unavailable(reason)
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The project database of a test that touches the store: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "project.sqlite")
        return
    # Stores the test leaves open hold pooled connections: every store made during the
    # test is closed at its end (a connection left to the garbage collector warns).
    from translator.store.database import Store

    opened: list[Store] = []
    original = Store._open

    def tracked(self: Store) -> None:
        opened.append(self)
        original(self)

    Store._open = tracked  # type: ignore[method-assign]
    try:
        yield request.getfixturevalue("postgres_url")
    finally:
        Store._open = original  # type: ignore[method-assign]
        for store in opened:
            if hasattr(store, "engine"):
                store.close()
