"""Suggestions, memory first: exact matches, fuzzy ones by score, then MT; each with its source, score, who
approved it and when, and a diff; a segment never offers its own approval; what pre-fills the English.
On a real SQLite file and a real PostgreSQL database (the ``project`` fixture)."""

from __future__ import annotations

from helpers.web import login_client, store_document

from translator.prepare.pipeline import prepare_text

SOURCE = "江西扶贫成果显著。"  # segment 1 of the helpers' article


def suggestions_of(client, seg_id):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/segments/{seg_id}")
    assert r.status_code == 200
    return r.get_json()


def fill_memory(project) -> None:  # type: ignore[no-untyped-def]
    m = project.memory
    m.add("江西的扶贫成果十分显著。", "Jiangxi's poverty alleviation results are very striking.", origin="old-1-1", editor="ann",
          provenance={"approved_by": "ann", "document": "old"})
    m.add(SOURCE, "Jiangxi's poverty alleviation achievements are remarkable.", origin="other-1-0", editor="bo",
          provenance={"approved_by": "bo", "document": "other"})
    m.add("江西扶贫成果非常显著。", "Jiangxi's poverty alleviation results are remarkable indeed.", origin="old-2-1", editor="cy")
    m.add("今天天气很好。", "The weather is fine today.", origin="x-1-0", editor="dee")  # not similar: never offered


def test_exact_then_fuzzy_by_score_then_mt_with_source_score_approver_and_diff(app, project, doc_id):
    fill_memory(project)
    tina = login_client(app, "tina")
    seg = tina.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    assert seg["source"] == SOURCE
    data = suggestions_of(tina, seg["id"])
    got = data["suggestions"]
    assert [(s["kind"], s.get("match")) for s in got] == [("memory", "exact"), ("memory", "fuzzy"), ("memory", "fuzzy"), ("mt", None)]
    exact, first, second, mt = got
    assert exact["score"] == 100.0 and exact["source"] == SOURCE and exact["approved_by"] == "bo" and exact["approved_at"]
    assert exact["diff"] == [["equal", SOURCE]]
    assert (first["score"], first["source"]) == (90.0, "江西扶贫成果非常显著。") and first["approved_by"] == "cy"
    assert first["diff"] == [["equal", "江西扶贫成果"], ["delete", "非常"], ["equal", "显著。"]]
    assert 75.0 <= second["score"] < first["score"] and second["source"] == "江西的扶贫成果十分显著。"
    assert second["diff"] == [["equal", "江西"], ["delete", "的"], ["equal", "扶贫成果"], ["delete", "十分"], ["equal", "显著。"]]
    assert mt["target"] == seg["target"] and mt["score"] is None  # the machine's draft comes last
    assert data["prefill"] is None  # the English is the machine's draft, not a word gloss: left as it is


def test_a_segment_never_offers_its_own_approval(app, project, doc_id):
    rita = login_client(app, "rita")
    seg = rita.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    english = "Jiangxi's poverty alleviation has achieved remarkable results."
    r = rita.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": english, "status": "approved"})
    assert r.status_code == 200
    assert project.memory.lookup([SOURCE])[0][0].origin == seg["id"]  # its approval is in the memory ...
    got = suggestions_of(rita, seg["id"])["suggestions"]
    assert not any(s["kind"] == "memory" for s in got)  # ... and never offered to itself as "TM 100%"
    # Another document with the same sentence is offered it, with who approved it.
    other = store_document(project, "另一篇文章\n\n江西扶贫成果显著。", name="other.txt")
    other_seg = rita.get(f"/api/documents/{other}/segments").get_json()["segments"][1]
    [match, _mt] = suggestions_of(rita, other_seg["id"])["suggestions"]
    assert (match["target"], match["score"], match["approved_by"], match["origin"]) == (english, 100.0, "rita", seg["id"])


def test_own_entry_gone_fuzzy_matches_still_come(app, project, doc_id):
    fill_memory(project)
    rita = login_client(app, "rita")
    seg = rita.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    project.memory.add(SOURCE, "Its own approval.", origin=seg["id"], editor="rita")  # replaces bo's exact entry
    got = suggestions_of(rita, seg["id"])["suggestions"]
    assert "Its own approval." not in [s["target"] for s in got]
    assert [s.get("match") for s in got if s["kind"] == "memory"] == ["fuzzy", "fuzzy"]


def test_an_exact_match_prefills_an_empty_english_and_a_memory_match_replaces_a_word_gloss(app, project):
    fill_memory(project)
    empty = store_document(project, translate=False)
    tina = login_client(app, "tina")
    seg = tina.get(f"/api/documents/{empty}/segments").get_json()["segments"][1]
    data = suggestions_of(tina, seg["id"])
    assert data["prefill"] == 0 and data["suggestions"][0]["match"] == "exact"
    # No exact match: the best suggestion (the best fuzzy one).
    doc = prepare_text("标题\n\n江西扶贫成果很显著。", name="fuzzy.txt")
    project.documents.save(doc)
    seg = tina.get(f"/api/documents/{doc.id}/segments").get_json()["segments"][1]
    data = suggestions_of(tina, seg["id"])
    assert data["prefill"] == 0 and data["suggestions"][0]["match"] == "fuzzy"
    # A word-gloss draft nobody edited gives way to the memory.
    doc = prepare_text("标题二\n\n江西扶贫成果显著。", name="gloss.txt")
    for s in doc.segments():
        s.target, s.status, s.provenance = "Jiangxi poverty result notable", "machine", {"engine": "gloss", "kind": "gloss"}
    project.documents.save(doc)
    seg = tina.get(f"/api/documents/{doc.id}/segments").get_json()["segments"][1]
    data = suggestions_of(tina, seg["id"])
    assert data["suggestions"][data["prefill"]]["match"] == "exact"
