"""Comments, assignments, stages and "My work" through the review app (Flask's test client, SQLite and PostgreSQL).

The JSON routes (GET/POST /api/segments/ID/comments, POST /api/comments/ID/resolve,
GET/PUT /api/documents/ID/assignment, POST /api/documents/ID/stage, GET /api/work),
the forms on the document page, and what the pages show: the stage and the
assignees in the list and on the document page, My work's counts, the comments
embedded in the review page (a rejection's note on the translator's row).
"""

from __future__ import annotations

import pytest
from helpers.web import ENGLISH, login_client, store_document
from lxml import html


@pytest.fixture
def doc_id(project):  # English the QA gate lets through: the workflow, not the gate, is under test here
    return store_document(project, english=ENGLISH)


def segments(client, doc_id):  # type: ignore[no-untyped-def]
    return client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]


def patch(client, seg, **fields):  # type: ignore[no-untyped-def]
    return client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], **fields})


def test_comments_thread_resolve_and_permissions(app, doc_id):
    tina, rita, adam = login_client(app, "tina"), login_client(app, "rita"), login_client(app, "adam")
    seg = segments(tina, doc_id)[1]
    url = f"/api/segments/{seg['id']}/comments"
    assert tina.get(url).get_json() == {"threads": []}
    r = tina.post(url, json={"body": "Is 显著 <b>remarkable</b>?"})
    assert r.status_code == 201
    first = r.get_json()["comment"]
    assert (first["author"], first["kind"], first["body"]) == ("tina", "comment", "Is 显著 <b>remarkable</b>?")
    r = rita.post(url, json={"body": "Yes.", "parent": first["id"]})
    [thread] = r.get_json()["threads"]
    assert [c["body"] for c in thread["replies"]] == ["Yes."] and thread["replies"][0]["author"] == "rita"
    # Every role sees it.
    assert adam.get(url).get_json()["threads"][0]["id"] == first["id"]
    # A reviewer's own thread: the translator may not resolve it; its author, another reviewer, an admin may.
    other = rita.post(url, json={"body": "Check the number."}).get_json()["comment"]
    r = tina.post(f"/api/comments/{other['id']}/resolve", json={"resolved": True})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
    r = tina.post(f"/api/comments/{first['id']}/resolve", json={})
    assert r.status_code == 200 and r.get_json()["thread"]["resolved_by"] == "tina"
    r = adam.post(f"/api/comments/{first['id']}/resolve", json={"resolved": False})
    assert r.get_json()["thread"]["resolved"] is False
    for body, status in [({"body": ""}, 400), ({"body": "x", "colour": 1}, 400), ({"body": "x", "parent": 10**9}, 404)]:
        assert tina.post(url, json=body).status_code == status, body
    assert tina.post(f"/api/comments/{10**9}/resolve", json={}).status_code == 404
    assert tina.post(f"/api/comments/{first['id']}/resolve", json={"resolved": "yes"}).status_code == 400
    assert tina.get("/api/segments/nope-1-0/comments").status_code == 404
    # The document's comments, by segment.
    by_segment = tina.get(f"/api/documents/{doc_id}/comments").get_json()["segments"]
    assert list(by_segment) == [seg["id"]] and len(by_segment[seg["id"]]) == 2


def test_a_rejection_note_is_a_comment_the_translator_sees_on_the_row(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    seg = segments(rita, doc_id)[1]
    r = patch(rita, seg, status="rejected", note="Use 'poverty alleviation' <as the glossary says>.")
    assert r.status_code == 200
    [thread] = tina.get(f"/api/segments/{seg['id']}/comments").get_json()["threads"]
    history = tina.get(f"/api/segments/{seg['id']}/history").get_json()["revisions"]
    assert (thread["kind"], thread["author"], thread["revision_id"]) == ("rejection", "rita", history[-1]["id"])
    # The review page's comments.js reads the document's threads (and draws them with textContent only).
    by_segment = tina.get(f"/api/documents/{doc_id}/comments").get_json()["segments"]
    assert by_segment[seg["id"]][0]["body"] == "Use 'poverty alleviation' <as the glossary says>."
    page = tina.get(f"/documents/{doc_id}/review").get_data(as_text=True)
    assert any(src.endswith("js/comments.js") for src in html.fromstring(page).xpath("//script[@type='module']/@src"))


def test_assignment_rules_and_stages_through_the_api(app, project, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    url = f"/api/documents/{doc_id}/assignment"
    got = tina.get(url).get_json()
    assert got["assignment"]["stage"] == "translation" and got["assignment"]["translator"] is None
    assert got["confirm_status"] == "translated"
    r = tina.put(url, json={"translator": "tina"})
    assert r.status_code == 403 and "reviewer role" in r.get_json()["error"]["message"]
    r = rita.put(url, json={"translator": "tina", "reviewer": "tina"})
    assert r.status_code == 400
    r = rita.put(url, json={"translator": "tina", "reviewer": "rita"})
    assert r.status_code == 200 and r.get_json()["assignment"]["reviewer"] == "rita"
    # The translator hands over only when every segment is translated.
    [move] = tina.get(url).get_json()["moves"]
    assert move["to"] == "review" and move["blocked"].endswith("not approved or translated yet")
    r = tina.post(f"/api/documents/{doc_id}/stage", json={"stage": "review"})
    assert r.status_code == 409
    for seg in segments(tina, doc_id):
        assert patch(tina, seg, status="translated").status_code == 200
    r = tina.post(f"/api/documents/{doc_id}/stage", json={"stage": "review"})
    assert r.status_code == 200 and r.get_json()["assignment"]["stage"] == "review"
    # The reviewer sends it back; a translator may not.
    assert tina.post(f"/api/documents/{doc_id}/stage", json={"stage": "translation"}).status_code == 403
    assert rita.post(f"/api/documents/{doc_id}/stage", json={"stage": "translation"}).get_json()["assignment"]["stage"] == "translation"
    assert rita.post(f"/api/documents/{doc_id}/stage", json={"stage": "done"}).status_code == 400
    assert tina.get("/api/documents/nope/assignment").status_code == 404


def test_my_work_api_and_page_with_counts(app, project, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    assert tina.get("/api/work").get_json() == {"work": []}
    assert "Nothing is assigned to you" in tina.get("/work").get_data(as_text=True)
    rita.put(f"/api/documents/{doc_id}/assignment", json={"translator": "tina", "reviewer": "rita"})
    segs = segments(tina, doc_id)
    patch(tina, segs[0], status="translated")
    patch(rita, segs[1], status="rejected", note="Redo.")
    [item] = tina.get("/api/work").get_json()["work"]
    assert (item["document"]["id"], item["steps"], item["stage"], item["total"]) == (doc_id, ["translator"], "translation", len(segs))
    assert (item["left"], item["rejected"], item["open_comments"], item["your_turn"]) == (len(segs) - 1, 1, 1, True)
    page = html.fromstring(tina.get("/work").get_data(as_text=True))
    [row] = page.xpath(f"//table[contains(@class, 'work')]//tr[@data-document-id='{doc_id}']")
    assert row.get("data-stage") == "translation" and "your-turn" in row.get("class")
    assert [row.xpath(f".//td[contains(@class, '{c}')]")[0].text_content().strip() for c in ("total", "left", "rejected", "comments")] == [
        str(len(segs)), str(len(segs) - 1), "1", "1"]
    [item] = rita.get("/api/work").get_json()["work"]
    assert (item["steps"], item["left"], item["your_turn"]) == (["reviewer"], len(segs), False)
    # The nav links to it.
    assert page.xpath("//nav//a[@href='/work']")


def test_the_list_and_the_document_page_show_stage_and_assignees(app, project, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    other = store_document(project, "另一篇\n\n今天很好。", name="other.txt", english=ENGLISH)
    page = html.fromstring(rita.get("/").get_data(as_text=True))
    row = page.xpath(f"//tr[@data-document-id='{doc_id}']")[0]
    assert row.xpath(".//span[contains(@class, 'stage')]")[0].text == "translation"
    # The reviewer assigns on the document page's form.
    detail = html.fromstring(rita.get(f"/documents/{doc_id}").get_data(as_text=True))
    form = detail.xpath("//form[contains(@class, 'assign')]")[0]
    assert form.get("action") == f"/documents/{doc_id}/assign"
    assert {o.get("value") for o in form.xpath(".//select[@name='reviewer']/option")} == {"", "rita", "adam"}
    assert {o.get("value") for o in form.xpath(".//select[@name='translator']/option")} == {"", "tina", "rita", "adam"}
    r = rita.post(f"/documents/{doc_id}/assign", data={"translator": "tina", "reviewer": "rita"})
    assert r.status_code == 302
    detail = rita.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "Assigned (translator: tina, reviewer: rita)." in detail
    tree = html.fromstring(detail)
    assert [a.text_content() for a in tree.xpath("//section[contains(@class, 'workflow')]//span[@class='assignee']")] == [
        "Translator: tina", "Reviewer: rita"]
    # The translator sees no assignment form; a refused assignment is a message, not an error page.
    assert not html.fromstring(tina.get(f"/documents/{doc_id}").get_data(as_text=True)).xpath("//form[contains(@class, 'assign')]")
    r = tina.post(f"/documents/{doc_id}/assign", data={"translator": "tina"}, follow_redirects=True)
    assert "assigning documents needs the reviewer role" in r.get_data(as_text=True)
    page = html.fromstring(rita.get("/").get_data(as_text=True))
    row = page.xpath(f"//tr[@data-document-id='{doc_id}']")[0]
    assert [s.text_content() for s in row.xpath(".//div[contains(@class, 'assignees')]/span")] == ["translator: tina", "reviewer: rita"]
    assert page.xpath(f"//tr[@data-document-id='{other}']//div[contains(@class, 'assignees')]/span")[0].text_content() == "translator: —"
    # The stage form: the hand-over button is disabled until every segment is translated, then moves it.
    review = html.fromstring(tina.get(f"/documents/{doc_id}/review").get_data(as_text=True))
    [button] = review.xpath("//section[contains(@class, 'workflow')]//button[@data-move='review']")
    assert button.get("disabled") is not None and button.text == "Hand over to review"
    assert review.xpath("//section[contains(@class, 'workflow')]/@data-confirm-status") == ["translated"]
    for seg in segments(tina, doc_id):
        patch(tina, seg, status="translated")
    r = tina.post(f"/documents/{doc_id}/stage", data={"stage": "review", "next": "review"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/documents/{doc_id}/review")
    assert project.workflow.assignment(doc_id).stage == "review"
    review = html.fromstring(rita.get(f"/documents/{doc_id}/review").get_data(as_text=True))
    assert review.xpath("//section[contains(@class, 'workflow')]/@data-confirm-status") == ["approved"]
    assert review.xpath("//section[contains(@class, 'workflow')]//span[contains(@class, 'stage')]")[0].text == "review"


def test_writes_need_the_csrf_token(csrf_app, doc_id):
    from helpers.web import AuthActions

    client = csrf_app.test_client()
    AuthActions(client).login("rita")
    seg = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][0]
    for path, body in [(f"/api/segments/{seg['id']}/comments", {"body": "x"}), (f"/api/documents/{doc_id}/stage", {"stage": "review"})]:
        r = client.post(path, json=body)
        assert r.status_code == 400 and r.get_json()["error"]["code"] == "csrf"
    assert client.put(f"/api/documents/{doc_id}/assignment", json={"translator": "tina"}).status_code == 400
    assert client.post(f"/documents/{doc_id}/assign", data={"translator": "tina"}).status_code == 400


def test_a_reviewer_who_translates_a_document_confirms_as_its_translator(app, project, doc_id):
    rita, adam = login_client(app, "rita"), login_client(app, "adam")
    adam.put(f"/api/documents/{doc_id}/assignment", json={"translator": "rita", "reviewer": "adam"})
    page = html.fromstring(rita.get(f"/documents/{doc_id}/review").get_data(as_text=True))
    assert page.xpath("//section[contains(@class, 'workflow')]/@data-confirm-status") == ["translated"]
    tools = page.xpath("//template[@id='tools-template']")[0]
    primary = html.fromstring(html.tostring(tools)).xpath("//button[contains(@class, 'primary')]")  # a <template>'s content
    assert [b.get("data-act") for b in primary] == ["translated"] and primary[0].xpath(".//kbd")
    page = html.fromstring(adam.get(f"/documents/{doc_id}/review").get_data(as_text=True))
    assert page.xpath("//section[contains(@class, 'workflow')]/@data-confirm-status") == ["approved"]
