"""Fixtures of the published site's browser tests: axe-core (the npm package) and a static server.

axe-core is installed with npm into ``tests/.cache/node`` (git-ignored) when it is not there yet
(``.ci/run`` installs it beforehand); ``AXE_CORE_JS`` names another copy of ``axe.min.js``.  Without
npm or the package the tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.prerequisites import unavailable

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "node"
AXE_VERSION = "4"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe-core's ``axe.min.js``."""
    named = os.environ.get("AXE_CORE_JS")
    path = Path(named) if named else CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file() and not named:
        npm = shutil.which("npm")
        if npm is None:
            unavailable("npm is not installed (Debian packages 'nodejs' and 'npm'), so axe-core cannot be")
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), f"axe-core@{AXE_VERSION}"],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            unavailable(f"npm install axe-core failed: {done.stderr.strip()[-300:]}")
    if not path.is_file():
        unavailable(f"axe-core's axe.min.js is not at {path}")
    return path.read_text(encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the base class's signature
        pass


@pytest.fixture
def static_server() -> Iterator[Callable[[Path], str]]:
    """``serve(folder)`` -> the base URL of a plain static HTTP server on 127.0.0.1 for ``folder``."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}/"

    yield serve
    for srv in servers:
        srv.shutdown()
        srv.server_close()
