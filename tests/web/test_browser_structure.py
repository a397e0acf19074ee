"""Issue 21 §1 in a real browser: the review page of an article with photos, lists, a quote and a table
shows each segment's block label and the image links, with the app's policy as it is (no CSP violation)."""

from __future__ import annotations

import pytest
from helpers.browser import open_page, serve_app
from helpers.structure import PHOTO_1, structured_document
from helpers.web import make_project

pytestmark = pytest.mark.usefixtures("chromium")


def test_the_review_page_shows_block_labels_and_image_links(tmp_path, browser):
    from webapp import create_app

    project = make_project(tmp_path)
    doc = structured_document(status="machine")
    project.documents.save(doc)
    problems: list[str] = []
    with serve_app(create_app(project)) as base:
        page = open_page(browser, base, "tina", problems, width=1280)
        page.goto(f"{base}/documents/{doc.id}/review")
        page.wait_for_selector(".seg.active textarea")
        labels = page.locator("li.seg .block-label").all_inner_texts()
        assert [t.lower() for t in labels].count("caption") == 4  # two photos, two caption sentences each
        assert {t.lower() for t in labels} >= {"list", "quote", "table r1c1", "table r2c3"}
        image = page.locator(f'li.seg[data-kind="image"] a.image-link[href="{PHOTO_1}"]').first
        assert image.is_visible()
        assert page.locator('li.seg[data-kind="paragraph"] .block-label').count() == 0
        page.context.close()
    project.close()
    assert problems == []
