"""The llm engine against a real llama.cpp server: concurrency gain and our own overhead.

Run by hand, never by the test suite::

    .venv/bin/python bench/bench_llm.py            # the real benchmark (about a minute)
    .venv/bin/python bench/bench_llm.py --quick    # a few segments: does it run?

The server is ``python -m llama_cpp.server`` (llama-cpp-python) serving the
tiny GGUF model the tests build (tests/helpers/tinyllm.py), on 127.0.0.1.
llama-cpp-python's server answers one request at a time, so the benchmark
starts ``--servers`` of them (one thread each) and gives the engine their
URLs (``llm_url`` with several, used in turn), as one would put several
llama.cpp processes or GPUs behind one tool.  On the sample's segments:

(a) our engine at ``llm_concurrency=4`` (prompt building, HTTP, parsing,
    cleaning: ``LLMEngine.translate_batch``);
(b) the same engine at ``llm_concurrency=1``: ``ratio_sequential = b / a``;
(c) a bare ``http.client`` sending the very request bodies (a) sent (recorded
    during (a)), at the same concurrency over the same servers, reading the
    JSON and nothing else: ``overhead_ratio = a / c``.

Every answer is capped at ``--max-tokens`` (the random model never stops on
its own).  (a), (b) and (c) run ``--rounds`` times, in turn; the best round
of each counts.  Prints ``key=value`` lines.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

#: The key=value lines this bench prints (its quick mode is run by tests/bench).
KEYS = ("segments", "servers", "concurrency", "max_tokens", "requests", "failed_segments", "engine_s", "sequential_s", "bare_s",
        "segments_per_s", "ratio_sequential", "overhead_ratio")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def bare_client(bodies: list[dict], urls: list[str], concurrency: int) -> float:
    """Send ``bodies`` (POST /chat/completions) over keep-alive connections, round-robin over ``urls``; seconds."""
    import threading

    local = threading.local()
    parsed = [urllib.parse.urlsplit(u) for u in urls]
    opened: list[http.client.HTTPConnection] = []

    def send(k: int) -> str:
        u = parsed[k % len(parsed)]
        conns = local.__dict__.setdefault("c", {})
        conn = conns.get(u.netloc)
        if conn is None:
            conn = conns[u.netloc] = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
            opened.append(conn)
        conn.request("POST", u.path + "/chat/completions", body=json.dumps(bodies[k], ensure_ascii=False).encode(),
                     headers={"Content-Type": "application/json"})
        return json.loads(conn.getresponse().read())["choices"][0]["message"]["content"]

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(send, range(len(bodies))))
    elapsed = time.perf_counter() - start
    for conn in opened:
        conn.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="6 segments, one server, one round")
    ap.add_argument("--servers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--max-tokens", type=int, default=48)
    args = ap.parse_args()
    if args.quick:
        args.servers, args.rounds, args.max_tokens = 1, 1, 8

    from helpers.tinyllm import SAMPLE, LlamaServer, build_tiny_gguf

    from translator.engines.llm import LLMEngine
    from translator.prepare.pipeline import prepare_bytes

    doc = prepare_bytes(SAMPLE.read_bytes(), name=str(SAMPLE))
    sources = list(dict.fromkeys(s.source for s in doc.segments() if s.source.strip()))
    if args.quick:
        sources = sources[:6]

    with tempfile.TemporaryDirectory() as work:
        model = build_tiny_gguf(Path(work) / "tiny.gguf")
        servers = [LlamaServer(model, Path(work) / f"server{i}.log") for i in range(args.servers)]
        try:
            urls = [s.url for s in servers]

            def engine(concurrency: int) -> LLMEngine:
                return LLMEngine(",".join(urls), concurrency=concurrency, context=2, max_tokens=args.max_tokens)

            engine(args.concurrency).translate_batch(sources[:2])  # warm up: models loaded, caches filled
            best = {"engine": float("inf"), "sequential": float("inf"), "bare": float("inf")}
            bodies: list[dict] = []
            for _ in range(args.rounds):
                e = engine(args.concurrency)
                real_call = e.client.call
                recorded: list[dict] = []

                def call(server, method, path, body=None, _real=real_call, _rec=recorded):
                    if body is not None:
                        _rec.append(body)
                    return _real(server, method, path, body)

                e.client.call = call  # type: ignore[method-assign]
                start = time.perf_counter()
                out = e.translate_batch(sources)
                best["engine"] = min(best["engine"], time.perf_counter() - start)
                failed = sum(1 for t in out if not t.text)
                bodies = recorded
                start = time.perf_counter()
                engine(1).translate_batch(sources)
                best["sequential"] = min(best["sequential"], time.perf_counter() - start)
                best["bare"] = min(best["bare"], bare_client(bodies, urls, args.concurrency))
        finally:
            for s in servers:
                s.stop()

    print(f"segments={len(sources)}")
    print(f"servers={args.servers}")
    print(f"concurrency={args.concurrency}")
    print(f"max_tokens={args.max_tokens}")
    print(f"requests={len(bodies)}")
    print(f"failed_segments={failed}")
    print(f"engine_s={best['engine']:.3f}")
    print(f"sequential_s={best['sequential']:.3f}")
    print(f"bare_s={best['bare']:.3f}")
    print(f"segments_per_s={len(sources) / best['engine']:.1f}")
    print(f"ratio_sequential={best['sequential'] / best['engine']:.2f}")
    print(f"overhead_ratio={best['engine'] / best['bare']:.3f}")


if __name__ == "__main__":
    main()
