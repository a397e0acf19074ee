"""Segment comments in the project database: threads of remarks on one segment, each thread resolvable.

A comment either starts a thread or replies to another comment of the same
segment (``parent_id``).  Whether a thread is resolved is kept on its first
comment (``resolved_at``, ``resolved_by``); re-opening clears them.  A
rejection's note is a comment of kind ``rejection`` linked to the revision
that rejected the segment.  Who may write what is decided by
:mod:`translator.workflow`; this module only stores and reads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import NotFoundError
from . import schema
from .database import Store, now


@dataclass(frozen=True)
class Comment:
    id: int
    segment_id: str
    document_id: str
    parent_id: int | None
    kind: str
    revision_id: int | None
    author: str
    body: str
    created_at: str
    resolved_at: str | None
    resolved_by: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "segment_id": self.segment_id, "document_id": self.document_id, "parent_id": self.parent_id,
            "kind": self.kind, "revision_id": self.revision_id, "author": self.author, "body": self.body,
            "created_at": self.created_at, "resolved_at": self.resolved_at, "resolved_by": self.resolved_by,
        }


def _comment(r: Any) -> Comment:
    return Comment(r.id, r.segment_id, r.document_id, r.parent_id, r.kind, r.revision_id, r.author, r.body, r.created_at,
                   r.resolved_at, r.resolved_by)


class Comments:
    """The comments of one project database."""

    def __init__(self, store: Store) -> None:
        store.require_revision("comments")
        self.store = store
        self.table = schema.comments

    def add(
        self, segment_id: str, document_id: str, *, author: str, body: str, parent_id: int | None = None,
        kind: str = "comment", revision_id: int | None = None,
    ) -> Comment:
        """Store one comment; a reply to a resolved thread re-opens it (someone has more to say)."""
        t = self.table
        with self.store.begin() as conn:
            new_id = conn.execute(t.insert().values(
                segment_id=segment_id, document_id=document_id, parent_id=parent_id, kind=kind, revision_id=revision_id,
                author=author, body=body, created_at=now(),
            )).inserted_primary_key[0]
            if parent_id is not None:
                root = self._root_id(conn, parent_id)
                conn.execute(t.update().where(t.c.id == root).values(resolved_at=None, resolved_by=None))
            row = conn.execute(sa.select(t).where(t.c.id == new_id)).one()
        return _comment(row)

    def get(self, comment_id: int) -> Comment:
        t = self.table
        with self.store.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == comment_id)).first()
        if row is None:
            raise NotFoundError(f"no comment {comment_id}; check the id")
        return _comment(row)

    def root_of(self, comment_id: int) -> Comment:
        """The first comment of the thread ``comment_id`` belongs to."""
        with self.store.connect() as conn:
            root = self._root_id(conn, comment_id)
        return self.get(root)

    def _root_id(self, conn: Any, comment_id: int) -> int:
        t = self.table
        seen: set[int] = set()
        current = comment_id
        while current not in seen:
            seen.add(current)
            parent = conn.execute(sa.select(t.c.parent_id).where(t.c.id == current)).scalar()
            if parent is None:
                return current
            current = parent
        return current

    def set_resolved(self, thread_id: int, *, by: str, resolved: bool) -> Comment:
        """Resolve (or re-open) the thread whose first comment is ``thread_id``."""
        t = self.table
        with self.store.begin() as conn:
            conn.execute(t.update().where(t.c.id == thread_id).values(
                resolved_at=now() if resolved else None, resolved_by=by if resolved else None,
            ))
        return self.get(thread_id)

    def of_segment(self, segment_id: str) -> list[Comment]:
        """A segment's comments, oldest first."""
        t = self.table
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.segment_id == segment_id).order_by(t.c.id)).all()
        return [_comment(r) for r in rows]

    def of_document(self, document_id: str) -> list[Comment]:
        """Every comment on a document's segments, oldest first."""
        t = self.table
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.document_id == document_id).order_by(t.c.id)).all()
        return [_comment(r) for r in rows]

    def open_threads(self, document_ids: list[str]) -> Counter[str]:
        """How many unresolved threads each of ``document_ids`` has."""
        t = self.table
        if not document_ids:
            return Counter()
        with self.store.connect() as conn:
            rows = conn.execute(
                sa.select(t.c.document_id, sa.func.count())
                .where(t.c.document_id.in_(document_ids), t.c.parent_id.is_(None), t.c.resolved_at.is_(None))
                .group_by(t.c.document_id)
            ).all()
        return Counter({d: int(n) for d, n in rows})


def threads(comments: list[Comment]) -> list[dict[str, Any]]:
    """Comments as threads: each first comment with ``replies`` (every later comment of its thread, oldest first).

    A thread's ``resolved_at``/``resolved_by`` are its first comment's; a reply's ``parent_id`` says which comment it answers.
    """
    by_id = {c.id: c for c in comments}

    def root(c: Comment) -> int:
        seen: set[int] = set()
        while c.parent_id is not None and c.parent_id in by_id and c.id not in seen:
            seen.add(c.id)
            c = by_id[c.parent_id]
        return c.id

    out: dict[int, dict[str, Any]] = {}
    for c in comments:
        r = root(c)
        if r == c.id:
            out[c.id] = {**c.to_dict(), "resolved": c.resolved_at is not None, "replies": []}
        elif r in out:
            out[r]["replies"].append(c.to_dict())
    return list(out.values())
