"""Issue 21 §1: a document's structure (image captions, list items, quotes, table cells) stored and read
back with every block's attrs, on a real SQLite file and a real PostgreSQL database; migration 0013 adds
the column to a database made at 0012."""

from __future__ import annotations

import sqlalchemy as sa
from helpers.databases import database_at, migrate
from helpers.structure import PHOTO_1, structured_document

from translator.prepare.pipeline import prepare_text
from translator.store import schema
from translator.store.database import Store, to_url
from translator.store.documents import Documents


def test_the_structure_is_stored_and_read_back(db_url):
    store = Store(db_url)
    docs = Documents(store)
    doc = structured_document()
    docs.save(doc)
    back = docs.get(doc.id)
    assert back.to_dict() == doc.to_dict()
    assert [(b.kind, b.attrs) for b in back.blocks] == [(b.kind, b.attrs) for b in doc.blocks]
    assert back.blocks[1].kind == "image" and back.blocks[1].attrs["src"] == PHOTO_1
    # prose blocks have no attrs in the table
    with store.connect() as conn:
        kinds = dict(conn.execute(sa.select(store.segments.c.block_kind, store.segments.c.block_attrs)
                                  .where(store.segments.c.block_kind == "paragraph")).all())
    assert kinds == {"paragraph": None}
    store.close()


def test_a_0012_database_is_upgraded_and_stores_prose_and_structure(db_url):
    url = to_url(db_url)
    database_at(url, "0012")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert "block_attrs" not in {c["name"] for c in sa.inspect(conn).get_columns("segments")}
    engine.dispose()
    store = Store(db_url)
    assert store.revision == schema.HEAD == "0013"
    docs = Documents(store)
    old = prepare_text("标题\n\n第一段的内容在这里。\n\n第二段的内容。", name="old.txt")
    docs.save(old)
    assert docs.get(old.id).to_dict() == old.to_dict()
    structured = structured_document()
    docs.save(structured)
    assert docs.get(structured.id).to_dict() == structured.to_dict()
    store.close()


def test_downgrade_from_0013_drops_only_the_attrs(tmp_path):
    """The way back: the column goes; the documents and 0012's expression index stay."""



    path = tmp_path / "p.sqlite"
    store = Store(path)
    Documents(store).save(structured_document())
    store.close()
    engine = sa.create_engine(to_url(str(path)))
    try:
        migrate(engine, "0012", down=True)
        with engine.connect() as conn:
            assert "block_attrs" not in {c["name"] for c in sa.inspect(conn).get_columns("segments")}
            assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 1
            assert conn.execute(sa.text("SELECT count(*) FROM segments")).scalar() == 22  # title and body
            assert conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_segments_source_prefix'"
            ).scalar() == 1
    finally:
        engine.dispose()
