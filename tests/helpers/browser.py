"""The browser tests' shared parts: the app served by waitress on 127.0.0.1 (a free port) and logging in.

The ``browser`` fixture (tests/conftest.py) launches Debian's chromium through Playwright.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from helpers.web import PASSWORD


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """Serve a WSGI ``app`` as 'translator serve' does (waitress, four threads) in a thread; yield its base URL."""
    import waitress

    srv = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.effective_port}"
    finally:
        srv.close()
        thread.join(5)


def log_in(page: Any, base: str, name: str, password: str = PASSWORD) -> None:
    """Log ``name`` in through the login form and wait for the document list."""
    page.goto(f"{base}/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{base}/")


def open_page(browser: Any, base: str, name: str, problems: list[str], *, width: int = 1280, phone: bool = False,
              expected: tuple[str, ...] = (), label: bool = False) -> Any:
    """A new page, logged in as ``name``, in a fresh context under the app's own CSP (a phone's when ``phone``).

    Every page error, and every console error or warning that mentions none of ``expected`` (an answer the test
    provokes, "409" or "422"), is appended to ``problems``, prefixed with ``name`` when ``label``.
    """
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(60_000)  # generous on a loaded 2-core machine
    page = context.new_page()
    prefix = f"{name}: " if label else ""

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning") and not any(e in message.text for e in expected):
            problems.append(prefix + message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{prefix}{error}"))
    log_in(page, base, name)
    return page


_SELECT_TERM = """([id, term, center, mouseup]) => {
    const scope = id === null ? document : document.getElementById(`seg-${id}`);
    if (center) window.scrollBy(0, scope.getBoundingClientRect().top - window.innerHeight / 2);
    const mark = [...scope.querySelectorAll('mark.term')].find((m) => m.textContent === term);
    const range = document.createRange();
    range.selectNodeContents(mark);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    if (mouseup) mark.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
}"""


def select_term(page: Any, segment_id: str | None, term: str, *, mouseup: bool = False, center: bool = False) -> None:
    """Select the highlighted glossary term ``term`` in a segment's source (the first on the page when
    ``segment_id`` is None), as a mouse would; ``mouseup`` also ends the drag (the dictionary opens), ``center``
    first scrolls the row to the middle of the window."""
    page.evaluate(_SELECT_TERM, [segment_id, term, center, mouseup])
