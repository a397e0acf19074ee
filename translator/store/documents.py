"""Documents in the project database: stored, listed, read back, and edited with a revision per change.

A document is stored whole (its metadata, what was removed, every segment)
in one transaction, so a run killed halfway leaves each document either
stored completely or not at all.  Every change to a segment's target or
status adds a ``revisions`` row: who, when, old and new value.  Segment
edits name the ``version`` they started from; a stale version is a
:class:`ConflictError` (two people editing one segment never silently
overwrite each other).
"""

from __future__ import annotations

import builtins
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..document import Block, Document, Flag, Metadata, QAIssue, Removed, Segment
from ..errors import ConflictError, NotFoundError, StoreError
from ..vocabulary import KEPT
from .database import Store, now

__all__ = ["ConflictError", "DocumentSummary", "Documents", "NotStoredError", "Revision", "segment_from_row"]

MACHINE = "machine"


class NotStoredError(NotFoundError, StoreError):
    """No such document or segment in the project database (or its document was deleted)."""


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    name: str
    title: str
    signature: str | None
    updated_at: str
    deleted: bool
    counts: dict[str, int] = field(default_factory=dict)  # segments by status
    flags: list[Flag] = field(default_factory=list)  # notes on the whole article (e.g. cleaning_kept)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def file_name(self) -> str:
        """The name of the file the article came from, without its folders (a batch stores the path it read)."""
        return self.name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or self.name


@dataclass(frozen=True)
class Revision:
    segment_id: str
    at: str
    by: str
    old_target: str | None
    new_target: str | None
    old_status: str | None
    new_status: str
    note: str
    id: int = 0


class Documents:
    """The documents of one project database."""

    def __init__(self, store: Store) -> None:
        store.require_revision("documents")
        self.store = store

    # -- writing ----------------------------------------------------------------------

    def save(self, doc: Document, *, by: str = MACHINE, input_sha256: str = "", note: str = "") -> int:
        """Store ``doc`` whole, in one transaction; return how many revisions it added.

        A segment whose target or status changes gets a revision.  When
        ``by`` is the machine, segments a person already translated, approved
        or rejected keep their stored target and status (the document given
        is updated to show them).
        """
        docs, segs, revs = self.store.documents, self.store.segments, self.store.revisions
        stamp = now()
        added = 0
        with self.store.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two workers saving one document (a job delivered twice) take turns, so the
                # second sees the first one's rows and adds nothing.  (SQLite: BEGIN IMMEDIATE.)
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:id))"), {"id": doc.id})
            existing = conn.execute(sa.select(docs.c.id, docs.c.created_at).where(docs.c.id == doc.id)).first()
            row = {
                "name": str(doc.input.get("name", "")),
                "input_sha256": input_sha256,
                "input": doc.input,
                "meta": doc.metadata.to_dict(),
                "removed": [r.to_dict() for r in doc.removed],
                "flags": [f.to_dict() for f in doc.flags],
                "signature": doc.signature,
                "updated_at": stamp,
                "deleted_at": None,
            }
            if existing is None:
                conn.execute(docs.insert().values(id=doc.id, created_at=stamp, **row))
            else:
                conn.execute(docs.update().where(docs.c.id == doc.id).values(**row))
            stored = {r.id: r for r in conn.execute(sa.select(segs).where(segs.c.document_id == doc.id))}
            seen: set[str] = set()
            for block_index, block in _numbered_blocks(doc):
                for position, seg in enumerate(block.segments):
                    seen.add(seg.id)
                    old = stored.get(seg.id)
                    if old is not None and by == MACHINE and old.status in KEPT and old.source == seg.source:
                        seg.target, seg.status = old.target, old.status  # a person's work stays
                    values = {
                        "document_id": doc.id,
                        "block": block_index,
                        "block_kind": block.kind,
                        "block_attrs": block.attrs or None,
                        "position": position,
                        "source": seg.source,
                        "original": seg.original,
                        "flags": [f.to_dict() for f in seg.flags],
                        "joins_next": seg.joins_next,
                        "target": seg.target,
                        "status": seg.status,
                        "provenance": seg.provenance,
                        "qa": [q.to_dict() for q in seg.qa],
                        "updated_at": stamp,
                        "updated_by": by,
                    }
                    changed = old is None or (old.target, old.status) != (seg.target, seg.status)
                    if old is None:
                        conn.execute(segs.insert().values(id=seg.id, version=1, **values))
                    elif changed or old.source != seg.source:
                        conn.execute(segs.update().where(segs.c.id == seg.id).values(version=old.version + 1, **values))
                    else:
                        values.pop("updated_at"), values.pop("updated_by")
                        conn.execute(segs.update().where(segs.c.id == seg.id).values(**values))
                    if changed and (seg.target is not None or seg.status != "new"):
                        conn.execute(revs.insert().values(
                            segment_id=seg.id, document_id=doc.id, at=stamp, by=by,
                            old_target=None if old is None else old.target, new_target=seg.target,
                            old_status=None if old is None else old.status, new_status=seg.status, note=note,
                        ))
                        added += 1
            gone = [sid for sid in stored if sid not in seen]
            if gone:  # segmentation changed (another OpenCC conversion, a new version of the tool)
                conn.execute(revs.delete().where(revs.c.segment_id.in_(gone)))
                conn.execute(self.store.qa_ignores.delete().where(self.store.qa_ignores.c.segment_id.in_(gone)))
                conn.execute(segs.delete().where(segs.c.id.in_(gone)))
        return added

    def update_segment(
        self,
        segment_id: str,
        *,
        by: str,
        target: str | None = None,
        status: str | None = None,
        expected_version: int | None = None,
        note: str = "",
        qa: list[QAIssue] | None = None,
        provenance: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Change one segment's target and/or status, with a revision; return the segment's new row.

        ``expected_version`` is the version the editor started from: if the
        segment changed since, nothing is written and :class:`ConflictError`
        carries the current row.  ``qa`` (the findings on the new target) and
        ``provenance`` replace the stored ones when the segment changes.
        """
        segs, revs = self.store.segments, self.store.revisions
        with self.store.begin() as conn:
            old = conn.execute(sa.select(segs).where(segs.c.id == segment_id)).first()
            if old is None:
                raise NotStoredError(f"no segment '{segment_id}' in the project database; check the id")
            if expected_version is not None and old.version != expected_version:
                raise ConflictError(
                    f"segment {segment_id} changed since version {expected_version} "
                    f"(now version {old.version}, by {old.updated_by or 'someone'}); compare both and save again",
                    current=dict(old._mapping),
                )
            new_target = old.target if target is None else target
            new_status = old.status if status is None else status
            if (new_target, new_status) == (old.target, old.status):
                return dict(old._mapping)
            stamp = now()
            extra: dict[str, Any] = {}
            if qa is not None:
                extra["qa"] = [q.to_dict() for q in qa]
            if provenance is not None:
                extra["provenance"] = provenance
            changes = dict(target=new_target, status=new_status, version=old.version + 1, updated_at=stamp, updated_by=by, **extra)
            conn.execute(segs.update().where(segs.c.id == segment_id).values(**changes))
            conn.execute(revs.insert().values(
                segment_id=segment_id, document_id=old.document_id, at=stamp, by=by,
                old_target=old.target, new_target=new_target, old_status=old.status, new_status=new_status, note=note,
            ))
            conn.execute(self.store.documents.update().where(self.store.documents.c.id == old.document_id).values(updated_at=stamp))
            return {**old._mapping, **changes}  # the row as written (its columns hold what they were given)

    def save_translations(self, doc_id: str, segments: Iterable[Segment], *, by: str = MACHINE, note: str = "") -> int:
        """Store machine translations of some segments of a stored document, in one transaction; return how many.

        Only segments no person has touched are written: a segment whose
        stored row was last changed by someone other than ``by`` (an edit
        made while the translation ran) keeps its stored target and status,
        and the segment given is updated to show them.
        """
        segs, revs = self.store.segments, self.store.revisions
        given = {s.id: s for s in segments}
        if not given:
            return 0
        stamp = now()
        written = 0
        with self.store.begin() as conn:
            rows = conn.execute(sa.select(segs).where(segs.c.document_id == doc_id, segs.c.id.in_(list(given)))).all()
            for old in rows:
                seg = given[old.id]
                if old.status in KEPT or (old.updated_by not in (by, "") and old.status != "new"):
                    seg.target, seg.status = old.target, old.status
                    continue
                conn.execute(segs.update().where(segs.c.id == old.id).values(
                    target=seg.target, status=seg.status, provenance=seg.provenance, qa=[q.to_dict() for q in seg.qa],
                    version=old.version + 1, updated_at=stamp, updated_by=by,
                ))
                conn.execute(revs.insert().values(
                    segment_id=old.id, document_id=doc_id, at=stamp, by=by, old_target=old.target, new_target=seg.target,
                    old_status=old.status, new_status=seg.status, note=note,
                ))
                written += 1
            conn.execute(self.store.documents.update().where(self.store.documents.c.id == doc_id).values(updated_at=stamp))
        return written

    def set_signature(self, doc_id: str, signature: str | None) -> None:
        with self.store.begin() as conn:
            conn.execute(self.store.documents.update().where(self.store.documents.c.id == doc_id).values(signature=signature))

    def delete(self, doc_id: str) -> None:
        """Soft delete: the document disappears from lists but stays in the database."""
        with self.store.begin() as conn:
            conn.execute(self.store.documents.update().where(self.store.documents.c.id == doc_id).values(deleted_at=now()))

    # -- reading ----------------------------------------------------------------------

    def resolve(self, ref: str) -> str:
        """The id of the one document ``ref`` names: an id, a unique id prefix, or the name it was stored under."""
        docs = self.store.documents
        with self.store.connect() as conn:
            rows = conn.execute(
                sa.select(docs.c.id).where(sa.or_(docs.c.id.startswith(ref, autoescape=True), docs.c.name == ref))
            ).scalars().all()
        if ref in rows:
            return ref
        if len(rows) == 1:
            return str(rows[0])
        if not rows:
            raise NotStoredError(f"no stored document '{ref}'; 'translator documents list' shows them")
        raise StoreError(f"'{ref}' names {len(rows)} documents; give more of the id")

    def get(self, doc_id: str) -> Document:
        docs, segs = self.store.documents, self.store.segments
        with self.store.connect() as conn:
            row = conn.execute(sa.select(docs).where(docs.c.id == doc_id)).first()
            if row is None:
                raise NotStoredError(f"no stored document '{doc_id}'; 'translator documents list' shows them")
            seg_rows = conn.execute(
                sa.select(segs).where(segs.c.document_id == doc_id).order_by(segs.c.block, segs.c.position)
            ).all()
        from .qa_ignores import QAIgnores, mark

        ignored = QAIgnores(self.store).of_document(doc_id)  # ignored QA findings no longer hold a segment back
        blocks: dict[int, Block] = {}
        for r in seg_rows:
            block = blocks.get(r.block)
            if block is None:
                block = blocks[r.block] = Block(r.block_kind, [], dict(r.block_attrs or {}))
            seg = segment_from_row(r)
            mark(seg.qa, ignored.get(seg.id, {}))
            block.segments.append(seg)
        title = blocks.pop(0, None)
        return Document(
            id=row.id,
            metadata=Metadata.from_dict(row.meta or {}),
            blocks=[blocks[k] for k in sorted(blocks)],
            title=title,
            removed=[Removed.from_dict(d) for d in row.removed or []],
            input=row.input or {},
            signature=row.signature,
            flags=[Flag.from_dict(f) for f in row.flags or []],
        )

    def segment_rows(self, doc_id: str, *, offset: int = 0, limit: int | None = None) -> builtins.list[dict[str, Any]]:
        """The stored rows of a document's segments, in order (with ``version``, ``updated_by``, ``updated_at``);
        ``offset`` and ``limit``: only that slice of them (a review page)."""
        segs = self.store.segments
        query = sa.select(segs).where(segs.c.document_id == doc_id).order_by(segs.c.block, segs.c.position)
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.store.connect() as conn:
            rows = conn.execute(query).all()
        return [dict(r._mapping) for r in rows]

    def segment_statuses(self, doc_id: str) -> builtins.list[tuple[str, str]]:
        """``(id, status)`` of every segment of a document, in order: a light read (which review page holds what)."""
        segs = self.store.segments
        return [(r.id, r.status) for r in self._in_order(doc_id, segs.c.id, segs.c.status)]

    def segment_lines(self, doc_id: str) -> builtins.list[tuple[str, str, str, str | None, Any]]:
        """``(id, status, source, target, qa)`` of every segment of a document, in order: the light read a
        document-wide filter selects from (the review page's Show and Find across its pages)."""
        segs = self.store.segments
        rows = self._in_order(doc_id, segs.c.id, segs.c.status, segs.c.source, segs.c.target, segs.c.qa)
        return [(r.id, r.status, r.source, r.target, r.qa) for r in rows]

    def segment_rows_of(self, doc_id: str, ids: Iterable[str]) -> builtins.list[dict[str, Any]]:
        """The stored rows of those of a document's segments, in the document's order."""
        wanted = builtins.list(ids)
        if not wanted:
            return []
        segs = self.store.segments
        with self.store.connect() as conn:
            rows = conn.execute(
                sa.select(segs).where(segs.c.document_id == doc_id, segs.c.id.in_(wanted))
                .order_by(segs.c.block, segs.c.position)
            ).all()
        return [dict(r._mapping) for r in rows]

    def texts(self, doc_id: str, *, limit: int) -> builtins.list[tuple[str, str, str | None]]:
        """``(id, source, target)`` of a document's first ``limit`` segments, in order: a light
        read for checks that compare a segment with its document (quality/outliers.py)."""
        segs = self.store.segments
        return [(r.id, r.source, r.target) for r in self._in_order(doc_id, segs.c.id, segs.c.source, segs.c.target, limit=limit)]

    def _in_order(self, doc_id: str, *columns: Any, limit: int | None = None) -> builtins.list[Any]:
        """Those ``columns`` of a document's segments (the first ``limit`` of them), in the document's order."""
        segs = self.store.segments
        query = sa.select(*columns).where(segs.c.document_id == doc_id).order_by(segs.c.block, segs.c.position)
        if limit is not None:
            query = query.limit(limit)
        with self.store.connect() as conn:
            return builtins.list(conn.execute(query).all())

    def segment_row(self, segment_id: str) -> dict[str, Any]:
        """One segment's stored row; :class:`StoreError` when there is none."""
        segs = self.store.segments
        with self.store.connect() as conn:
            row = conn.execute(sa.select(segs).where(segs.c.id == segment_id)).first()
        if row is None:
            raise NotStoredError(f"no segment '{segment_id}' in the project database; check the id")
        return dict(row._mapping)

    def live_segment_row(self, segment_id: str) -> dict[str, Any]:
        """One segment's stored row, its document's deletion checked in the same query.

        :class:`NotStoredError` when there is no such segment or its document was deleted.
        """
        import sqlalchemy as sa

        segs, docs = self.store.segments, self.store.documents
        with self.store.connect() as conn:
            found = conn.execute(
                sa.select(segs, docs.c.deleted_at).join(docs, docs.c.id == segs.c.document_id).where(segs.c.id == segment_id)
            ).first()
        if found is None:
            raise NotStoredError(f"no segment '{segment_id}'; check the id")
        row = dict(found._mapping)
        if row.pop("deleted_at") is not None:
            raise NotStoredError(f"no segment '{segment_id}' (its document was deleted)")
        return row

    def is_deleted(self, doc_id: str) -> bool:
        """True when the document is deleted (or not stored at all)."""
        import sqlalchemy as sa

        docs = self.store.documents
        with self.store.connect() as conn:
            row = conn.execute(sa.select(docs.c.deleted_at).where(docs.c.id == doc_id)).first()
        return row is None or row.deleted_at is not None

    def summary(self, doc_id: str) -> DocumentSummary:
        """One document's summary (segments counted by status); :class:`StoreError` when it is not stored."""
        docs, segs = self.store.documents, self.store.segments
        with self.store.connect() as conn:
            r = conn.execute(
                sa.select(docs.c.id, docs.c.name, docs.c.meta, docs.c.signature, docs.c.updated_at, docs.c.deleted_at,
                          docs.c.flags)
                .where(docs.c.id == doc_id)
            ).first()
            if r is None:
                raise NotStoredError(f"no stored document '{doc_id}'; 'translator documents list' shows them")
            counts = {
                status: int(n) for status, n in conn.execute(
                    sa.select(segs.c.status, sa.func.count()).where(segs.c.document_id == doc_id).group_by(segs.c.status)
                )
            }
        return DocumentSummary(
            r.id, r.name, (r.meta or {}).get("title") or "", r.signature, r.updated_at, r.deleted_at is not None, counts,
            [Flag.from_dict(f) for f in r.flags or []],
        )

    def signature_of(self, doc_id: str) -> str | None:
        """The stored document's translation signature, or None when it is not stored (or deleted)."""
        docs = self.store.documents
        with self.store.connect() as conn:
            row = conn.execute(sa.select(docs.c.signature, docs.c.deleted_at).where(docs.c.id == doc_id)).first()
        return None if row is None or row.deleted_at is not None else row.signature

    def list(self, *, include_deleted: bool = False) -> list[DocumentSummary]:
        """Every stored document, newest first, with its segments counted by status."""
        docs, segs = self.store.documents, self.store.segments
        with self.store.connect() as conn:
            query = sa.select(
                docs.c.id, docs.c.name, docs.c.meta, docs.c.signature, docs.c.updated_at, docs.c.deleted_at, docs.c.flags
            )
            if not include_deleted:
                query = query.where(docs.c.deleted_at.is_(None))
            rows = conn.execute(query.order_by(docs.c.updated_at.desc(), docs.c.id)).all()
            counts: dict[str, Counter[str]] = {}
            for doc_id, status, n in conn.execute(
                sa.select(segs.c.document_id, segs.c.status, sa.func.count()).group_by(segs.c.document_id, segs.c.status)
            ):
                counts.setdefault(doc_id, Counter())[status] = n
        return [
            DocumentSummary(
                r.id, r.name, (r.meta or {}).get("title") or "", r.signature, r.updated_at, r.deleted_at is not None,
                dict(counts.get(r.id, {})), [Flag.from_dict(f) for f in r.flags or []],
            )
            for r in rows
        ]

    def revisions(self, segment_id: str) -> builtins.list[Revision]:
        """The segment's history, oldest first."""
        revs = self.store.revisions
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(revs).where(revs.c.segment_id == segment_id).order_by(revs.c.id)).all()
        return [
            Revision(r.segment_id, r.at, r.by, r.old_target, r.new_target, r.old_status, r.new_status, r.note, r.id) for r in rows
        ]


def segment_from_row(r: Any) -> Segment:
    return Segment(
        id=r.id,
        source=r.source,
        original=r.original,
        flags=[Flag.from_dict(f) for f in r.flags or []],
        joins_next=bool(r.joins_next),
        target=r.target,
        status=r.status,
        provenance=r.provenance,
        qa=[QAIssue.from_dict(q) for q in r.qa or []],
    )


def _numbered_blocks(doc: Document) -> Iterable[tuple[int, Block]]:
    if doc.title is not None:
        yield 0, doc.title
    yield from enumerate(doc.blocks, 1)
