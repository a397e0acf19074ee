"""Concordance: GET /api/concordance searches the memory and every document's approved segments, in Chinese or
in English (whole words), bounded and ranked.  On a real SQLite file and a
real PostgreSQL database (the ``project`` fixture)."""

from __future__ import annotations

from helpers.web import login_client, store_document

from translator.store.concordance import MAX_LIMIT


def hits(client, q, **params):  # type: ignore[no-untyped-def]
    r = client.get("/api/concordance", query_string={"q": q, **params})
    assert r.status_code == 200, r.get_json()
    return r.get_json()["hits"]


def fill(project) -> None:  # type: ignore[no-untyped-def]
    m = project.memory
    m.add("坚持精准施策。", "Adhere to targeted policies.", origin="a-1-0", editor="ann")
    m.add("各地精准施策，扶贫成果显著提升，群众收入稳步增长。", "Targeted measures everywhere raised results and incomes.",
          origin="a-1-1", editor="ann")
    m.add("减税降费。", "Cut taxes and fees.", origin="b-1-0", editor="bo")
    m.add("企业所得税。", "Corporate income tax.", origin="b-1-1", editor="bo")
    m.add("税收制度改革。", "Reform of the taxation system.", origin="b-1-2", editor="bo")
    m.add("纳税人权益。", "The rights of the taxpayer.", origin="b-1-3", editor="bo")
    m.add("个税起征点。", "The threshold of individual income Tax.", origin="b-1-4", editor="bo")


def test_chinese_finds_sources_in_the_memory_ranked_by_how_much_of_them_the_phrase_is(app, project):
    fill(project)
    client = login_client(app, "tina")
    found = hits(client, "精准施策")
    assert [h["source"] for h in found] == ["坚持精准施策。", "各地精准施策，扶贫成果显著提升，群众收入稳步增长。"]
    assert all(h["origin"] == "memory" and h["status"] is None for h in found)
    assert found[0]["segment_id"] == "a-1-0" and found[0]["by"] == "ann" and found[0]["field"] == "source"
    assert set(found[0]) >= {"source", "target", "origin", "document_id", "segment_id", "status"}


def test_english_matches_whole_words_ignoring_case(app, project):
    fill(project)
    client = login_client(app, "tina")
    targets = [h["target"] for h in hits(client, "tax")]
    assert sorted(targets) == ["Corporate income tax.", "The threshold of individual income Tax."]  # not taxation, taxpayer, taxes
    assert [h["target"] for h in hits(client, "income tax")][0] == "Corporate income tax."
    assert hits(client, "taxa") == []
    assert hits(client, "100%") == []  # LIKE's wildcards are text here


def test_bounded_and_checked(app, project):
    m = project.memory
    m.add_many([])
    from translator.store.memory import MemoryEntry

    m.add_many([MemoryEntry(f"第{i}条精准施策。", f"Article {i}: targeted policies.", origin=f"c-1-{i}") for i in range(150)])
    client = login_client(app, "tina")
    assert len(hits(client, "精准施策")) == 20  # the default limit
    assert len(hits(client, "精准施策", limit=5)) == 5
    assert len(hits(client, "targeted", limit=MAX_LIMIT)) == MAX_LIMIT
    for bad in ({"q": ""}, {"q": "政策", "limit": "0"}, {"q": "政策", "limit": str(MAX_LIMIT + 1)}, {"q": "政策", "limit": "x"},
                {"q": "字" * 201}):
        r = client.get("/api/concordance", query_string=bad)
        assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid"
    assert app.test_client().get("/api/concordance?q=x").status_code == 401  # behind login


def test_both_origins_and_deleted_documents_left_out(app, project):
    rita = login_client(app, "rita")
    doc_id = store_document(project)
    seg = rita.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    english = "Jiangxi's poverty alleviation has achieved remarkable results."
    assert rita.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": english,
                                                          "status": "approved"}).status_code == 200
    # Found once (the approval put the same pair in the memory).
    [hit] = hits(rita, "扶贫成果")
    assert (hit["origin"], hit["target"], hit["segment_id"]) == ("memory", english, seg["id"])
    # A later approval elsewhere replaced the memory's entry: the document's own approved segment is still found.
    project.memory.add(seg["source"], "Jiangxi's fight against poverty has paid off.", origin="later-1-0", editor="bo")
    found = {h["origin"]: h for h in hits(rita, "扶贫成果")}
    assert found["memory"]["target"] == "Jiangxi's fight against poverty has paid off."
    doc_hit = found["document"]
    assert (doc_hit["target"], doc_hit["document_id"], doc_hit["segment_id"], doc_hit["status"]) == (
        english, doc_id, seg["id"], "approved")
    assert [h["origin"] for h in hits(rita, "remarkable results")] == ["document"]
    # Segments not approved are not found; nor is anything of a deleted document.
    assert hits(rita, "第二段") == []
    project.documents.delete(doc_id)
    assert [h["origin"] for h in hits(rita, "扶贫成果")] == ["memory"]
