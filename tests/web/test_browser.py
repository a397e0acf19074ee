"""A real browser (Playwright driving Debian's chromium) against a real server (waitress on 127.0.0.1, a free port).

The flow: log in, upload the sample, open it; edit a segment and press Ctrl+Enter; reload: the edit is
saved and the cursor is on the next segment; a reviewer approves it.  Screenshots of the review page at
1280 and 390 px wide go to tests/artifacts/screenshots/ (README: "Review app").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import log_in, select_term, serve_app
from helpers.web import make_project

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
SAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "jiangxi-poverty-alleviation.txt"

# Without chromium (or Playwright) the fixture skips, or fails under CI=true (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path):
    """The app as 'translator serve' runs it (CSRF on, worker thread), served by waitress in a thread."""
    from webapp import create_app

    project = make_project(tmp_path)
    with serve_app(create_app(project)) as base:
        yield base, project
    project.close()


def test_translate_edit_confirm_reload_approve(server, browser):
    from translator.store.memory import Memory

    base, project = server
    problems: list[str] = []
    # bypass_csp: Playwright's wait_for_function polls with eval, which the app's CSP (tested in
    # test_auth.py) forbids; the page's own scripts run the same either way.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(60_000)  # generous on a loaded 2-core machine; a pass takes ~10 s
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # 1. Log in, upload the sample, wait for the background translation, open the review page.
    log_in(page, base, "tina")
    page.set_input_files("#file", str(SAMPLE))
    page.click("form.upload button[type=submit]")
    page.wait_for_url(f"{base}/documents/*")
    page.wait_for_selector(".legend >> text=machine", timeout=90_000)  # the page follows the job, then reloads
    page.click("text=Open the review page")
    page.wait_for_selector(".seg.active textarea")
    rows = page.locator("li.seg")
    assert rows.count() == 47

    # 2. Edit the first body segment and confirm it with Ctrl+Enter.
    seg = rows.nth(1)
    seg_id = seg.get_attribute("data-segment-id")
    next_id = rows.nth(2).get_attribute("data-segment-id")
    # (It names both glossary terms of the source: English with a QA error would need a reason, the QA gate.)
    seg.locator("textarea").fill("“We must keep up the effort in the fight against poverty and plan rural revitalization,” "
                                 "said Yang Guiping.")
    seg.locator("textarea").press("Control+Enter")
    page.wait_for_selector(f'li.seg[data-segment-id="{seg_id}"][data-status="translated"]')
    page.wait_for_function(f"document.activeElement.closest('.seg')?.dataset.segmentId === '{next_id}'")

    # 3. Reload: the edit is saved, the cursor is on the next segment.
    page.reload()
    page.wait_for_selector(".seg.active textarea")
    assert page.evaluate("document.activeElement.closest('.seg').dataset.segmentId") == next_id
    saved = page.locator(f'li.seg[data-segment-id="{seg_id}"]')
    assert saved.locator("textarea").input_value().startswith("“We must keep up the effort")
    assert saved.get_attribute("data-status") == "translated"
    # The other keys: Ctrl+I copies the source, Ctrl+1 inserts the first suggestion, Alt+↓/↑ move.
    active = page.locator("li.seg.active")
    page.keyboard.press("Control+i")
    assert active.locator("textarea").input_value() == active.locator(".src .text").inner_text()
    first = active.locator(".suggestions .sugg .text").first
    first.wait_for()
    page.keyboard.press("Control+1")
    assert active.locator("textarea").input_value() == first.inner_text()
    # Leaving a changed segment saves it.
    left = page.locator(f'li.seg[data-segment-id="{next_id}"]')
    version = int(left.get_attribute("data-version") or 0)
    page.keyboard.type(" (checked)")
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function(f"Number(document.getElementById('seg-{next_id}').dataset.version) > {version}")
    page.wait_for_function(f"document.activeElement.closest('.seg')?.dataset.segmentId === '{rows.nth(3).get_attribute('data-segment-id')}'")
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_function(f"document.activeElement.closest('.seg')?.dataset.segmentId === '{next_id}'")
    # Selecting Chinese shows its dictionary entries.
    select_term(page, None, "扶贫", mouseup=True)
    page.wait_for_selector("#lookup:not([hidden]) .cedict dt >> text=扶贫")
    assert "poverty alleviation" in page.locator("#lookup").inner_text()
    page.keyboard.press("Escape")
    page.evaluate("getSelection().removeAllRanges()")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "review-1280.png"))

    # 4. A reviewer approves it (on a phone-sized screen).
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
                                bypass_csp=True)
    phone.set_default_timeout(60_000)
    rita = phone.new_page()
    rita.on("pageerror", lambda e: problems.append(str(e)))
    log_in(rita, base, "rita")
    rita.goto(page.url.split("#")[0] + f"#seg-{seg_id}")
    rita.wait_for_selector(f'li.seg.active[data-segment-id="{seg_id}"]')
    rita.locator(f'li.seg[data-segment-id="{seg_id}"] button[data-act="approve"]').click()
    rita.wait_for_selector(f'li.seg[data-segment-id="{seg_id}"][data-status="approved"]')
    rita.evaluate("window.scrollTo(0, 0)")
    rita.screenshot(path=str(SCREENSHOTS / "review-390.png"))
    source = saved.locator(".src .text").inner_text()
    [[match]] = Memory(project.store).lookup([source])
    assert match.score == 100.0 and match.editor == "rita" and match.target.startswith("“We must keep up")
    # 5. The scripts take statuses, labels and ranks from the page's vocabulary block, under the app's own CSP.
    strict = browser.new_context(viewport={"width": 1280, "height": 900})  # no bypass_csp: the CSP applies
    review = strict.new_page()
    review.on("pageerror", lambda e: problems.append(str(e)))
    review.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    log_in(review, base, "rita")
    review.goto(page.url.split("#")[0])
    review.wait_for_selector(".seg.active textarea")
    assert review.locator("#counts").inner_text().startswith("1 of 47 approved")  # CONFIRMED for a reviewer
    bar_titles = review.locator("#progress svg.bar rect[data-status] title").evaluate_all("els => els.map((e) => e.textContent)")
    assert "1 approved" in bar_titles and any(t.endswith(" machine") for t in bar_titles)
    review.select_option("#filter", "approved")  # a status filter: only the approved row is shown (editing moves to it)
    shown = review.locator("li.seg:not([hidden])")
    assert shown.count() == 1 and shown.get_attribute("data-segment-id") == seg_id and shown.is_visible()
    assert review.locator("li.seg.active").get_attribute("data-segment-id") == seg_id
    review.select_option("#filter", "needs_review")
    shown = review.locator("li.seg:not([hidden])")
    assert shown.count() == review.locator('li.seg[data-status="needs_review"]').count()
    assert set(shown.evaluate_all("els => els.map((e) => e.dataset.status)")) <= {"needs_review"}
    review.select_option("#filter", "all")
    assert review.locator("li.seg:not([hidden])").count() == 47
    strict.close()
    assert not problems, problems  # no script error, no blocked resource (CSP)
    phone.close()
    context.close()


def test_the_qa_gate_dialog_memory_diffs_and_ctrl_k_concordance(server, browser):
    """A reviewer's Ctrl+Enter on English with QA errors opens the gate's dialog; the reason approves it and is in the
    history.  A fuzzy memory match shows its diff; Ctrl+K on selected Chinese opens the concordance.  Under the app's CSP."""
    from helpers.web import ARTICLE

    from translator.prepare.pipeline import prepare_text

    base, project = server
    doc = prepare_text(ARTICLE, name="gate.txt")
    for s in doc.segments():
        s.target, s.status, s.provenance = f"EN {s.source}", "machine", {"engine": "fake"}
        s.qa = project.review.qa_for(s)
    project.documents.save(doc)
    project.memory.add("我们要继续努力。", "We must keep working hard.", origin="old-1-1", editor="ann")
    project.memory.add("扶贫工作取得成效。", "Poverty alleviation work has paid off.", origin="old-1-2", editor="ann")
    title, first, second, _third = project.documents.segment_rows(doc.id)
    problems: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1440, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})  # the app's CSP applies
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        log_in(page, base, "rita")
        if width == 1440:
            # 1. The gate: Ctrl+Enter on the title, whose English keeps Chinese and lacks its glossary terms.
            page.goto(f"{base}/documents/{doc.id}/review#seg-{title['id']}")
            page.wait_for_selector(f'li.seg.active[data-segment-id="{title["id"]}"] textarea')
            page.locator(f'li.seg[data-segment-id="{title["id"]}"] textarea').press("Control+Enter")
            dialog = page.locator("#qa-gate-dialog")
            dialog.wait_for(state="visible")
            assert "approved" in dialog.locator(".gate-status").inner_text()
            findings = dialog.locator(".gate-findings li").all_inner_texts()
            assert any("glossary_missing" in f and "poverty alleviation" in f for f in findings), findings
            assert page.locator(f'li.seg[data-segment-id="{title["id"]}"]').get_attribute("data-status") == "machine"
            page.screenshot(path=str(SCREENSHOTS / "qa-gate-1440.png"))
            page.fill("#qa-gate-reason", "Headline kept as the client sent it")
            dialog.locator("button[type=submit]").click()
            page.wait_for_selector(f'li.seg[data-segment-id="{title["id"]}"][data-status="approved"]')
            assert not dialog.is_visible()
            assert "Headline kept as the client sent it" in project.documents.revisions(title["id"])[-1].note
            # Cancelling leaves the segment as it was.
            page.wait_for_selector(f'li.seg.active[data-segment-id="{first["id"]}"]')
            page.keyboard.press("Control+Enter")
            dialog.wait_for(state="visible")
            dialog.locator("button[data-close]").click()
            assert not dialog.is_visible()
            assert page.locator(f'li.seg[data-segment-id="{first["id"]}"]').get_attribute("data-status") == "machine"
        else:
            page.goto(f"{base}/documents/{doc.id}/review#seg-{second['id']}")
        # 2. The fuzzy memory match of "我们继续努力。", with what differs marked.
        page.locator(f'li.seg[data-segment-id="{second["id"]}"] .src').click()
        match = page.locator(f'li.seg.active[data-segment-id="{second["id"]}"] .sugg.memory').first
        match.wait_for(state="visible")
        assert match.locator(".score").inner_text() == "TM 93.3%"
        assert match.locator(".diff del").inner_text() == "要" and match.locator(".diff del").is_visible()
        assert match.locator(".diff").inner_text() == "我们要继续努力。"
        assert "approved by ann" in match.locator(".match-meta").inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"memory-diff-{width}.png"))
        # 3. Select 扶贫 in a source and press Ctrl+K: the concordance opens with it.
        select_term(page, first["id"], "扶贫")
        page.keyboard.press("Control+k")
        conc = page.locator("#concordance-dialog")
        conc.wait_for(state="visible")
        assert page.locator("#concordance-q").input_value() == "扶贫"
        hit = conc.locator(".hit", has_text="Poverty alleviation work has paid off.")
        hit.wait_for(state="visible")
        assert hit.locator("mark").first.inner_text() == "扶贫" and "memory" in hit.inner_text()
        # English, whole words: typing searches again.
        page.fill("#concordance-q", "poverty")
        conc.locator(".hit .hit-target mark", has_text="Poverty").first.wait_for(state="visible")
        page.screenshot(path=str(SCREENSHOTS / f"concordance-{width}.png"))
        page.keyboard.press("Escape")
        assert not conc.is_visible()
        context.close()
    # The gate's 422 answers are expected (the browser logs every non-2xx answer); nothing else may be there.
    assert [p for p in problems if "status of 422" not in p] == [], problems
