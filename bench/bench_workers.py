"""Throughput of ``translator batch --broker`` with one and with two ``translator worker`` processes.

Run by hand:  .venv/bin/python bench/bench_workers.py [--articles 120] [--quick]

Starts a throwaway PostgreSQL and redis-server (tests/servers.py: loopback,
free ports; stopped at the end), makes N distinct copies of the sample
article, and runs the same batch (gloss engine, JSON exports) on a fresh
database through one worker, then through two (each ``--concurrency 1``,
so 1 and 2 translating processes).  Prints, last::

    docs_per_min_1=   articles a minute with one worker process
    docs_per_min_2=   ... with two
    scaling=          docs_per_min_2 / docs_per_min_1   (target >= 1.6 on a 2-core machine)

``--quick`` (two short articles, no settling pause, the tiny random-weight
Argos model of tests/tinyargos.py instead of the gloss engine, whose
dictionaries take seconds to load in every process) is what the test suite
runs: it must finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("articles", "cores", "engine", "docs_per_min_1", "docs_per_min_2", "scaling")

sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from helpers.servers import PostgresServer, RedisServer  # noqa: E402
from helpers.tinyargos import install_tiny_package  # noqa: E402


def run(
    n_workers: int, exe: str, folder: Path, work: Path, pg: PostgresServer, redis_url: str, env: dict[str, str],
    engine: str, settle_s: float,
) -> float:
    from translator.store.database import Store

    db = pg.new_database()
    Store(db).close()  # the schema made once, before the workers open the database
    workers = []
    try:
        for k in range(n_workers):
            log = work / f"w{n_workers}-{k}.log"
            with log.open("wb") as sink:
                p = subprocess.Popen(
                    [exe, "worker", "--broker", redis_url, "--db", db, "--engine", engine, "--concurrency", "1",
                     "--name", f"w{k}@bench", "--loglevel", "INFO"],
                    env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
                )
            workers.append(p)
        for k, p in enumerate(workers):  # Celery's "NAME ready." (an INFO line: WARNING would hide it)
            log = work / f"w{n_workers}-{k}.log"
            deadline = time.monotonic() + 120
            while f"w{k}@bench ready." not in log.read_text(errors="replace"):
                if p.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"worker w{k}@bench did not start: {log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.05)
        time.sleep(settle_s)  # the pool's child loads the engine after 'ready'
        out = work / f"out{n_workers}"
        t0 = time.perf_counter()
        r = subprocess.run([exe, "batch", str(folder), "--out", str(out), "--db", db, "--engine", engine, "--format", "json",
                            "--broker", redis_url], env=env, capture_output=True)
        seconds = time.perf_counter() - t0
        if r.returncode != 0:
            raise SystemExit(r.stderr.decode()[-3000:])
        totals = json.loads((out / "report.json").read_text())["totals"]
        assert totals["done"] == totals["articles"], totals
        return totals["articles"] / seconds * 60
    finally:
        for p in workers:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=60)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--quick", action="store_true", help="two short articles, no settling pause: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.articles = 2
    settle_s = 0.0 if args.quick else 3.0
    exe = str(Path(sys.executable).with_name("translator"))
    work = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "no-models"), "HOME": str(work)}
    engine = "gloss"
    if args.quick:
        env.update(install_tiny_package(work))
        engine = "argos"
    folder = work / "in"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    if args.quick:  # the title, the date line and the first paragraph
        text = "\n".join(text.splitlines()[:5])
    for i in range(args.articles):
        (folder / f"article-{i:04}.txt").write_text(text.replace("江西", f"江西{i}号", 1), encoding="utf-8")
    pg, rd = PostgresServer().start(), RedisServer().start()
    try:
        one = run(1, exe, folder, work, pg, rd.url(0), env, engine, settle_s)
        rd.flush()
        two = run(2, exe, folder, work, pg, rd.url(0), env, engine, settle_s)
    finally:
        rd.stop()
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"articles={args.articles} cores={os.cpu_count()} engine={engine}")
    print(f"docs_per_min_1={one:.1f}")
    print(f"docs_per_min_2={two:.1f}")
    print(f"scaling={two / one:.2f}")


if __name__ == "__main__":
    main()
