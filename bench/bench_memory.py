"""Fuzzy memory look-ups at a million segments, on SQLite and on PostgreSQL.

Run by hand:  .venv/bin/python bench/bench_memory.py [--segments 1000000] [--lookups 300] [--quick]

Fills a memory with N distinct segments made from the sample's sentences
with varied numbers and place names (through ``Memory.add_many``, in
batches), on a fresh SQLite file and on a throwaway PostgreSQL server
(tests/servers.py: loopback, free port, stopped at the end), then runs
``Memory.after_bulk_load`` as ``translator memory import`` does.  Then times
``Memory.lookup`` of one new sentence at a time (what the review page asks
while a translator types): near-variants of stored segments and unrelated
sentences.  Then scores every stored key against each query with rapidfuzz
(what a look-up would find with no index) and compares: how many of the
queries that have a match got one, and how many points the best match offered
is below the best there is.  Prints, last::

    recall_<db>=              queries with a match that got one / queries with a match
    best_gap_mean_<db>=       points the best match offered is below the best stored (mean, max)
    lookup_p95_ms_sqlite=     95th percentile look-up, SQLite   (target <= 50)
    lookup_p95_ms_postgres=   95th percentile look-up, PostgreSQL (target <= 50)

``--quick`` (2,000 segments, 20 look-ups) is what the test suite runs: it
must finish and print every key of ``KEYS``; its figures mean nothing.
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

from translator.prepare.pipeline import prepare_bytes  # noqa: E402
from translator.store.database import Store  # noqa: E402
from translator.store.memory import FUZZY_MIN, Memory, MemoryEntry, source_key  # noqa: E402

PLACES = ["赣州", "吉安", "于都", "瑞金", "井冈山", "南昌", "九江", "上饶", "抚州", "宜春", "萍乡", "鹰潭", "景德镇", "新余"]
NAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"]
DATABASES = ("sqlite", "postgres")
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = (
    "segments", "lookups",
    "fill_s_sqlite", "after_bulk_load_s_sqlite", "lookup_p50_ms_sqlite", "lookup_p95_ms_sqlite",
    "recall_sqlite", "best_gap_mean_sqlite", "best_gap_max_sqlite",
    "fill_s_postgres", "after_bulk_load_s_postgres", "lookup_p50_ms_postgres", "lookup_p95_ms_postgres",
    "recall_postgres", "best_gap_mean_postgres", "best_gap_max_postgres",
)


def sentences() -> list[str]:
    doc = prepare_bytes(SAMPLE.read_bytes(), name=str(SAMPLE))
    return [s.source for s in doc.segments() if len(s.source) >= 8]


def variant(rng: random.Random, sentence: str, serial: int) -> str:
    """The sentence with its digits, a place and a person varied, and a serial making it distinct."""
    out = "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in sentence)
    if "江西" in out:
        out = out.replace("江西", rng.choice(PLACES), 1)
    return f"{rng.choice(NAMES)}{rng.choice('某甲乙丙丁')}表示，{out}（{serial}）"


def fill(memory: Memory, n: int, base: list[str], batch: int = 20000) -> float:
    rng = random.Random(1)
    t0 = time.perf_counter()
    for start in range(0, n, batch):
        entries = [MemoryEntry(variant(rng, base[i % len(base)], i), f"target {i}") for i in range(start, min(n, start + batch))]
        memory.add_many(entries)
        if start // batch % 10 == 0:
            print(f"  {start + len(entries)} segments, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return time.perf_counter() - t0


def queries(base: list[str], k: int) -> list[str]:
    rng = random.Random(2)
    queries = []
    for i in range(k):
        if i % 3 == 2:  # unrelated: a sample sentence with its characters shuffled
            chars = list(rng.choice(base))
            rng.shuffle(chars)
            queries.append("".join(chars))
        else:  # a near-variant of what is stored
            queries.append(variant(rng, rng.choice(base), rng.randint(0, 10**7)))
    return queries


def lookups(memory: Memory, asked: list[str]) -> tuple[list[float], list[float]]:
    """Each query's look-up time (ms) and its best match's score (0 for none)."""
    memory.lookup(asked[:5])  # warm
    times, best = [], []
    for q in asked:
        t0 = time.perf_counter()
        [matches] = memory.lookup([q])
        times.append((time.perf_counter() - t0) * 1000)
        best.append(matches[0].score if matches else 0.0)
    print(f"  {sum(b > 0 for b in best)} of {len(asked)} look-ups found fuzzy matches", file=sys.stderr)
    return times, best


def brute_force(store: Store, asked: list[str]) -> list[float]:
    """Each query's best score against every stored key (0 below the threshold): no index, no window."""
    import sqlalchemy as sa
    from rapidfuzz import fuzz, process

    with store.connect() as conn:
        keys = [k for (k,) in conn.execute(sa.select(store.tm.c.source_key))]
    out = []
    for q in asked:
        found = process.extractOne(source_key(q), keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
        out.append(found[1] if found else 0.0)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=1_000_000)
    ap.add_argument("--lookups", type=int, default=300)
    ap.add_argument("--only", choices=DATABASES, default=None, help="measure one database only")
    ap.add_argument("--quick", action="store_true", help="2,000 segments, 20 look-ups: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.segments, args.lookups = 2000, 20
    base = sentences()
    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    results: dict[str, tuple[float, float, float]] = {}
    quality: dict[str, tuple[float, float, float]] = {}
    settle: dict[str, float] = {}
    asked = queries(base, args.lookups)
    truth: list[float] | None = None
    pg = PostgresServer().start()
    try:
        for name, url in (("sqlite", str(work / "memory.sqlite")), ("postgres", pg.new_database())):
            if args.only and name != args.only:
                continue
            store = Store(url)
            memory = Memory(store)
            print(f"{name}: filling {args.segments} segments", file=sys.stderr)
            fill_s = fill(memory, args.segments, base)
            assert len(memory) == args.segments
            t0 = time.perf_counter()
            memory.after_bulk_load()  # what 'translator memory import' does after a large import
            settle[name] = time.perf_counter() - t0
            times, best = lookups(memory, asked)
            results[name] = (fill_s, statistics.median(times), p95(times))
            if truth is None:  # the fill is the same on both databases
                print(f"{name}: scoring every row for each query", file=sys.stderr)
                truth = brute_force(store, asked)
            expected = [(t, b) for t, b in zip(truth, best, strict=True) if t > 0]
            gaps = [t - b for t, b in expected]
            recall = sum(b > 0 for _, b in expected) / max(1, len(expected))
            quality[name] = (recall, statistics.mean(gaps) if gaps else 0.0, max(gaps, default=0.0))
            store.close()
    finally:
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"segments={args.segments} lookups={args.lookups}")
    for name, (fill_s, median, _) in results.items():
        print(f"fill_s_{name}={fill_s:.0f}")
        print(f"after_bulk_load_s_{name}={settle[name]:.1f}")
        print(f"lookup_p50_ms_{name}={median:.1f}")
    for name, (recall, gap_mean, gap_max) in quality.items():
        print(f"recall_{name}={recall:.3f}")
        print(f"best_gap_mean_{name}={gap_mean:.2f}")
        print(f"best_gap_max_{name}={gap_max:.2f}")
    for name, (_, _, tail) in results.items():
        print(f"lookup_p95_ms_{name}={tail:.1f}")


if __name__ == "__main__":
    main()
