"""Issue 21 §1 on the published site: an article's images, lists, quotes and table are on its page in place
(the site reuses the export's renderer), and the page's policy allows its images' origins and no more."""

from __future__ import annotations

from helpers.structure import PHOTO_1, PHOTO_2, structured_document
from helpers.web import make_project
from lxml import html


def test_the_published_page_shows_the_structure(tmp_path):
    project = make_project(tmp_path)
    doc = structured_document()
    doc.metadata.date = "2024-05-19"
    doc.signature = "engine:gloss|version:test"
    project.documents.save(doc)
    result = project.publish(str(tmp_path / "out"), "https://news.example.org/zh")
    (path,) = result.written
    root = html.fromstring((tmp_path / "out" / path).read_bytes())
    body = root.get_element_by_id("article")
    assert [i.get("src") for i in body.iter("img")] == [PHOTO_1, PHOTO_2]
    assert all(i.getparent().tag == "figure" and i.getparent().find("figcaption") is not None for i in body.iter("img"))
    assert len(body.findall(".//div[@class='en']/ul/li")) == 2 and len(body.findall(".//div[@class='en']/ol/li")) == 2
    assert body.find(".//div[@class='en']/blockquote") is not None
    assert [len(tr) for tr in body.findall(".//div[@class='en']/table/tr")] == [3, 3]
    policy = root.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert "img-src 'self' https://img.example.cn https://www.example.cn;" in policy
    project.close()
