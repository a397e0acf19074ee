"""The review page's smaller details in a real browser (Playwright driving Debian's chromium) against a real server.

"Saved." goes after a few seconds; the top bar stays in view when the page opens at the first open segment far
down, and on a phone; the dictionary opens beside the source, not over the next one; the conflict dialog speaks
plain words (no ids, no version numbers); a link to a segment on another page of a long document opens that page.
Asserts what is visible.  Screenshots: tests/artifacts/screenshots/details-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import open_page, select_term, serve_app
from helpers.web import make_project, store_document

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
#: 30 segments: a title and 29 sentences, each naming 扶贫 (a glossary term, for the dictionary).
ARTICLE = "江西扶贫工作\n\n" + "".join(f"江西扶贫第{i}项工作完成了。" for i in range(1, 30))

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path, monkeypatch):
    from translator.prepare.pipeline import prepare_text
    from webapp import create_app

    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")
    project = make_project(tmp_path)
    doc = prepare_text(ARTICLE, name="/srv/batch/in/jiangxi.txt")
    for i, seg in enumerate(doc.segments()):
        # The first 20 approved: the page opens at the 21st, far down.
        seg.target = "Poverty alleviation in Jiangxi" if i == 0 else f"Poverty alleviation task {i} in Jiangxi is done."
        seg.status, seg.provenance = ("approved" if i < 20 else "machine"), {"engine": "fake"}
    project.documents.save(doc)
    with serve_app(create_app(project, {"WARM_UP": False})) as base:
        yield base, project, doc.id
    project.close()


def new_page(browser, base: str, name: str, problems: list[str], width: int = 1440):  # type: ignore[no-untyped-def]
    return open_page(browser, base, name, problems, width=width, phone=width < 600, expected=("409",))



def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_saved_fades_the_top_bar_stays_the_dictionary_sits_beside_the_source(server, browser):
    base, project, doc_id = server
    problems: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, base, "tina", problems)
    page.goto(f"{base}/documents/{doc_id}/review")
    rows = page.locator("li.seg")
    active = page.locator("li.seg.active")
    active.wait_for()
    assert active.get_attribute("data-segment-id") == rows.nth(20).get_attribute("data-segment-id")
    # The page scrolled to the 21st segment; the top bar and the review head are in view, the row below them.
    assert page.evaluate("window.scrollY") > 0
    top = page.locator("header.topbar").bounding_box()
    head = page.locator("#review-head").bounding_box()
    row = active.bounding_box()
    assert top["y"] == 0 and page.locator("header.topbar nav").is_visible()
    assert head["y"] >= top["height"] - 1 and row["y"] >= head["y"] + head["height"] - 1
    page.screenshot(path=str(SCREENSHOTS / "details-open-segment-1440.png"))
    page.locator("#segments[data-comments-loaded]").wait_for(state="attached")
    assert "null" not in active.inner_text()  # the comments box once wrote its missing parts as "null"

    # "Saved." shows after a save, then goes: on the row (left for its own source) and in the banner (a row left).
    active.locator("textarea").fill("Poverty alleviation task 20 in Jiangxi is finished.")
    active.locator(".src .text").click()  # focus leaves the English: autosave
    note = active.locator(".row-msg")
    note.filter(has_text="Saved.").wait_for(state="visible")
    page.wait_for_timeout(4500)
    assert note.inner_text() == ""
    active.locator("textarea").fill("Poverty alleviation task 20 in Jiangxi, done.")
    page.keyboard.press("Alt+ArrowDown")
    banner = page.locator("#banner")
    banner.wait_for(state="visible")
    assert banner.inner_text() == "Saved."
    banner.wait_for(state="hidden", timeout=8000)
    assert project.documents.segment_row(rows.nth(20).get_attribute("data-segment-id"))["target"].endswith(", done.")

    # The dictionary: beside the source (over the English column), never over the next segment's source.
    target = rows.nth(23)
    target.locator(".src").scroll_into_view_if_needed()
    select_term(page, target.get_attribute("data-segment-id"), "扶贫", mouseup=True)
    lookup = page.locator("#lookup")
    page.wait_for_selector("#lookup:not([hidden]) .cedict dt >> text=扶贫")
    assert lookup.is_visible()
    box = lookup.bounding_box()
    for i in (23, 24, 25):
        assert not overlaps(box, rows.nth(i).locator(".src").bounding_box()), i
    assert "fú pín" in lookup.locator(".pinyin").first.inner_text()  # tone marks, not numbers
    page.screenshot(path=str(SCREENSHOTS / "details-dictionary-1440.png"))
    page.keyboard.press("Escape")
    assert lookup.is_hidden()

    # The conflict dialog: someone else saves the segment being edited; no ids or version numbers in it.
    page.evaluate("window.getSelection().removeAllRanges()")
    seg = rows.nth(25)
    seg_id = seg.get_attribute("data-segment-id")
    seg.locator("textarea").click()
    page.locator(f"li.seg.active[data-segment-id='{seg_id}']").wait_for()
    version = project.documents.segment_row(seg_id)["version"]
    project.review.edit(seg_id, user="rita", role="reviewer", version=version, target="Rita's English, task 25.")
    seg.locator("textarea").fill("Tina's English, task 25.")
    page.keyboard.press("Control+Enter")
    dialog = page.locator("#conflict-dialog")
    dialog.wait_for(state="visible")
    text = dialog.inner_text()
    assert "Someone else saved this segment while you were editing" in text and "rita saved it" in text
    assert "Rita's English, task 25." in text and "Tina's English, task 25." in text
    assert seg_id not in text and "version" not in text.lower() and doc_id not in text
    page.screenshot(path=str(SCREENSHOTS / "details-conflict-1440.png"))
    dialog.locator("[data-choice='theirs']").click()
    assert seg.locator("textarea").input_value() == "Rita's English, task 25."

    # On a phone the top bar stays at the top however far the page scrolls.
    phone = new_page(browser, base, "tina", problems, width=390)
    phone.goto(f"{base}/documents/{doc_id}/review")
    phone.locator("li.seg.active").wait_for()
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    phone.wait_for_timeout(200)
    assert phone.evaluate("window.scrollY") > 500
    bar = phone.locator("header.topbar")
    assert bar.is_visible() and bar.bounding_box()["y"] == 0
    phone.screenshot(path=str(SCREENSHOTS / "details-sticky-header-390.png"))
    # The dictionary on a phone (one column): above the selection, clear of the next segment's source.
    pick = rows.nth(26).get_attribute("data-segment-id")
    phone.locator(f"#seg-{pick} .src").scroll_into_view_if_needed()
    select_term(phone, pick, "扶贫", mouseup=True, center=True)
    phone.wait_for_selector("#lookup:not([hidden]) .cedict dt >> text=扶贫")
    small = phone.locator("#lookup").bounding_box()
    following = phone.locator(f"#seg-{pick} + li.seg .src").bounding_box()
    assert not overlaps(small, following)
    assert small["y"] >= phone.locator("header.topbar").bounding_box()["height"] - 1  # not under the top bar
    phone.screenshot(path=str(SCREENSHOTS / "details-dictionary-390.png"))
    # The list shows the file's name, not the path the batch read.
    phone.goto(f"{base}/")
    name = phone.locator(f"tr[data-document-id='{doc_id}'] .sub a").first
    assert name.inner_text() == "jiangxi.txt"
    page.context.close()
    phone.context.close()
    assert not problems, problems


def test_a_link_to_a_segment_on_another_page_opens_that_page(tmp_path, monkeypatch, browser):
    from webapp import create_app

    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")
    project = make_project(tmp_path)
    doc_id = store_document(project, "长文章\n\n" + "".join(f"第{i}句话有{i}个项目。" for i in range(1, 260)), name="long.txt")
    far = project.documents.segment_rows(doc_id)[230]["id"]
    problems: list[str] = []
    with serve_app(create_app(project, {"WARM_UP": False})) as base:
        page = new_page(browser, base, "tina", problems)
        page.goto(f"{base}/documents/{doc_id}/review#seg-{far}")
        page.locator(f"li.seg.active[data-segment-id='{far}']").wait_for()
        assert "page=" not in page.url and "segment=" in page.url
        assert page.locator("#pages .page-of").inner_text().startswith("Segments 201–260 of 260 · page 2 of 2")
        assert page.locator(f"li.seg.active[data-segment-id='{far}'] .n").inner_text() == "231"
        # The head counts the whole document, the first page's segments too.
        assert page.locator("#counts").inner_text().startswith("0 of 260 confirmed")
        page.locator("#pages a[rel=prev]").click()
        page.locator("li.seg.active").wait_for()
        assert page.locator("li.seg").count() == 200 and page.locator("li.seg .n").first.inner_text() == "1"
        page.context.close()
    project.close()
    assert not problems, problems
