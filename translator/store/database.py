"""The project database the CLI and the review app share.

SQLAlchemy Core over SQLite by default (one file, ``translator.sqlite`` in
the working directory, or ``$TRANSLATOR_DB``), PostgreSQL by URL
(``postgresql+psycopg://...``).  Tables are created on first use.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError

DEFAULT_DB = "translator.sqlite"


def default_url() -> str:
    return os.environ.get("TRANSLATOR_DB") or DEFAULT_DB


def to_url(db: str | os.PathLike[str]) -> str:
    """A database URL from a URL or a file path."""
    db = str(db)
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Owns the engine and the schema; one per process and database."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        import sqlalchemy as sa

        self.url = to_url(db if db is not None else default_url())
        self.metadata = sa.MetaData()
        self.tm = sa.Table(
            "tm",
            self.metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("source_key", sa.Text, nullable=False, unique=True, index=True),
            sa.Column("source", sa.Text, nullable=False),
            sa.Column("target", sa.Text, nullable=False),
            sa.Column("length", sa.Integer, nullable=False, index=True),
            sa.Column("origin", sa.Text, nullable=False, default=""),  # document/segment it came from
            sa.Column("editor", sa.Text, nullable=False, default=""),
            sa.Column("provenance", sa.JSON, nullable=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
        )
        try:
            if self.url.startswith("sqlite:///"):
                Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(self.url, future=True)
            if self.url.startswith("sqlite"):
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.metadata.create_all(self.engine)
        except sa.exc.ArgumentError:
            raise StoreError(f"'{self.url}' is not a database URL or file path; give --db FILE.sqlite or a URL") from None
        except (sa.exc.OperationalError, OSError) as e:
            raise StoreError(f"cannot open database {self.url}: {_first_line(e)}; check the path and permissions") from None
        except ModuleNotFoundError as e:
            raise StoreError(f"database driver missing for {self.url}: install '{e.name}'") from None

    def begin(self) -> Any:
        return self.engine.begin()

    def connect(self) -> Any:
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _first_line(e: BaseException) -> str:
    return str(getattr(e, "orig", e)).splitlines()[0]
