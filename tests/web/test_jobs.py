"""translator.jobs: translate_document (a stored document's job) and the thread runner."""

from __future__ import annotations

import time

from helpers.web import store_document

from translator.jobs import translate_document
from translator.store.documents import Documents


def test_translates_new_segments_in_chunks_and_keeps_a_persons_edit(project):
    doc_id = store_document(project, "标题\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。", translate=False)
    docs = Documents(project.store)
    rows = docs.segment_rows(doc_id)
    assert {r["status"] for r in rows} == {"new"}
    # A translator types into a segment before the machine gets there.
    docs.update_segment(rows[1]["id"], by="tina", target="Jiangxi's poverty alleviation has paid off.", status="needs_review")
    seen = []
    stored = translate_document(project, doc_id, chunk=2, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 3), (3, 3)] and stored == 3  # the edited segment is not new any more
    after = {r["id"]: r for r in docs.segment_rows(doc_id)}
    assert after[rows[1]["id"]]["target"] == "Jiangxi's poverty alleviation has paid off."
    assert after[rows[1]["id"]]["updated_by"] == "tina"
    assert all(r["status"] != "new" and r["target"] for r in after.values())
    assert docs.summary(doc_id).signature.startswith("engine:gloss")
    assert translate_document(project, doc_id) == 0  # nothing left: a rerun is harmless


def test_worker_thread_runs_jobs_and_reports_failures(project):
    from translator.jobs import ThreadRunner, TranslateDocument

    doc_id = store_document(project, "标题\n\n江西扶贫成果显著。", translate=False)
    worker = ThreadRunner(project)
    assert worker.submit(TranslateDocument(doc_id)).state == "queued"
    assert worker.submit(TranslateDocument(doc_id)).state in ("queued", "running")  # not queued twice
    assert worker.wait(60)
    done = worker.status(doc_id)
    assert done is not None and done.state == "done" and done.result == {"document": doc_id, "stored": 2}
    worker.submit(TranslateDocument("missing-doc"))
    assert worker.wait(10)
    failed = worker.status("missing-doc")
    assert failed is not None and failed.state == "failed" and "no stored document" in (failed.error or "")
    assert failed.finished_at is not None and failed.finished_at <= time.time()
    worker.close()


def test_an_edit_made_while_the_machine_translates_is_kept(project, monkeypatch):
    doc_id = store_document(project, "标题\n\n江西扶贫成果显著。", translate=False)
    docs = Documents(project.store)
    target_id = docs.segment_rows(doc_id)[1]["id"]
    real = project.translate

    def translate_while_someone_types(batch):  # type: ignore[no-untyped-def]
        docs.update_segment(target_id, by="tina", target="Typed during the run.", status="needs_review")
        return real(batch)

    monkeypatch.setattr(project, "translate", translate_while_someone_types)
    translate_document(project, doc_id)
    row = docs.segment_row(target_id)
    assert (row["target"], row["updated_by"]) == ("Typed during the run.", "tina")
