"""The active time people spend in each segment: milliseconds per (segment, person), summed as the review page reports them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from . import schema
from .database import Store, now


class SegmentTime:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, segment_id: str, document_id: str, user: str, ms: int) -> None:
        """Add ``ms`` to the time ``user`` spent in the segment."""
        if ms <= 0:
            return
        t = schema.segment_time
        stamp = now()
        with self.store.begin() as conn:
            name = conn.dialect.name
            if name in ("sqlite", "postgresql"):
                from sqlalchemy.dialects import postgresql, sqlite

                stmt: Any = (sqlite.insert(t) if name == "sqlite" else postgresql.insert(t)).values(
                    segment_id=segment_id, user=user, document_id=document_id, ms=ms, updated_at=stamp)
                stmt = stmt.on_conflict_do_update(
                    index_elements=[t.c.segment_id, t.c.user], set_={"ms": t.c.ms + stmt.excluded.ms, "updated_at": stamp})
                conn.execute(stmt)
                return
            where = sa.and_(t.c.segment_id == segment_id, t.c.user == user)
            if conn.execute(t.update().where(where).values(ms=t.c.ms + ms, updated_at=stamp)).rowcount == 0:
                conn.execute(t.insert().values(segment_id=segment_id, user=user, document_id=document_id, ms=ms, updated_at=stamp))

    def of_document(self, document_id: str) -> dict[str, dict[str, int]]:
        """segment id -> person -> milliseconds, for one document."""
        t = schema.segment_time
        out: dict[str, dict[str, int]] = {}
        with self.store.connect() as conn:
            for seg, user, ms in conn.execute(sa.select(t.c.segment_id, t.c.user, t.c.ms).where(t.c.document_id == document_id)):
                out.setdefault(seg, {})[user] = int(ms)
        return out
