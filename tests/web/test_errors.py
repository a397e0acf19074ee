"""Library errors at the HTTP edge, by kind: 404, 403, 409, 503 with Retry-After, 502, 400; 500 only for a bug."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.web import login_client, make_app, make_project, make_settings, store_document

from translator import errors as lib
from translator.project import Project


def segments(client: Any, doc_id: str) -> list[dict[str, Any]]:
    return client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]


def error_of(r: Any) -> dict[str, Any]:
    return r.get_json()["error"]


def test_not_found_is_404(app, project, doc_id):
    client = login_client(app, "rita")
    r = client.patch("/api/segments/nope", json={"version": 1, "target": "x"})
    assert r.status_code == 404 and error_of(r)["code"] == "not_found" and "no segment 'nope'" in error_of(r)["message"]
    seg = segments(client, doc_id)[1]
    project.documents.delete(doc_id)
    r = client.get(f"/api/segments/{seg['id']}")
    assert r.status_code == 404 and "deleted" in error_of(r)["message"]
    assert client.get(f"/api/segments/{seg['id']}/history").status_code == 404
    page = client.get("/documents/nope", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.content_type


def test_forbidden_is_403_and_a_translator_cannot_take_back_an_approval(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    seg = segments(tina, doc_id)[1]
    r = tina.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "status": "approved"})
    assert r.status_code == 403 and error_of(r)["code"] == "forbidden"
    approved = rita.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "status": "approved",
                                                           "override": "a caption, kept as sent"}).get_json()["segment"]
    for change in ({"status": "needs_review"}, {"target": "My own English."}):
        r = tina.patch(f"/api/segments/{seg['id']}", json={"version": approved["version"], **change})
        assert r.status_code == 403 and "only a reviewer" in error_of(r)["message"], r.get_json()
    assert segments(tina, doc_id)[1]["status"] == "approved"


def test_conflicts_are_409_with_both_versions(app, doc_id):
    tina, rita, adam = login_client(app, "tina"), login_client(app, "rita"), login_client(app, "adam")
    seg = segments(tina, doc_id)[2]
    assert tina.patch(f"/api/segments/{seg['id']}", json={"version": 1, "target": "First."}).status_code == 200
    r = rita.patch(f"/api/segments/{seg['id']}", json={"version": 1, "target": "Second."})
    assert r.status_code == 409
    e = error_of(r)
    assert e["code"] == "conflict" and e["current"]["target"] == "First." and e["yours"]["target"] == "Second."
    assert adam.post("/api/glossary", json={"source": "鼓点", "target": "drumbeat"}).status_code == 201
    r = adam.post("/api/glossary", json={"source": "鼓点", "target": "again"})
    assert r.status_code == 409 and error_of(r)["code"] == "exists"


def test_bad_input_is_400(app, doc_id):
    rita = login_client(app, "rita")
    seg = segments(rita, doc_id)[1]
    r = rita.patch(f"/api/segments/{seg['id']}", json={"version": 1, "status": "done"})
    assert r.status_code == 400 and error_of(r)["code"] == "invalid" and "unknown status 'done'" in error_of(r)["message"]


def test_a_read_only_database_is_503_with_retry_after(tmp_path):
    writable = make_project(tmp_path)
    doc_id = store_document(writable)
    writable.close()
    project = Project(make_settings(tmp_path), read_only=True)  # e.g. the file's permissions were taken away
    try:
        client = login_client(make_app(project, WARM_UP=False), "rita")
        seg = segments(client, doc_id)[1]  # reading still works
        r = client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": "Cannot be saved."})
        assert r.status_code == 503 and r.headers["Retry-After"].isdigit()
        assert error_of(r)["code"] == "unavailable" and "read-only" in error_of(r)["message"]
        assert segments(client, doc_id)[1]["target"] == seg["target"]
    finally:
        project.close()


def test_a_missing_dictionary_is_503_and_a_failing_engine_502(app, tmp_path, monkeypatch):
    import translator.engines.cedict as cedict
    import translator.engines.gloss as gloss

    client = login_client(app, "rita")
    monkeypatch.setattr(gloss, "_resources", None)
    monkeypatch.setattr(cedict, "cedict_path", lambda: tmp_path / "no-cedict.txt")  # the dictionary file is gone
    r = client.get("/api/lookup?q=扶贫")
    assert r.status_code == 503 and r.headers["Retry-After"].isdigit()
    assert error_of(r)["code"] == "unavailable" and "CC-CEDICT" in error_of(r)["message"]

    def failing(_self: Any, _text: str) -> Any:
        raise lib.EngineError("the engine stopped with an error; see the server log")

    monkeypatch.setattr("translator.review.Review.lookup", failing)
    r = client.get("/api/lookup?q=扶贫")
    assert r.status_code == 502 and error_of(r)["code"] == "engine_failed"


def test_only_a_real_bug_is_500(project, monkeypatch, caplog):
    app = make_app(project, TESTING=False, WARM_UP=False)
    client = login_client(app, "rita")

    def bug(_self: Any, _text: str) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("translator.review.Review.lookup", bug)
    r = client.get("/api/lookup?q=扶贫")
    assert r.status_code == 500 and error_of(r) == {"status": 500, "code": "internal",
                                                    "message": "internal error; the server log has the details"}
    assert "ZeroDivisionError" in caplog.text


@pytest.mark.parametrize(("error", "status"), [
    (lib.NotFoundError("x"), 404), (lib.ForbiddenError("x"), 403), (lib.ConflictError("x"), 409),
    (lib.AlreadyExists("x"), 409), (lib.StoreBusyError("x"), 503), (lib.StoreError("x"), 400),
    (lib.EngineUnavailable("x"), 503), (lib.ModelError("x"), 503), (lib.EngineError("x"), 502),
    (lib.InvalidInput("x"), 400), (lib.GlossaryError("x"), 400), (lib.TranslatorError("x"), 400),
])
def test_the_status_of_every_kind_is_declared_once(error, status):
    from webapp.errors import status_of

    assert status_of(error)[0] == status


@pytest.mark.parametrize("payload", [
    b"[" * 100_000 + b"]" * 100_000,  # deeper than any parser allows
    b'{"version": 1, "target": "' + b"[" * 100 + b'", "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
])
def test_json_bodies_nested_too_deep_are_400(project, doc_id, payload):
    client = login_client(make_app(project), "tina")
    seg = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][0]
    r = client.patch(f"/api/segments/{seg['id']}", data=payload, content_type="application/json")
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid", r.get_data(as_text=True)[:200]


@pytest.mark.parametrize("target", ["\\ud800x", "a\\u0000b", "esc \\u001b[31m"])
def test_targets_that_are_not_text_are_400_and_nothing_is_saved(project, doc_id, target):
    client = login_client(make_app(project), "tina")
    seg = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][0]
    body = '{"version": ' + str(seg["version"]) + ', "target": "' + target + '"}'  # raw JSON: the escapes reach the parser
    r = client.patch(f"/api/segments/{seg['id']}", data=body, content_type="application/json")
    assert r.status_code == 400, r.get_data(as_text=True)
    assert "surrogate" in r.get_json()["error"]["message"] or "U+00" in r.get_json()["error"]["message"]
    after = client.get(f"/api/segments/{seg['id']}").get_json()["segment"]
    assert (after["target"], after["version"]) == (seg["target"], seg["version"])
