"""Assignments and comments in a real browser (Playwright driving Debian's chromium) against a real server (waitress).

A reviewer assigns a document on its page; the translator finds it under "My work", confirms a segment with
Ctrl+Enter (*translated*: their step) and comments on a row; the reviewer rejects a segment with a note; the
translator, on reload, sees the note on that row as a comment (visible, with its count), replies, and the
reviewer resolves the thread, which folds away.  Asserts what is visible, not only what the DOM holds.
Screenshots at 1440 and 390 px in tests/artifacts/screenshots/ (workflow-*.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import open_page, serve_app
from helpers.web import ENGLISH, make_project, store_document

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。"

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path, monkeypatch):
    from webapp import create_app

    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")
    project = make_project(tmp_path)
    doc_id = store_document(project, ARTICLE, english=ENGLISH)
    with serve_app(create_app(project, {"WARM_UP": False})) as base:
        yield base, project, doc_id
    project.close()


def page_for(browser, base: str, name: str, problems: list[str], width: int = 1440):  # type: ignore[no-untyped-def]
    return open_page(browser, base, name, problems, width=width, phone=width < 600, label=True)



def test_assign_comment_reject_and_the_translator_sees_it_on_the_row(server, browser):
    base, project, doc_id = server
    problems: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # 1. The reviewer assigns the document on its page (the app's own CSP applies: no bypass).
    rita = page_for(browser, base, "rita", problems)
    rita.goto(f"{base}/documents/{doc_id}")
    rita.select_option("#assign-translator", "tina")
    rita.select_option("#assign-reviewer", "rita")
    rita.click("form.assign button[type=submit]")
    rita.wait_for_selector("text=Assigned (translator: tina, reviewer: rita).")
    assert rita.locator("section.workflow .assignee[data-step='translator'] b").inner_text() == "tina"
    assert rita.locator("section.workflow .stage").inner_text() == "translation"
    rita.screenshot(path=str(SCREENSHOTS / "workflow-assign-1440.png"))

    # 2. The translator finds it under My work, with its counts.
    tina = page_for(browser, base, "tina", problems)
    tina.click("nav >> text=My work")
    row = tina.locator(f"table.work tr[data-document-id='{doc_id}']")
    assert row.is_visible() and "your turn" in row.inner_text()
    total = len(project.documents.segment_rows(doc_id))
    assert row.locator("td.left").inner_text() == str(total)
    tina.screenshot(path=str(SCREENSHOTS / "workflow-my-work-1440.png"))
    row.locator("a.doc-title").click()
    tina.wait_for_selector(".seg.active textarea")
    tina.wait_for_selector("#segments[data-comments-loaded]", state="attached")
    segs = tina.locator("li.seg")
    first_id, second_id = segs.nth(0).get_attribute("data-segment-id"), segs.nth(1).get_attribute("data-segment-id")

    # Ctrl+Enter is the translator's step: *translated*.
    segs.nth(0).locator("textarea").fill("Jiangxi's poverty alleviation work")
    segs.nth(0).locator("textarea").press("Control+Enter")
    tina.wait_for_selector(f'li.seg[data-segment-id="{first_id}"][data-status="translated"]')
    # A comment on the row being edited; Ctrl+Enter in the comment box sends the comment, not the segment.
    active = tina.locator("li.seg.active")
    assert active.get_attribute("data-segment-id") == second_id
    box = active.locator(".comment-form input")
    assert box.is_visible()
    box.fill("Is 显著 “remarkable” or “significant” here?")
    box.press("Control+Enter")
    thread = active.locator(".thread").first
    thread.wait_for()
    assert thread.locator(".body").inner_text() == "Is 显著 “remarkable” or “significant” here?"
    assert active.get_attribute("data-status") == "machine"  # the segment was not confirmed by it
    assert active.locator(".comment-count").inner_text() == "1 open comment"

    # 3. The reviewer opens the review page: the comment is on the row; she rejects the next segment with a note.
    rita.goto(f"{base}/documents/{doc_id}/review#seg-{second_id}")
    rita.wait_for_selector(f'li.seg.active[data-segment-id="{second_id}"]')
    rita.wait_for_selector("#segments[data-comments-loaded]", state="attached")
    assert rita.locator(f"#seg-{second_id} .thread .body").first.is_visible()
    rita.locator(f"#seg-{second_id} button[data-act='reject']").click()
    rita.fill("#reject-note", "Use “poverty alleviation” from the glossary; <b>not</b> a gloss.")
    rita.click("#reject-form button[type=submit]")
    rita.wait_for_selector(f'li.seg[data-segment-id="{second_id}"][data-status="rejected"]')
    rejection = rita.locator(f"#seg-{second_id} .thread.rejection")
    rejection.wait_for()
    assert rejection.is_visible()
    rita.screenshot(path=str(SCREENSHOTS / "workflow-reject-1440.png"))

    # 4. The translator reloads: the rejection note is on the row, visible, as a comment with its author.
    tina.reload()
    tina.wait_for_selector(".seg.active textarea")
    tina.wait_for_selector("#segments[data-comments-loaded]", state="attached")
    row = tina.locator(f"#seg-{second_id}")
    assert row.get_attribute("data-status") == "rejected"
    note = row.locator(".thread.rejection")
    assert note.is_visible()
    assert note.locator(".body").inner_text() == "Use “poverty alleviation” from the glossary; <b>not</b> a gloss."
    assert note.locator(".author").inner_text() == "rita" and note.locator(".kind").inner_text() == "rejected the segment"
    assert row.locator(".comment-count").inner_text() == "2 open comments"
    assert row.locator(".thread").count() == 2 and not row.locator(".thread b:text('not')").count()  # markup stays text
    # It is the next segment to work on (rejected is not confirmed), and she answers on the thread.
    assert tina.evaluate("document.activeElement.closest('.seg')?.dataset.segmentId") == second_id
    note.locator("button[data-comment-act='reply']").click()
    reply = note.locator(".reply-form input")
    assert reply.is_visible()
    reply.fill("Fixed: “poverty alleviation”.")
    reply.press("Control+Enter")
    tina.locator(f"#seg-{second_id} .thread.rejection .replies .body").wait_for()
    # A translator may not resolve the reviewer's thread: no button for it; her own thread has one.
    assert not tina.locator(f"#seg-{second_id} .thread.rejection button[data-comment-act='resolve']").count()
    assert tina.locator(f"#seg-{second_id} .thread:not(.rejection) button[data-comment-act='resolve']").is_visible()
    tina.evaluate("window.scrollTo(0, 0)")
    tina.screenshot(path=str(SCREENSHOTS / "workflow-translator-sees-rejection-1440.png"))

    # 5. On a phone the reviewer sees the reply on the row and resolves the thread: it folds away.
    phone = page_for(browser, base, "rita", problems, width=390)
    phone.goto(f"{base}/documents/{doc_id}/review#seg-{second_id}")
    phone.wait_for_selector(f'li.seg.active[data-segment-id="{second_id}"]')
    phone.wait_for_selector("#segments[data-comments-loaded]", state="attached")
    thread = phone.locator(f"#seg-{second_id} .thread.rejection")
    assert thread.locator(".replies .body").inner_text() == "Fixed: “poverty alleviation”."
    phone.screenshot(path=str(SCREENSHOTS / "workflow-comments-390.png"))
    thread.locator("button[data-comment-act='resolve']").click()
    phone.wait_for_selector(f"#seg-{second_id} .thread.rejection.resolved", state="attached")
    assert not phone.locator(f"#seg-{second_id} .thread.rejection").is_visible()
    assert phone.locator(f"#seg-{second_id} .comment-count").inner_text() == "1 open comment"
    phone.locator(f"#seg-{second_id} button[data-comment-act='toggle-resolved']").click()
    assert phone.locator(f"#seg-{second_id} .thread.rejection").is_visible()
    # The list shows the stage and the assignees on a phone too.
    phone.goto(f"{base}/")
    cell = phone.locator(f"tr[data-document-id='{doc_id}'] td.stage-col")
    assert cell.is_visible() and "translator: tina" in cell.inner_text() and "translation" in cell.inner_text()
    phone.screenshot(path=str(SCREENSHOTS / "workflow-list-390.png"))
    [_, rejected_thread] = project.workflow.threads(second_id)
    assert rejected_thread["resolved_by"] == "rita"
    assert not problems, problems
