"""Migration 0012: an index on the first 100 characters of each segment's source, so "approved differently
elsewhere" finds a segment's source without scanning every segment; on a real SQLite file and a real PostgreSQL
database, and a database made at 0006 upgraded with its documents."""

from __future__ import annotations

import sqlalchemy as sa
from helpers.databases import database_at

from translator.prepare.pipeline import prepare_text
from translator.store import schema
from translator.store.corpus import live_segments
from translator.store.database import Store, to_url
from translator.store.documents import Documents

LONG = "这是一个很长的句子，" * 12 + "结束。"  # 123 characters: longer than the indexed prefix, not split


def indexes(url: str) -> set[str]:
    """The names of the segments table's indexes, read from the catalogue (reflection skips expression indexes)."""
    engine = sa.create_engine(url)
    query = ("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'segments'" if engine.dialect.name == "sqlite"
             else "SELECT indexname FROM pg_indexes WHERE tablename = 'segments'")
    try:
        with engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql(query)}
    finally:
        engine.dispose()


def test_a_0006_database_is_upgraded_and_look_ups_by_source_use_the_prefix(db_url):
    url = to_url(db_url)
    database_at(url, "0006")
    assert "ix_segments_source_prefix" not in indexes(url)
    store = Store(db_url)
    assert store.revision == schema.HEAD
    assert "ix_segments_source_prefix" in indexes(url)
    docs = Documents(store)
    for name, tail in (("a.txt", "甲"), ("b.txt", "乙")):
        doc = prepare_text(f"扶贫车间带动就业。\n\n{LONG}\n\n{LONG[:-3]}{tail}。", name=name)
        docs.save(doc)
    found = list(live_segments(store, source="扶贫车间带动就业。"))
    assert len(found) == 2 and {s.document_name for s in found} == {"a.txt", "b.txt"}
    # same first 100 characters, different sources: only the exact one
    assert [s.source for s in live_segments(store, source=LONG)] == [LONG, LONG]
    assert [s.document_name for s in live_segments(store, source=f"{LONG[:-3]}甲。")] == ["a.txt"]
    store.close()


def test_sqlite_finds_a_source_through_the_index(tmp_path):
    store = Store(str(tmp_path / "p.sqlite"))
    Documents(store)
    with store.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM segments WHERE substr(source, 1, 100) = ?", ("x",)
        ).fetchall()
    assert "ix_segments_source_prefix" in " ".join(str(row) for row in plan)
    store.close()
