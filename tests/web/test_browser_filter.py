"""Visible means filtered, in a real browser (Playwright driving Debian's chromium) against a real server (waitress).

The Show filter and Find hide the rows that do not match (asserted on what is visible, not on the DOM), and
every action acts on the rows shown: Alt+↓ skips hidden rows, Ctrl+Enter moves to the next shown row, and
Replace changes only the rows shown; on a long document they select across its pages.  Screenshot: tests/artifacts/screenshots/filter-find-1440.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import open_page, serve_app
from helpers.web import make_project

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
ARTICLE = "税收新闻\n\n今年税收增长。纳税人增加。税务改革继续。\n\n第二段没有税。"
TARGETS = ["Tax news", "The tax take grew.", "Taxpayers increased.", "The tax reform goes on.", "The second paragraph has no tax."]
STATUSES = ["machine", "translated", "machine", "machine", "translated"]

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path, monkeypatch):
    from translator.prepare.pipeline import prepare_text
    from webapp import create_app

    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")
    project = make_project(tmp_path)
    doc = prepare_text(ARTICLE, name="tax.txt")
    for seg, target, status in zip(doc.segments(), TARGETS, STATUSES, strict=True):
        seg.target, seg.status, seg.provenance = target, status, {"engine": "fake"}
    project.documents.save(doc)
    with serve_app(create_app(project, {"WARM_UP": False})) as base:
        yield base, project, doc.id
    project.close()


def shown(page) -> list[int]:  # type: ignore[no-untyped-def]
    """The numbers (0-based) of the rows a person sees."""
    rows = page.locator("li.seg")
    return [i for i in range(rows.count()) if rows.nth(i).is_visible()]


def test_filter_and_find_hide_rows_and_every_action_acts_on_the_rows_shown(server, browser):
    from playwright.sync_api import expect

    base, project, doc_id = server
    problems: list[str] = []
    page = open_page(browser, base, "tina", problems, width=1440)
    page.goto(f"{base}/documents/{doc_id}/review")
    page.wait_for_selector(".seg.active textarea")
    rows = page.locator("li.seg")
    ids = [rows.nth(i).get_attribute("data-segment-id") for i in range(rows.count())]
    assert shown(page) == [0, 1, 2, 3, 4]

    # "approved" with nothing approved: no row at all is shown, the row being edited included.
    page.select_option("#filter", "approved")
    for i in range(5):
        expect(rows.nth(i)).to_be_hidden()
    assert shown(page) == []
    assert page.locator("#find-count").inner_text() == "0 segments shown"

    # "unconfirmed" shows the three machine rows.
    page.select_option("#filter", "unconfirmed")
    assert shown(page) == [0, 2, 3]

    # Find shows only the rows whose English has the text; Alt+↓ and Alt+↑ skip the hidden rows.
    page.select_option("#filter", "all")
    page.fill("#find", "the tax")
    assert shown(page) == [1, 3]
    assert page.locator("#find-count").inner_text() == "2 segments shown"
    rows.nth(1).locator("textarea").click()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("li.seg.active")).to_have_attribute("data-segment-id", ids[3])
    page.keyboard.press("Alt+ArrowDown")  # the last row shown: it stays
    expect(page.locator("li.seg.active")).to_have_attribute("data-segment-id", ids[3])
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("li.seg.active")).to_have_attribute("data-segment-id", ids[1])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "filter-find-1440.png"))

    # Unconfirmed and "tax": rows 0, 2, 3 (1 and 4 are translated).  Ctrl+Enter on 0 goes to 2, past the hidden 1.
    page.fill("#find", "tax")
    page.select_option("#filter", "unconfirmed")
    assert shown(page) == [0, 2, 3]
    rows.nth(0).locator("textarea").click()
    page.keyboard.press("Control+Enter")
    expect(rows.nth(0)).to_have_attribute("data-status", "translated")
    expect(page.locator("li.seg.active")).to_have_attribute("data-segment-id", ids[2])
    expect(rows.nth(0)).to_be_hidden()  # confirmed and left: no longer unconfirmed

    # Replace (whole word) changes the rows shown only: 2 ("Taxpayers" is no whole word) and 3, not 1 and 4.
    assert shown(page) == [2, 3]
    page.fill("#replace", "levy")
    page.check("#whole-word")
    page.click("#replace-all")
    dialog = page.locator("#replace-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator(".replace-change .n").all_inner_texts() == ["#4"]
    dialog.locator('[data-replace="apply"]').click()
    dialog.wait_for(state="hidden")
    page.locator("#replace-undo .undo-msg", has_text="Replaced in 1 segment").wait_for()
    stored = {r["id"]: r["target"] for r in project.documents.segment_rows(doc_id)}
    assert [stored[i] for i in ids] == ["Tax news", "The tax take grew.", "Taxpayers increased.", "The levy reform goes on.",
                                        "The second paragraph has no tax."]
    page.context.close()
    assert not problems, problems


def test_on_a_long_document_the_filter_and_find_reach_the_rows_of_the_other_pages(server, browser, monkeypatch):
    from playwright.sync_api import expect

    monkeypatch.setattr("translator.review.PAGE_SIZE", 3)  # five segments: two pages, rows 3 and 4 on page 2
    base, project, doc_id = server
    ids = [r["id"] for r in project.documents.segment_rows(doc_id)]
    project.documents.update_segment(ids[4], by="rita", status="approved")
    problems: list[str] = []
    page = open_page(browser, base, "tina", problems, width=1440)
    page.goto(f"{base}/documents/{doc_id}/review")
    page.wait_for_selector(".seg.active textarea")
    assert page.locator("li.seg").count() == 3 and "page 1 of 2" in page.locator("#pages").inner_text()

    # An unsaved edit on page 1, then a filter: the edit is saved first, then the page shows page 2's approved row.
    first = page.locator(f"#seg-{ids[0]} textarea")
    first.click()
    first.fill("Tax news, edited")
    page.select_option("#filter", "approved")
    page.wait_for_url("**status=approved")
    page.wait_for_selector(".seg.active textarea")
    rows = page.locator("li.seg")
    assert [rows.nth(i).get_attribute("data-segment-id") for i in range(rows.count())] == [ids[4]]
    expect(rows.nth(0)).to_be_visible()
    assert rows.nth(0).locator(".n").inner_text() == "5"  # its number in the document
    assert "1 segment matches in all" in page.locator("#pages").inner_text()
    assert page.locator("#filter").input_value() == "approved"
    assert project.documents.segment_row(ids[0])["target"] == "Tax news, edited"

    # Find (Enter: at once) across the pages, the filter back to all: "paragraph" is only in row 4, on page 2.
    page.select_option("#filter", "all")
    page.wait_for_url(f"{base}/documents/{doc_id}/review")
    page.wait_for_selector(".seg.active textarea")
    page.fill("#find", "paragraph")
    page.press("#find", "Enter")
    page.wait_for_url("**find=paragraph")
    page.wait_for_selector(".seg.active textarea")
    assert page.locator("#find").input_value() == "paragraph"
    shown_ids = [rows.nth(i).get_attribute("data-segment-id") for i in shown(page)]
    assert shown_ids == [ids[4]] and page.locator("#find-count").inner_text() == "1 segment shown"
    # Typing waits for more (debounced), then reloads: "edited" is only in the English saved on row 0.
    page.fill("#find", "edited")
    page.wait_for_url("**find=edited")
    page.wait_for_selector(".seg.active textarea")
    assert [rows.nth(i).get_attribute("data-segment-id") for i in shown(page)] == [ids[0]]
    page.context.close()
    assert not problems, problems
