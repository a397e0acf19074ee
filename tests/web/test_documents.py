"""Documents: upload (limits, encodings, types), background translation, the list and its filters, exports, soft delete."""

from __future__ import annotations

import io

from helpers.web import login_client, make_app, make_project, store_document

from translator.store.documents import Documents


def upload(client, data: bytes, name: str = "article.txt", path: str = "/documents"):  # type: ignore[no-untyped-def]
    return client.post(path, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_upload_the_sample_translates_in_the_background(app, project, sample_bytes):
    client = login_client(app, "tina")
    r = upload(client, sample_bytes, "jiangxi.txt")
    assert r.status_code == 302 and "/documents/uploads/" in r.headers["Location"]
    pending = r.headers["Location"]
    assert Documents(project.store).list() == []  # the request did not prepare or store it: the job will
    page = client.get(pending)
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.get_data(as_text=True)
    assert "waiting for its turn" in page.get_data(as_text=True)
    job_id = pending.rsplit("/", 1)[1]
    assert client.get(f"/api/jobs/{job_id}").get_json()["job"]["state"] == "queued"
    app.extensions["translator.worker"].run_pending()
    job = client.get(f"/api/jobs/{job_id}").get_json()["job"]
    assert job["state"] == "done" and job["kind"] == "article" and job["name"] == "jiangxi.txt"
    assert job["done"] == job["total"] == 47 and job["finished_at"] >= job["queued_at"]
    doc_id = job["document"]
    r = client.get(pending)
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/documents/{doc_id}")
    state = client.get(f"/api/documents/{doc_id}").get_json()["document"]
    assert "new" not in state["counts"] and state["total"] == 47 and state["signature"].startswith("engine:gloss")
    listing = client.get("/").get_data(as_text=True)
    assert doc_id in listing and "江西：特色产业扛起扶贫重任" in listing and 'class="bar"' in listing
    # The same article again: the stored one is opened, nothing is translated twice.
    revisions = _revision_count(project)
    r = upload(client, sample_bytes, "again.txt")
    app.extensions["translator.worker"].run_pending()
    r = client.get(r.headers["Location"])
    assert r.headers["Location"].endswith(doc_id)
    assert "already here" in client.get(r.headers["Location"]).get_data(as_text=True)
    assert _revision_count(project) == revisions


def _revision_count(project) -> int:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    with project.store.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(project.store.revisions)).scalar_one())


def test_upload_through_the_api_and_encodings(app):
    client = login_client(app, "tina")
    text = "标题\n\n江西扶贫成果显著。"
    jobs = []
    for data in (text.encode("gb18030"), text.encode("utf-8-sig"), ("<html><head><title>标题</title></head><body><article><h1>标题</h1><p>江西扶贫成果显著。这是第二句话，内容足够长。</p></article></body></html>").encode()):
        r = upload(client, data, "a.html" if data.startswith(b"<html") else "a.txt", path="/api/documents")
        assert r.status_code == 202, r.get_json()
        jobs.append(r.get_json()["job"]["id"])
    assert len(set(jobs)) == 3  # other bytes, another job
    app.extensions["translator.worker"].run_pending()
    states = [client.get(f"/api/jobs/{j}").get_json()["job"] for j in jobs]
    assert [s["state"] for s in states] == ["done", "done", "done"]
    assert [s["result"]["status"] for s in states] == ["done", "skipped", "done"]
    assert len({s["document"] for s in states}) == 2  # GB18030 and UTF-8 with BOM are the same article
    assert client.get("/api/jobs/nope").status_code == 404


def test_upload_size_limit_is_a_clear_413(tmp_path):
    app = make_app(make_project(tmp_path, max_upload_mb=0.01))
    client = login_client(app, "tina")
    big = ("江西扶贫成果显著。" * 1000).encode("utf-8")  # 27 kB > 10 kB
    r = upload(client, big)
    assert r.status_code == 413 and b"larger than the 0.01 MB limit" in r.data and b"max_upload_mb" in r.data
    r = upload(client, big, path="/api/documents")
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "too_large"
    assert upload(client, "江西扶贫成果显著。".encode()).status_code == 302  # under the limit


def test_upload_refuses_other_files_with_one_clear_error(app):
    client = login_client(app, "tina")
    cases = [
        (b"%PDF-1.4 binary", "report.pdf", 415, "not a text or HTML article"),
        (b"", "empty.txt", 400, "is empty"),
    ]
    for data, name, status, message in cases:
        r = upload(client, data, name, path="/api/documents")
        assert r.status_code == status, (name, r.get_json())
        assert message in r.get_json()["error"]["message"]
    r = client.post("/documents", data={}, content_type="multipart/form-data")
    assert r.status_code == 400 and b"choose a .txt or .html article" in r.data
    # What only preparing finds out (bytes that are no text) fails the job, with the reader's one line.
    r = upload(client, bytes(range(256)) * 8, "noise.txt")
    app.extensions["translator.worker"].run_pending()
    page = client.get(r.headers["Location"])
    assert page.status_code == 400 and "noise.txt" in page.get_data(as_text=True)
    job_id = r.headers["Location"].rsplit("/", 1)[1]
    job = client.get(f"/api/jobs/{job_id}").get_json()["job"]
    assert job["state"] == "failed" and job["error"].startswith("noise.txt: ") and job["document"] is None


def test_documents_stored_by_batch_are_listed_with_filters(app, project):
    done = store_document(project, "已完成的文章\n\n全部批准了。", name="done.txt")
    docs = Documents(project.store)
    for row in docs.segment_rows(done):
        docs.update_segment(row["id"], by="rita", status="approved")
    todo = store_document(project, "待审的文章\n\n还没有审校。", name="todo.txt")
    client = login_client(app, "tina")
    page = client.get("/").get_data(as_text=True)
    assert done in page and todo in page
    assert todo not in client.get("/?show=approved").get_data(as_text=True)
    assert done not in client.get("/?show=open").get_data(as_text=True)
    assert done not in client.get("/?q=待审").get_data(as_text=True)
    assert "No document matches" in client.get("/?q=nothing-like-this").get_data(as_text=True)
    listed = client.get("/api/documents").get_json()["documents"]
    assert {d["id"]: d["counts"] for d in listed} == {done: {"approved": 2}, todo: {"machine": 2}}


def test_exports_come_from_the_formats_code(app, doc_id):
    from translator.formats import exporter

    client = login_client(app, "tina")
    doc = Documents(app.extensions["translator.project"].store).get(doc_id)
    for fmt, query, suffix in [
        ("html", "", ".side-by-side.html"), ("html", "?layout=interleaved", ".interleaved.html"),
        ("html", "?layout=target", ".target.html"), ("html", "?approved_only=1", ".side-by-side.approved.html"),
        ("xliff", "", ".xlf"), ("xliff12", "", ".xliff12.xlf"), ("tmx", "", ".tmx"), ("txt", "", ".txt"), ("json", "", ".json"),
    ]:
        r = client.get(f"/documents/{doc_id}/export/{fmt}{query}")
        assert r.status_code == 200, (fmt, query)
        assert r.headers["Content-Disposition"] == f'attachment; filename="article{suffix}"'
        if fmt == "xliff":
            assert r.data == exporter("xliff")(doc)
    assert client.get(f"/documents/{doc_id}/export/docx").status_code == 404
    assert client.get(f"/documents/{doc_id}/export/html?layout=zigzag").status_code == 400


def test_delete_is_soft_and_confirmed(app, project, doc_id):
    client = login_client(app, "rita")
    page = client.get(f"/documents/{doc_id}/delete")
    assert page.status_code == 200 and b"Delete this document?" in page.data
    assert doc_id in client.get("/").get_data(as_text=True)  # the confirmation page deletes nothing
    r = client.post(f"/documents/{doc_id}/delete")
    assert r.status_code == 302
    assert doc_id not in client.get("/").get_data(as_text=True)
    assert client.get(f"/documents/{doc_id}/review").status_code == 404
    assert client.get(f"/api/documents/{doc_id}/segments").status_code == 404
    [kept] = Documents(project.store).list(include_deleted=True)
    assert kept.id == doc_id and kept.deleted
    other = store_document(project, "另一篇文章\n\n内容。", name="other.txt")
    assert client.delete(f"/api/documents/{other}").get_json() == {"deleted": other}


def test_unknown_document_is_404_in_both_shapes(app):
    client = login_client(app, "tina")
    r = client.get("/documents/nope")
    assert r.status_code == 404 and b"no document" in r.data and r.mimetype == "text/html"
    r = client.get("/api/documents/nope")
    assert r.status_code == 404 and r.get_json()["error"] == {"status": 404, "code": "not_found", "message": "no document 'nope'"}
