"""Fuzzy look-up in a large memory: a bounded search over the trigram index.

Scoring every stored key costs about a second at a million rows, and so does
ranking every key that shares a trigram with the source (FTS5's bm25,
pg_trgm's similarity): common trigrams ("表示，", "的发展") are in a large part
of a newsroom's memory, and a sentence with thousands of near-copies shares
most of its trigrams with all of them.  This search reads a bounded number of
index entries instead, whatever the size of the memory:

1. **Candidates.**  For each of the source's distinct trigrams (at most
   :data:`GRAMS`, an even sample of them), the :data:`POSTINGS` newest rows holding
   it.  Rows are ranked by how many of those lists hold them (the newest first
   on ties); the best :data:`CANDIDATES` within the length window a match
   needs are scored with rapidfuzz, as the plain scan scores every row.
2. **Refining.**  When step 1 found a match, the search looks again inside
   its family: for each trigram of the source that the best
   match lacks (at most :data:`REFINE`), the :data:`POSTINGS` newest rows that
   hold it *and* the middle trigram of the longest run the source shares with
   the best match.  Those rows are ranked and scored the same way.

A row is counted for each of the source's trigrams it holds that fewer than
:data:`POSTINGS` rows hold (those lists are read whole), so a close match
made of uncommon trigrams ranks high.  Common trigrams count only for the
newest rows holding them.  So in a family of near-copies larger than
:data:`POSTINGS`, step 1 finds the newest members and step 2 the ones holding
what the source holds and they lack: an older member a few points closer can
be missed.  And a close match all of whose trigrams are common, with no newer
near-copy, can be missed outright.  ``bench/bench_memory.py`` measures the
time, the recall and the best-score gap against scoring every row.

The index: SQLite's FTS5 table with the trigram tokenizer (``tm_ngrams``,
read newest first by rowid); on PostgreSQL the ``tm_grams`` table of
(trigram, row id) pairs kept by triggers, read newest first down its primary
key.  Both hold the same trigrams: every three consecutive characters of the
source key.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

#: The most trigrams of one source whose lists are read (an even sample of a long source's).
GRAMS = 32
#: Row ids read per trigram, the newest first.
POSTINGS = 64
#: Rows scored with rapidfuzz per source: those in the most trigram lists.
CANDIDATES = 200
#: Trigrams the best match so far lacks, looked up again within its family.
REFINE = 8


def trigrams(key: str) -> list[str]:
    """The distinct trigrams of ``key`` in a fixed order: all of them, or an even sample of :data:`GRAMS`."""
    grams = sorted(_grams(key))
    if len(grams) > GRAMS:
        grams = [grams[i * len(grams) // GRAMS] for i in range(GRAMS)]
    return grams


def candidates(conn: Any, key: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """``(id, source_key)`` of the rows worth scoring against ``key``, with key lengths in [lo, hi]."""
    grams = trigrams(key)
    if not grams:
        return []
    hits: Counter[int] = Counter()
    for ids in _postings(conn, grams):
        hits.update(ids)
    return _fetch(conn, hits, lo, hi)


def refine(conn: Any, key: str, near: str, lo: int, hi: int, seen: set[int]) -> list[tuple[int, str]]:
    """More candidates from the family of ``near``, the best match so far (step 2 above); ``seen`` are left out."""
    held = _grams(near)
    run = _longest_run(key, held)
    lacking = sorted(_grams(key) - held)
    if len(run) < 2 or not lacking:
        return []
    if len(lacking) > REFINE:
        lacking = [lacking[i * len(lacking) // REFINE] for i in range(REFINE)]
    hits: Counter[int] = Counter()
    for ids in _postings(conn, lacking, within=run[len(run) // 2]):
        hits.update(i for i in ids if i not in seen)
    return _fetch(conn, hits, lo, hi)


def _grams(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(len(key) - 2)}


def _longest_run(key: str, held: set[str]) -> list[str]:
    """The longest run of consecutive trigrams of ``key`` that are in ``held``."""
    best: list[str] = []
    run: list[str] = []
    for i in range(len(key) - 2):
        if key[i : i + 3] in held:
            run.append(key[i : i + 3])
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return best


def _fetch(conn: Any, hits: Counter[int], lo: int, hi: int) -> list[tuple[int, str]]:
    """``(id, source_key)`` of the :data:`CANDIDATES` rows with the most hits, keys in [lo, hi]."""
    if not hits:
        return []
    best = sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))[:CANDIDATES]
    ids = [row_id for row_id, _ in best]
    query = f"SELECT id, source_key FROM tm WHERE id IN ({', '.join(map(str, ids))}) AND length BETWEEN {lo:d} AND {hi:d}"
    rows = {row_id: source_key for row_id, source_key in conn.exec_driver_sql(query)}
    return [(row_id, rows[row_id]) for row_id in ids if row_id in rows]


def _postings(conn: Any, grams: list[str], within: str | None = None) -> list[list[int]]:
    """For each trigram, the ids of the :data:`POSTINGS` newest rows holding it (and ``within``, if given)."""
    out: list[list[int]] = [[] for _ in grams]
    if not grams:
        return out
    if conn.dialect.name == "postgresql":
        join = " JOIN tm_grams AS w ON w.gram = %(within)s AND w.tm_id = g.tm_id" if within else ""
        query = (
            "SELECT q.n, p.tm_id FROM unnest(%(grams)s::text[]) WITH ORDINALITY AS q(gram, n) "
            f"CROSS JOIN LATERAL (SELECT g.tm_id FROM tm_grams AS g{join} WHERE g.gram = q.gram "
            "ORDER BY g.tm_id DESC LIMIT %(n)s) AS p"
        )
        for n, row_id in conn.exec_driver_sql(query, {"grams": grams, "n": POSTINGS, "within": within}):
            out[n - 1].append(row_id)
        return out
    # One statement for all the trigrams; each an FTS5 query read from the newest rowid down.
    part = "SELECT {i} AS n, rowid FROM (SELECT rowid FROM tm_ngrams WHERE tm_ngrams MATCH ? ORDER BY rowid DESC LIMIT {n})"
    query = " UNION ALL ".join(part.format(i=i, n=POSTINGS) for i in range(len(grams)))
    also = f" AND {_phrase(within)}" if within else ""
    for n, row_id in conn.exec_driver_sql(query, tuple(_phrase(g) + also for g in grams)):
        out[n].append(row_id)
    return out


def _phrase(gram: str) -> str:
    """``gram`` as an FTS5 string (quoted; quotes doubled)."""
    return '"' + gram.replace('"', '""') + '"'
