"""Throwaway PostgreSQL and Redis servers for the tests and the benches.

Each runs on 127.0.0.1, on a free port, with its files in a temp folder,
and is stopped (and its folder removed) by :meth:`stop`.  PostgreSQL refuses
to run as root, so its cluster belongs to the ``postgres`` user and its
commands run through ``runuser`` when we are root.

:func:`missing_postgres` and :func:`missing_redis` say, in one line, why a
server cannot be started here (None when it can).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen[bytes], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode} while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


def pg_bin() -> Path | None:
    found = sorted(glob.glob(PG_BIN_GLOB), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    for d in reversed(found):
        if (Path(d) / "initdb").exists() and (Path(d) / "postgres").exists():
            return Path(d)
    return None


def missing_postgres() -> str | None:
    if pg_bin() is None:
        return "PostgreSQL server not installed (Debian package 'postgresql')"
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _no_user("postgres")):
        return "PostgreSQL refuses root and there is no 'postgres' user to run it as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg not installed (pip install 'psycopg[binary]')"
    return None


def missing_redis() -> str | None:
    if shutil.which("redis-server") is None:
        return "redis-server not installed (Debian package 'redis-server')"
    try:
        import redis  # noqa: F401
    except ImportError:
        return "redis (Python client) not installed"
    return None


def _no_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
        return False
    except KeyError:
        return True


def _stop(proc: subprocess.Popen[bytes] | None, log: Any, folder: Path) -> None:
    """Stop a server started by this module (SIGTERM, SIGKILL after 30 s), close its log, remove its folder."""
    if proc is not None and proc.poll() is None:
        proc.terminate()  # PostgreSQL: smart shutdown; redis-server: save nothing, exit
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if log is not None:
        log.close()
    shutil.rmtree(folder, ignore_errors=True)


class PostgresServer:
    """A PostgreSQL cluster in a temp folder, trusting connections from 127.0.0.1 only."""

    def __init__(self) -> None:
        bin_dir = pg_bin()
        if bin_dir is None:
            raise RuntimeError(missing_postgres() or "no PostgreSQL")
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="translator-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.folder, pw.pw_uid, pw.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self.proc: subprocess.Popen[bytes] | None = None
        self._dbs = 0

    def start(self) -> PostgresServer:
        subprocess.run(
            [*self._as_user, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, capture_output=True, timeout=120,
        )
        self.log = open(self.folder / "server.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [*self._as_user, str(self.bin / "postgres"), "-D", str(self.data), "-h", "127.0.0.1", "-p", str(self.port),
             "-k", str(self.folder), "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
             "-c", "max_connections=300"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        _wait_port(self.port, self.proc, "postgres")
        # accepting TCP is not accepting queries yet: wait for a real connection
        deadline = time.monotonic() + 60
        while True:
            try:
                self.execute("SELECT 1")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname={database}", autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self) -> str:
        """A fresh, empty database; its SQLAlchemy URL."""
        self._dbs += 1
        name = f"t{self._dbs}_{uuid.uuid4().hex[:8]}"
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        _stop(self.proc, self.log if self.proc is not None else None, self.folder)


class RedisServer:
    """A redis-server on 127.0.0.1 without persistence."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="translator-redis-"))
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        self.log = open(self.folder / "server.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--protected-mode", "yes"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        _wait_port(self.port, self.proc, "redis-server")
        return self

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def flush(self) -> None:
        import redis

        redis.Redis(host="127.0.0.1", port=self.port).flushall()

    def stop(self) -> None:
        _stop(self.proc, self.log if self.proc is not None else None, self.folder)
