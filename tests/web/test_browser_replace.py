"""Replace in a real browser (Playwright driving Debian's chromium) against a real server (waitress, a free port).

The translator finds "tax" with "Whole word" on, sees the preview (every change, before and after, nothing
applied yet: the English shown is unchanged), applies it (only the whole words changed), undoes it in one
click (every segment back), and the time spent in a segment reaches the effort report.  Asserts what is
visible.  Screenshots go to tests/artifacts/screenshots/ (replace-preview-1280.png, replace-applied-1280.png,
replace-preview-390.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import open_page, serve_app
from helpers.web import make_project

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
ARTICLE = "税收新闻\n\n今年税收增长。纳税人增加。税务改革继续。\n\n第二段没有税。"
TARGETS = ["Taxation news", "The tax take grew this year.", "Taxpayers increased, taxes too.", "The tax reform goes on; tax.",
           "The second paragraph has none."]

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path):
    """The app as 'translator serve' runs it (CSRF on, worker thread), served by waitress in a thread, with one article."""
    from translator.prepare.pipeline import prepare_text
    from webapp import create_app

    project = make_project(tmp_path)
    doc = prepare_text(ARTICLE, name="tax.txt")
    for seg, target in zip(doc.segments(), TARGETS, strict=True):
        seg.target, seg.status, seg.provenance = target, "machine", {"engine": "fake"}
    project.documents.save(doc)
    with serve_app(create_app(project)) as base:
        yield base, project, doc.id
    project.close()


def test_replace_preview_apply_undo_and_time(server, chromium):
    from playwright.sync_api import sync_playwright

    base, project, doc_id = server
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = open_page(browser, base, "tina", problems, width=1280)
        page.goto(f"{base}/documents/{doc_id}/review")
        page.wait_for_selector(".seg.active textarea")
        areas = page.locator("li.seg textarea")

        def shown() -> list[str]:
            return [areas.nth(i).input_value() for i in range(areas.count())]

        assert shown() == TARGETS

        # Time in a segment: two seconds of typing in the second one, then Ctrl+Enter.
        second = page.locator("li.seg").nth(1)
        second.locator("textarea").click()
        for _ in range(5):
            page.keyboard.press("End")
            page.wait_for_timeout(500)
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(f'li.seg[data-segment-id="{second.get_attribute("data-segment-id")}"][data-status="translated"]')

        # 1. The preview: every change, nothing applied.
        page.fill("#find", "tax")
        page.fill("#replace", "levy")
        page.check("#whole-word")
        page.click("#replace-all")
        dialog = page.locator("#replace-dialog")
        dialog.wait_for(state="visible")
        assert "3 replacements in 2 segments" in dialog.locator(".replace-summary").inner_text()
        changes = dialog.locator(".replace-change")
        assert changes.count() == 2
        assert changes.nth(0).locator(".before").inner_text() == "The tax take grew this year."
        assert changes.nth(0).locator(".after").inner_text() == "The levy take grew this year."
        assert changes.nth(0).locator("mark.del").all_inner_texts() == ["tax"]
        assert changes.nth(1).locator("mark.ins").all_inner_texts() == ["levy", "levy"]
        assert dialog.locator(".replace-change .n").all_inner_texts() == ["#2", "#4"]
        assert shown() == TARGETS  # the page's English is unchanged while the preview is open
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "replace-preview-1280.png"))

        # 2. Apply: only the whole words changed; the Undo button shows.
        dialog.locator('[data-replace="apply"]').click()
        dialog.wait_for(state="hidden")
        undo = page.locator("#replace-undo")
        undo.wait_for(state="visible")
        assert "Replaced in 2 segments" in undo.inner_text()
        expected = ["Taxation news", "The levy take grew this year.", "Taxpayers increased, taxes too.", "The levy reform goes on; levy.",
                    "The second paragraph has none."]
        assert shown() == expected
        assert page.locator("li.seg").nth(3).get_attribute("data-status") == "needs_review"
        page.screenshot(path=str(SCREENSHOTS / "replace-applied-1280.png"))

        # 3. Undo: every segment back, in one step; a reload shows what the server holds.
        undo.locator("#replace-undo-button").click()
        page.locator("#replace-undo .undo-msg", has_text="Undone: 2 segments back as they were.").wait_for()
        assert shown() == TARGETS
        assert page.locator("#replace-undo-button").is_hidden()
        page.reload()
        page.wait_for_selector(".seg.active textarea")
        assert shown() == TARGETS
        assert page.locator("li.seg").nth(1).get_attribute("data-status") == "translated"
        assert page.locator("li.seg").nth(3).get_attribute("data-status") == "machine"

        # 4. On a phone-sized screen the preview fits; Cancel applies nothing.
        page.set_viewport_size({"width": 390, "height": 844})
        page.fill("#find", "tax")
        page.fill("#replace", "levy")
        page.check("#whole-word")
        page.click("#replace-all")
        dialog.wait_for(state="visible")
        box = dialog.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.screenshot(path=str(SCREENSHOTS / "replace-preview-390.png"))
        dialog.locator('[data-replace="cancel"]').click()
        dialog.wait_for(state="hidden")
        assert shown() == TARGETS
        browser.close()
    assert not problems, problems
    # The two seconds in the second segment reached the effort report (with its save).
    effort = project.reports.effort(doc_id).segments
    assert 1000 <= effort[1].time_ms <= 60_000 and effort[0].time_ms == 0
