"""QA findings a reviewer marked "ignore, with reason", in the project database (table ``qa_ignores``).

A finding is named by its segment, its check's code and its message: QA
runs again on every change, and the same check saying the same thing is
the same finding; a new message (another number, another term) is a new
finding that nobody has ignored yet.  The rules (who may ignore, what an
ignored finding changes) are in :mod:`translator.qa_gate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..document import QAIssue
from .database import Store, now

#: (code, message): one finding of a segment.
FindingKey = tuple[str, str]


@dataclass(frozen=True)
class Ignored:
    """Who ignored a finding, when, and why."""

    reason: str
    by: str
    at: str

    def to_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "by": self.by, "at": self.at}


class QAIgnores:
    """The ignored QA findings of one project database."""

    def __init__(self, store: Store) -> None:
        store.require_revision("ignored QA findings")
        self.store = store

    def of_document(self, doc_id: str) -> dict[str, dict[FindingKey, Ignored]]:
        """Segment id -> its ignored findings, for one document."""
        t = self.store.qa_ignores
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.document_id == doc_id)).all()
        return _by_segment(rows)

    def of_segment(self, segment_id: str) -> dict[FindingKey, Ignored]:
        t = self.store.qa_ignores
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.segment_id == segment_id)).all()
        return _by_segment(rows).get(segment_id, {})

    def add(self, segment_id: str, document_id: str, findings: Iterable[FindingKey], *, reason: str, by: str) -> None:
        """Mark ``findings`` of a segment ignored (again: the newest reason wins), in one transaction."""
        t = self.store.qa_ignores
        stamp = now()
        with self.store.begin() as conn:
            for code, message in dict.fromkeys(findings):
                where = sa.and_(t.c.segment_id == segment_id, t.c.code == code, t.c.message == message)
                done = conn.execute(t.update().where(where).values(reason=reason, by=by, at=stamp)).rowcount
                if not done:
                    conn.execute(t.insert().values(segment_id=segment_id, document_id=document_id, code=code,
                                                   message=message, reason=reason, by=by, at=stamp))

    def remove(self, segment_id: str, code: str, message: str) -> bool:
        """Take an ignore back (the finding gates again); False when it was not ignored."""
        t = self.store.qa_ignores
        with self.store.begin() as conn:
            where = sa.and_(t.c.segment_id == segment_id, t.c.code == code, t.c.message == message)
            return bool(conn.execute(t.delete().where(where)).rowcount)


def mark(qa: Iterable[QAIssue], ignored: dict[FindingKey, Ignored]) -> None:
    """Set each finding's ``ignored`` from the table (in place): what is not there is not ignored."""
    for q in qa:
        found = ignored.get((q.code, q.message))
        q.ignored = found.to_dict() if found is not None else None


def _by_segment(rows: Iterable[Any]) -> dict[str, dict[FindingKey, Ignored]]:
    out: dict[str, dict[FindingKey, Ignored]] = {}
    for r in rows:
        out.setdefault(r.segment_id, {})[(r.code, r.message)] = Ignored(r.reason, r.by, r.at)
    return out
