"""Concordance search (GET /api/concordance, ``translator memory concordance``) on a big memory, SQLite and PostgreSQL.

Run by hand:  .venv/bin/python bench/bench_concordance.py [--entries 50000] [--queries 60] [--quick]

Fills a memory with N distinct entries (the sample's sentences with varied
numbers, places and people; English made of varied words) and stores a
document of 2,000 approved segments, on a fresh SQLite file and on a
throwaway PostgreSQL server (tests/helpers/servers.py), then times
``Review.concordance`` (what the API and the CLI call) for four kinds of
query: a common Chinese phrase (thousands of rows hold it: the newest-first
``LIMIT`` stops the scan early), a rare one (one row: the whole table is
read), a common English word and a rare one (the whole-word check on top).
Prints ``p50_ms_<db>=`` and ``p95_ms_<db>=`` over every query, ``rare_p95_ms_<db>=``
over the rare ones (the worst case), and ``hits_mean_<db>=``.

``--quick`` (500 entries, 4 queries) is what the test suite runs: it must
finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from helpers.servers import PostgresServer  # noqa: E402

from translator.prepare.pipeline import prepare_bytes, prepare_text  # noqa: E402
from translator.project import Project  # noqa: E402
from translator.settings import Settings  # noqa: E402
from translator.store.memory import MemoryEntry  # noqa: E402

PLACES = ["赣州", "吉安", "于都", "瑞金", "井冈山", "南昌", "九江", "上饶", "抚州", "宜春"]
NAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"]
WORDS = ["poverty", "alleviation", "county", "village", "industry", "income", "farmers", "policy", "targeted", "measures",
         "revitalization", "rural", "households", "support", "results", "province", "officials", "projects", "funds", "jobs"]
DATABASES = ("sqlite", "postgres")
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = (
    "entries", "segments", "queries",
    "p50_ms_sqlite", "p95_ms_sqlite", "rare_p95_ms_sqlite", "hits_mean_sqlite",
    "p50_ms_postgres", "p95_ms_postgres", "rare_p95_ms_postgres", "hits_mean_postgres",
)


def sentences() -> list[str]:
    doc = prepare_bytes(SAMPLE.read_bytes(), name=str(SAMPLE))
    return [s.source for s in doc.segments() if len(s.source) >= 8]


def english(rng: random.Random, serial: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + f" (no. {serial})."


def fill(project: Project, n: int, base: list[str], segments: int) -> None:
    rng = random.Random(1)
    for start in range(0, n, 10_000):
        project.memory.add_many([
            MemoryEntry(f"{rng.choice(NAMES)}某表示，{base[i % len(base)].replace('江西', rng.choice(PLACES), 1)}（{i}）",
                        english(rng, i), origin=f"bench-{i}", editor="bench")
            for i in range(start, min(n, start + 10_000))
        ])
    project.memory.after_bulk_load()
    text = "基准文档\n\n" + "\n\n".join(f"{base[i % len(base)]}（文档{i}）" for i in range(segments))
    doc = prepare_text(text, name="bench.txt")
    for i, seg in enumerate(doc.segments()):
        seg.target, seg.status = english(rng, 10**7 + i), "approved"
    project.documents.save(doc, by="bench")


def queries(k: int, n: int) -> list[tuple[str, bool]]:
    """(query, rare) pairs: common and rare Chinese phrases, common and rare English words, in turn."""
    rng = random.Random(2)
    out = []
    for i in range(k):
        kind = i % 4
        if kind == 0:
            out.append((rng.choice(["脱贫攻坚", "乡村振兴", "扶贫", "产业"]), False))
        elif kind == 1:
            out.append((f"（{rng.randrange(n)}）", True))  # one entry holds it
        elif kind == 2:
            out.append((rng.choice(WORDS), False))
        else:
            out.append((rng.choice(["zebra", "quantum", "glacier"]), True))  # no entry holds it
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def measure(project: Project, asked: list[tuple[str, bool]]) -> tuple[list[float], list[float], list[int]]:
    review = project.review
    review.concordance("扶贫")  # warm
    times, rare, hits = [], [], []
    for q, is_rare in asked:
        t0 = time.perf_counter()
        found = review.concordance(q)
        ms = (time.perf_counter() - t0) * 1000
        times.append(ms)
        hits.append(len(found))
        if is_rare:
            rare.append(ms)
    return times, rare, hits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=50_000)
    ap.add_argument("--segments", type=int, default=2_000, help="approved segments of a stored document")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--only", choices=DATABASES, default=None, help="measure one database only")
    ap.add_argument("--quick", action="store_true", help="500 entries, 50 segments, 4 queries: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.entries, args.segments, args.queries = 500, 50, 4
    base = sentences()
    work = Path(tempfile.mkdtemp(prefix="bench-concordance-"))
    asked = queries(args.queries, args.entries)
    results: dict[str, tuple[float, float, float, float]] = {}
    pg = PostgresServer().start()
    try:
        for name, url in (("sqlite", str(work / "project.sqlite")), ("postgres", pg.new_database())):
            if args.only and name != args.only:
                continue
            settings = Settings.load(env={}, overrides={"db": url, "engine": "gloss", "glossary_file": ""}, cwd=work)
            project = Project(settings)
            print(f"{name}: filling {args.entries} entries and {args.segments} approved segments", file=sys.stderr)
            fill(project, args.entries, base, args.segments)
            times, rare, hits = measure(project, asked)
            results[name] = (statistics.median(times), p95(times), p95(rare), statistics.mean(hits))
            project.close()
    finally:
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"entries={args.entries} segments={args.segments} queries={args.queries}")
    for name in DATABASES:
        p50, tail, rare_tail, hits_mean = results.get(name, (float("nan"),) * 4)
        print(f"p50_ms_{name}={p50:.1f}")
        print(f"p95_ms_{name}={tail:.1f}")
        print(f"rare_p95_ms_{name}={rare_tail:.1f}")
        print(f"hits_mean_{name}={hits_mean:.1f}")


if __name__ == "__main__":
    main()
