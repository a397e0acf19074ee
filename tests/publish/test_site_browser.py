"""The published site in a real browser (Playwright driving Debian's chromium), served by a plain static server.

* axe-core finds no serious or critical violation on the index and on an article in each mode;
* screenshots of the index and of an article in each mode at 1440 and 390 px go to
  tests/artifacts/screenshots/ (``site-index-1440.png``, ``site-article-<mode>-390.png``, ...);
* with JavaScript off, the mode links switch the layout (CSS ``:target``);
* with it on, under the pages' own CSP: the chosen mode is remembered across pages; hovering or
  tapping a sentence highlights its counterpart, or in English-only shows its Chinese, and nothing
  on the page moves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.site import publish_project

from translator.vocabulary import LAYOUTS

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
BASE = "https://news.example.org/"
WIDTHS = {1440: 900, 390: 844}

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-site")
    project, ids = publish_project(tmp)
    result = project.publish(str(tmp / "out"), BASE)
    project.close()
    sample = next(p for p in (tmp / "out" / "articles").glob("*.html") if ids["sample"] in p.name)
    other = next(p for p in (tmp / "out" / "articles").glob("*.html") if ids["short1"] in p.name)
    return tmp / "out", result, f"articles/{sample.name}", f"articles/{other.name}"


def serious(page, axe_source: str) -> list[dict]:  # type: ignore[no-untyped-def]
    page.evaluate(axe_source)
    found = page.evaluate("async () => (await axe.run(document)).violations"
                          ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_axe_finds_nothing_serious_and_screenshots(built, browser, axe_source, static_server):
    out, result, sample, _ = built
    base = static_server(out)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[dict]] = {}
    for width, height in WIDTHS.items():
        mobile = width < 600
        # bypass_csp: axe is injected by the test; the pages' own script runs the same either way (tested below without it)
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True, is_mobile=mobile,
                                      has_touch=mobile, device_scale_factor=2 if mobile else 1)
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.goto(base + "index.html")
        page.screenshot(path=str(SCREENSHOTS / f"site-index-{width}.png"), full_page=True)
        problems[f"index@{width}"] = serious(page, axe_source)
        for mode in LAYOUTS:
            page.goto(f"{base}{sample}#mode-{mode}")
            page.wait_for_function(f"document.documentElement.classList.contains('layout-{mode}')")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SCREENSHOTS / f"site-article-{mode}-{width}.png"))
            problems[f"{mode}@{width}"] = serious(page, axe_source)
        context.close()
    assert all(not v for v in problems.values()), problems
    for name in ("site-index-1440.png", "site-index-390.png", *(f"site-article-{m}-{w}.png" for m in LAYOUTS for w in WIDTHS)):
        assert (SCREENSHOTS / name).stat().st_size > 5_000, name


def layout_of(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate("""() => {
        const row = document.querySelector('.body .row.paragraph');
        const zh = row.querySelector('.zh');
        return {display: getComputedStyle(row).display, zh: getComputedStyle(zh).display,
                columns: getComputedStyle(row).gridTemplateColumns};
    }""")


def test_modes_are_links_that_work_without_javascript(built, browser, static_server):
    out, result, sample, _ = built
    base = static_server(out)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + sample)
    assert layout_of(page)["display"] == "grid" and layout_of(page)["zh"] == "block"  # side by side, the default
    page.click("nav.switch a[data-layout='target']")
    assert page.url.endswith("#mode-target")
    assert layout_of(page)["zh"] == "none"
    page.click("nav.switch a[data-layout='interleaved']")
    assert layout_of(page) == {"display": "block", "zh": "block", "columns": "none"}
    page.click("nav.switch a[data-layout='side-by-side']")
    assert layout_of(page)["display"] == "grid" and len(layout_of(page)["columns"].split()) == 2
    # the chosen link looks chosen
    current = page.eval_on_selector("nav.switch a[data-layout='side-by-side']", "a => getComputedStyle(a).backgroundColor")
    other = page.eval_on_selector("nav.switch a[data-layout='target']", "a => getComputedStyle(a).backgroundColor")
    assert current != other
    context.close()


def boxes(page) -> list:  # type: ignore[no-untyped-def]
    return page.evaluate("() => [...document.querySelectorAll('.body .row, .body [data-segments]')]"
                         ".map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })")


def test_mode_remembered_and_counterparts_shown_without_moving_anything(built, browser, static_server):
    out, result, sample, other = built
    base = static_server(out)
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})  # the pages' own CSP in force
    page = context.new_page()
    missing: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(base + sample)
    assert page.evaluate("document.documentElement.className") == "layout-side-by-side js"

    # side by side: hovering an English sentence highlights its Chinese one; nothing moves
    en = page.locator(".body .en [data-segments]").nth(2)
    ids = en.get_attribute("data-segments")
    before = boxes(page)
    en.hover()
    assert page.locator(f".zh [data-segments='{ids}']").get_attribute("class") == "hl"
    assert boxes(page) == before

    # English only, chosen with the switch: remembered on another article
    page.click("nav.switch a[data-layout='target']")
    assert "layout-target" in page.evaluate("document.documentElement.className")
    assert page.get_attribute("nav.switch a[data-layout='target']", "aria-current") == "true"
    page.goto(base + other)
    assert "layout-target" in page.evaluate("document.documentElement.className")
    page.goto(base + sample)
    assert "layout-target" in page.evaluate("document.documentElement.className")
    en = page.locator(".body .en [data-segments]").nth(2)
    ids = en.get_attribute("data-segments")
    before = boxes(page)
    en.hover()
    tip = page.locator(".tip")
    tip.wait_for(state="visible")
    assert tip.inner_text() == page.locator(f".zh [data-segments='{ids}']").text_content()
    assert tip.get_attribute("lang") == "zh-Hans" and tip.get_attribute("role") == "tooltip"
    assert boxes(page) == before  # laid over the page: no reflow
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert errors == []  # no script error, no CSP violation
    assert {u.rsplit("/", 1)[-1] for u in missing} <= {"favicon.ico"}  # the browser's own guess; the site's files are all there
    context.close()

    # a phone: tapping a sentence shows its Chinese, tapping it again hides it
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = phone.new_page()
    page.goto(f"{base}{sample}#mode-target")
    en = page.locator(".body .en [data-segments]").nth(1)
    before = boxes(page)
    en.tap()
    page.locator(".tip").wait_for(state="visible")
    assert boxes(page) == before
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site-article-target-tap-390.png"))
    en.tap()
    assert not page.locator(".tip").is_visible()
    phone.close()


def test_dark_mode_and_print(built, browser, axe_source, static_server):
    out, result, sample, _ = built
    base = static_server(out)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    page.goto(base + sample)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 18, 18)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site-article-side-by-side-1440-dark.png"))
    assert serious(page, axe_source) == []  # contrast holds in the dark too
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.switch')).display") == "none"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


def test_the_exported_file_runs_its_inline_script_under_its_own_csp(browser, tmp_path):
    """The HTML export (one file, style and script inline, allowed by hash) switches and remembers modes from file://."""
    from helpers.samples import reviewed_sample

    from translator.formats.html import export_html

    path = tmp_path / "article.html"
    path.write_bytes(export_html(reviewed_sample(), layout="interleaved"))
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    assert page.evaluate("document.documentElement.className") == "layout-interleaved js"
    page.click("nav.switch a[data-layout='side-by-side']")
    assert "layout-side-by-side" in page.evaluate("document.documentElement.className")
    page.locator(".body .en [data-segments]").first.hover()
    assert page.locator(".body .zh .hl").count() == 1
    assert errors == []  # the CSP's hashes match what the browser reads
    context.close()


def test_the_english_measure_is_about_70_characters(built, browser, static_server):
    out, result, sample, _ = built
    base = static_server(out)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    for mode in LAYOUTS:
        page.goto(f"{base}{sample}#mode-{mode}")
        page.wait_for_function(f"document.documentElement.classList.contains('layout-{mode}')")
        # characters per line of the longest English paragraph: its length over the lines it takes
        chars = page.evaluate("""() => {
            const p = [...document.querySelectorAll('.body .en p')].sort((a, b) => b.textContent.length - a.textContent.length)[0];
            const range = document.createRange();
            range.selectNodeContents(p);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.bottom)));
            return p.textContent.length / lines.size;
        }""")
        assert 55 <= chars <= 85, (mode, chars)
    context.close()
