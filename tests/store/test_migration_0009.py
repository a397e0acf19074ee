"""Migration 0009 (replacements, segment_time): a database at 0006 keeps its documents, and the way back drops only
the two new tables (a real SQLite file)."""

from __future__ import annotations

import sqlalchemy as sa
from helpers.databases import database_at, migrate

from translator.store import schema
from translator.store.database import Store, to_url


def test_0009_upgrades_a_0006_database_and_downgrades_again(tmp_path):


    url = to_url(str(tmp_path / "p.sqlite"))
    database_at(url, "0006")
    store = Store(url)  # opening upgrades it
    assert store.revision == schema.HEAD
    with store.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {"replacements", "segment_time", "documents", "segments"} <= tables
    store.close()
    engine = sa.create_engine(url)
    try:
        migrate(engine, "0006", down=True)
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
        assert "replacements" not in tables and "segment_time" not in tables and "documents" in tables
    finally:
        engine.dispose()
