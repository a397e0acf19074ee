"""Every ``bench/*.py`` script runs in its ``--quick`` mode, as a real process, so a benchmark cannot rot unseen.

A script passes when it exits 0 and prints every key of its ``KEYS`` (a
module-level tuple of string literals, read here without importing the
script) as ``key=value``.  No timing is asserted: quick figures mean nothing.
A new script is picked up by the glob; one without ``--quick`` or ``KEYS``
fails.

The scripts are started together, each in its own folder, when the first of
these tests runs (most of a quick run is waiting on servers and
subprocesses), and each test waits for its own.  A script that starts
PostgreSQL or redis-server (through ``tests/servers.py``) or reads the
extraction corpus needs them as the suite's own tests do: missing, its test
skips, and fails under ``CI=true`` (``tests/conftest.py``).
"""

from __future__ import annotations

import ast
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "bench").glob("*.py"))
TIMEOUT_S = 600  # a loaded 2-core machine; a quick run takes seconds
# What a script imports -> the fixture saying whether it can run here.
NEEDS = {
    ("servers", "PostgresServer"): "postgres_installed",
    ("servers", "RedisServer"): "redis_installed",
    ("extraction", "corpus"): "extraction_corpus",
}
KEY_VALUE = re.compile(r"(?<!\S)([A-Za-z_][A-Za-z0-9_]*)=(\S+)")


def declared_keys(script: Path) -> tuple[str, ...] | None:
    """The script's ``KEYS``, a module-level tuple of string literals read from its source; None if it has none."""
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "KEYS" for t in node.targets):
            try:
                keys = ast.literal_eval(node.value)
            except ValueError:
                keys = None
            if not (isinstance(keys, tuple) and keys and all(isinstance(k, str) for k in keys)):
                return None
            return keys
    return None


def needs(script: Path) -> list[str]:
    """The fixtures for what ``script`` needs (servers, the corpus), from its imports."""
    found = set()
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found |= {NEEDS[(node.module or "", a.name)] for a in node.names if (node.module or "", a.name) in NEEDS}
    return sorted(found)


def printed(stdout: str) -> dict[str, str]:
    """Every ``key=value`` on the output, several to a line allowed; a later value wins."""
    return {k: v for line in stdout.splitlines() for k, v in KEY_VALUE.findall(line)}


@dataclass
class QuickRun:
    script: Path
    folder: Path
    process: subprocess.Popen[bytes]

    def wait(self) -> tuple[int, str, str]:
        """Exit status, stdout and stderr; the whole process group is killed after :data:`TIMEOUT_S`."""
        try:
            rc = self.process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.stop()
            rc = self.process.wait()
        out = (self.folder / "stdout").read_text(encoding="utf-8", errors="replace")
        err = (self.folder / "stderr").read_text(encoding="utf-8", errors="replace")
        return rc, out, err

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)


def start(script: Path, folder: Path) -> QuickRun:
    folder.mkdir(parents=True)
    home = folder / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "ARGOS_PACKAGES_DIR": str(folder / "no-models"),  # never a real model: quick runs use the tiny test one
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    with (folder / "stdout").open("wb") as out, (folder / "stderr").open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, str(script), "--quick"], cwd=folder, env=env, stdin=subprocess.DEVNULL,
            stdout=out, stderr=err, start_new_session=True,
        )
    return QuickRun(script, folder, process)


def available(script: Path) -> bool:
    """Whether what ``script`` needs is here (the tests decide skip or fail through the fixtures)."""
    from helpers.servers import missing_postgres, missing_redis

    checks = {
        "postgres_installed": lambda: missing_postgres() is None,
        "redis_installed": lambda: missing_redis() is None,
        "extraction_corpus": corpus_present,
    }
    return all(checks[n]() for n in needs(script))


def corpus_present() -> bool:
    from extraction import corpus

    try:
        corpus.corpus_dir()
    except FileNotFoundError:
        return False
    return True


@pytest.fixture(scope="module")
def quick_runs(request, tmp_path_factory) -> Iterator[dict[str, QuickRun]]:
    """Every script of the tests selected (-k) that can run here, started at once, each in its own folder."""
    base = tmp_path_factory.mktemp("bench-quick")
    selected = {
        item.callspec.params["script"]
        for item in request.session.items
        if item.path == request.path and "script" in getattr(getattr(item, "callspec", None), "params", {})
    }
    ready = [s for s in SCRIPTS if s in selected and declared_keys(s) is not None and available(s)]
    runs: dict[str, QuickRun] = {}
    try:
        for script in ready:
            runs[script.name] = start(script, base / script.stem)
        yield runs
    finally:
        for run in runs.values():
            run.stop()
            run.process.wait()


def test_the_glob_finds_the_benchmarks():
    names = {s.name for s in SCRIPTS}
    assert {"bench_translate.py", "bench_batch.py", "bench_workers.py", "bench_extract.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_quick_mode_finishes_and_prints_its_keys(script: Path, request) -> None:
    keys = declared_keys(script)
    assert keys is not None, f"{script.name} has no KEYS = (\"key\", ...): a tuple of string literals, the keys it prints"
    for fixture in needs(script):
        request.getfixturevalue(fixture)  # missing: skip, or fail under CI=true
    run = request.getfixturevalue("quick_runs")[script.name]
    rc, out, err = run.wait()
    assert rc == 0, f"{script.name} --quick exited {rc}:\n{err[-3000:]}"
    values = printed(out)
    missing = [k for k in keys if k not in values]
    assert not missing, f"{script.name} --quick did not print {missing}:\n{out[-2000:]}"
