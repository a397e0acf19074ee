"""The project database the CLI and the review app share.

SQLAlchemy Core over SQLite by default (one file, ``translator.sqlite`` in
the working directory; the ``db`` setting chooses another), PostgreSQL by URL
(``postgresql+psycopg://...``).  Tables are created on first use.

Several processes may use one SQLite file at once:

* every connection waits up to :data:`BUSY_TIMEOUT_S` for a lock instead of
  failing with "database is locked";
* write transactions (:meth:`Store.begin`) start with ``BEGIN IMMEDIATE``, so
  two writers never both read and then fight over the upgrade to a write lock;
* the schema is created inside such a transaction, after checking again that
  it is still missing, so parallel first runs do not collide.

A database that cannot be written (a read-only file, or a folder where the
journal cannot be created) is opened read-only: look-ups work, writes raise
:class:`StoreError`.  ``Store(db, readonly=True)`` asks for that outright and
never creates, converts or migrates anything; a missing file then reads as an
empty memory.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..errors import StoreBusyError, StoreError
from . import schema

DEFAULT_DB = "translator.sqlite"

#: How long a SQLite connection waits for another process's lock, in seconds.
BUSY_TIMEOUT_S = 60.0

#: Attempts at creating the schema when another process creates it at the same time.
_SCHEMA_ATTEMPTS = 5


def to_url(db: str | os.PathLike[str]) -> str:
    """A database URL from a URL or a file path."""
    db = os.fspath(db)
    if "://" in db:
        return db
    # '%' and '?' are special in a URL; everything else in a path stays readable.
    path = str(Path(db).expanduser().resolve()).replace("%", "%25").replace("?", "%3F")
    return f"sqlite:///{path}"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Owns the engine and the schema; one per process and database.

    ``readonly=True`` opens the database for reading only: nothing is created
    or changed, and a database whose file or folder is read-only still works.
    A read-write store falls back to read-only by itself when the file cannot
    be written; :attr:`readonly` says which it is.
    """

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.url = to_url(db if db is not None else DEFAULT_DB)
        self.readonly = readonly
        self.timeout = timeout
        self.path: Path | None = None  # the file, for SQLite files
        self.has_schema = False  # False only for a read-only store over a missing or empty database
        self._immutable = False
        self.metadata = schema.metadata
        self.tm = schema.tm
        self.documents = schema.documents
        self.segments = schema.segments
        self.revisions = schema.revisions
        self.users = schema.users
        self.qa_ignores = schema.qa_ignores
        self.publications = schema.publications
        self.revision: str | None = None  # the schema's migration revision, once opened
        # Threads of this process take turns at writing here, waking as soon as the writer before
        # them commits, instead of polling SQLite's lock with its busy handler (which sleeps up to
        # tens of milliseconds between tries).  Other processes still wait through the busy timeout.
        self._write_lock = threading.RLock()
        self.name = self.url
        try:
            self.name = sa.engine.make_url(self.url).render_as_string(hide_password=True)
            self._open()
        except StoreError:
            raise
        except sa.exc.ArgumentError:
            raise StoreError(
                f"'{self.name}' is not a database URL or file path; give --db FILE.sqlite or a URL"
            ) from None
        except ModuleNotFoundError as e:
            raise StoreError(f"database driver missing for {self.name}: install '{e.name}'") from None
        except (sa.exc.SQLAlchemyError, sqlite3.Error, OSError, ValueError) as e:
            raise StoreError(_open_message(e, self._where())) from None

    # -- opening ---------------------------------------------------------------
    def _open(self) -> None:
        url = sa.engine.make_url(self.url)
        database = url.database or ""
        is_file = url.get_backend_name() == "sqlite" and database not in ("", ":memory:") and not database.startswith("file:")
        if not is_file:
            kwargs: dict[str, Any] = {}
            if url.get_backend_name() == "sqlite":
                kwargs["connect_args"] = {"timeout": self.timeout}
            self.engine = sa.create_engine(url, **kwargs)
            if url.get_backend_name() == "sqlite":
                sa.event.listen(self.engine, "connect", _sqlite_setup_memory)
                sa.event.listen(self.engine, "begin", _sqlite_begin)
            self._ensure_schema()
            return

        if "\x00" in database:
            raise StoreError("the database path contains a NUL character (%00); give --db FILE.sqlite")
        self.path = path = Path(database)
        if path.is_dir():
            raise StoreError("is a folder, not a database file; give --db FILE.sqlite", path=str(path))
        if not self.readonly and path.exists() and not os.access(path, os.W_OK):
            self.readonly = True  # a read-only file: look-ups still work
        if not self.readonly:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.exists():
            blocker = next((a for a in path.parents if a.exists()), None)
            if blocker is not None and not blocker.is_dir():  # the file could never be created: a wrong path
                raise StoreError(f"cannot open database {path}: {blocker} is a file, not a folder; check the path")
            self.engine = self._file_engine(path)
            return  # nothing to read: an empty memory, and no file is created
        self.engine = self._file_engine(path)
        while True:
            try:
                self._ensure_schema()
                return
            except sa.exc.OperationalError as e:
                # A WAL database in a read-only folder cannot be read normally
                # (its -shm file cannot be made); "immutable" reads the file as is.
                message = str(e.orig).lower()
                readonly_failure = "readonly" in message or "read-only" in message or "unable to open" in message
                if not readonly_failure or self._immutable or not path.exists():
                    raise
                self.engine.dispose()
                if self.readonly:
                    self._immutable = True
                self.readonly = True
                self.engine = self._file_engine(path)

    def _file_engine(self, path: Path) -> Any:
        readonly, immutable, timeout = self.readonly, self._immutable, self.timeout

        def connect() -> sqlite3.Connection:
            return _sqlite_connect(path, readonly=readonly, immutable=immutable, timeout=timeout)

        engine = sa.create_engine(self.url, creator=connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine

    def _ensure_schema(self) -> None:
        """Bring the schema to :data:`schema.HEAD`, creating or migrating it (not in read-only mode).

        A database at the newest revision costs one query.  Migrating runs
        under the write lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock
        on PostgreSQL), checking the revision again inside it, so parallel
        first runs take turns and only one of them migrates.
        """
        for attempt in range(_SCHEMA_ATTEMPTS):
            with self.engine.connect() as conn:
                self.revision = _revision(conn)
            if self.revision == schema.HEAD:
                self.has_schema = True
                return
            if self.readonly:
                self.has_schema = self.revision is not None  # an older schema still has the memory
                return
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(translator_write=True)
                    with conn.begin():
                        if conn.dialect.name == "postgresql":
                            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7253081934)"))
                        _migrate(conn)
                self.revision = schema.HEAD
                self.has_schema = True
                return
            except (sa.exc.ProgrammingError, sa.exc.IntegrityError):
                # Another process created the tables between our check and our CREATE; look again.
                if attempt == _SCHEMA_ATTEMPTS - 1:
                    raise

    def require_revision(self, what: str) -> None:
        """Raise :class:`StoreError` when a read-only store's schema predates ``what`` (e.g. documents)."""
        if self.revision != schema.HEAD:
            raise StoreError(
                f"the database has no {what} yet (schema {self.revision or 'empty'}, this version needs {schema.HEAD}); "
                "run a command that writes to it (e.g. 'translator batch') to upgrade it",
                path=self._where(),
            )

    def _where(self) -> str:
        return str(self.path) if self.path is not None else self.name

    # -- use ---------------------------------------------------------------------
    @contextlib.contextmanager
    def begin(self) -> Iterator[Any]:
        """A connection in a write transaction, committed at the end of the block.

        On SQLite the transaction takes the write lock at once (``BEGIN
        IMMEDIATE``), waiting up to the busy timeout for other writers;
        threads of one process queue on a lock first.
        Database errors become :class:`StoreError`.
        """
        if self.readonly:
            raise StoreBusyError(
                "the database is open read-only (the file or its folder cannot be written); "
                "check its permissions, or give another --db",
                path=self._where(),
            )
        try:
            with self._write_lock, self.engine.connect() as conn:
                conn.execution_options(translator_write=True)
                with conn.begin():
                    yield conn
        except (sa.exc.SQLAlchemyError, sqlite3.Error) as e:
            raise _use_error(e, "write", self._where()) from None

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        """A connection for reading; database errors become :class:`StoreError`."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except (sa.exc.SQLAlchemyError, sqlite3.Error) as e:
            raise _use_error(e, "read", self._where()) from None

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_connect(path: Path, *, readonly: bool, immutable: bool, timeout: float) -> sqlite3.Connection:
    """A SQLite connection as the store uses it: autocommit at the driver
    level (SQLAlchemy's "begin" event issues BEGIN), a busy timeout, WAL when
    it can be had."""
    if readonly:
        uri = path.absolute().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        else:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as e:
                # a read-only file or folder, or a lock held too long: the
                # current journal mode works too.  Any other error (a file that
                # is not a database) is not ours to hide.
                if "locked" not in str(e) and "readonly" not in str(e) and "busy" not in str(e):
                    raise
        conn.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _sqlite_setup_memory(dbapi_conn: Any, _record: Any) -> None:
    """For SQLite URLs we do not open ourselves (``:memory:``, ``file:`` URIs)."""
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    write = conn.get_execution_options().get("translator_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _first_line(e: BaseException) -> str:
    lines = str(getattr(e, "orig", None) or e).splitlines()
    return lines[0] if lines else e.__class__.__name__


def _open_message(e: BaseException, where: str) -> str:
    reason = _first_line(e)
    if "not a database" in reason or "malformed" in reason:
        return f"cannot open database {where}: not a SQLite database, or a damaged one ({reason}); give another --db file"
    if isinstance(e, ValueError):
        return f"cannot open database {where}: not a usable path ({reason}); give --db FILE.sqlite"
    return f"cannot open database {where}: {reason}; check the path and permissions"


def _use_error(e: BaseException, what: str, where: str) -> StoreError:
    """The error for a failed read or write: :class:`StoreBusyError` when the database is locked or read-only."""
    reason = _first_line(e)
    busy = any(w in reason for w in ("locked", "busy", "readonly", "read-only"))
    return (StoreBusyError if busy else StoreError)(_use_message(e, what), path=where)


def _use_message(e: BaseException, what: str) -> str:
    reason = _first_line(e)
    if "locked" in reason or "busy" in reason:
        return f"cannot {what} the database: {reason} (another process held it too long); try again"
    if "readonly" in reason or "read-only" in reason:
        return f"cannot {what} the database: {reason}; check the permissions of the file and its folder"
    if "not a database" in reason or "malformed" in reason:
        return f"cannot {what} the database: it is damaged ({reason}); restore it from a backup or give another --db"
    return f"cannot {what} the database ({reason})"


_LEGACY = "legacy"  # the memory table of a database made before migrations existed (revision 0001's content)


def _revision(conn: Any) -> str | None:
    """The database's migration revision, :data:`_LEGACY` for a pre-migration one, None when empty."""
    inspector = sa.inspect(conn)
    if inspector.has_table("alembic_version"):
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    if inspector.has_table("tm"):
        return _LEGACY
    return None


def _migrate(conn: Any) -> None:
    """Upgrade the database on ``conn`` (in a write transaction) to the newest revision."""
    from alembic import command
    from alembic.config import Config

    current = _revision(conn)  # again, under the lock
    if current == schema.HEAD:
        return
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.attributes["connection"] = conn
    if current == _LEGACY:
        command.stamp(cfg, "0001")
    command.upgrade(cfg, "head")
