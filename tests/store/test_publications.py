"""Publication records (``translator publish``), on a real SQLite file and a real PostgreSQL database;
migration 0010 adds their table to a database made at 0006 without losing its documents, and its way back drops it."""

from __future__ import annotations

from helpers.databases import database_at, migrate

from translator.prepare.pipeline import prepare_text
from translator.store import schema
from translator.store.database import Store, to_url
from translator.store.documents import Documents
from translator.store.publications import Publication, Publications

ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。"


def record(doc_id: str, base: str, path: str, at: str) -> Publication:
    return Publication(doc_id, base, path, base + path, "hash-" + at, at, at)


def test_records_by_site_and_document_replaced_and_dropped(db_url):
    store = Store(db_url)
    doc = prepare_text(ARTICLE, name="a.txt")
    Documents(store).save(doc)
    pubs = Publications(store)
    assert pubs.of_document(doc.id) == [] and pubs.for_site("https://a.example/") == {}
    pubs.record("https://a.example/", [record(doc.id, "https://a.example/", "articles/x.html", "2026-01-01T00:00:00+00:00")], [])
    pubs.record("https://b.example/", [record(doc.id, "https://b.example/", "articles/x.html", "2026-01-02T00:00:00+00:00")], [])
    assert [p.base_url for p in pubs.of_document(doc.id)] == ["https://b.example/", "https://a.example/"]  # newest first
    again = record(doc.id, "https://a.example/", "articles/y.html", "2026-01-03T00:00:00+00:00")
    pubs.record("https://a.example/", [again], [])
    assert pubs.for_site("https://a.example/") == {doc.id: again}
    pubs.record("https://a.example/", [], [doc.id])
    assert [p.base_url for p in pubs.of_document(doc.id)] == ["https://b.example/"]
    # the change key moves with every segment edit
    keys = pubs.change_keys()
    seg = next(doc.segments())
    Documents(store).update_segment(seg.id, by="rita", target="Changed.", status="translated")
    assert pubs.change_keys()[doc.id] != keys.get(doc.id)
    store.close()


def test_migration_0010_keeps_the_documents_of_a_0006_database(db_url):
    import sqlalchemy as sa

    url = to_url(db_url)
    database_at(url, "0006")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            assert "publications" not in sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()
    store = Store(db_url)  # opening upgrades it to the head
    assert store.revision == schema.HEAD
    doc = prepare_text(ARTICLE, name="a.txt")
    Documents(store).save(doc)
    Publications(store).record("https://a.example/", [record(doc.id, "https://a.example/", "p.html", "t")], [])
    assert len(Publications(store).of_document(doc.id)) == 1
    store.close()


def test_downgrade_from_0010_drops_only_the_publications(tmp_path):
    import sqlalchemy as sa


    path = tmp_path / "p.sqlite"
    store = Store(path)
    doc = prepare_text(ARTICLE, name="a.txt")
    Documents(store).save(doc)
    store.close()
    engine = sa.create_engine(to_url(str(path)))
    try:
        migrate(engine, "0006", down=True)
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            assert "publications" not in tables and "documents" in tables
            assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 1
    finally:
        engine.dispose()
