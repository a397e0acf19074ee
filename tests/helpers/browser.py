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
