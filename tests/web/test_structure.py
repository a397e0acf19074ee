"""Issue 21 §1 on the review page: each segment says its block's kind ("Caption", "List", "Quote",
"Table r2c1"); an image's caption links the image (the app's policy shows no remote image) with its alt."""

from __future__ import annotations

from helpers.structure import PHOTO_1, PHOTO_2, structured_document
from helpers.web import login_client
from lxml import html as lxml_html

from translator.store.documents import Documents


def _rows(client, doc_id: str):  # type: ignore[no-untyped-def]
    r = client.get(f"/documents/{doc_id}/review")
    assert r.status_code == 200
    return r, lxml_html.fromstring(r.get_data(as_text=True)).find_class("seg")


def _label(row) -> str | None:  # type: ignore[no-untyped-def]
    found = row.find_class("block-label")
    return found[0].text_content() if found else None


def test_the_review_page_labels_each_segment_with_its_block_kind(app, project):
    doc = structured_document(status="machine")
    Documents(project.store).save(doc)
    client = login_client(app, "tina")
    r, rows = _rows(client, doc.id)
    by_id = {row.get("data-segment-id"): row for row in rows}
    expected = {"image": "Caption", "list_item": "List", "quote": "Quote", "paragraph": None, "heading": "Heading"}
    for block in doc.blocks:
        for seg in block.segments:
            row = by_id[seg.id]
            assert row.get("data-kind") == block.kind
            if block.kind == "table_cell":
                assert _label(row) == f"Table r{block.attrs['row']}c{block.attrs['col']}"
            else:
                assert _label(row) == expected[block.kind], (seg.source, block.kind)
    assert {_label(by_id[s.id]) for b in doc.blocks if b.kind == "table_cell" for s in b.segments} == {
        f"Table r{r}c{c}" for r in (1, 2) for c in (1, 2, 3)
    }
    images = [b for b in doc.blocks if b.kind == "image"]
    for block, src, alt in zip(images, (PHOTO_1, PHOTO_2), ("农民展示稻谷", "市民选购")):
        row = by_id[block.segments[0].id]
        (link,) = row.find_class("image-link")
        assert link.get("href") == src and "noopener" in link.get("rel")
        assert row.find_class("image-alt")[0].text_content() == alt
        assert not row.findall(".//img")  # no remote image on the page: its policy stays as it is
    assert "img-src 'self' data:;" in r.headers["Content-Security-Policy"]


def test_an_image_src_that_is_no_web_address_is_not_linked(app, project):
    doc = structured_document(status="machine")
    image = next(b for b in doc.blocks if b.kind == "image")
    image.attrs["src"] = "javascript:alert(1)"
    Documents(project.store).save(doc)
    client = login_client(app, "tina")
    _, rows = _rows(client, doc.id)
    row = next(r for r in rows if r.get("data-segment-id") == image.segments[0].id)
    assert _label(row) == "Caption" and not row.find_class("image-link")
    assert "javascript:" not in lxml_html.tostring(row, encoding="unicode")


def test_a_prose_document_shows_no_structure_labels(app, doc_id):
    client = login_client(app, "tina")
    _, rows = _rows(client, doc_id)
    kinds = {row.get("data-kind"): _label(row) for row in rows}
    assert kinds.get("paragraph", "absent") is None and not any(r.find_class("image-link") for r in rows)
