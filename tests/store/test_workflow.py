"""The workflow rules of translator/workflow.py, called directly (no Flask): on a real SQLite file, then a real PostgreSQL database.

Comments (threads, replies, resolve and re-open, who may), a rejection's note
becoming a comment linked to its revision, assignments (who may assign whom),
stage transitions and their conditions, Ctrl+Enter's status by step, and
"My work" with its counts; the migration from 0006 keeps the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers.web import ARTICLE, ENGLISH

from translator.errors import ConflictError, ForbiddenError, InvalidInput, NotFoundError
from translator.project import Project
from translator.settings import Settings

PEOPLE = {"tina": "translator", "tom": "translator", "rita": "reviewer", "rob": "reviewer", "adam": "admin"}


def new_project(tmp_path: Path, db: str) -> Project:
    settings = Settings.load(
        env={}, cwd=tmp_path,
        overrides={"db": db, "engine": "gloss", "packages_dir": "", "glossary_file": str(tmp_path / "glossary.tsv")},
    )
    return Project(settings)


def store_article(project: Project, text: str = ARTICLE, name: str = "article.txt") -> str:
    from translator.prepare.pipeline import prepare_text

    doc = prepare_text(text, name=name)
    for seg in doc.segments():
        seg.target, seg.status, seg.provenance = ENGLISH.get(seg.source, f"EN {seg.source}"), "machine", {"engine": "fake"}
    project.documents.save(doc)
    return doc.id


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")


@pytest.fixture
def project(tmp_path, db_url):
    p = new_project(tmp_path, db_url)
    for name, role in PEOPLE.items():
        p.users.add(name, "correct-horse-9", role=role)
    yield p
    p.close()


@pytest.fixture
def doc_id(project):
    return store_article(project)


def rows(project: Project, doc_id: str) -> list[dict[str, Any]]:
    return project.documents.segment_rows(doc_id)


def confirm_all(project: Project, doc_id: str, *, user: str, role: str, status: str) -> None:
    for r in rows(project, doc_id):
        if r["status"] != status:
            project.review.edit(r["id"], user=user, role=role, version=r["version"], status=status)


# -- comments -------------------------------------------------------------------------------------


def test_a_thread_with_replies_resolved_and_reopened(project, doc_id):
    w = project.workflow
    seg = rows(project, doc_id)[1]
    first = w.comment(seg["id"], user="tina", body="  Is 显著 'remarkable' or 'significant' here?  ")
    assert (first.author, first.body, first.kind, first.parent_id) == ("tina", "Is 显著 'remarkable' or 'significant' here?",
                                                                       "comment", None)
    reply = w.comment(seg["id"], user="rita", body="Remarkable.", parent=first.id)
    w.comment(seg["id"], user="tina", body="Thanks, done.", parent=reply.id)  # a reply to a reply stays in the thread
    other = w.comment(seg["id"], user="rita", body="Second thread.")
    [thread, second] = w.threads(seg["id"])
    assert [r["body"] for r in thread["replies"]] == ["Remarkable.", "Thanks, done."]
    assert thread["replies"][1]["parent_id"] == reply.id and second["id"] == other.id and not thread["resolved"]

    # Who may resolve: the thread's author, reviewers and admins; another translator may not.
    with pytest.raises(ForbiddenError, match="only tina"):
        w.resolve(first.id, user="tom", role="translator")
    with pytest.raises(ForbiddenError, match="only rita"):
        w.resolve(other.id, user="tina", role="translator")
    done = w.resolve(reply.id, user="tina", role="translator")  # any comment of the thread names it
    assert done["id"] == first.id and done["resolved"] and done["resolved_by"] == "tina"
    assert w.resolve(first.id, user="adam", role="admin", resolved=False)["resolved"] is False  # re-opened
    assert w.resolve(first.id, user="rob", role="reviewer")["resolved_by"] == "rob"
    # A reply to a resolved thread re-opens it.
    w.comment(seg["id"], user="tom", body="Wait: the glossary says 'notable'.", parent=first.id)
    assert not w.threads(seg["id"])[0]["resolved"]
    # Every comment of the document, by segment; other segments have none.
    assert list(w.document_threads(doc_id)) == [seg["id"]]


def test_bad_comments_are_refused(project, doc_id):
    w = project.workflow
    a, b = rows(project, doc_id)[1:3]
    on_a = w.comment(a["id"], user="tina", body="x")
    for kwargs, error, message in [
        ({"body": "  "}, InvalidInput, "'body'"),
        ({"body": 5}, InvalidInput, "'body'"),
        ({"body": "x" * 4001}, InvalidInput, "at most 4,000"),
        ({"body": "bell\x07"}, InvalidInput, r"U\+0007"),
        ({"body": "x", "parent": "1"}, InvalidInput, "'parent'"),
        ({"body": "x", "parent": 999_999}, NotFoundError, "no comment 999999"),
    ]:
        with pytest.raises(error, match=message):
            w.comment(b["id"], user="tina", **kwargs)
    with pytest.raises(InvalidInput, match="another segment"):
        w.comment(b["id"], user="tina", body="x", parent=on_a.id)
    with pytest.raises(NotFoundError):
        w.comment("nope-1-0", user="tina", body="x")
    project.documents.delete(doc_id)
    with pytest.raises(NotFoundError, match="deleted"):
        w.threads(a["id"])


def test_a_rejection_note_becomes_a_comment_linked_to_its_revision(project, doc_id):
    seg = rows(project, doc_id)[1]
    new = project.review.edit(seg["id"], user="rita", role="reviewer", version=seg["version"], status="rejected",
                              note="Keep 'poverty alleviation' from the glossary.")
    [thread] = project.workflow.threads(seg["id"])
    rejection = project.documents.revisions(seg["id"])[-1]
    assert (thread["kind"], thread["author"], thread["body"]) == ("rejection", "rita", "Keep 'poverty alleviation' from the glossary.")
    assert thread["revision_id"] == rejection.id and rejection.new_status == "rejected" and not thread["resolved"]
    # The translator fixes it and answers on the thread; rejecting again adds a second note.
    fixed = project.review.edit(seg["id"], user="tina", role="translator", version=new["version"],
                                target="Jiangxi's poverty alleviation has achieved remarkable results.", status="translated")
    project.workflow.comment(seg["id"], user="tina", body="Fixed.", parent=thread["id"])
    project.review.edit(seg["id"], user="rita", role="reviewer", version=fixed["version"], status="rejected", note="Still wrong.")
    assert [t["body"] for t in project.workflow.threads(seg["id"])] == ["Keep 'poverty alleviation' from the glossary.", "Still wrong."]
    # Rejecting a segment that is already rejected changes nothing in it, but the new note is kept.
    again = project.documents.segment_row(seg["id"])
    project.review.edit(seg["id"], user="rob", role="reviewer", version=again["version"], status="rejected", note="And the date.")
    last = project.workflow.threads(seg["id"])[-1]
    assert (last["body"], last["author"], last["revision_id"]) == ("And the date.", "rob", project.documents.revisions(seg["id"])[-1].id)


# -- assignments and stages ---------------------------------------------------------------------------


def test_who_may_assign_whom(project, doc_id):
    w = project.workflow
    assert w.assignment(doc_id).stage == "translation" and w.assignment(doc_id).who("translator") is None
    with pytest.raises(ForbiddenError, match="reviewer role"):
        w.assign(doc_id, {"translator": "tina"}, user="tina", role="translator")
    a = w.assign(doc_id, {"translator": "tina", "reviewer": "rita"}, user="rita", role="reviewer")
    assert (a.who("translator"), a.who("reviewer"), a.updated_by) == ("tina", "rita", "rita")
    for people, message in [
        ({"reviewer": "tom"}, "tom is a translator; the reviewer step needs the reviewer role"),
        ({"translator": "ghost"}, "no active user 'ghost'"),
        ({"editor": "tina"}, "unknown step"),
        ({}, "name who does which step"),
        ({"translator": "rita"}, "cannot do both steps"),
        ({"translator": 7}, "must be a user name"),
    ]:
        with pytest.raises(InvalidInput, match=message):
            w.assign(doc_id, people, user="adam", role="admin")
    # A reviewer may translate; one step changes, the other stays; empty is nobody.
    a = w.assign(doc_id, {"translator": "rob"}, user="adam", role="admin")
    assert (a.who("translator"), a.who("reviewer")) == ("rob", "rita")
    assert w.assign(doc_id, {"reviewer": ""}, user="adam", role="admin").who("reviewer") is None
    project.users.set_active("tom", False)
    with pytest.raises(InvalidInput, match="no active user 'tom'"):
        w.assign(doc_id, {"translator": "tom"}, user="adam", role="admin")
    with pytest.raises(NotFoundError):
        w.assign("nope", {"translator": "tina"}, user="adam", role="admin")


def test_stages_move_when_the_segments_are_ready(project, doc_id):
    w = project.workflow
    w.assign(doc_id, {"translator": "tina", "reviewer": "rita"}, user="rita", role="reviewer")
    total = len(rows(project, doc_id))
    # Handing over needs every segment translated (or approved).
    [move] = w.moves(doc_id, user="tina", role="translator")
    assert (move.to, move.forward, move.blocked, move.action) == ("review", True, f"{total} segment(s) are not approved or translated yet",
                                                                 "Hand over to review")
    with pytest.raises(ConflictError, match="not approved or translated"):
        w.move(doc_id, "review", user="tina", role="translator")
    with pytest.raises(ForbiddenError):
        w.move(doc_id, "review", user="tom", role="translator")  # not this document's translator
    with pytest.raises(InvalidInput, match="one stage at a time"):
        w.move(doc_id, "done", user="adam", role="admin")
    with pytest.raises(InvalidInput, match="'stage'"):
        w.move(doc_id, "published", user="adam", role="admin")
    assert w.confirm_status(doc_id, user="tina", role="translator") == "translated"
    confirm_all(project, doc_id, user="tina", role="translator", status="translated")
    assert w.move(doc_id, "review", user="tina", role="translator").stage == "review"
    assert w.moves(doc_id, user="tina", role="translator") == []  # the translator's part is over
    # The reviewer approves all but one, rejects it: not done yet; the document can go back.
    assert w.confirm_status(doc_id, user="rita", role="reviewer") == "approved"
    *good, bad = rows(project, doc_id)
    for r in good:
        project.review.edit(r["id"], user="rita", role="reviewer", version=r["version"], status="approved")
    project.review.edit(bad["id"], user="rita", role="reviewer", version=bad["version"], status="rejected", note="Say 'three projects'.")
    with pytest.raises(ConflictError, match="1 segment"):
        w.move(doc_id, "done", user="rita", role="reviewer")
    with pytest.raises(ForbiddenError):
        w.move(doc_id, "translation", user="tina", role="translator")
    assert w.move(doc_id, "translation", user="rita", role="reviewer").stage == "translation"  # sent back
    bad = project.documents.segment_row(bad["id"])
    project.review.edit(bad["id"], user="tina", role="translator", version=bad["version"], target="The second paragraph has three projects.",
                        status="translated")
    w.move(doc_id, "review", user="tina", role="translator")
    bad = project.documents.segment_row(bad["id"])
    project.review.edit(bad["id"], user="rita", role="reviewer", version=bad["version"], status="approved")
    a = w.move(doc_id, "done", user="rita", role="reviewer")
    assert (a.stage, a.updated_by) == ("done", "rita")
    assert [m.to for m in w.moves(doc_id, user="rita", role="reviewer")] == ["review"]  # reopen


def test_a_stale_stage_move_is_a_conflict(project, doc_id):
    confirm_all(project, doc_id, user="tina", role="translator", status="translated")
    store = project.workflow.assignment_store
    store.move(doc_id, frm="translation", to="review", by="adam")
    with pytest.raises(ConflictError, match="is in review, not translation"):
        store.move(doc_id, frm="translation", to="review", by="rita")


def test_confirm_status_follows_the_step_held(project, doc_id):
    w = project.workflow
    # Not assigned: by role.
    assert w.confirm_status(doc_id, user="rob", role="reviewer") == "approved"
    assert w.confirm_status(doc_id, user="tom", role="translator") == "translated"
    # A reviewer who is this document's translator confirms as a translator.
    w.assign(doc_id, {"translator": "rob", "reviewer": "rita"}, user="adam", role="admin")
    assert w.confirm_status(doc_id, user="rob", role="reviewer") == "translated"
    assert w.confirm_status(doc_id, user="rita", role="reviewer") == "approved"


def test_my_work_lists_what_is_assigned_with_counts(project, doc_id):
    w = project.workflow
    other = store_article(project, "另一篇文章\n\n今天天气很好。", name="other.txt")
    store_article(project, "第三篇\n\n没有分配。", name="third.txt")
    w.assign(doc_id, {"translator": "tina", "reviewer": "rita"}, user="rita", role="reviewer")
    w.assign(other, {"translator": "tom", "reviewer": "rita"}, user="rita", role="reviewer")
    assert w.my_work("adam") == []
    [mine] = w.my_work("tina")
    total = len(rows(project, doc_id))
    assert (mine.document.id, mine.steps, mine.step, mine.left, mine.rejected, mine.your_turn) == (doc_id, ["translator"], "translator",
                                                                                                   total, 0, True)
    first = rows(project, doc_id)[0]
    project.review.edit(first["id"], user="tina", role="translator", version=first["version"], status="translated")
    assert w.my_work("tina")[0].left == total - 1
    # Rita reviews both; neither is in review yet, so it is not her turn, and everything is left for her.
    work = w.my_work("rita")
    assert {x.document.id for x in work} == {doc_id, other} and not any(x.your_turn for x in work)
    assert {x.document.id: x.left for x in work} == {doc_id: total, other: len(rows(project, other))}
    # A rejection sends a segment back to the translator: counted, with its comment, and it is their turn again.
    confirm_all(project, doc_id, user="tina", role="translator", status="translated")
    w.move(doc_id, "review", user="tina", role="translator")
    seg = rows(project, doc_id)[1]
    project.review.edit(seg["id"], user="rita", role="reviewer", version=seg["version"], status="rejected", note="No.")
    project.review.edit(first["id"], user="rita", role="reviewer", version=rows(project, doc_id)[0]["version"], status="approved")
    [mine] = w.my_work("tina")
    assert (mine.left, mine.rejected, mine.open_comments, mine.your_turn) == (1, 1, 1, True)
    review = next(x for x in w.my_work("rita") if x.document.id == doc_id)
    assert (review.your_turn, review.left, review.step) == (True, total - 1, "reviewer")
    assert w.my_work("rita")[0].document.id == doc_id  # her turn first
    assert mine.to_dict()["stage"] == "review" and mine.to_dict()["document"]["total"] == total
    project.documents.delete(doc_id)
    assert w.my_work("tina") == []


def test_the_migration_from_0006_adds_the_tables(tmp_path):
    import sqlalchemy as sa
    from helpers.databases import database_at

    from translator.store import schema
    from translator.store.database import Store, to_url

    db = tmp_path / "old.sqlite"
    database_at(to_url(db), "0006")
    engine = sa.create_engine(to_url(db))
    with engine.begin() as conn:
        assert not sa.inspect(conn).has_table("comments")
    engine.dispose()
    p = new_project(tmp_path, str(db))
    doc = store_article(p)
    assert p.store.revision == schema.HEAD
    seg = rows(p, doc)[0]
    p.workflow.comment(seg["id"], user="x", body="works")
    assert p.workflow.assignment(doc).stage == "translation"
    p.close()
    Store(str(db)).close()
