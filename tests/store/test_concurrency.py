"""Four processes import into, and look up in, one fresh SQLite file at once.

Real processes (multiprocessing, spawn), a real file, the library's own
Store/Memory: the schema-creation race of a fresh file, the read-then-insert
race of imports, and the visibility of half-written imports are all in play.
"""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path
from typing import Any

WORKERS = 4
ROUNDS = 4
OWN = 300  # sources only one worker writes
SHARED = 75  # sources every worker writes, in every round
TRIALS = 3  # fresh files, each opened by all workers at the same moment


def _own(w: int, i: int) -> str:
    return f"第{w}组第{i}条消息。"


def _shared(i: int) -> str:
    return f"共同条目{i}号。"


def _worker(paths: list[str], w: int, barrier: Any, results: Any) -> None:
    try:
        from translator.store.database import Store
        from translator.store.memory import Memory, MemoryEntry

        problems: list[str] = []
        for path in paths:
            barrier.wait(timeout=120)  # all four open the fresh file together: schema creation races
            memory = Memory(Store(path))
            for r in range(ROUNDS):
                entries = [MemoryEntry(_own(w, i), f"own {w}:{i} round {r}", origin=f"w{w}") for i in range(OWN)]
                entries += [MemoryEntry(_shared(i), f"shared {i} by {w} round {r}") for i in range(SHARED)]
                entries.sort(key=lambda e: e.source)  # interleave own and shared rows in the transaction
                assert memory.add_many(entries) == OWN + SHARED
                own = memory.lookup([_own(w, i) for i in range(OWN)])
                for i, matches in enumerate(own):  # our own rows: exactly what we just wrote
                    if [(m.score, m.target) for m in matches] != [(100.0, f"own {w}:{i} round {r}")]:
                        problems.append(f"{path} round {r}: own row {i} reads {matches}")
                shared = memory.lookup([_shared(i) for i in range(SHARED)])
                tags = {m[0].target.split(" ", 2)[2] for m in shared if m}
                if len(tags) != 1 or not all(len(m) == 1 for m in shared):
                    # one look-up sees one committed state: every shared row from one import
                    problems.append(f"{path} round {r}: shared rows from several imports at once: {sorted(tags)}")
            memory.store.close()
        results.put((w, problems))
    except BaseException as exc:  # reported to the parent, which fails the test
        barrier.abort()  # the others stop waiting for us at the next trial
        results.put((w, [f"{type(exc).__name__}: {exc}"]))


def test_four_processes_import_and_look_up_one_fresh_file(tmp_path: Path) -> None:
    paths = [str(tmp_path / f"trial{t}" / "memory.sqlite") for t in range(TRIALS)]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(paths, w, barrier, results)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    reports = dict(results.get(timeout=300) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0] * WORKERS
    assert reports == {w: [] for w in range(WORKERS)}

    for path in paths:
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT source, target, origin FROM tm").fetchall()
        by_source = {source: (target, origin) for source, target, origin in rows}
        assert len(rows) == len(by_source) == WORKERS * OWN + SHARED  # every entry, once
        for w in range(WORKERS):
            for i in range(OWN):
                assert by_source[_own(w, i)] == (f"own {w}:{i} round {ROUNDS - 1}", f"w{w}")
        # The last import to commit wrote every shared row: all carry its tag,
        # and it was some worker's last round.
        tags = {by_source[_shared(i)][0].split(" ", 2)[2] for i in range(SHARED)}
        assert len(tags) == 1
        (tag,) = tags
        assert tag.endswith(f"round {ROUNDS - 1}")
