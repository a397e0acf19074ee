"""Document-level flags (e.g. ``cleaning_kept``) stored and read back, on a real SQLite file and a real
PostgreSQL database; migration 0006 adds them to a database made at 0005 without losing its documents."""

from __future__ import annotations

import json

from helpers.databases import database_at, migrate

from translator.document import Flag
from translator.prepare.pipeline import prepare_text
from translator.store import schema
from translator.store.database import Store, to_url
from translator.store.documents import Documents

P1 = "近日，惊爆台湾本土天王吴宗宪被打，娱乐圈被打事件频频发生。涉及赌债，感情纠葛，原因种种。"
P2 = "2005年4月18日吴宗宪进棚录像，凌晨收班后在餐厅用餐，出来的时候突然被几名不明人士殴打。"
P3 = "贺一航在医院接受整容手术后，露脸向媒体说明一切，他说他不知道打他的人是谁。"
#: Cleaning would cut most of the prose as site footer: it is held back and the document flagged.
FLAGGED = "\n".join(["明星挨打事件回顾", "本报讯，记者昨日获悉，新规即将出台。", "相关新闻", P1, P2, P3])


def test_cleaning_flags_are_stored_and_read_back(db_url):
    docs = Documents(Store(db_url))
    doc = prepare_text(FLAGGED, name="star.txt")
    assert [f.code for f in doc.flags] == ["cleaning_kept"]  # what the cleaner says (the input of this test)
    doc.flags.append(Flag("cleaning_kept", "a second note, with <markup> & \"quotes\" kept as text"))
    docs.save(doc)
    back = docs.get(doc.id)
    assert back.flags == doc.flags
    assert back.to_dict() == doc.to_dict()
    assert docs.summary(doc.id).flags == doc.flags
    assert [s.flags for s in docs.list()] == [doc.flags]
    # saved again without flags (the article cleaned by a newer version): they are gone, not kept stale
    doc.flags = []
    docs.save(doc)
    assert docs.get(doc.id).flags == [] and "flags" not in docs.get(doc.id).to_dict()



def test_migration_0006_keeps_the_documents_of_a_0005_database(db_url):
    import sqlalchemy as sa

    url = to_url(db_url)
    database_at(url, "0005")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            assert "flags" not in {c["name"] for c in sa.inspect(conn).get_columns("documents")}
            conn.execute(
                sa.text(
                    "INSERT INTO documents (id, name, input_sha256, input, meta, removed, signature, created_at, updated_at) "
                    "VALUES ('old1', 'old.txt', '', :input, :meta, '[]', NULL, '2026-01-01', '2026-01-01')"
                ),
                {"input": json.dumps({"name": "old.txt"}), "meta": json.dumps({"title": "旧文章"})},
            )
    finally:
        engine.dispose()
    store = Store(db_url)  # opening upgrades it to the head
    assert store.revision == schema.HEAD  # 0006 and every migration after it
    docs = Documents(store)
    old = docs.get("old1")
    assert old.flags == [] and old.metadata.title == "旧文章"
    assert docs.summary("old1").flags == []
    doc = prepare_text(FLAGGED, name="star.txt")
    docs.save(doc)
    assert docs.get(doc.id).flags == doc.flags != []
    store.close()


def test_downgrade_from_0006_drops_only_the_flags(tmp_path):
    """The migration's way back works (SQLite rebuilds the table): documents stay, the column goes."""
    import sqlalchemy as sa


    path = tmp_path / "p.sqlite"
    store = Store(path)
    Documents(store).save(prepare_text(FLAGGED, name="star.txt"))
    store.close()
    engine = sa.create_engine(to_url(str(path)))
    try:
        migrate(engine, "0005", down=True)
        with engine.connect() as conn:
            assert "flags" not in {c["name"] for c in sa.inspect(conn).get_columns("documents")}
            assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 1
    finally:
        engine.dispose()
