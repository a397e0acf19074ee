"""Shared fixtures: the sample article, a runner for the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.cli import invoke_cli, run_cli
from helpers.prerequisites import unavailable

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


# -- real database and broker servers, a real browser, the extraction corpus -------------
# Servers are started once per session, on 127.0.0.1 and free ports, stopped at the end.
# Where the Debian packages (or the corpus's pages) are missing the tests that need them
# skip with one line, except in CI (CI=true), where a missing one fails them: CI must
# really run them.



@pytest.fixture(scope="session")
def postgres_installed() -> None:
    """PostgreSQL can be started here (for what starts its own server, as bench/ does)."""
    from helpers.servers import missing_postgres

    reason = missing_postgres()
    if reason is not None:
        unavailable(reason)


@pytest.fixture(scope="session")
def redis_installed() -> None:
    """redis-server can be started here (for what starts its own server, as bench/ does)."""
    from helpers.servers import missing_redis

    reason = missing_redis()
    if reason is not None:
        unavailable(reason)


@pytest.fixture(scope="session")
def postgres_server(postgres_installed):
    from helpers.servers import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(redis_installed):
    from helpers.servers import RedisServer

    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, driven by Playwright in the browser tests (missing: skip, or fail under CI=true)."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable("chromium is not installed (Debian package 'chromium')")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    return path


@pytest.fixture
def browser(chromium):
    """Debian's chromium launched by Playwright, closed after the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def extraction_corpus() -> Path:
    """The folder of the extraction corpus's pages (tests/extraction/SOURCES.md; missing: skip, or fail under CI=true)."""
    from extraction import corpus

    try:
        return corpus.corpus_dir()
    except FileNotFoundError as missing:
        unavailable(str(missing))


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


@pytest.fixture
def cedict_loads(monkeypatch) -> list[int]:
    """As in a fresh process (no dictionary read yet): each read of CC-CEDICT from then on appends to the list."""
    import translator.engines.cedict as cedict
    import translator.engines.gloss as gloss

    loads: list[int] = []
    real = cedict.load

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        loads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(gloss, "_resources", None)
    monkeypatch.setattr(cedict, "load", counted)
    return loads


# -- the llm engine's real server: llama-cpp-python (the test extra builds it from source) ----------------------


def _require_module(module: str) -> None:
    """Found without importing it: llama_cpp opens /dev/null twice at import and never closes it."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        unavailable(f"{module} is not installed (pip install -e '.[test]' builds llama-cpp-python from source)")


@pytest.fixture(scope="session")
def tiny_gguf(tmp_path_factory):
    """The tiny GGUF chat model (helpers/tinyllm.py), built once per session."""
    _require_module("gguf")
    from helpers.tinyllm import build_tiny_gguf

    return build_tiny_gguf(tmp_path_factory.mktemp("gguf") / "tiny-zh-en.gguf")


@pytest.fixture(scope="session")
def llama_installed() -> None:
    """llama-cpp-python's server can be started here (tests that start servers of their own ask for this)."""
    _require_module("llama_cpp")


@pytest.fixture(scope="session")
def llama_server(llama_installed, tiny_gguf, tmp_path_factory):
    """One real llama.cpp server for the session (tests that kill or reconfigure a server start their own)."""
    from helpers.tinyllm import LlamaServer

    server = LlamaServer(tiny_gguf, tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    server.stop()
