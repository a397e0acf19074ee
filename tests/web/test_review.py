"""The review page and segment edits: statuses, QA on save, memory on approval, conflicts, restarts, history, XSS."""

from __future__ import annotations

import json
import re

from helpers.web import login_client, make_app, make_project, store_document
from lxml import etree, html

from translator.store.documents import Documents
from translator.store.memory import Memory
from translator.vocabulary import vocabulary_json


def segments(client, doc_id):  # type: ignore[no-untyped-def]
    return client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]


def patch(client, seg, **fields):  # type: ignore[no-untyped-def]
    return client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], **fields})


def test_review_page_rows_terms_and_qa(app, doc_id):
    client = login_client(app, "tina")
    page = client.get(f"/documents/{doc_id}/review").get_data(as_text=True)
    tree = html.fromstring(page)
    rows = tree.xpath("//li[contains(@class, 'seg')]")
    assert [r.get("data-segment-id") for r in rows] == [s["id"] for s in segments(client, doc_id)]
    assert {r.get("data-status") for r in rows} == {"machine"}
    assert all(r.xpath(".//textarea") and r.get("data-version") == "1" for r in rows)
    # 江西 and 扶贫 are shipped glossary terms: marked in the source with their required English.
    marks = rows[1].xpath(".//mark[contains(@class, 'term')]")
    assert [m.text for m in marks] == ["江西", "扶贫"] and marks[1].get("title").startswith("poverty alleviation")
    assert "poverty alleviation" in rows[1].xpath(".//ul[@class='terms']")[0].text_content()
    assert tree.xpath("//*[@id='progress']//*[local-name()='rect'][@data-status='machine']")


def test_a_draft_a_confirmation_and_an_approval(app, project, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    seg = segments(tina, doc_id)[1]
    # Autosave: the English changes, nobody confirmed it yet; QA runs on the new English.
    r = patch(tina, seg, target="Jiangxi has achieved a lot.")
    saved = r.get_json()["segment"]
    assert r.status_code == 200 and saved["status"] == "needs_review" and saved["version"] == 2
    assert any(q["code"] == "glossary_missing" and "poverty alleviation" in q["message"] for q in saved["qa"])
    r = patch(tina, saved, target="Jiangxi's poverty alleviation has achieved a lot.", status="translated")
    saved = r.get_json()["segment"]
    assert saved["status"] == "translated" and not any(q["code"] == "glossary_missing" for q in saved["qa"])
    # The reviewer approves: the segment goes into the memory, with who approved it.
    saved = patch(rita, saved, status="approved").get_json()["segment"]
    assert saved["status"] == "approved" and saved["updated_by"] == "rita"
    [[match]] = Memory(project.store).lookup([seg["source"]])
    assert (match.target, match.score, match.editor) == ("Jiangxi's poverty alleviation has achieved a lot.", 100.0, "rita")
    prov = Documents(project.store).get(doc_id).blocks[0].segments[0].provenance
    assert prov["editor"] == "tina" and prov["reviewer"] == "rita"
    # Rejecting needs a comment; the comment is in the history.
    assert patch(rita, saved, status="rejected").status_code == 400
    saved = patch(rita, saved, status="rejected", note="Too free; keep 'remarkable'.").get_json()["segment"]
    history = rita.get(f"/api/segments/{seg['id']}/history").get_json()["revisions"]
    assert [h["by"] for h in history] == ["machine", "tina", "tina", "rita", "rita"]
    assert history[-1]["note"] == "Too free; keep 'remarkable'." and history[-1]["new_status"] == "rejected"


def test_bad_edits_are_refused_with_one_message(app, doc_id):
    client = login_client(app, "rita")
    seg = segments(client, doc_id)[1]
    for body, message in [
        ({"target": "x"}, "'version'"),
        ({"version": "1", "target": "x"}, "'version'"),
        ({"version": 1, "target": 5}, "'target' must be a string"),
        ({"version": 1, "status": "done"}, "unknown status 'done'"),
        ({"version": 1, "status": "approved", "target": "  "}, "cannot be approved"),
        ({"version": 1, "colour": "red"}, "unknown field(s) colour"),
        ({"version": 1, "target": "x" * 20_001}, "longer than 20,000"),
    ]:
        r = client.patch(f"/api/segments/{seg['id']}", json=body)
        assert r.status_code == 400 and message in r.get_json()["error"]["message"], (body, r.get_json())
    r = client.patch(f"/api/segments/{seg['id']}", data="not json", content_type="text/plain")
    assert r.status_code == 400 and "JSON object" in r.get_json()["error"]["message"]
    assert client.patch("/api/segments/nope", json={"version": 1, "target": "x"}).status_code == 404


def test_two_edits_from_one_version_the_second_gets_409_with_both(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    seg = segments(tina, doc_id)[1]  # both opened version 1
    assert patch(tina, seg, target="Tina's English.").status_code == 200
    r = patch(rita, seg, target="Rita's Jiangxi poverty alleviation.", status="approved")
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert error["code"] == "conflict" and "changed since version 1" in error["message"]
    assert error["current"]["target"] == "Tina's English." and error["current"]["version"] == 2
    assert error["current"]["updated_by"] == "tina"
    assert error["yours"] == {"target": "Rita's Jiangxi poverty alleviation.", "status": "approved", "version": 1}
    assert segments(tina, doc_id)[1]["target"] == "Tina's English."  # nothing was overwritten
    # Keeping hers is a new edit from the version she has now seen.
    r = rita.patch(f"/api/segments/{seg['id']}", json={"version": 2, "target": "Rita's Jiangxi poverty alleviation.",
                                                        "status": "approved"})
    assert r.status_code == 200 and r.get_json()["segment"]["version"] == 3


def test_a_saved_edit_survives_a_restart(tmp_path):
    project = make_project(tmp_path)
    doc_id = store_document(project)
    client = login_client(make_app(project), "tina")
    seg = segments(client, doc_id)[2]
    assert patch(client, seg, target="Saved before the restart.", status="translated").status_code == 200
    project.close()
    # A new process: a new project and app on the same database file.
    again = make_project(tmp_path)
    client = login_client(make_app(again), "tina")
    row = segments(client, doc_id)[2]
    assert (row["target"], row["status"], row["version"]) == ("Saved before the restart.", "translated", 2)
    page = client.get(f"/documents/{doc_id}/review").get_data(as_text=True)
    assert "Saved before the restart." in page
    again.close()


def test_history_and_revert(app, doc_id):
    client = login_client(app, "tina")
    seg = segments(client, doc_id)[1]
    first = patch(client, seg, target="First try.").get_json()["segment"]
    second = patch(client, first, target="Jiangxi's poverty alleviation, second try.", status="translated").get_json()["segment"]
    history = client.get(f"/api/segments/{seg['id']}/history").get_json()["revisions"]
    machine = history[0]
    assert machine["by"] == "machine" and machine["new_target"] == seg["target"]
    r = client.post(f"/api/segments/{seg['id']}/revert", json={"revision": machine["id"], "version": second["version"]})
    back = r.get_json()["segment"]
    assert back["target"] == seg["target"] and back["status"] == "needs_review"
    r = client.post(f"/api/segments/{seg['id']}/revert", json={"revision": machine["id"], "version": second["version"]})
    assert r.status_code == 409  # stale version
    assert client.post(f"/api/segments/{seg['id']}/revert", json={"revision": 99999, "version": back["version"]}).status_code == 404


def test_find_and_replace_across_targets(app, doc_id):
    client = login_client(app, "tina")
    r = client.post(f"/api/documents/{doc_id}/replace", json={"find": "en ", "replace": "English: "})
    changed = r.get_json()["changed"]
    assert len(changed) == 4 and all(s["target"].startswith("English: ") and s["status"] == "needs_review" for s in changed)
    r = client.post(f"/api/documents/{doc_id}/replace", json={"find": "English", "replace": "EN", "match_case": True,
                                                               "segments": [changed[0]["id"]]})
    assert [s["id"] for s in r.get_json()["changed"]] == [changed[0]["id"]]
    assert client.post(f"/api/documents/{doc_id}/replace", json={"find": ""}).status_code == 400


def test_suggestions_terms_and_dictionary(app, project, doc_id):
    client = login_client(app, "rita")
    segs = segments(client, doc_id)
    Memory(project.store).add(segs[1]["source"], "From the memory.", editor="someone")
    data = client.get(f"/api/segments/{segs[1]['id']}").get_json()
    kinds = [(s["kind"], s["target"]) for s in data["suggestions"]]
    assert kinds == [("memory", "From the memory."), ("mt", segs[1]["target"])]
    assert ("扶贫", "poverty alleviation") in [(t["source"], t["target"]) for t in data["terms"]]
    found = client.get("/api/lookup?q=扶贫").get_json()
    assert found["entries"][0]["word"] == "扶贫" and "poverty alleviation" in found["entries"][0]["senses"][0]["definitions"]
    assert found["terms"][0]["target"] == "poverty alleviation"
    words = [e["word"] for e in client.get("/api/lookup?q=江西扶贫成果").get_json()["entries"]]
    assert words == ["江西", "扶贫", "成果"]  # no headword: the longest ones inside it
    # Pinyin with tone marks; CC-CEDICT's senses listed once (策 has "variant of 策[ce4]" twice, about itself).
    [entry] = client.get("/api/lookup?q=精准").get_json()["entries"]
    assert entry["senses"][0]["pinyin"] == "jīng zhǔn"
    [entry] = client.get("/api/lookup?q=策").get_json()["entries"]
    assert [s["pinyin"] for s in entry["senses"]] == ["Cè", "cè"]
    definitions = [d for s in entry["senses"] for d in s["definitions"]]
    assert "policy" in definitions and len(definitions) == len(set(definitions))
    assert not [d for d in definitions if "variant of 策" in d or any(c.isdigit() for c in d)]


XSS_SOURCE = '标题<script>alert("s")</script>\n\n正文<img src=x onerror=alert("i")>有图。第二句。'


def test_markup_in_sources_and_targets_is_inert_on_the_page_and_in_exports(app, project):
    doc_id = store_document(project, XSS_SOURCE, name="<b>evil</b>.txt")
    client = login_client(app, "rita")
    seg = segments(client, doc_id)[1]
    patch(client, seg, target='Caption <img src=x onerror=alert("t")> and </textarea><script>alert("t")</script>', status="approved")
    pages = [client.get(p).get_data(as_text=True) for p in ("/", f"/documents/{doc_id}", f"/documents/{doc_id}/review")]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>evil" not in page
        tree = html.fromstring(page)
        scripts = list(tree.iter("script"))
        code = [s for s in scripts if s.get("type") != "application/json"]
        assert code and all(s.get("src") and not (s.text or "").strip() for s in code)  # only our own files run
        data = [s for s in scripts if s.get("type") == "application/json"]  # the page's one data block
        assert [s.get("id") for s in data] == ["vocabulary"] and json.loads(data[0].text) == vocabulary_json()
        assert not tree.xpath("//img") and not any(k.startswith("on") for el in tree.iter() for k in el.attrib)
    review = pages[2]
    assert "&lt;script&gt;alert" in review and "&lt;/textarea&gt;&lt;script&gt;" in review
    for fmt in ("html", "xliff", "xliff12", "tmx", "json", "txt"):
        r = client.get(f"/documents/{doc_id}/export/{fmt}")
        assert r.headers["Content-Disposition"].startswith("attachment;")  # downloaded, never rendered by the app
        assert r.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        data = r.data
        if fmt == "html":
            tree = html.fromstring(data)
            scripts = [s for s in tree.iter("script")]
            assert all("alert" not in (s.text or "") for s in scripts) and not tree.xpath("//img")
            assert '<img src=x onerror=alert("i")>' in tree.text_content()
        elif fmt in ("xliff", "xliff12", "tmx"):
            root = etree.fromstring(data)
            assert not [el for el in root.iter() if isinstance(el.tag, str) and re.search(r"(script|img)$", el.tag)]
            assert b"&lt;script&gt;" in data
        else:  # plain text and JSON carry the text as it is, as data, never as a page
            assert r.mimetype in ("text/plain", "application/json")
