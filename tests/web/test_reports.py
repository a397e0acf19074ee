"""Counts, the match analysis and post-editing effort: the API, the document page, the list and the CSV.

Through the real app on a real SQLite file (and PostgreSQL, where installed), with a real memory.
"""

from __future__ import annotations

import csv
import io

from helpers.web import login_client, store_document
from lxml import html
from rapidfuzz.distance import Levenshtein

from translator.review import MAX_TIME_MS
from translator.store.memory import Memory
from translator.vocabulary import MATCH_BAND_NAMES

# Twenty characters per sentence, so that one changed character is 95% (Indel: 2 edits over 40 characters).
S = "江西省扶贫工作在二零二零年取得了显著成果"
assert len(S) == 20


def changed(text: str, n: int) -> str:
    """``text`` with its first ``n`` characters replaced."""
    return "甲乙丙丁戊己庚辛壬癸"[:n] + text[n:]


def analysis(client, doc_id):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/documents/{doc_id}/analysis")
    assert r.status_code == 200
    return r.get_json()


def test_the_analysis_bands_add_up_to_the_document(app, project):
    other = ["第一句话完全是新的内容。", "另一句话也没有出现过。"]
    sentences = [S + "。", changed(S, 1) + "。", changed(S, 2) + "。", changed(S, 4) + "。", *other, S + "。"]
    doc_id = store_document(project, "标题新闻\n\n" + "".join(sentences), name="bands.txt")
    memory = Memory(project.store)
    memory.add(S + "。", "Jiangxi's poverty alleviation achieved remarkable results in 2020.")
    client = login_client(app, "tina")
    data = analysis(client, doc_id)
    bands = {b["name"]: b for b in data["bands"]}
    assert [b["name"] for b in data["bands"]] == list(MATCH_BAND_NAMES)
    # S itself: 100%; S with 1, 2 and 4 characters changed: 95-99 (95.2), 85-94 (90.5), 75-84 (81.0); S again: a repetition.
    assert {n: b["segments"] for n, b in bands.items()} == {
        "repetitions": 1, "exact": 1, "fuzzy_95": 1, "fuzzy_85": 1, "fuzzy_75": 1, "new": 3,  # the title and the two others
    }
    assert bands["repetitions"]["source_chars"] == 21 and bands["exact"]["source_chars"] == 21
    assert bands["new"]["source_chars"] == 4 + sum(len(o) for o in other)
    segs = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]
    assert data["total"] == {"segments": len(segs), "source_chars": sum(len(s["source"]) for s in segs)}
    assert sum(b["segments"] for b in data["bands"]) == len(segs)
    assert sum(b["source_chars"] for b in data["bands"]) == data["total"]["source_chars"]
    by_id = {s["id"]: s for s in data["segments"]}
    assert by_id[segs[2]["id"]]["band"] == "fuzzy_95" and by_id[segs[2]["id"]]["score"] == 95.2
    assert data["counts"]["segments"] == len(segs) and data["counts"]["source_chars"] == data["total"]["source_chars"]


def test_counts_on_the_document_page_the_list_and_the_api(app, project):
    doc_id = store_document(project)
    client = login_client(app, "tina")
    segs = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]
    r = client.patch(f"/api/segments/{segs[1]['id']}", json={"version": segs[1]["version"],
                                                               "target": "Jiangxi's state-owned firms grew 3.5 per cent."})
    assert r.status_code == 200
    chars = sum(len(s["source"]) for s in segs)
    # "EN" plus each Chinese character left in the other drafts counts as a word; the edited one has 7 words.
    words = 7 + sum(1 + sum(1 for c in s["source"] if "\u4e00" <= c <= "\u9fff") for i, s in enumerate(segs) if i != 1)
    doc = client.get(f"/api/documents/{doc_id}").get_json()["document"]
    assert doc["size"] == {"segments": len(segs), "source_chars": chars, "english_words": words, "translated_segments": len(segs)}
    listed = client.get("/api/documents").get_json()["documents"]
    assert [d["size"]["source_chars"] for d in listed] == [chars]
    page = html.fromstring(client.get(f"/documents/{doc_id}").get_data(as_text=True))
    assert page.xpath("string(//dd[@data-count='source_chars'])").strip() == f"{chars:,}"
    assert page.xpath("string(//dd[@data-count='english_words'])").strip().startswith(f"{words:,}")
    rows = page.xpath("//table[contains(@class, 'analysis')]//tr[@data-band]")
    assert [r.get("data-band") for r in rows] == [*MATCH_BAND_NAMES, "total"]
    assert rows[-1].xpath("string(th[2])") == str(len(segs))
    index = html.fromstring(client.get("/").get_data(as_text=True))
    assert index.xpath("string(//tr[@data-document-id]/td[@data-count='source_chars'])") == f"{chars:,}"
    assert index.xpath("string(//tr[@data-document-id]/td[@data-count='english_words'])") == f"{words:,}"
    # The cached counts follow an edit.
    seg = r.get_json()["segment"]
    client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": "Short."})
    assert client.get(f"/api/documents/{doc_id}").get_json()["document"]["size"]["english_words"] == words - 6


def test_effort_distance_share_time_per_segment_and_person(app, project):
    doc_id = store_document(project)
    tina, rita = login_client(app, "tina"), login_client(app, "rita")
    segs = tina.get(f"/api/documents/{doc_id}/segments").get_json()["segments"]
    draft = segs[1]["target"]  # "EN 江西扶贫成果显著。"
    final = "Jiangxi's poverty alleviation: remarkable."
    r = tina.patch(f"/api/segments/{segs[1]['id']}", json={"version": 1, "target": draft + "!", "time_ms": 4000})
    r = tina.patch(f"/api/segments/{segs[1]['id']}", json={"version": 2, "target": final, "status": "translated",
                                                            "time_ms": 2000})
    assert r.status_code == 200
    # A save reporting only time needs no current version and changes nothing else.
    r = rita.patch(f"/api/segments/{segs[1]['id']}", json={"version": 1, "time_ms": 10**9})
    assert r.status_code == 200 and r.get_json()["segment"]["version"] == 3
    assert tina.patch(f"/api/segments/{segs[1]['id']}", json={"version": 3, "time_ms": -5}).status_code == 400
    assert tina.patch(f"/api/segments/{segs[1]['id']}", json={"version": 3, "time_ms": "5"}).status_code == 400

    data = tina.get(f"/api/documents/{doc_id}/effort").get_json()
    seg = {s["segment_id"]: s for s in data["segments"]}[segs[1]["id"]]
    distance = Levenshtein.distance(draft, final)
    assert seg["machine_draft"] == draft and seg["final"] == final and seg["edit_distance"] == distance
    assert seg["edit_share"] == round(distance / max(len(draft), len(final)), 4)
    assert seg["time_ms"] == 6000 + MAX_TIME_MS and seg["editors"] == ["tina"]
    untouched = {s["segment_id"]: s for s in data["segments"]}[segs[2]["id"]]
    assert (untouched["edit_distance"], untouched["edit_share"], untouched["time_ms"]) == (0, 0.0, 0)
    people = {p["person"]: p for p in data["people"]}
    assert people["tina"] == {"person": "tina", "segments_edited": 1, "chars_changed": 1 + Levenshtein.distance(draft + "!", final),
                              "time_ms": 6000, "segments_timed": 1}
    assert people["rita"]["segments_edited"] == 0 and people["rita"]["time_ms"] == MAX_TIME_MS
    assert data["total"]["edited"] == 1 and data["total"]["edit_distance"] == distance

    # The CSV, per segment and per person; the document page shows the totals and each person.
    r = tina.get(f"/documents/{doc_id}/effort.csv")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert list(table[0]) == ["segment_id", "number", "status", "source_chars", "machine_draft", "final", "edit_distance",
                              "edit_share_pct", "time_ms", "editors"]
    row = table[1]
    assert (row["segment_id"], row["number"], row["final"], row["edit_distance"], row["time_ms"], row["editors"]) == (
        segs[1]["id"], "2", final, str(distance), str(6000 + MAX_TIME_MS), "tina")
    assert row["edit_share_pct"] == f"{100 * distance / max(len(draft), len(final)):.1f}"
    people_csv = list(csv.DictReader(io.StringIO(tina.get(f"/documents/{doc_id}/effort.csv?per=person").get_data(as_text=True))))
    assert [(p["person"], p["segments_edited"], p["time_ms"]) for p in people_csv] == [
        ("rita", "0", str(MAX_TIME_MS)), ("tina", "1", "6000")]
    page = html.fromstring(tina.get(f"/documents/{doc_id}").get_data(as_text=True))
    assert page.xpath("string(//dd[@data-effort='edited'])") == f"1 of {len(segs)}"
    assert page.xpath("string(//tr[@data-person='tina']/td[2])") == "1"


def test_a_csv_cell_that_looks_like_a_formula_is_neutralised(app, project):
    doc_id = store_document(project)
    tina = login_client(app, "tina")
    seg = tina.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    tina.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": "=HYPERLINK(\"http://x\")"})
    table = list(csv.DictReader(io.StringIO(tina.get(f"/documents/{doc_id}/effort.csv").get_data(as_text=True))))
    assert table[1]["final"] == "'=HYPERLINK(\"http://x\")"
