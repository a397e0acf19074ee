"""The review rules of translator/review.py, called directly (no Flask): on a real SQLite file, then a real PostgreSQL database.

Edits and their versions, statuses by role (a translator cannot take back an
approval), QA on every change, approvals into the memory, suggestions,
terms, dictionary look-up loaded once, and the editable glossary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from translator.errors import AlreadyExists, ConflictError, ForbiddenError, InvalidInput, NotFoundError
from translator.project import Project
from translator.settings import Settings

ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。"


def new_project(tmp_path: Path, db: str) -> Project:
    settings = Settings.load(
        env={}, cwd=tmp_path,
        overrides={"db": db, "engine": "gloss", "packages_dir": "", "glossary_file": str(tmp_path / "glossary.tsv")},
    )
    return Project(settings)


def store_article(project: Project, text: str = ARTICLE) -> list[dict[str, Any]]:
    """Store an article with machine targets ("EN <source>"), as a batch run would; return its segment rows."""
    from translator.prepare.pipeline import prepare_text

    doc = prepare_text(text, name="article.txt")
    for seg in doc.segments():
        seg.target, seg.status, seg.provenance = f"EN {seg.source}", "machine", {"engine": "fake"}
    project.documents.save(doc)
    return project.documents.segment_rows(doc.id)


@pytest.fixture
def project(tmp_path, db_url):
    p = new_project(tmp_path, db_url)
    yield p
    p.close()


@pytest.fixture
def rows(project):
    return store_article(project)


def codes(row: dict[str, Any]) -> set[str]:
    return {q["code"] for q in row["qa"]}


def test_a_draft_becomes_needs_review_and_its_qa_is_recomputed(project, rows):
    seg = rows[1]  # 江西扶贫成果显著。: stored without QA findings
    assert codes(seg) == set()
    new = project.review.edit(seg["id"], user="tina", role="translator", version=seg["version"],
                              target="Jiangxi's poverty alleviation has achieved remarkable results.")
    assert (new["status"], new["version"], new["updated_by"]) == ("needs_review", 2, "tina")
    assert "glossary_missing" not in codes(new)
    assert new["provenance"]["editor"] == "tina"
    new = project.review.edit(seg["id"], user="tina", role="translator", version=2, target="It worked.")
    assert "glossary_missing" in codes(new)  # the findings follow every change


def test_statuses_by_role_and_a_translator_cannot_take_back_an_approval(project, rows):
    review, seg = project.review, rows[1]
    with pytest.raises(ForbiddenError, match="needs the reviewer role"):
        review.edit(seg["id"], user="tina", role="translator", version=1, status="approved")
    with pytest.raises(InvalidInput, match="unknown status 'machine'"):
        review.edit(seg["id"], user="rita", role="reviewer", version=1, status="machine")
    approved = review.edit(seg["id"], user="rita", role="reviewer", version=1, target="Jiangxi's poverty alleviation works.",
                           status="approved")
    assert approved["status"] == "approved"
    for change in ({"status": "needs_review"}, {"status": "translated"}, {"target": "A translator's rewrite."}):
        with pytest.raises(ForbiddenError, match="is approved; only a reviewer"):
            review.edit(seg["id"], user="tina", role="translator", version=approved["version"], **change)
    assert project.documents.segment_row(seg["id"])["status"] == "approved"  # nothing was written
    back = review.edit(seg["id"], user="adam", role="admin", version=approved["version"], status="needs_review")
    assert back["status"] == "needs_review"
    # A translator may work on a segment that is not approved, and confirm it.
    done = review.edit(seg["id"], user="tina", role="translator", version=back["version"], status="translated")
    assert done["status"] == "translated"


def test_a_stale_version_is_a_conflict_carrying_both(project, rows):
    review, seg = project.review, rows[2]
    review.edit(seg["id"], user="tina", role="translator", version=1, target="Tina's English.")
    with pytest.raises(ConflictError) as info:
        review.edit(seg["id"], user="rita", role="reviewer", version=1, target="Rita's English.", status="approved")
    e = info.value
    assert "changed since version 1" in e.message
    assert isinstance(e.current, dict) and (e.current["target"], e.current["version"], e.current["updated_by"]) == (
        "Tina's English.", 2, "tina")
    assert e.yours == {"target": "Rita's English.", "status": "approved", "version": 1}
    assert project.documents.segment_row(seg["id"])["target"] == "Tina's English."


def test_bad_edits_are_library_errors(project, rows):
    review, seg = project.review, rows[1]
    for kwargs, message in [
        ({"version": "1"}, "'version'"),
        ({"version": True}, "'version'"),
        ({"version": 1, "target": 5}, "'target' must be a string"),
        ({"version": 1, "status": "approved", "target": "  "}, "cannot be approved"),
        ({"version": 1, "status": "rejected"}, "needs a comment"),
        ({"version": 1, "target": "x" * 20_001}, "longer than 20,000"),
        ({"version": 1, "note": "n" * 2_001}, "at most 2,000"),
    ]:
        with pytest.raises(InvalidInput, match=message):
            review.edit(seg["id"], user="rita", role="reviewer", **kwargs)
    with pytest.raises(NotFoundError):
        review.edit("nope", user="rita", role="reviewer", version=1, target="x")
    project.documents.delete(seg["document_id"])
    with pytest.raises(NotFoundError, match="deleted"):
        review.segment(seg["id"])


def test_an_approval_enters_the_memory_once_with_who_approved_it(project, rows):
    review, seg = project.review, rows[1]
    text = "Jiangxi's poverty alleviation has achieved a lot."
    saved = review.edit(seg["id"], user="tina", role="translator", version=1, target=text, status="translated")
    assert project.memory.lookup([seg["source"]])[0] == []  # confirmed by a translator: not in the memory yet
    saved = review.edit(seg["id"], user="rita", role="reviewer", version=saved["version"], status="approved")
    review.edit(seg["id"], user="rita", role="reviewer", version=saved["version"], status="approved")  # again: no change
    [match] = project.memory.lookup([seg["source"]])[0]
    assert (match.target, match.score, match.editor) == (text, 100.0, "rita")
    assert len(project.memory) == 1
    assert project.documents.segment_row(seg["id"])["provenance"]["reviewer"] == "rita"


def test_suggestions_terms_replace_and_revert(project, rows):
    review, seg = project.review, rows[1]
    project.memory.add(seg["source"], "From the memory.", editor="someone")
    suggestions = review.suggestions(project.documents.segment_row(seg["id"]))
    assert [(s["kind"], s["target"]) for s in suggestions] == [("memory", "From the memory."), ("mt", seg["target"])]
    assert ("扶贫", "poverty alleviation") in [(t["source"], t["target"]) for t in review.terms_for(seg["source"])]
    pieces = review.highlighted(seg["source"])
    assert "".join(p.text for p in pieces) == seg["source"]
    assert [p.text for p in pieces if p.term is not None] == ["江西", "扶贫"]
    title = rows[0]
    review.edit(title["id"], user="rita", role="reviewer", version=1, target="EN Jiangxi poverty alleviation", status="approved")
    plan = review.replace(seg["document_id"], "en ", "English: ", user="tina", role="translator")
    assert len(plan.rows) == 3 and isinstance(plan.replace_id, int) and all(r["status"] == "needs_review" for r in plan.rows)
    assert [s["segment_id"] for s in plan.skipped] == [title["id"]]  # approved: a translator's replace leaves it alone
    assert project.documents.segment_row(title["id"])["target"] == "EN Jiangxi poverty alleviation"
    with pytest.raises(InvalidInput):
        review.replace(seg["document_id"], "", "x", user="tina", role="translator")
    machine = project.documents.revisions(seg["id"])[0]
    now = project.documents.segment_row(seg["id"])
    back = review.revert(seg["id"], machine.id, user="tina", role="translator", version=now["version"])
    assert (back["target"], back["status"]) == (seg["target"], "needs_review")
    with pytest.raises(NotFoundError):
        review.revert(seg["id"], 99_999, user="tina", role="translator", version=back["version"])


def test_the_dictionary_loads_once_per_process_and_warm_up_loads_it(project, cedict_loads):
    import translator.engines.gloss as gloss

    loads = cedict_loads
    project.warm_up()
    assert len(loads) == 1
    assert project.review.dictionary() is gloss.load_resources().dictionary  # the gloss engine's own copy
    entries = project.review.lookup("扶贫")
    assert entries[0]["word"] == "扶贫" and "poverty alleviation" in entries[0]["senses"][0]["definitions"]
    assert [e["word"] for e in project.review.lookup("江西扶贫成果")] == ["江西", "扶贫", "成果"]
    project.close()
    project.warm_up()  # another project in the same process: nothing read again
    assert len(loads) == 1


def test_the_editable_glossary_through_the_project(project, tmp_path):
    from translator.store.editable_glossary import make_term, term_key

    own = project.editable_glossary
    own.add(make_term("鼓点", "distinctive industries", "house style"))
    assert (tmp_path / "glossary.tsv").read_text(encoding="utf-8") == (
        "source\ttarget\tnote\tkind\n鼓点\tdistinctive industries\thouse style\tterm\n"
    )
    assert project.glossary.terms["鼓点"].target == "distinctive industries"  # reloaded on change
    with pytest.raises(AlreadyExists):
        own.add(make_term("鼓点", "again"))
    own.update(("鼓点", "term", ""), make_term("鼓点", "signature industries"))
    assert project.glossary.terms["鼓点"].target == "signature industries"
    with pytest.raises(NotFoundError):
        own.update(("无此", "term", ""), make_term("无此", "none"))
    with pytest.raises(InvalidInput, match="not one of term, dnt, forbidden"):
        make_term("一", "one", kind="synonym")
    with pytest.raises(InvalidInput, match="would not load"):
        own.add(make_term("扶贫", "Poverty Alleviation", kind="forbidden"))  # the shipped term's own English
    assert own.merge([make_term("赣南", "southern Jiangxi"), make_term("鼓点", "drumbeat")]) == (1, 1)
    assert [term_key(t) for t in own.terms()] == [("鼓点", "term", ""), ("赣南", "term", "")]
    own.delete(("鼓点", "term", ""))
    assert "鼓点" not in project.glossary.terms
    with pytest.raises(NotFoundError):
        own.delete(("鼓点", "term", ""))


def test_a_locked_database_is_store_busy(tmp_path):
    """Another process holding the write lock longer than the busy timeout: StoreBusyError (the web app's 503), nothing written."""
    import sqlite3

    from translator.errors import StoreBusyError
    from translator.store.database import Store
    from translator.store.documents import Documents

    project = new_project(tmp_path, str(tmp_path / "p.sqlite"))
    seg = store_article(project)[1]
    project.close()
    other = sqlite3.connect(tmp_path / "p.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    store = Store(str(tmp_path / "p.sqlite"), timeout=0.2)
    try:
        with pytest.raises(StoreBusyError, match="locked"):
            Documents(store).update_segment(seg["id"], by="tina", target="Blocked.")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert Documents(store).segment_row(seg["id"])["target"] == seg["target"]
    store.close()
