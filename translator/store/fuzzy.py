"""Fuzzy look-up in a large memory: a bounded search over the trigram index.

Scoring every stored key costs about a second at a million rows, and so does
ranking every key that shares a trigram with the source (FTS5's bm25,
pg_trgm's similarity): common trigrams ("表示，", "的发展") are in a large part
of a newsroom's memory, and a sentence with thousands of near-copies shares
most of its trigrams with all of them.  This search reads a bounded number of
index entries instead, whatever the size of the memory:

1. For each of the source's distinct trigrams (at most :data:`GRAMS` of them,
   spread along it), the :data:`POSTINGS` newest rows holding it.
2. Rows are ranked by how many of those lists hold them (the newest first on
   ties); the best :data:`CANDIDATES` within the length window a match needs
   are scored with rapidfuzz, as the plain scan scores every row.

A row that shares an uncommon trigram with the source (one in fewer than
:data:`POSTINGS` rows) is always a candidate: that trigram's list is read
whole.  A row that shares only common trigrams is a candidate when it is
among the newest holding them, so in a family of near-copies larger than
:data:`POSTINGS` the newest members are offered, and an older member that is
a few points closer may not be.  ``bench/bench_memory.py`` measures both the
time and how far the results are from scoring every row.

The index: SQLite's FTS5 table with the trigram tokenizer (``tm_ngrams``,
read newest first by rowid); on PostgreSQL the ``tm_grams`` table of
(trigram, row id) pairs, kept by triggers, read newest first down its primary
key.  Both hold the same trigrams: every three consecutive characters of
the source key.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

#: The most trigrams of one source whose lists are read (spread along a long source).
GRAMS = 32
#: Row ids read per trigram, the newest first.
POSTINGS = 64
#: Rows scored with rapidfuzz per source: those in the most trigram lists.
CANDIDATES = 200


def trigrams(key: str) -> list[str]:
    """The distinct trigrams of ``key`` in a fixed order, at most :data:`GRAMS` spread along it."""
    grams = sorted({key[i : i + 3] for i in range(len(key) - 2)})
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
    if not hits:
        return []
    best = sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))[:CANDIDATES]
    ids = [row_id for row_id, _ in best]
    query = f"SELECT id, source_key FROM tm WHERE id IN ({', '.join(map(str, ids))}) AND length BETWEEN {lo:d} AND {hi:d}"
    rows = {row_id: source_key for row_id, source_key in conn.exec_driver_sql(query)}
    return [(row_id, rows[row_id]) for row_id in ids if row_id in rows]


def _postings(conn: Any, grams: list[str]) -> list[list[int]]:
    """For each trigram, the ids of the :data:`POSTINGS` newest rows whose key holds it."""
    out: list[list[int]] = [[] for _ in grams]
    if conn.dialect.name == "postgresql":
        query = (
            "SELECT q.n, p.tm_id FROM unnest(%(grams)s::text[]) WITH ORDINALITY AS q(gram, n) "
            "CROSS JOIN LATERAL (SELECT tm_id FROM tm_grams WHERE tm_grams.gram = q.gram "
            "ORDER BY tm_id DESC LIMIT %(n)s) AS p"
        )
        for n, row_id in conn.exec_driver_sql(query, {"grams": grams, "n": POSTINGS}):
            out[n - 1].append(row_id)
        return out
    # One statement for all the trigrams; each is an FTS5 query for one token, read from the newest rowid down.
    part = "SELECT {i} AS n, rowid FROM (SELECT rowid FROM tm_ngrams WHERE tm_ngrams MATCH ? ORDER BY rowid DESC LIMIT {n})"
    query = " UNION ALL ".join(part.format(i=i, n=POSTINGS) for i in range(len(grams)))
    params = tuple('"' + g.replace('"', '""') + '"' for g in grams)
    for n, row_id in conn.exec_driver_sql(query, params):
        out[n].append(row_id)
    return out
