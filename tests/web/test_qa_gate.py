"""The QA gate: confirming or approving English with a QA error, or a word-gloss draft, needs a reason;
ignored findings; the QA panel; the document page's count; approved-only exports hold back open errors.
On a real SQLite file and a real PostgreSQL database (the ``project`` fixture), through the app's routes."""

from __future__ import annotations

from helpers.web import login_client
from lxml import html

from translator.prepare.pipeline import prepare_text

# The machine's English "EN 江西扶贫成果显著。" keeps Chinese and lacks both glossary terms: QA errors.
GOOD = "Jiangxi's poverty alleviation has achieved remarkable results."


def store_checked(project, text: str = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。") -> str:
    """Store an article with machine targets ("EN <source>") and their QA findings, as a translation run leaves them."""
    doc = prepare_text(text, name="checked.txt")
    for seg in doc.segments():
        seg.target, seg.status, seg.provenance = f"EN {seg.source}", "machine", {"engine": "fake"}
        seg.qa = project.review.qa_for(seg)
    project.documents.save(doc)
    return doc.id


def segments(client, doc_id):  # type: ignore[no-untyped-def]
    return client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]


def patch(client, seg, **fields):  # type: ignore[no-untyped-def]
    return client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], **fields})


def test_approving_a_segment_with_qa_errors_is_422_until_a_reason_is_given(app, project, doc_id):
    rita = login_client(app, "rita")
    seg = segments(rita, doc_id)[1]
    r = patch(rita, seg, status="approved")
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert error["code"] == "qa_gate" and error["status"] == 422 and "override" in error["message"]
    codes = {f["code"] for f in error["findings"]}
    assert {"untranslated", "glossary_missing"} <= codes
    assert all(f["severity"] == "error" and f["gates"] for f in error["findings"])  # the truncation warning does not gate
    now = segments(rita, doc_id)[1]
    assert (now["status"], now["version"]) == ("machine", seg["version"])  # nothing was written
    assert project.memory.lookup([seg["source"]])[0] == []  # and nothing went into the memory
    # The same body with a reason goes through; the reason is in the revision.
    r = patch(rita, seg, status="approved", override="the client wants the caption as sent")
    assert r.status_code == 200
    assert r.get_json()["segment"]["status"] == "approved"
    history = rita.get(f"/api/segments/{seg['id']}/history").get_json()["revisions"]
    assert history[-1]["new_status"] == "approved"
    assert "QA gate overridden" in history[-1]["note"] and "the client wants the caption as sent" in history[-1]["note"]
    assert "glossary_missing" in history[-1]["note"]
    # A reviewer's override ignores what it overrode, with that reason: the QA panel shows them ignored.
    qa = rita.get(f"/api/documents/{doc_id}/qa").get_json()
    mine = [f for f in qa["findings"] if f["segment_id"] == seg["id"] and f["severity"] == "error"]
    assert mine and all(f["ignored"]["reason"] == "the client wants the caption as sent" and f["ignored"]["by"] == "rita"
                        for f in mine)


def test_a_blank_or_wrong_override_is_refused(app, doc_id):
    rita = login_client(app, "rita")
    seg = segments(rita, doc_id)[1]
    for bad in ("   ", 5, "x" * 2001):
        r = patch(rita, seg, status="approved", override=bad)
        assert r.status_code == 400 and "'override'" in r.get_json()["error"]["message"]
    assert segments(rita, doc_id)[1]["status"] == "machine"


def test_good_english_is_not_gated_and_a_translator_confirming_errors_needs_a_reason_too(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    seg = segments(tina, doc_id)[1]
    r = patch(tina, seg, status="translated")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "qa_gate"
    r = patch(tina, seg, target="Jiangxi did well.", status="translated")  # the term is still missing
    assert r.status_code == 422 and [f["code"] for f in r.get_json()["error"]["findings"]] == ["glossary_missing"]
    saved = patch(tina, seg, target=GOOD, status="translated").get_json()["segment"]
    assert saved["status"] == "translated"
    assert patch(rita, saved, status="approved").status_code == 200  # no error: no gate
    # A translator's override is kept in the revision, but does not ignore the findings for the reviewer.
    other = segments(tina, doc_id)[2]
    r = patch(tina, other, status="translated", override="name of a programme, left in Chinese on purpose")
    assert r.status_code == 200
    qa = rita.get(f"/api/documents/{doc_id}/qa").get_json()
    assert not any(f["ignored"] for f in qa["findings"] if f["segment_id"] == other["id"])
    assert patch(rita, segments(rita, doc_id)[2], status="approved").status_code == 422


def test_a_word_gloss_draft_needs_a_reason_until_someone_edits_it(app, project):
    doc = prepare_text("江西扶贫工作\n\n我们继续努力。", name="gloss.txt")
    for seg in doc.segments():
        seg.target, seg.status = "we continue effort", "machine"
        seg.provenance = {"engine": "gloss", "model": "cc-cedict", "kind": "gloss"}
    project.documents.save(doc)
    rita = login_client(app, "rita")
    seg = segments(rita, doc.id)[1]
    r = patch(rita, seg, status="approved")
    assert r.status_code == 422
    assert [f["code"] for f in r.get_json()["error"]["findings"]] == ["gloss_draft"]
    edited = patch(rita, seg, target="We will keep up our efforts.", status="approved")
    assert edited.status_code == 200 and edited.get_json()["segment"]["status"] == "approved"


def test_ignore_with_reason_stops_a_finding_gating_and_can_be_taken_back(app, doc_id):
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    seg = patch(tina, segments(tina, doc_id)[1], target="Jiangxi did well.").get_json()["segment"]
    [finding] = [q for q in seg["qa"] if q["severity"] == "error"]
    body = {"code": finding["code"], "message": finding["message"], "reason": "the term is implied by the headline"}
    r = tina.post(f"/api/segments/{seg['id']}/qa/ignore", json=body)
    assert r.status_code == 403  # reviewers ignore findings
    assert rita.post(f"/api/segments/{seg['id']}/qa/ignore", json={**body, "reason": ""}).status_code == 400
    r = rita.post(f"/api/segments/{seg['id']}/qa/ignore", json={**body, "message": "not a finding"})
    assert r.status_code == 400 and "no QA finding" in r.get_json()["error"]["message"]
    r = rita.post(f"/api/segments/{seg['id']}/qa/ignore", json=body)
    assert r.status_code == 200 and r.get_json()["finding"]["ignored"]["reason"] == "the term is implied by the headline"
    qa = rita.get(f"/api/documents/{doc_id}/qa").get_json()
    [listed] = [f for f in qa["findings"] if f["segment_id"] == seg["id"] and f["code"] == finding["code"]]
    assert listed["ignored"]["by"] == "rita" and listed["gates"] is False
    # Ignored: confirming no longer needs a reason, and nothing is overridden.
    confirmed = patch(tina, seg, status="translated")
    assert confirmed.status_code == 200
    assert "QA gate" not in tina.get(f"/api/segments/{seg['id']}/history").get_json()["revisions"][-1]["note"]
    # Taken back: it gates again.
    seg = confirmed.get_json()["segment"]
    seg = patch(tina, seg, status="needs_review").get_json()["segment"]
    assert rita.delete(f"/api/segments/{seg['id']}/qa/ignore", json=body).status_code == 200
    assert patch(tina, seg, status="translated").status_code == 422


def test_the_qa_panel_lists_findings_with_links_and_ignores_through_its_form(app, project):
    doc_id = store_checked(project)
    rita = login_client(app, "rita")
    page = rita.get(f"/documents/{doc_id}/qa")
    assert page.status_code == 200
    tree = html.fromstring(page.get_data(as_text=True))
    rows = tree.xpath("//tr[contains(@class, 'finding')]")
    total_errors = sum(1 for s in segments(rita, doc_id) for q in s["qa"] if q["severity"] == "error")
    assert total_errors and len([r for r in rows if "sev-error" in r.get("class")]) == total_errors
    link = rows[0].xpath(".//a[@class='seg-link']")[0].get("href")
    assert link == f"/documents/{doc_id}/review#seg-{rows[0].get('data-segment-id')}"
    assert f"{total_errors} QA errors open" in tree.xpath("//*[@id='qa-summary']")[0].text_content()
    # The document page says how many errors remain, linking to the panel.
    detail = html.fromstring(rita.get(f"/documents/{doc_id}").get_data(as_text=True))
    remaining = detail.xpath("//*[@id='qa-remaining']/a")[0]
    assert remaining.text_content().strip() == f"{total_errors} QA errors remain" and remaining.get("href") == f"/documents/{doc_id}/qa"
    # Ignore the first through the panel's own form (a real form post, as the browser sends it).
    form = rows[0].xpath(".//form[@class='ignore-form']")[0]
    data = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@type='hidden']")}
    r = rita.post(form.get("action"), data={**data, "reason": "a quotation, kept in Chinese"})
    assert r.status_code == 302
    detail = html.fromstring(rita.get(f"/documents/{doc_id}").get_data(as_text=True))
    assert detail.xpath("//*[@id='qa-remaining']/a")[0].text_content().strip() == f"{total_errors - 1} QA errors remain"
    ignored = html.fromstring(rita.get(f"/documents/{doc_id}/qa?show=ignored").get_data(as_text=True))
    assert "a quotation, kept in Chinese" in ignored.xpath("//p[@class='ignored-by']")[0].text_content()
    # A translator sees the panel, without the forms.
    tina = login_client(app, "tina")
    assert not html.fromstring(tina.get(f"/documents/{doc_id}/qa").get_data(as_text=True)).xpath("//form[@class='ignore-form']")
    assert project_predicate(app, doc_id)


def project_predicate(app, doc_id) -> bool:  # type: ignore[no-untyped-def]
    """The one predicate publishing asks."""
    return app.extensions["translator.project"].qa_gate.has_open_errors(doc_id)


def test_the_predicate_and_approved_only_exports_hold_back_open_errors(app, project):
    doc_id = store_checked(project, "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。")
    rita = login_client(app, "rita")
    title, first, second = segments(rita, doc_id)
    assert project.qa_gate.has_open_errors(doc_id)
    patch(rita, title, target="Jiangxi's poverty alleviation work", status="approved")
    patch(rita, second, target="We will keep up our efforts.", status="approved")
    # Approved before the gate existed (written straight to the store): approved, with its QA errors open.
    project.documents.update_segment(first["id"], by="rita", status="approved")
    assert project.qa_gate.has_open_errors(doc_id)
    text = rita.get(f"/documents/{doc_id}/export/txt?approved_only=1").get_data(as_text=True)
    assert text.splitlines()[0] == "Jiangxi's poverty alleviation work"
    assert "\n\nWe will keep up our efforts.\n" in text and "EN 江西" not in text
    assert text.endswith("1 sentence not approved yet (or with a QA error open) is left out.\n")
    page = html.fromstring(rita.get(f"/documents/{doc_id}/export/html?approved_only=1").get_data())
    assert not page.xpath(f"//*[@id='en-{first['id']}']")  # its English is not on the page; its Chinese is
    assert page.xpath(f"//*[@id='zh-{first['id']}']")
    legend = page.xpath("//p[contains(@class, 'legend') and contains(@class, 'left-out')]")[0].text_content()
    assert "or has a QA error open" in legend
    # Ignored with a reason: the segment is published.
    for q in segments(rita, doc_id)[1]["qa"]:
        if q["severity"] == "error":
            assert rita.post(f"/api/segments/{first['id']}/qa/ignore",
                             json={"code": q["code"], "message": q["message"], "reason": "kept as sent"}).status_code == 200
    assert not project.qa_gate.has_open_errors(doc_id)
    text = rita.get(f"/documents/{doc_id}/export/txt?approved_only=1").get_data(as_text=True)
    assert "left out" not in text and "EN 江西扶贫成果显著。 We will keep up our efforts." in text
