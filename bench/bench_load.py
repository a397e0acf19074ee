"""Load test of the review app (run by hand; the tests run its ``--quick`` mode only).

Starts ``translator serve`` on SQLite (a temporary folder, a free loopback
port), then 20 reviewer clients save segments for 60 s over keep-alive
connections, each pausing ``--think-ms`` on average between saves (100 ms:
a client saves up to ~10 times a second, far faster than a person; 0 runs
them back to back, a saturation test), as the review page does (PATCH /api/segments/<id> with the
version it started from, CSRF header, session cookie): mostly autosaves of
the English, some "translated", some "approved" (which also writes the
memory).  Each client owns its own segments, and all of them also fight
over one shared segment, where 409 conflicts are expected.

Prints, one per line::

    p50_ms=      median save latency
    p95_ms=      95th percentile save latency          (target < 50 on a 2-core machine)
    errors=      failed saves (anything but 200, and 409 on the shared segment)
    lost_updates= saves that a later read does not show (target 0)
    page_ms=     server time for the first review page of a 2,000-segment document (target < 300)
    page_bytes=  the size of that page's HTML (target < 2,000,000; the page holds 200 segments, ``PAGE_SIZE``)

plus saves=, conflicts=, rps= and the settings used.

    .venv/bin/python bench/bench_load.py [--seconds 60] [--clients 20] [--quick]

``--quick`` (2 clients for 1 s, a 50-segment review page) is what the test
suite runs: it must finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-1"
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("p50_ms", "p95_ms", "errors", "lost_updates", "page_ms", "page_bytes", "page_segments", "page_rows", "saves", "conflicts", "rps",
        "clients", "think_ms", "seconds", "first_errors")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_document(n: int, tag: str) -> str:
    """An article of ``n`` sentences in paragraphs of 10 (a title first)."""
    sentences = [f"江西第{tag}{i}项扶贫工作取得显著成果，全省{i % 90 + 10}个县参与其中。" for i in range(n - 1)]
    paragraphs = ["".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]
    return f"基准文章{tag}\n\n" + "\n\n".join(paragraphs)


def prepare_database(folder: Path, clients: int, page_segments: int) -> tuple[str, str, str]:
    """The project database: users, a document for the load and a ``page_segments`` one; returns (db, load doc, big doc)."""
    from translator.prepare.pipeline import prepare_text
    from translator.store.database import Store
    from translator.store.documents import Documents
    from translator.store.users import Users

    db = str(folder / "bench.sqlite")
    store = Store(db)
    users = Users(store)
    for k in range(clients):
        users.add(f"reviewer{k}", PASSWORD, role="reviewer")
    docs = Documents(store)
    ids = []
    for n, tag in ((clients * 20 + 1, "L"), (page_segments, "P")):
        doc = prepare_text(make_document(n, tag), name=f"bench-{tag}.txt")
        for seg in doc.segments():
            seg.target, seg.status, seg.provenance = f"Draft {seg.id}", "machine", {"engine": "bench"}
        doc.signature = "engine:bench"
        docs.save(doc)
        ids.append(doc.id)
        assert len(list(doc.segments())) == n, (len(list(doc.segments())), n)
    store.close()
    return db, ids[0], ids[1]


class Client:
    """One browser: a keep-alive connection, the session cookie and the CSRF token."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        h = {"Cookie": self.cookie, **(headers or {})} if self.cookie else dict(headers or {})
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        for key, value in r.getheaders():
            if key.lower() == "set-cookie" and value.startswith("translator_session="):
                self.cookie = value.split(";", 1)[0]
        return r.status, data

    def login(self, name: str) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
        body = urlencode({"username": name, "password": PASSWORD, "csrf_token": token}).encode()
        status, _ = self.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login failed ({status})"
        _, page = self.request("GET", "/glossary?q=none")
        self.token = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]

    def json(self, method: str, path: str, payload: object | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
        body = json.dumps(payload).encode() if payload is not None else None
        headers = {"Accept": "application/json", "X-CSRFToken": self.token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        status, data = self.request(method, path, body, headers)
        return status, json.loads(data or b"{}")


def run(seconds: float, clients: int, think_ms: float, page_segments: int = 2000) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, load_doc, big_doc = prepare_database(folder, clients, page_segments)
        port = free_port()
        exe = Path(sys.executable).with_name("translator")
        cmd = [str(exe), "serve", "--db", db, "--port", str(port)]
        env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "ARGOS_PACKAGES_DIR": "", "TRANSLATOR_ENGINE": "gloss",
               "TRANSLATOR_SECRET_KEY_FILE": str(folder / "secret.key"), "TRANSLATOR_LOGIN_RATE_LIMIT": "10000 per minute",
               "TRANSLATOR_SERVE_THREADS": os.environ.get("TRANSLATOR_SERVE_THREADS", "8"),
               "PYTHONPATH": str(ROOT)}
        log = open(folder / "server.log", "wb")  # a file, not a pipe: a full pipe would stall the server
        server = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"the server did not start: {(folder / 'server.log').read_text()}") from None
                    time.sleep(0.1)
            return load(port, seconds, clients, load_doc, big_doc, think_ms, page_segments)
        finally:
            server.terminate()
            server.wait(10)
            log.close()


def load(
    port: int, seconds: float, clients: int, load_doc: str, big_doc: str, think_ms: float, page_segments: int
) -> dict[str, object]:
    admin = Client(port)
    admin.login("reviewer0")
    _, data = admin.json("GET", f"/api/documents/{load_doc}/segments")
    segs = data["segments"]
    shared, own = segs[0], segs[1:]
    latencies: list[float] = []
    errors: list[str] = []
    conflicts = [0]
    # What each segment must hold at the end: the last successful write (the highest version wins).
    last_ok: dict[str, tuple[int, str, str]] = {}
    lock = threading.Lock()
    stop_at = [0.0]
    # The clock starts when every client has logged in (the barrier's action), not before: on a loaded
    # machine the logins alone can outlast a --quick run's one second.
    start = threading.Barrier(clients + 1, action=lambda: stop_at.__setitem__(0, time.monotonic() + seconds))

    def worker(k: int) -> None:
        c = Client(port)
        c.login(f"reviewer{k}")
        mine = {s["id"]: s["version"] for s in own[k::clients]}
        shared_version = shared["version"]
        rng = random.Random(k)
        n = 0
        start.wait()
        while time.monotonic() < stop_at[0]:
            n += 1
            on_shared = n % 10 == 0
            seg_id = shared["id"] if on_shared else rng.choice(list(mine))
            version = shared_version if on_shared else mine[seg_id]
            roll = rng.random()
            payload: dict[str, object] = {"version": version, "target": f"Edit {n} by reviewer{k}."}
            if roll > 0.9:
                payload["status"] = "approved"
            elif roll > 0.7:
                payload["status"] = "translated"
            if "status" in payload:  # the made-up English has QA errors: the QA gate wants a reason
                payload["override"] = "load test"
            t0 = time.perf_counter()
            status, body = c.json("PATCH", f"/api/segments/{seg_id}", payload)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if status == 200:
                    seg = body["segment"]
                    prior = last_ok.get(seg_id)
                    if prior is None or seg["version"] > prior[0]:
                        last_ok[seg_id] = (seg["version"], seg["target"], seg["status"])
                elif status == 409 and on_shared:
                    conflicts[0] += 1
                else:
                    errors.append(f"{status} {body.get('error', {}).get('message', '')}")
            if status == 200:
                if on_shared:
                    shared_version = body["segment"]["version"]
                else:
                    mine[seg_id] = body["segment"]["version"]
            elif status == 409:
                shared_version = body["error"]["current"]["version"]
            if think_ms:
                time.sleep(rng.uniform(0, 2 * think_ms) / 1000)  # a person reads, then types

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t_start = time.monotonic()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t_start

    # A later read must show every write.
    _, data = admin.json("GET", f"/api/documents/{load_doc}/segments")
    stored = {s["id"]: (s["version"], s["target"], s["status"]) for s in data["segments"]}
    lost = sum(1 for seg_id, want in last_ok.items() if stored.get(seg_id) != want)

    # The first review page of a big document (2,000 segments, in pages of PAGE_SIZE): the server's time, over
    # loopback, after one warm-up, and its size.
    from translator.review import PAGE_SIZE

    page_times = []
    rows = min(page_segments, PAGE_SIZE)
    for i in range(6):
        t0 = time.perf_counter()
        status, body = admin.request("GET", f"/documents/{big_doc}/review")
        if i:
            page_times.append((time.perf_counter() - t0) * 1000)
        assert status == 200 and body.count(b'class="seg"') == rows, (status, body.count(b'class="seg"'))

    latencies.sort()
    return {
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)], 1),
        "errors": len(errors),
        "lost_updates": lost,
        "page_ms": round(statistics.median(page_times), 1),
        "page_bytes": len(body),
        "page_segments": page_segments,
        "page_rows": rows,
        "saves": len(latencies),
        "conflicts": conflicts[0],
        "rps": round(len(latencies) / elapsed, 1),
        "clients": clients,
        "think_ms": think_ms,
        "seconds": seconds,
        "first_errors": "; ".join(errors[:3]) or "none",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--think-ms", type=float, default=100.0,
                        help="mean pause between one client's saves (uniform 0..2x); 0: back to back, a saturation test")
    parser.add_argument("--page-segments", type=int, default=2000, help="segments of the review page timed (page_ms)")
    parser.add_argument("--quick", action="store_true", help="2 clients for 1 s, a 50-segment page: a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.clients, args.page_segments = 1.0, 2, 50
    for key, value in run(args.seconds, args.clients, args.think_ms, args.page_segments).items():
        print(f"{key}={value}")


if __name__ == "__main__":
    main()
