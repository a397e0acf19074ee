"""Project databases in the shapes older versions of the tool left them."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def previous_schema_database(path: Path) -> None:
    """A project database as the tool made it before migrations existed: only the memory table."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE tm (
            id INTEGER NOT NULL, source_key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
            length INTEGER NOT NULL, origin TEXT NOT NULL, editor TEXT NOT NULL, provenance JSON,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (id));
        CREATE UNIQUE INDEX ix_tm_source_key ON tm (source_key);
        CREATE INDEX ix_tm_length ON tm (length);
        INSERT INTO tm (source_key, source, target, length, origin, editor, provenance, created_at, updated_at)
        VALUES ('你好。', '你好。', 'Hello.', 3, 'doc-1-0', 'ann', NULL, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
        """
    )
    conn.commit()
    conn.close()


def migrate(engine: Any, revision: str, *, down: bool = False) -> None:
    """Run the real migrations on ``engine`` (a SQLAlchemy engine) up, or with ``down`` down, to ``revision``."""
    from alembic import command
    from alembic.config import Config

    from translator.store import database

    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(Path(database.__file__).with_name("migrations")))
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def database_at(url: str, revision: str) -> None:
    """An empty database (a SQLAlchemy URL) brought to an older ``revision`` by the real migrations."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        migrate(engine, revision)
    finally:
        engine.dispose()
