"""Hostile input, second round (issue 21, section 4), against the review app: each probe as it was sent.

A glossary file with two targets for one source; a translator moving an
approved segment back; a form of 5,000 parts; a 50-file upload; formulas in
the TSV glossary export.
"""

from __future__ import annotations

import io

import pytest
from helpers.web import login_client

TWO_TARGETS = "source\ttarget\tnote\tkind\n吉安\tJi'an\t\tterm\n吉安\tJian\t\tterm\n"


def _error(r):  # type: ignore[no-untyped-def]
    return r.get_json()["error"]


@pytest.mark.parametrize("path", ["/glossary/import", "/api/glossary/import"])
@pytest.mark.parametrize("name, data", [
    ("two.tsv", TWO_TARGETS.encode()),
    ("two.csv", "source,target,note,kind\n吉安,Ji'an,,term\n吉安,Jian,,term\n".encode()),
])
def test_a_glossary_import_with_two_targets_for_one_source_is_refused_like_the_cli(app, project, path, name, data):
    adam = login_client(app, "adam")
    r = adam.post(path, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data",
                  headers={"Accept": "application/json"})
    assert r.status_code == 400, r.get_data(as_text=True)
    assert _error(r)["message"] == (f"{name}: line 3: '吉安' conflicts with line 2 ('Jian' here, 'Ji'an' there); "
                                    "keep one row per source")
    assert project.editable_glossary.terms() == []  # nothing of the file kept


def test_a_translator_cannot_move_an_approved_segment_back_by_any_route(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    seg = tina.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    approved = rita.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "status": "approved",
                                                                "override": "placeholder English"}).get_json()["segment"]
    for change in ({"status": "needs_review"}, {"status": "translated"}, {"target": "Mine.", "status": "needs_review"}):
        r = tina.patch(f"/api/segments/{seg['id']}", json={"version": approved["version"], **change})
        assert r.status_code == 403 and "only a reviewer" in _error(r)["message"]
    r = tina.post(f"/api/documents/{doc_id}/replace", json={"find": "EN", "replace": "XX"})
    assert r.status_code == 200 and seg["id"] in [s["segment_id"] for s in r.get_json()["skipped"]]
    after = tina.get(f"/api/segments/{seg['id']}").get_json()["segment"]
    assert (after["status"], after["version"]) == ("approved", approved["version"])


def _multipart(parts: int, *, boundary: str = "XyZ") -> bytes:
    out = [f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n' for i in range(parts)]
    return ("".join(out) + f"--{boundary}--\r\n").encode()


@pytest.mark.parametrize("path", ["/documents", "/api/documents", "/glossary/import"])
def test_a_form_of_5000_parts_is_refused_as_too_many_fields(app, path):
    client = login_client(app, "adam")
    body = _multipart(5000)
    assert len(body) < 1_000_000  # far under the upload limit
    r = client.post(path, data=body, content_type="multipart/form-data; boundary=XyZ", headers={"Accept": "application/json"})
    assert r.status_code == 413
    message = _error(r)["message"]
    assert "more than 1,000 fields" in message and "MB limit" not in message, message


def test_a_form_field_over_the_form_memory_limit_is_named_as_such(app):
    client = login_client(app, "adam")
    boundary = "XyZ"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n' + "x" * 600_000 + f"\r\n--{boundary}--\r\n").encode()
    r = client.post("/api/documents", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert r.status_code == 413 and "a form field other than a file is larger than" in _error(r)["message"]


@pytest.mark.parametrize("path", ["/documents", "/api/documents", "/glossary/import", "/api/glossary/import"])
def test_a_50_file_upload_is_refused_not_cut_to_its_first_file(app, project, path):
    client = login_client(app, "adam")
    files = [(io.BytesIO(f"江西扶贫第{i}篇。".encode()), f"a{i}.txt") for i in range(50)]
    before = len(project.documents.list())
    r = client.post(path, data={"file": files}, content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert r.status_code == 400
    e = _error(r)
    assert e["code"] == "too_many_files" and e["files"] == 50 and "upload one file at a time" in e["message"]
    app.extensions["translator.worker"].run_pending()
    assert len(project.documents.list()) == before
    # two files under two field names are as many files
    r = client.post(path, data={"file": (io.BytesIO(b"x"), "a.txt"), "other": (io.BytesIO(b"y"), "b.txt")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert r.status_code == 400 and _error(r)["files"] == 2


def test_the_tsv_glossary_export_neutralises_formulas_as_the_csv_does(app, project):
    adam = login_client(app, "adam")
    rows = [("吉安", "=HYPERLINK(\"http://x\")"), ("江西", "+1"), ("南昌", "-cmd"), ("赣州", "@SUM(A1)"), ("九江", "'quoted")]
    for source, target in rows:
        assert adam.post("/api/glossary", json={"source": source, "target": target}).status_code == 201
    tsv = adam.get("/glossary/export?fmt=tsv&scope=project").data.decode()
    lines = tsv.splitlines()[1:]
    assert [line.split("\t")[1] for line in lines] == ["'" + t for _, t in rows]
    from translator.formats import exporter

    csv = exporter("csv")(project.editable_glossary.terms()).decode()
    assert [line.split(",", 2)[1].strip('"') for line in csv.splitlines()[1:]] == ["'" + t.replace('"', '""') if '"' in t
                                                                                 else "'" + t for _, t in rows]
    # the file reads back exactly, and the terms in effect are the ones entered
    assert [(t.source, t.target) for t in project.editable_glossary.terms()] == rows
    assert project.glossary.terms["吉安"].target == rows[0][1]
