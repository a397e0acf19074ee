"""A document's page says whether it is published, and where (the records ``translator publish`` writes)."""

from __future__ import annotations

from helpers.web import login_client, store_document
from lxml import html


def test_the_document_page_says_where_it_is_published(app, project, tmp_path):
    doc_id = store_document(project)
    client = login_client(app, "tina")
    page = html.fromstring(client.get(f"/documents/{doc_id}").get_data(as_text=True))
    (section,) = page.xpath("//section[contains(@class, 'publications')]")
    assert "Not published." in section.text_content()
    # approve every segment (a reviewer), then publish the site
    for seg in project.documents.get(doc_id).segments():
        project.documents.update_segment(seg.id, by="rita", status="approved")
    result = project.publish(str(tmp_path / "site"), "https://news.example.org/en/")
    assert result.published == [doc_id]
    page = html.fromstring(client.get(f"/documents/{doc_id}").get_data(as_text=True))
    (section,) = page.xpath("//section[contains(@class, 'publications')]")
    (link,) = section.xpath(".//a")
    (record,) = project.publications.of_document(doc_id)
    assert link.get("href") == link.text == record.url and record.url.startswith("https://news.example.org/en/articles/")
    assert link.get("href").endswith(f"-{doc_id}.html")
    assert section.xpath(".//time/@datetime")[0] == record.published_at
    # un-approved again and republished: the page says so
    seg = next(project.documents.get(doc_id).segments())
    project.documents.update_segment(seg.id, by="rita", status="needs_review")
    project.publish(str(tmp_path / "site"), "https://news.example.org/en/")
    page = html.fromstring(client.get(f"/documents/{doc_id}").get_data(as_text=True))
    assert "Not published." in page.xpath("//section[contains(@class, 'publications')]")[0].text_content()


def test_a_published_url_is_escaped_on_the_page(app, project, tmp_path):
    doc_id = store_document(project)
    for seg in project.documents.get(doc_id).segments():
        project.documents.update_segment(seg.id, by="rita", status="approved")
    from translator.store.publications import Publication

    hostile = 'https://news.example.org/"><script>alert(1)</script>/'
    project.publications.record(hostile, [Publication(doc_id, hostile, "a.html", hostile + "a.html", "x", "t1", "t1")], [])
    client = login_client(app, "tina")
    body = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in body
