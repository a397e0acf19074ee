"""The whole flow of issue 18 in a real browser (Playwright driving Debian's chromium) against a real server (waitress).

A reviewer assigns a document (translator and reviewer).  The translator finds it under "My work", confirms a
segment, filters to what is left (the confirmed row is hidden), takes a memory match (its diff shown), searches
the concordance with Ctrl+K, comments on a row and confirms.  The reviewer approves, is stopped by the QA gate on
the segment whose English keeps Chinese, gives a reason, rejects one segment with a comment, which the translator
then sees on the row, and approves the rest.  The document page's effort report shows the translator's edits.
Asserts what is visible.  Screenshots of each step at 1440 and 390 px: tests/artifacts/screenshots/flow-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import open_page, select_term, serve_app
from helpers.web import ENGLISH, make_project

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。"
#: The machine drafts: faithful English, except the last segment's, which keeps Chinese (a QA error: the gate).
DRAFTS = {**ENGLISH, "第二段有三个项目。": "EN 第二段有三个项目。"}

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path, monkeypatch):
    from translator.prepare.pipeline import prepare_text
    from webapp import create_app

    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")
    project = make_project(tmp_path)
    doc = prepare_text(ARTICLE, name="jiangxi.txt")
    for seg in doc.segments():  # the drafts with their QA findings, as a translation job stores them
        seg.target, seg.status, seg.provenance = DRAFTS[seg.source], "machine", {"engine": "fake"}
        seg.qa = project.review.qa_for(seg)
    project.documents.save(doc)
    doc_id = doc.id
    # The memory: a fuzzy match of 我们继续努力。 and a sentence with 扶贫 for the concordance.
    project.memory.add("我们要继续努力。", "We must keep working hard.", origin="old-1-1", editor="ann")
    project.memory.add("扶贫工作取得成效。", "Poverty alleviation work has paid off.", origin="old-1-2", editor="ann")
    with serve_app(create_app(project, {"WARM_UP": False})) as base:
        yield base, project, doc_id
    project.close()


def page_for(browser, base: str, name: str, problems: list[str]):  # type: ignore[no-untyped-def]
    return open_page(browser, base, name, problems, width=1440, expected=("422",), label=True)  # the QA gate's 422 is expected



def shoot(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of the page as it is at 1440 px, then at 390 px (a phone), then back to 1440."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"flow-{step}-1440.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(100)
    page.screenshot(path=str(SCREENSHOTS / f"flow-{step}-390.png"))
    page.set_viewport_size({"width": 1440, "height": 900})


def test_assign_translate_review_with_the_gate_reject_and_effort(server, browser):
    from playwright.sync_api import expect

    base, project, doc_id = server
    problems: list[str] = []
    title, first, second, last = (r["id"] for r in project.documents.segment_rows(doc_id))

    # 1. The reviewer assigns the document: tina translates, rita reviews.
    rita = page_for(browser, base, "rita", problems)
    rita.goto(f"{base}/documents/{doc_id}")
    rita.select_option("#assign-translator", "tina")
    rita.select_option("#assign-reviewer", "rita")
    rita.click("form.assign button[type=submit]")
    expect(rita.locator("text=Assigned (translator: tina, reviewer: rita).")).to_be_visible()
    shoot(rita, "1-assign")

    # 2. The translator finds it under My work and opens it.
    tina = page_for(browser, base, "tina", problems)
    tina.click("nav >> text=My work")
    row = tina.locator(f"table.work tr[data-document-id='{doc_id}']")
    expect(row).to_be_visible()
    assert "your turn" in row.inner_text() and row.locator("td.left").inner_text() == "4"
    shoot(tina, "2-my-work")
    row.locator("a.doc-title").click()
    tina.locator(f"li.seg.active[data-segment-id='{title}']").wait_for()
    tina.wait_for_selector("#segments[data-comments-loaded]", state="attached")
    seg = {sid: tina.locator(f"#seg-{sid}") for sid in (title, first, second, last)}

    # She confirms the title (Ctrl+Enter: translated), then shows only what is left: the title is hidden.
    seg[title].locator("textarea").fill("Jiangxi's poverty alleviation work")
    seg[title].locator("textarea").press("Control+Enter")
    expect(seg[title]).to_have_attribute("data-status", "translated")
    expect(tina.locator("li.seg.active")).to_have_attribute("data-segment-id", first)
    tina.select_option("#filter", "unconfirmed")
    expect(seg[title]).to_be_hidden()
    for sid in (first, second, last):
        expect(seg[sid]).to_be_visible()
    assert tina.locator("#find-count").inner_text() == "3 segments shown"
    shoot(tina, "3-filter")

    # 3. The memory match of 我们继续努力。: first among the suggestions, with its diff; she takes it.
    tina.keyboard.press("Alt+ArrowDown")
    expect(tina.locator("li.seg.active")).to_have_attribute("data-segment-id", second)
    match = seg[second].locator(".sugg.memory").first
    expect(match).to_be_visible()
    assert match.locator(".score").inner_text() == "TM 93.3%"
    expect(match.locator(".diff del")).to_be_visible()
    assert match.locator(".diff del").inner_text() == "要"
    assert "memory" in seg[second].locator(".sugg").first.get_attribute("class").split()  # memory before MT
    shoot(tina, "4-memory-match")
    match.locator("button.insert").click()
    assert seg[second].locator("textarea").input_value() == "We must keep working hard."

    # 4. The concordance: 扶贫 selected in a source, Ctrl+K.
    select_term(tina, first, "扶贫")
    tina.keyboard.press("Control+k")
    conc = tina.locator("#concordance-dialog")
    expect(conc).to_be_visible()
    assert tina.locator("#concordance-q").input_value() == "扶贫"
    expect(conc.locator(".hit", has_text="Poverty alleviation work has paid off.")).to_be_visible()
    shoot(tina, "5-concordance")
    tina.keyboard.press("Escape")
    expect(conc).to_be_hidden()
    tina.evaluate("getSelection().removeAllRanges()")

    # 5. She confirms the memory's English: the next row shown is the last one (the title stays hidden).
    seg[second].locator("textarea").press("Control+Enter")
    expect(seg[second]).to_have_attribute("data-status", "translated")
    expect(tina.locator("li.seg.active")).to_have_attribute("data-segment-id", last)
    expect(seg[second]).to_be_hidden()  # confirmed and left: no longer "unconfirmed"
    # A comment on the last row, which she leaves to the reviewer.
    box = seg[last].locator(".comment-form input")
    expect(box).to_be_visible()
    box.fill("I left 第二段 as the machine had it: please check.")
    box.press("Control+Enter")
    expect(seg[last].locator(".thread .body").first).to_have_text("I left 第二段 as the machine had it: please check.")
    assert seg[last].get_attribute("data-status") == "machine"
    # Alt+↑ goes to the segment before it that is shown (the hidden one is skipped), and she confirms it.
    tina.keyboard.press("Alt+ArrowUp")
    expect(tina.locator("li.seg.active")).to_have_attribute("data-segment-id", first)
    tina.keyboard.press("Control+Enter")
    expect(seg[first]).to_have_attribute("data-status", "translated")
    shoot(tina, "6-comment-confirm")

    # 6. The reviewer: Ctrl+Enter approves; the QA gate stops the English that keeps Chinese until she gives a reason.
    rita.goto(f"{base}/documents/{doc_id}/review")
    rita.wait_for_selector("#segments[data-comments-loaded]", state="attached")
    active = rita.locator("li.seg.active")
    expect(active).to_have_attribute("data-segment-id", title)
    rita.keyboard.press("Control+Enter")
    expect(rita.locator(f"#seg-{title}")).to_have_attribute("data-status", "approved")
    # The first body segment she rejects, with a note.
    expect(active).to_have_attribute("data-segment-id", first)
    rita.locator(f"#seg-{first} button[data-act='reject']").click()
    rita.fill("#reject-note", "Say “poverty alleviation results”, as the glossary has it.")
    rita.click("#reject-form button[type=submit]")
    expect(rita.locator(f"#seg-{first}")).to_have_attribute("data-status", "rejected")
    expect(rita.locator(f"#seg-{first} .thread.rejection")).to_be_visible()
    shoot(rita, "7-reject")
    rita.locator(f"#seg-{second} textarea").click()
    rita.keyboard.press("Control+Enter")
    expect(rita.locator(f"#seg-{second}")).to_have_attribute("data-status", "approved")
    expect(active).to_have_attribute("data-segment-id", last)
    expect(rita.locator(f"#seg-{last} .thread .body").first).to_be_visible()  # the translator's comment, on the row
    rita.keyboard.press("Control+Enter")
    gate = rita.locator("#qa-gate-dialog")
    expect(gate).to_be_visible()
    assert any("Chinese" in f for f in gate.locator(".gate-findings li").all_inner_texts())
    assert rita.locator(f"#seg-{last}").get_attribute("data-status") == "machine"  # stopped
    shoot(rita, "8-qa-gate")
    rita.fill("#qa-gate-reason", "The client keeps the section name in Chinese")
    gate.locator("button[type=submit]").click()
    expect(rita.locator(f"#seg-{last}")).to_have_attribute("data-status", "approved")
    expect(gate).to_be_hidden()
    assert "The client keeps the section name in Chinese" in project.documents.revisions(last)[-1].note
    assert rita.locator("#counts").inner_text().startswith("3 of 4 approved")

    # 7. The translator opens the page again: the rejection note is on its row, visible, with who wrote it.
    tina.goto(f"{base}/documents/{doc_id}/review")
    tina.wait_for_selector("#segments[data-comments-loaded]", state="attached")
    note = tina.locator(f"#seg-{first} .thread.rejection")
    expect(note).to_be_visible()
    assert note.locator(".body").inner_text() == "Say “poverty alleviation results”, as the glossary has it."
    assert note.locator(".author").inner_text() == "rita"
    expect(tina.locator("li.seg.active")).to_have_attribute("data-segment-id", first)  # the one left to do
    shoot(tina, "9-rejection-on-the-row")

    # 8. The effort report on the document page: the translator's two edits (the title and the memory match).
    rita.goto(f"{base}/documents/{doc_id}")
    edited = rita.locator("[data-effort='edited']")
    expect(edited).to_be_visible()
    assert edited.inner_text() == "2 of 4"
    person = rita.locator(".effort-people tr[data-person='tina']")
    expect(person).to_be_visible()
    assert person.locator("td").nth(1).inner_text() == "2"
    rita.locator("#effort").scroll_into_view_if_needed()
    shoot(rita, "10-effort")
    statuses = [r["status"] for r in project.documents.segment_rows(doc_id)]
    assert statuses == ["approved", "rejected", "approved", "approved"]
    tina.context.close()
    rita.context.close()
    assert not problems, problems
