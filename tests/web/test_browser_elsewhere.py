"""A real browser (Playwright driving Debian's chromium) against a real server: on the review page, a segment whose
source was approved with other English in another document says so, with a link there (js/elsewhere.js)."""

from __future__ import annotations

import pytest
from helpers.browser import open_page, serve_app
from helpers.web import make_project

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path):
    from translator.prepare.pipeline import prepare_text
    from webapp import create_app

    project = make_project(tmp_path)
    ids = {}
    for name, english in (("a.txt", "Poverty alleviation workshops create jobs."),
                          ("b.txt", "Poverty-relief <b>workshops</b> provide employment.")):
        doc = prepare_text(f"扶贫车间带动就业。\n\n{name[0]}县报道。", name=name)
        for seg in doc.segments():
            seg.target, seg.status = (english if seg.source.startswith("扶贫") else "Reported."), "approved"
        project.documents.save(doc, by="rita")
        ids[name] = doc.id
    with serve_app(create_app(project, {"WARM_UP": False})) as base:
        yield base, ids
    project.close()


def test_a_segment_approved_differently_elsewhere_says_so(server, browser):
    base, ids = server
    problems: list[str] = []
    page = open_page(browser, base, "tina", problems, width=1280)

    page.goto(f"{base}/documents/{ids['a.txt']}/review")
    row = page.locator("li.seg", has_text="扶贫车间带动就业")
    row.locator("textarea").click()
    note = row.locator(".elsewhere")
    note.wait_for()
    assert "Approved differently elsewhere (1):" in note.inner_text()
    link = note.locator("a")
    assert link.inner_text() == "b.txt"
    assert link.get_attribute("href").startswith(f"/documents/{ids['b.txt']}/review#seg-{ids['b.txt']}")
    assert note.locator("span[lang=en]").inner_text() == "Poverty-relief <b>workshops</b> provide employment."  # text, never HTML
    # a segment approved the same way everywhere shows nothing
    other = page.locator("li.seg", has_text="a县报道")
    other.locator("textarea").click()
    from playwright.sync_api import expect

    expect(other.locator(".suggestions li").first).not_to_have_text("Looking for suggestions…")  # its details loaded
    assert other.locator(".elsewhere").count() == 0
    assert row.locator(".elsewhere").count() == 1
    assert not problems, problems
