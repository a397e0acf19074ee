"""Documents, segments and revisions in a real SQLite file and a real PostgreSQL database; migrations from the previous schema."""

from __future__ import annotations

import sqlite3

import pytest
from helpers.databases import previous_schema_database

from translator.document import QAIssue
from translator.prepare.pipeline import prepare_text
from translator.store import schema
from translator.store.database import Store
from translator.store.documents import ConflictError, Documents
from translator.store.memory import Memory

ARTICLE = "标题行\n\n第一句话。第二句话。\n\n第二段。"


def _translated(name: str = "a.txt"):
    doc = prepare_text(ARTICLE, name=name)
    for seg in doc.segments():
        seg.target, seg.status = f"EN {seg.source}", "machine"
    doc.signature = "engine:fake|version:0"
    return doc


def test_save_get_round_trip_and_revisions(db_url):
    store = Documents(Store(db_url))
    doc = _translated()
    assert store.save(doc, input_sha256="abc") == 4  # one revision per translated segment
    back = store.get(doc.id)
    assert back.to_dict() == doc.to_dict()
    assert store.signature_of(doc.id) == "engine:fake|version:0"
    assert store.save(doc) == 0  # nothing changed, nothing recorded
    [summary] = store.list()
    assert (summary.id, summary.total, summary.counts, summary.title) == (doc.id, 4, {"machine": 4}, "标题行")


def test_edits_are_revisions_with_optimistic_versions(db_url):
    store = Documents(Store(db_url))
    doc = _translated()
    store.save(doc)
    seg = doc.blocks[0].segments[0]
    row = store.update_segment(seg.id, by="ann", target="The first sentence.", status="translated", expected_version=1)
    assert (row["version"], row["updated_by"], row["status"]) == (2, "ann", "translated")
    assert row == store.segment_row(seg.id)  # the row it answers is the row stored (it is not read back)
    qa = [QAIssue("empty", "error", "no English")]
    row = store.update_segment(seg.id, by="ann", target="The first sentence!", expected_version=2, qa=qa,
                               provenance={"editor": "ann"})
    assert row == store.segment_row(seg.id) and row["qa"] == [qa[0].to_dict()]
    row = store.update_segment(seg.id, by="ann", target="The first sentence.", expected_version=3)
    with pytest.raises(ConflictError) as e:
        store.update_segment(seg.id, by="bob", target="Another.", expected_version=1)
    assert e.value.current["target"] == "The first sentence." and "changed since version 1" in str(e.value)
    store.update_segment(seg.id, by="rev", status="approved", expected_version=4, note="good")
    history = store.revisions(seg.id)
    assert [(r.by, r.old_status, r.new_status, r.new_target) for r in history] == [
        ("machine", None, "machine", f"EN {seg.source}"),
        ("ann", "machine", "translated", "The first sentence."),
        ("ann", "translated", "translated", "The first sentence!"),
        ("ann", "translated", "translated", "The first sentence."),
        ("rev", "translated", "approved", "The first sentence."),
    ]
    assert history[-1].note == "good"


def test_machine_retranslation_keeps_a_persons_work(db_url):
    store = Documents(Store(db_url))
    store.save(_translated())
    doc = _translated()
    seg_id = doc.blocks[0].segments[0].id
    store.update_segment(seg_id, by="ann", target="Kept.", status="approved")
    again = _translated()
    for seg in again.segments():
        seg.target = f"NEW {seg.source}"
    store.save(again)
    back = {s.id: s for s in store.get(doc.id).segments()}
    assert (back[seg_id].target, back[seg_id].status) == ("Kept.", "approved")
    assert all(s.target.startswith("NEW") for sid, s in back.items() if sid != seg_id)


def test_resolve_by_prefix_and_name_and_soft_delete(db_url):
    store = Documents(Store(db_url))
    doc = _translated("news/a.txt")
    store.save(doc)
    assert store.resolve(doc.id[:5]) == doc.id and store.resolve("news/a.txt") == doc.id
    with pytest.raises(Exception, match="no stored document 'zzz'"):
        store.resolve("zzz")
    store.delete(doc.id)
    assert store.list() == [] and len(store.list(include_deleted=True)) == 1
    assert store.signature_of(doc.id) is None  # a deleted document is translated again by a batch


def test_upgrade_keeps_the_data_of_aprevious_schema_database(tmp_path):
    path = tmp_path / "old.sqlite"
    previous_schema_database(path)
    readonly = Store(path, readonly=True)  # a read-only look never migrates, but the memory still reads
    assert Memory(readonly).lookup(["你好。"])[0][0].target == "Hello."
    with pytest.raises(Exception, match="has no documents yet"):
        Documents(readonly)
    store = Store(path)
    assert store.revision == schema.HEAD
    assert Memory(store).lookup(["你好。"])[0][0].target == "Hello."
    Documents(store).save(_translated())
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(schema.HEAD,)]
    assert conn.execute("SELECT count(*) FROM segments").fetchone() == (4,)


def test_fresh_database_is_created_at_head_by_migrations(tmp_path):
    store = Store(tmp_path / "new.sqlite")
    assert store.revision == schema.HEAD
    names = {r[0] for r in sqlite3.connect(tmp_path / "new.sqlite").execute("SELECT name FROM sqlite_master WHERE type='table'")}
    # tm_ngrams*, tm_words*: the memory's trigram and word indexes (FTS5 and their shadow tables)
    assert {n for n in names if not n.startswith(("tm_ngrams", "tm_words"))} == {
        "alembic_version", "tm", "documents", "segments", "revisions", "users", "qa_ignores", "comments", "assignments", "replacements", "segment_time",
        "publications"}
    assert "tm_ngrams" in names and "tm_words" in names
    # the tables the migrations made are the ones the code declares
    for table in schema.metadata.sorted_tables:
        cols = {r[1] for r in sqlite3.connect(tmp_path / "new.sqlite").execute(f"PRAGMA table_info({table.name})")}
        assert cols == {c.name for c in table.columns}, table.name
