"""The Terms and Consistency pages, the glossary page's check and a segment's "elsewhere" in the API, through the
review app on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

from translator.prepare.pipeline import prepare_text

ARTICLES = {
    "a.txt": [("扶贫车间带动就业。", "Poverty alleviation workshops create jobs."),
              ("县里新建扶贫车间。", "The county built new poverty alleviation workshops."),
              ("扶贫车间吸纳劳动力。", "Poverty alleviation workshops take in workers."),
              ("茶叶合作社建成光伏电站。", "The tea cooperative built a photovoltaic power station.")],
    "b.txt": [("扶贫车间带动就业。", "Poverty-relief workshops provide employment."),
              ("扶贫车间生产服装。", "Poverty alleviation workshops make clothes."),
              ("光伏电站为茶叶合作社供电。", "The photovoltaic power station supplies the tea cooperative.")],
}


def store(project):
    ids = {}
    for name, pairs in ARTICLES.items():
        doc = prepare_text("\n\n".join(s for s, _ in pairs), name=name)
        english = dict(pairs)
        for seg in doc.segments():
            seg.target, seg.status = english[seg.source], "approved"
        project.documents.save(doc, by="rita")
        ids[name] = doc.id
    return ids


def test_the_terms_page_lists_mined_terms_and_a_reviewer_accepts_one(client, auth, project):
    store(project)
    mined = [t.source for t in project.terminology.mine_stored(min_count=2)]
    assert mined and "扶贫车间" not in mined  # the shipped glossaries cover it
    auth.login("tina")
    page = client.get("/terms?min_count=2").get_data(as_text=True)
    assert all(f">{m}<" in page for m in mined[:5])
    assert 'action="/terms/accept"' not in page  # a translator sees the terms, a reviewer accepts them
    assert client.get("/terms?min_count=x").status_code == 400
    assert client.post("/terms/accept", data={"source": mined[0], "target": "x"}).status_code == 403
    auth.logout()
    auth.login("rita")
    page = client.get("/terms?min_count=2").get_data(as_text=True)
    assert 'action="/terms/accept"' in page
    r = client.post("/terms/accept", data={"source": mined[0], "target": "first candidate", "custom": "", "min_count": "2"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/terms?min_count=2")
    assert [(t.source, t.target) for t in project.editable_glossary.terms()] == [(mined[0], "first candidate")]
    # typed English wins over the candidate picked; an accepted term is covered now, so it leaves the list
    client.post("/terms/accept", data={"source": "生产服装", "target": "x", "custom": "make garments"})
    assert project.editable_glossary.terms()[-1].target == "make garments"
    assert f">{mined[0]}<" not in client.get("/terms?min_count=2").get_data(as_text=True)
    assert client.post("/terms/accept", data={"source": "生产服装", "target": "again"}).status_code == 409


def test_the_consistency_page_and_a_segments_elsewhere(client, auth, project):
    ids = store(project)
    auth.login("tina")
    page = client.get("/consistency").get_data(as_text=True)
    assert "Same source, different English (1)" in page.replace("<small>", "").replace("</small>", "")
    assert f"/documents/{ids['b.txt']}/review#seg-" in page
    row = next(r for r in project.documents.segment_rows(ids["a.txt"]) if r["source"] == "扶贫车间带动就业。")
    data = client.get(f"/api/segments/{row['id']}").get_json()
    assert [(e["document_id"], e["target"]) for e in data["elsewhere"]] == [
        (ids["b.txt"], "Poverty-relief workshops provide employment.")]
    other = next(r for r in project.documents.segment_rows(ids["a.txt"]) if r["source"] == "县里新建扶贫车间。")
    assert client.get(f"/api/segments/{other['id']}").get_json()["elsewhere"] == []
    review = client.get(f"/documents/{ids['a.txt']}/review").get_data(as_text=True)
    assert "js/elsewhere.js" in review


def test_the_glossary_page_shows_the_check(client, auth, project):
    store(project)
    auth.login("tina")
    page = client.get("/glossary").get_data(as_text=True)
    assert "Overlapping terms whose English conflicts" in page
    assert "脱贫攻坚 → &#39;the fight against poverty&#39;" in page
    assert "Terms in no stored document" in page


def test_the_pages_need_a_login(client):
    for path in ("/terms", "/consistency"):
        assert client.get(path).status_code in (302, 401)
