"""Find and replace through the API: whole words, match case, a preview that writes nothing, all or nothing, undo.

Through the real app on a real SQLite file (and PostgreSQL, where installed): the
segments' English, versions and revisions are read back from the database.
"""

from __future__ import annotations

from helpers.web import login_client, store_document

from translator.review import MAX_TARGET

TEXT = "The tax on taxes, the taxpayer and taxation; Tax-free, tax."


def segments(client, doc_id):  # type: ignore[no-untyped-def]
    return client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]


def set_targets(client, doc_id, targets):  # type: ignore[no-untyped-def]
    """Give the first segments these English texts (as a person's saves); return the segments after."""
    for seg, target in zip(segments(client, doc_id), targets, strict=False):
        r = client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": target})
        assert r.status_code == 200, r.get_json()
    return segments(client, doc_id)


def replace(client, doc_id, **body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/documents/{doc_id}/replace", json=body)


def history(client, seg_id):  # type: ignore[no-untyped-def]
    return client.get(f"/api/segments/{seg_id}/history").get_json()["revisions"]


def test_whole_word_touches_only_the_word_and_the_preview_writes_nothing(app, doc_id):
    tina = login_client(app, "tina")
    before = set_targets(tina, doc_id, [TEXT, "No match here.", "Taxes only; pretax."])
    r = replace(tina, doc_id, find="tax", replace="levy", whole_word=True, preview=True)
    assert r.status_code == 200
    data = r.get_json()
    assert data["preview"] is True and data["replace_id"] is None and data["changed"] == []
    [change] = data["changes"]
    assert change["segment_id"] == before[0]["id"] and change["number"] == 1 and change["version"] == before[0]["version"]
    assert change["before"] == TEXT
    assert change["after"] == "The levy on taxes, the taxpayer and taxation; levy-free, levy."
    assert change["count"] == 3 and data["replacements"] == 3 and data["segments"] == 1
    assert [change["before"][a:b] for a, b in change["spans_before"]] == ["tax", "Tax", "tax"]
    assert [change["after"][a:b] for a, b in change["spans_after"]] == ["levy"] * 3
    # Nothing was written: same English, same versions, no new revision.
    assert segments(tina, doc_id) == before
    assert len(history(tina, before[0]["id"])) == 2  # the machine's and tina's draft

    r = replace(tina, doc_id, find="tax", replace="levy", whole_word=True)
    data = r.get_json()
    assert r.status_code == 200 and data["preview"] is False and isinstance(data["replace_id"], int)
    [seg] = data["changed"]
    assert seg["target"] == change["after"] and seg["status"] == "needs_review" and seg["version"] == before[0]["version"] + 1
    after = segments(tina, doc_id)
    assert after[0]["target"] == change["after"] and after[1:] == before[1:]
    last = history(tina, seg["id"])[-1]
    assert last["by"] == "tina" and last["note"] == f"replace #{data['replace_id']}: 'tax' → 'levy' (whole word)"


def test_without_whole_word_a_substring_replace_and_match_case(app, doc_id):
    tina = login_client(app, "tina")
    set_targets(tina, doc_id, [TEXT])
    data = replace(tina, doc_id, find="tax", replace="levy", preview=True).get_json()
    assert data["changes"][0]["after"] == "The levy on levyes, the levypayer and levyation; levy-free, levy."
    data = replace(tina, doc_id, find="Tax", replace="Levy", whole_word=True, match_case=True, preview=True).get_json()
    assert data["changes"][0]["after"] == "The tax on taxes, the taxpayer and taxation; Levy-free, tax."
    # "case" is accepted for match case too.
    data = replace(tina, doc_id, find="TAX", replace="x", case=True, preview=True).get_json()
    assert data["changes"] == []


def test_one_segment_over_the_limit_refuses_the_whole_replace(app, doc_id):
    tina = login_client(app, "tina")
    long = "tax " * ((MAX_TARGET - 10) // 4)
    before = set_targets(tina, doc_id, ["tax one", long, "tax three"])
    r = replace(tina, doc_id, find="tax", replace="levy")
    assert r.status_code == 400
    message = r.get_json()["error"]["message"]
    assert f"#2 {before[1]['id']}" in message and "nothing was replaced" in message and before[0]["id"] not in message
    assert segments(tina, doc_id) == before  # the two that fitted were not changed either


def test_a_segment_changed_since_the_preview_refuses_the_whole_replace(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    before = set_targets(tina, doc_id, ["tax one", "tax two", "tax three"])
    preview = replace(tina, doc_id, find="tax", replace="levy", preview=True).get_json()
    versions = {c["segment_id"]: c["version"] for c in preview["changes"]}
    assert len(versions) == 3
    # Someone else saves the second segment meanwhile.
    r = rita.patch(f"/api/segments/{before[1]['id']}", json={"version": before[1]["version"], "target": "tax two, edited"})
    assert r.status_code == 200
    r = replace(tina, doc_id, find="tax", replace="levy", versions=versions)
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert error["code"] == "conflict" and before[1]["id"] in error["message"] and error["current"]["segments"] == [before[1]["id"]]
    now = segments(tina, doc_id)
    assert [s["target"] for s in now[:3]] == ["tax one", "tax two, edited", "tax three"]
    assert now[0]["version"] == before[0]["version"] and now[2]["version"] == before[2]["version"]


def test_approved_segments_are_skipped_for_a_translator(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    before = set_targets(tina, doc_id, ["tax one", "tax two"])
    r = rita.patch(f"/api/segments/{before[1]['id']}", json={"version": before[1]["version"], "status": "approved",
                                                          "override": "placeholder English"})  # (the QA gate)
    assert r.status_code == 200
    data = replace(tina, doc_id, find="tax", replace="levy").get_json()
    assert [s["id"] for s in data["changed"]] == [before[0]["id"]]
    assert data["skipped"] == [{"segment_id": before[1]["id"], "number": 2, "reason": "approved: only a reviewer can change it"}]
    assert segments(tina, doc_id)[1]["target"] == "tax two"
    # A reviewer's replace changes it (and it needs approving again).
    data = replace(rita, doc_id, find="tax", replace="levy").get_json()
    assert [(s["id"], s["status"]) for s in data["changed"]] == [(before[1]["id"], "needs_review")]


def test_undo_puts_every_segment_back_in_one_step(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    before = set_targets(tina, doc_id, ["tax one", "tax two", "tax three"])
    r = rita.patch(f"/api/segments/{before[2]['id']}", json={"version": before[2]["version"], "status": "translated"})
    assert r.status_code == 200
    before = segments(tina, doc_id)
    applied = replace(tina, doc_id, find="tax", replace="levy").get_json()
    assert len(applied["changed"]) == 3
    rid = applied["replace_id"]
    other = login_client(app, "tina")  # the same person, in another browser
    r = other.post(f"/api/documents/{doc_id}/replace/{rid}/undo")
    assert r.status_code == 200, r.get_json()
    undone = r.get_json()
    assert undone["undone"] == rid and len(undone["changed"]) == 3
    now = segments(tina, doc_id)
    for b, n in zip(before, now, strict=True):
        assert (n["target"], n["status"], n["qa"]) == (b["target"], b["status"], b["qa"])
    assert now[2]["status"] == "translated"
    assert history(tina, before[0]["id"])[-1]["note"] == f"undo of replace #{rid}"
    # Undone once: a second undo is refused.
    r = tina.post(f"/api/documents/{doc_id}/replace/{rid}/undo")
    assert r.status_code == 409 and "already undone" in r.get_json()["error"]["message"]


def test_undo_after_a_later_edit_changes_nothing_and_says_which(app, doc_id):
    tina = login_client(app, "tina")
    set_targets(tina, doc_id, ["tax one", "tax two"])
    applied = replace(tina, doc_id, find="tax", replace="levy").get_json()
    second = applied["changed"][1]
    r = tina.patch(f"/api/segments/{second['id']}", json={"version": second["version"], "target": "levy two, edited"})
    assert r.status_code == 200
    r = tina.post(f"/api/documents/{doc_id}/replace/{applied['replace_id']}/undo")
    assert r.status_code == 409 and second["id"] in r.get_json()["error"]["message"]
    assert [s["target"] for s in segments(tina, doc_id)[:2]] == ["levy one", "levy two, edited"]


def test_a_reviewer_may_undo_a_translators_replace_and_bad_requests_are_400(app, project):
    doc_id = store_document(project)
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    set_targets(tina, doc_id, ["tax one"])
    rid = replace(tina, doc_id, find="tax", replace="levy").get_json()["replace_id"]
    assert rita.post(f"/api/documents/{doc_id}/replace/{rid}/undo").status_code == 200
    assert tina.post(f"/api/documents/{doc_id}/replace/99999/undo").status_code == 404
    for body, message in [
        ({"find": "", "replace": "x"}, "'find'"),
        ({"find": "tax", "replace": "x", "whole_word": "yes"}, "'whole_word'"),
        ({"find": "tax", "replace": "x", "preview": 1}, "'preview'"),
        ({"find": "tax", "replace": "x", "segments": "all"}, "'segments'"),
        ({"find": "tax", "replace": "x", "versions": [1]}, "'versions'"),
        ({"find": "tax", "replace": "a\x00b"}, "U+0000"),
        ({"find": "tax", "replace": "x", "colour": "red"}, "unknown field(s) colour"),
    ]:
        r = replace(tina, doc_id, **body)
        assert r.status_code == 400 and message in r.get_json()["error"]["message"], (body, r.get_json())


def test_a_large_replace_answers_first_and_writes_its_qa_right_after(app, project):
    """Above QA_INLINE changed segments the English is written at once; QA follows off the request."""
    from translator import replace as module

    text = "标题\n\n" + "".join(f"第{i}项工作完成。" for i in range(12))
    doc_id = store_document(project, text, name="many.txt")
    tina = login_client(app, "tina")
    ids = [s["id"] for s in segments(tina, doc_id)]
    old = module.QA_INLINE
    module.QA_INLINE = 5
    try:
        data = replace(tina, doc_id, find="EN", replace="English", match_case=True).get_json()
    finally:
        module.QA_INLINE = old
    assert len(data["changed"]) == len(ids) and data["qa_pending"] == len(ids)
    project.review.replacer.wait(60)
    # QA ran on the new English (stored without findings, it still holds Chinese), without a new version.
    for seg in segments(tina, doc_id):
        assert seg["version"] == 2 and any(q["code"] == "untranslated" for q in seg["qa"]), seg
