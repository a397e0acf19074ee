"""Document-level flags (e.g. ``cleaning_kept``) on the document page, the review page and in the API, escaped."""

from __future__ import annotations

from helpers.web import login_client

from translator.document import Flag
from translator.prepare.pipeline import prepare_text
from translator.store.documents import Documents

P1 = "近日，惊爆台湾本土天王吴宗宪被打，娱乐圈被打事件频频发生。涉及赌债，感情纠葛，原因种种。"
P2 = "2005年4月18日吴宗宪进棚录像，凌晨收班后在餐厅用餐，出来的时候突然被几名不明人士殴打。"
P3 = "贺一航在医院接受整容手术后，露脸向媒体说明一切，他说他不知道打他的人是谁。"
FLAGGED = "\n".join(["明星挨打事件回顾", "本报讯，记者昨日获悉，新规即将出台。", "相关新闻", P1, P2, P3])
HOSTILE = "kept <script>alert(1)</script> & more"


def _flagged(project) -> str:  # type: ignore[no-untyped-def]
    doc = prepare_text(FLAGGED, name="star.txt")
    doc.flags.append(Flag("cleaning_kept", HOSTILE))
    Documents(project.store).save(doc)
    return doc.id


def test_the_document_and_review_pages_show_the_flags_escaped(app, project):
    doc_id = _flagged(project)
    client = login_client(app, "tina")
    for path in (f"/documents/{doc_id}", f"/documents/{doc_id}/review"):
        page = client.get(path).get_data(as_text=True)
        assert page.count('data-flag="cleaning_kept"') == 2, path
        assert "cleaning kept the text after" in page and "相关新闻" in page, path
        assert "kept &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page and "<script>alert(1)" not in page, path
    flags = client.get(f"/api/documents/{doc_id}").get_json()["document"]["flags"]
    assert [f["code"] for f in flags] == ["cleaning_kept", "cleaning_kept"] and flags[1]["message"] == HOSTILE


def test_a_document_without_flags_shows_no_notes(app, doc_id):
    client = login_client(app, "tina")
    for path in (f"/documents/{doc_id}", f"/documents/{doc_id}/review"):
        assert "data-flag=" not in client.get(path).get_data(as_text=True)
    assert client.get(f"/api/documents/{doc_id}").get_json()["document"]["flags"] == []


def test_an_uploaded_article_keeps_its_cleaning_flag(app, project):
    """Through the whole upload job: the flag the cleaner set reaches the document page."""
    import io

    client = login_client(app, "tina")
    r = client.post("/documents", data={"file": (io.BytesIO(FLAGGED.encode("gb18030")), "star.txt")},
                    content_type="multipart/form-data")
    app.extensions["translator.worker"].run_pending()
    opened = client.get(r.headers["Location"])
    assert opened.status_code == 302
    page = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert page.count('data-flag="cleaning_kept"') == 1 and "相关新闻" in page
