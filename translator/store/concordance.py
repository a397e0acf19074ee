"""Concordance: where a phrase was translated before, in the memory and in the approved segments of every document.

"How did we translate 精准施策 before?" (Memsource's Ctrl+K, the concordance
pane of Trados, OmegaT and Pontoon).  A query with Chinese in it is looked
for in the sources (the memory's normalized source key, the segments'
Simplified source); any other query in the English, as whole words and
ignoring case ("tax" finds "tax" and "Tax", never "taxation").

The search is bounded whatever the size of the memory: each origin is one
query read newest first with a ``LIMIT`` of :data:`CANDIDATES` rows (on
SQLite the memory's rows come off its FTS5 indexes: the trigram table of the
source keys for Chinese of three characters or more, the word table of the
targets for English; otherwise, and on PostgreSQL, a ``LIKE``); those are
checked (whole words) and ranked in Python: the hit whose
text the query covers most (a short sentence that is mostly the phrase)
first, then the newest.  A pair found in both the memory and a document
(an approval puts it in the memory) is listed once, as the memory's.
``bench/bench_concordance.py`` measures it on a memory of 50,000 entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import InvalidInput
from ..vocabulary import CONCORDANCE_ORIGINS
from ..zh import HAN
from .database import Store
from .memory import source_key

MEMORY, DOCUMENT = CONCORDANCE_ORIGINS
#: Hits returned when the caller does not say, and the most it may ask for.
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
#: Rows read per origin (newest first) before the whole-word check and the ranking.
CANDIDATES = 200
#: Longest query, in characters.
MAX_QUERY = 200
_HAN = re.compile(f"[{HAN}]")
regex_word = re.compile(r"[^\W_]")
_SEGMENT_ID = re.compile(r"(.+)-\d+-\d+")


@dataclass(frozen=True)
class Hit:
    source: str
    target: str
    origin: str  # "memory" or "document"
    document_id: str | None
    segment_id: str | None
    status: str | None  # the segment's status (memory entries have none)
    by: str  # who approved it (memory) or last changed it (document)
    at: str
    field: str  # where the query was found: "source" or "target"
    rank: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "target": self.target, "origin": self.origin, "document_id": self.document_id,
            "segment_id": self.segment_id, "status": self.status, "by": self.by, "at": self.at, "field": self.field,
        }


def check_query(q: Any, limit: Any = None) -> tuple[str, int]:
    """The query, stripped, and the limit, checked (:class:`InvalidInput` naming what is wrong)."""
    if not isinstance(q, str) or not q.strip():
        raise InvalidInput("'q' (the text to look for, Chinese or English) is required")
    q = " ".join(q.split())
    if len(q) > MAX_QUERY:
        raise InvalidInput(f"'q' is longer than {MAX_QUERY} characters; look for a shorter phrase")
    if limit is None or limit == "":
        n = DEFAULT_LIMIT
    else:
        try:
            n = int(limit)
        except (TypeError, ValueError):
            raise InvalidInput(f"'limit' must be a whole number from 1 to {MAX_LIMIT}") from None
        if not 1 <= n <= MAX_LIMIT:
            raise InvalidInput(f"'limit' must be a whole number from 1 to {MAX_LIMIT}")
    return q, n


def is_chinese(q: str) -> bool:
    return bool(_HAN.search(q))


def search(store: Store, q: str, *, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """The best ``limit`` hits of ``q`` (already checked by :func:`check_query`), ranked."""
    if not store.has_schema:
        return []
    chinese = is_chinese(q)
    with store.connect() as conn:
        found = _memory(conn, store, q, chinese) + _documents(conn, store, q, chinese)
    found.sort(key=lambda h: h.at, reverse=True)  # newest first among equals (the sort is stable)
    found.sort(key=lambda h: (-h.rank, h.origin != MEMORY))
    seen: set[tuple[str, str]] = set()
    out: list[Hit] = []
    for h in found:
        key = (source_key(h.source), h.target)
        if key in seen:
            continue
        seen.add(key)
        out.append(h)
        if len(out) >= limit:
            break
    return out


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _word(q: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + re.escape(q) + r"(?![^\W_])", re.IGNORECASE)


def _rank(q: str, text: str) -> float:
    return len(q) / max(len(text), 1)


def _indexed_ids(conn: Any, q: str, chinese: bool) -> list[int] | None:
    """SQLite: the newest :data:`CANDIDATES` memory rows holding ``q``, read off an FTS5 index; None when none applies.

    Chinese of three characters or more: the trigram table over the source keys (0004), where a phrase
    is a substring.  English: the word table over the targets (0007), where a phrase is whole words.
    """
    text = source_key(q) if chinese else q
    if (chinese and len(text) < 3) or (not chinese and not regex_word.search(text)):
        return None
    if conn.dialect.name == "postgresql":
        return _pg_ids(conn, text, chinese)
    if conn.dialect.name != "sqlite":
        return None
    table = "tm_ngrams" if chinese else "tm_words"
    if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).first() is None:
        return None  # an older database opened read-only
    phrase = '"' + text.replace('"', '""') + '"'
    query = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT {CANDIDATES:d}"
    return [row_id for (row_id,) in conn.exec_driver_sql(query, (phrase,))]


def _pg_ids(conn: Any, text: str, chinese: bool) -> list[int] | None:
    """PostgreSQL: rows holding every one of (up to 8 of) the key's trigrams (``tm_grams``), or whose English's
    words hold the phrase (the GIN index of 0007); None when that index is not there (an older database)."""
    if chinese:
        grams = sorted({text[i : i + 3] for i in range(len(text) - 2)})
        if len(grams) > 8:
            grams = [grams[i * len(grams) // 8] for i in range(8)]
        query = ("SELECT tm_id FROM tm_grams WHERE gram = ANY(%(grams)s) GROUP BY tm_id HAVING count(*) = %(n)s "
                 f"ORDER BY tm_id DESC LIMIT {CANDIDATES:d}")
        return [row_id for (row_id,) in conn.exec_driver_sql(query, {"grams": grams, "n": len(grams)})]
    if conn.exec_driver_sql("SELECT to_regclass('ix_tm_target_words')").scalar() is None:
        return None
    query = ("SELECT id FROM tm WHERE to_tsvector('simple', target) @@ phraseto_tsquery('simple', %(q)s) "
             f"ORDER BY id DESC LIMIT {CANDIDATES:d}")
    return [row_id for (row_id,) in conn.exec_driver_sql(query, {"q": text})]


def _memory(conn: Any, store: Store, q: str, chinese: bool) -> list[Hit]:
    tm = store.tm
    ids = _indexed_ids(conn, q, chinese)
    if chinese:
        key = source_key(q)
        where = tm.c.source_key.like(_like(key), escape="\\")
    else:
        where = sa.func.lower(tm.c.target).like(_like(q.lower()), escape="\\")
    if ids is not None:
        where = sa.and_(tm.c.id.in_(ids), where) if ids else sa.false()  # type: ignore[assignment]
    columns = (tm.c.source, tm.c.source_key, tm.c.target, tm.c.origin, tm.c.editor, tm.c.updated_at)
    rows = conn.execute(sa.select(*columns).where(where).order_by(tm.c.id.desc()).limit(CANDIDATES)).all()
    word = None if chinese else _word(q)
    out = []
    for r in rows:
        if word is not None and not word.search(r.target):
            continue
        found = _SEGMENT_ID.fullmatch(r.origin or "")  # an approval's origin is its segment: <document>-<block>-<n>
        doc = found.group(1) if found else None
        out.append(Hit(r.source, r.target, MEMORY, doc, r.origin or None, None, r.editor or "", r.updated_at,
                       "source" if chinese else "target",
                       _rank(source_key(q), r.source_key) if chinese else _rank(q, r.target)))
    return out


def _documents(conn: Any, store: Store, q: str, chinese: bool) -> list[Hit]:
    segs, docs = store.segments, store.documents
    if chinese:
        where = segs.c.source.like(_like(q), escape="\\")
    else:
        where = sa.func.lower(segs.c.target).like(_like(q.lower()), escape="\\")
    query = (
        sa.select(segs.c.id, segs.c.document_id, segs.c.source, segs.c.target, segs.c.status, segs.c.updated_by,
                  segs.c.updated_at)
        .join(docs, docs.c.id == segs.c.document_id)
        .where(segs.c.status == "approved", docs.c.deleted_at.is_(None), where)
        .order_by(segs.c.updated_at.desc())
        .limit(CANDIDATES)
    )
    word = None if chinese else _word(q)
    out = []
    for r in conn.execute(query):
        target = r.target or ""
        if word is not None and not word.search(target):
            continue
        out.append(Hit(r.source, target, DOCUMENT, r.document_id, r.id, r.status, r.updated_by or "", r.updated_at,
                       "source" if chinese else "target", _rank(q, r.source) if chinese else _rank(q, target)))
    return out
