"""A real browser (Playwright driving Debian's chromium) against a real server: on the review page, a segment whose
source was approved with other English in another document says so, with a link there (js/elsewhere.js)."""

from __future__ import annotations

import threading

import pytest
from helpers.web import PASSWORD, make_project

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture
def server(tmp_path):
    import waitress

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
    app = create_app(project, {"WARM_UP": False})
    srv = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}", ids
    srv.close()
    thread.join(5)
    project.close()


@pytest.fixture
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield b
        b.close()


def test_a_segment_approved_differently_elsewhere_says_so(server, browser):
    base, ids = server
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{base}/login")
    page.fill("#username", "tina")
    page.fill("#password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{base}/")

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
