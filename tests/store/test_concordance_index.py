"""The store parts of the concordance and the QA gate, on a SQLite file and on PostgreSQL (``db_url``): a database
from before 0007 is upgraded with its memory's English indexed; the word index follows upserts; ignored findings
are per segment, code and message, and go with their segment."""

from __future__ import annotations

import sqlalchemy as sa
from helpers.databases import database_at

from translator.prepare.pipeline import prepare_text
from translator.store.concordance import search
from translator.store.database import Store, to_url
from translator.store.documents import Documents
from translator.store.memory import Memory
from translator.store.qa_ignores import QAIgnores


def test_an_older_memory_is_indexed_on_upgrade_and_the_index_follows_upserts(db_url):
    database_at(to_url(db_url), "0006")
    engine = sa.create_engine(to_url(db_url))
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO tm (source_key, source, target, length, origin, editor, created_at, updated_at) "
            "VALUES ('减税降费政策落地。', '减税降费政策落地。', 'The tax cuts took effect.', 9, 'd-1-0', 'ann', 'x', 'x')"
        ))
    engine.dispose()
    store = Store(db_url)  # upgrades to the head
    assert [h.target for h in search(store, "tax")] == ["The tax cuts took effect."]
    assert [h.document_id for h in search(store, "减税降费")] == ["d"]
    memory = Memory(store)
    memory.add("减税降费政策落地。", "The fee cuts took effect.", origin="d-1-0", editor="bo")  # an upsert: new English
    assert search(store, "tax") == []
    assert [h.by for h in search(store, "fee cuts")] == ["bo"]
    with store.begin() as conn:
        conn.execute(store.tm.delete())
    assert search(store, "fee") == [] and search(store, "减税降费") == []
    store.close()


def test_ignored_findings_are_per_segment_code_and_message_and_go_with_their_segment(db_url):
    store = Store(db_url)
    docs = Documents(store)
    doc = prepare_text("标题\n\n第一句。第二句。", name="a.txt")
    docs.save(doc)
    first, second = doc.blocks[0].segments
    ignores = QAIgnores(store)
    ignores.add(first.id, doc.id, [("untranslated", "Chinese left"), ("untranslated", "Chinese left")], reason="a name", by="rita")
    ignores.add(first.id, doc.id, [("untranslated", "Chinese left")], reason="a proper name", by="adam")  # again: newest wins
    assert {k: (v.reason, v.by) for k, v in ignores.of_segment(first.id).items()} == {
        ("untranslated", "Chinese left"): ("a proper name", "adam")}
    assert ignores.of_segment(second.id) == {}
    assert set(ignores.of_document(doc.id)) == {first.id}
    assert ignores.remove(first.id, "untranslated", "Chinese left") and not ignores.remove(first.id, "untranslated", "Chinese left")
    ignores.add(second.id, doc.id, [("numbers", "2019 is missing")], reason="the year is in the headline", by="rita")
    # Segmentation changed (another conversion, a new version of the tool): the segment is gone, so are its ignores.
    doc.blocks[0].segments = [first]
    docs.save(doc)
    assert ignores.of_document(doc.id) == {}
    store.close()
