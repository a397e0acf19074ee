"""The glossary page: search, add, edit, delete, import and export (TSV, TBX); changes apply at once."""

from __future__ import annotations

import io

from helpers.web import login_client, store_document

from translator.store.glossary import Glossary


def test_search_shows_shipped_terms(app):
    client = login_client(app, "tina")
    page = client.get("/glossary?q=扶贫").get_data(as_text=True)
    assert "poverty alleviation" in page and "policy.tsv" in page
    data = client.get("/api/glossary?q=poverty alleviation").get_json()
    assert data["total"] >= 1 and all("poverty alleviation" in (t["target"] + t["note"]).lower() for t in data["terms"])
    assert "No entry matches" in client.get("/glossary?q=zzzz-nothing").get_data(as_text=True)


def test_add_edit_delete_and_the_highlight_follows(app, project, tmp_path):
    doc_id = store_document(project, "标题\n\n鼓点催人奋进。")
    rita, adam = login_client(app, "rita"), login_client(app, "adam")
    assert "鼓点</mark>" not in rita.get(f"/documents/{doc_id}/review").get_data(as_text=True)
    r = rita.post("/glossary/add", data={"source": "鼓点", "target": "distinctive industries", "note": "house style"})
    assert r.status_code == 302
    assert (tmp_path / "glossary.tsv").read_text(encoding="utf-8") == (
        "source\ttarget\tnote\tkind\n鼓点\tdistinctive industries\thouse style\tterm\n"
    )
    assert "鼓点</mark>" in rita.get(f"/documents/{doc_id}/review").get_data(as_text=True)
    assert project.glossary.terms["鼓点"].target == "distinctive industries"  # translations use it too
    assert rita.post("/glossary/add", data={"source": "鼓点", "target": "again"}).status_code == 409
    assert rita.post("/glossary/edit", data={"old_source": "鼓点", "source": "鼓点", "target": "x"}).status_code == 403
    r = adam.post("/glossary/edit", data={"old_source": "鼓点", "old_kind": "term", "source": "鼓点",
                                          "target": "signature industries", "kind": "term"})
    assert r.status_code == 302 and project.glossary.terms["鼓点"].target == "signature industries"
    # The API: a forbidden rendering, edited and deleted by its key.
    r = adam.post("/api/glossary", json={"source": "扶贫", "target": "poverty relief", "kind": "forbidden"})
    assert r.status_code == 201
    key = {"source": "扶贫", "kind": "forbidden", "target": "poverty relief"}
    assert adam.put("/api/glossary", json={"old": key, "source": "扶贫", "target": "relief of poverty", "kind": "forbidden"}).status_code == 200
    assert adam.delete("/api/glossary", json={"old": {**key, "target": "relief of poverty"}}).status_code == 200
    assert adam.post("/glossary/delete", data={"old_source": "鼓点", "old_kind": "term"}).status_code == 302
    assert "鼓点" not in project.glossary.terms
    assert adam.post("/glossary/delete", data={"old_source": "鼓点", "old_kind": "term"}).status_code == 404


def test_entries_that_would_break_the_glossary_are_refused(app):
    rita = login_client(app, "rita")
    for data, message in [
        ({"source": "扶贫", "target": "poverty\talleviation"}, "tab or line break"),
        ({"source": "", "target": "x"}, "needs a source"),
        ({"source": "扶贫", "target": "x", "kind": "synonym"}, "not one of term, dnt, forbidden"),
        ({"source": "扶贫", "target": "Poverty Alleviation", "kind": "forbidden"}, "same target as a term and as a forbidden"),
    ]:
        r = rita.post("/api/glossary", json=data)
        assert r.status_code == 400 and message in r.get_json()["error"]["message"], (data, r.get_json())
    assert login_client(app, "tina").post("/api/glossary", json={"source": "一", "target": "one"}).status_code == 403


def test_import_and_export_tsv_and_tbx(app, project, tmp_path):
    adam = login_client(app, "adam")
    tsv = "source\ttarget\tnote\tkind\n赣南\tsouthern Jiangxi\tregion\tterm\n脐橙\tnavel oranges\t\tterm\n"
    r = adam.post("/glossary/import", data={"file": (io.BytesIO(tsv.encode()), "house.tsv")}, content_type="multipart/form-data")
    assert r.status_code == 302
    exported = adam.get("/glossary/export?fmt=tsv&scope=project")
    assert exported.data.decode() == tsv and "attachment" in exported.headers["Content-Disposition"]
    tbx = adam.get("/glossary/export?fmt=tbx&scope=project").data
    assert b"<martif" in tbx and b"navel oranges" in tbx
    # TBX back in, into an empty glossary file: the same terms.
    (tmp_path / "glossary.tsv").unlink()
    r = adam.post("/api/glossary/import", data={"file": (io.BytesIO(tbx), "house.tbx")}, content_type="multipart/form-data")
    assert r.get_json() == {"added": 2, "replaced": 0}
    g = Glossary.load([tmp_path / "glossary.tsv"], shipped=False)
    assert {s: t.target for s, t in g.terms.items()} == {"赣南": "southern Jiangxi", "脐橙": "navel oranges"}
    r = adam.post("/api/glossary/import", data={"file": (io.BytesIO(b"\xff\xfe junk"), "bad.tsv")}, content_type="multipart/form-data")
    assert r.status_code == 400 and "not UTF-8" in r.get_json()["error"]["message"]
    r = adam.post("/api/glossary/import", data={"file": (io.BytesIO(b"x"), "terms.docx")}, content_type="multipart/form-data")
    assert r.status_code == 400
    assert adam.get("/glossary/export?fmt=tbx&scope=all").status_code == 200
    rita = login_client(app, "rita")
    assert rita.post("/glossary/import", data={"file": (io.BytesIO(tsv.encode()), "h.tsv")}, content_type="multipart/form-data").status_code == 403
