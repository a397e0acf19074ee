"""Document assignments in the project database: who translates, who reviews, and the stage the document is in.

A document without a row is unassigned and in the first stage.  Who may
assign and when a stage may change is decided by :mod:`translator.workflow`;
this module stores, reads and counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import ConflictError
from ..vocabulary import ASSIGNMENTS, FIRST_STAGE
from . import schema
from .database import Store, now


@dataclass(frozen=True)
class Assignment:
    document_id: str
    people: dict[str, str | None]  # step (vocabulary.ASSIGNMENTS) -> user name
    stage: str = FIRST_STAGE
    updated_at: str | None = None
    updated_by: str | None = None

    def who(self, step: str) -> str | None:
        return self.people.get(step)

    def steps_of(self, user: str) -> list[str]:
        """The steps ``user`` is given here, in order."""
        return [step for step in ASSIGNMENTS if self.people.get(step) == user]

    def to_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, **{s: self.people.get(s) for s in ASSIGNMENTS}, "stage": self.stage,
                "updated_at": self.updated_at, "updated_by": self.updated_by}


def _assignment(r: Any) -> Assignment:
    m = r._mapping
    return Assignment(r.document_id, {s: m[s] for s in ASSIGNMENTS}, r.stage, r.updated_at, r.updated_by)


def unassigned(document_id: str) -> Assignment:
    return Assignment(document_id, dict.fromkeys(ASSIGNMENTS))


class Assignments:
    """The assignments of one project database."""

    def __init__(self, store: Store) -> None:
        store.require_revision("assignments")
        self.store = store
        self.table = schema.assignments

    def get(self, document_id: str) -> Assignment:
        t = self.table
        with self.store.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.document_id == document_id)).first()
        return unassigned(document_id) if row is None else _assignment(row)

    def get_many(self, document_ids: list[str]) -> dict[str, Assignment]:
        """The assignment of each of ``document_ids`` (unassigned ones included)."""
        t = self.table
        out = {d: unassigned(d) for d in document_ids}
        if document_ids:
            with self.store.connect() as conn:
                for row in conn.execute(sa.select(t).where(t.c.document_id.in_(document_ids))):
                    out[row.document_id] = _assignment(row)
        return out

    def assign(self, document_id: str, people: dict[str, str | None], *, by: str) -> Assignment:
        """Set the people of the steps named in ``people`` (None: nobody); the other steps and the stage stay."""
        t = self.table
        values = {s: people[s] for s in ASSIGNMENTS if s in people}
        with self.store.begin() as conn:
            if conn.dialect.name == "postgresql":  # two first assignments of one document take turns
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:id))"), {"id": "assign:" + document_id})
            exists = conn.execute(sa.select(t.c.document_id).where(t.c.document_id == document_id)).first()
            if exists is None:
                conn.execute(t.insert().values(
                    document_id=document_id, stage=FIRST_STAGE, updated_at=now(), updated_by=by,
                    **{s: values.get(s) for s in ASSIGNMENTS},
                ))
            else:
                conn.execute(t.update().where(t.c.document_id == document_id).values(updated_at=now(), updated_by=by, **values))
        return self.get(document_id)

    def move(self, document_id: str, *, frm: str, to: str, by: str) -> Assignment:
        """Move the document from stage ``frm`` to ``to``; :class:`ConflictError` when it is no longer in ``frm``."""
        t = self.table
        with self.store.begin() as conn:
            exists = conn.execute(sa.select(t.c.stage).where(t.c.document_id == document_id)).first()
            if exists is None and frm == FIRST_STAGE:
                conn.execute(t.insert().values(document_id=document_id, stage=to, updated_at=now(), updated_by=by,
                                               **dict.fromkeys(ASSIGNMENTS)))
            else:
                done = conn.execute(t.update().where(t.c.document_id == document_id, t.c.stage == frm).values(
                    stage=to, updated_at=now(), updated_by=by,
                )).rowcount
                if not done:
                    now_in = exists.stage if exists is not None else FIRST_STAGE
                    raise ConflictError(f"document {document_id} is in {now_in}, not {frm}, any more; reload the page",
                                        current=now_in, yours=to)
        return self.get(document_id)

    def of_user(self, user: str) -> list[Assignment]:
        """Every assignment naming ``user`` in some step."""
        t = self.table
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(t).where(sa.or_(*(t.c[s] == user for s in ASSIGNMENTS)))).all()
        return [_assignment(r) for r in rows]

    def status_counts(self, document_ids: list[str]) -> dict[str, Counter[str]]:
        """Each document's segments counted by status."""
        segs = schema.segments
        out: dict[str, Counter[str]] = {d: Counter() for d in document_ids}
        if document_ids:
            with self.store.connect() as conn:
                for doc_id, status, n in conn.execute(
                    sa.select(segs.c.document_id, segs.c.status, sa.func.count())
                    .where(segs.c.document_id.in_(document_ids)).group_by(segs.c.document_id, segs.c.status)
                ):
                    out[doc_id][status] = int(n)
        return out
