"""The stored documents read as one corpus: every live segment with its document, for terminology and consistency work.

One query per call, streamed in document order; deleted documents are left
out.  No rule lives here: :mod:`translator.quality.terms` and
:mod:`translator.quality.consistency` decide what the segments mean.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from .database import Store


@dataclass(frozen=True)
class CorpusSegment:
    """One segment of a stored document, as the terminology tools read it."""

    document_id: str
    document_name: str
    segment_id: str
    source: str
    target: str | None
    status: str


def live_segments(store: Store, *, statuses: frozenset[str] | None = None, source: str | None = None) -> Iterator[CorpusSegment]:
    """The segments of every document not deleted (``statuses``: only those; ``source``: only that exact source)."""
    segs, docs = store.segments, store.documents
    query = (
        sa.select(segs.c.document_id, docs.c.name, segs.c.id, segs.c.source, segs.c.target, segs.c.status)
        .join(docs, docs.c.id == segs.c.document_id)
        .where(docs.c.deleted_at.is_(None))
    )
    if statuses is not None:
        query = query.where(segs.c.status.in_(sorted(statuses)))
    if source is not None:
        from .schema import SOURCE_PREFIX

        # The prefix finds the rows through the index (migration 0012); the whole source is compared below (with
        # both in the query SQLite's planner scans instead).  Literal bounds: the expression must read as the index's.
        prefix = sa.func.substr(segs.c.source, sa.literal_column("1"), sa.literal_column(str(SOURCE_PREFIX)))
        query = query.where(prefix == source[:SOURCE_PREFIX])
    query = query.order_by(docs.c.created_at, segs.c.document_id, segs.c.block, segs.c.position)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    for r in rows:
        if source is None or r[3] == source:
            yield CorpusSegment(r[0], r[1] or "", r[2], r[3], r[4], r[5])


def corpus_stamp(store: Store) -> tuple[int, str]:
    """What changes whenever a stored segment or document does: (segments of live documents, newest change)."""
    segs, docs = store.segments, store.documents
    with store.connect() as conn:
        n, newest = conn.execute(
            sa.select(sa.func.count(), sa.func.max(segs.c.updated_at))
            .select_from(segs.join(docs, docs.c.id == segs.c.document_id))
            .where(docs.c.deleted_at.is_(None))
        ).one()
        newest_doc = conn.execute(sa.select(sa.func.max(docs.c.updated_at))).scalar()
    return int(n or 0), f"{newest or ''}|{newest_doc or ''}"
