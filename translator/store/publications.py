"""Where documents are published: one record per document and site, written by ``translator publish``.

The record keeps the site's base URL, the page's path and full URL, the
page's content hash, when the document was first published there (a
NewsArticle's ``datePublished``) and when its page was last written.  The
review app's document page shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from .database import Store
from .documents import DocumentSummary


@dataclass(frozen=True)
class Publication:
    """One record; its fields are the ``publications`` table's columns, in their order."""

    document_id: str
    base_url: str
    path: str
    url: str
    content_hash: str
    published_at: str
    updated_at: str


class Publications:
    """The publication records of one project database."""

    def __init__(self, store: Store) -> None:
        store.require_revision("publication records")
        self.store = store

    def candidates(self) -> list[DocumentSummary]:
        """Every document not deleted, with its segments counted by status: what the publish filter reads.

        A light :meth:`Documents.list <translator.store.documents.Documents.list>` (no name, title or flags,
        nothing parsed from JSON), as a rebuild of a large site reads it every time.
        """
        docs, segs = self.store.documents, self.store.segments
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(docs.c.id, docs.c.updated_at).where(docs.c.deleted_at.is_(None))).all()
            counts: dict[str, dict[str, int]] = {}
            for doc_id, status, n in conn.execute(
                sa.select(segs.c.document_id, segs.c.status, sa.func.count()).group_by(segs.c.document_id, segs.c.status)
            ):
                counts.setdefault(doc_id, {})[status] = int(n)
        return [DocumentSummary(doc_id, "", "", None, updated_at, False, counts.get(doc_id, {})) for doc_id, updated_at in rows]

    def change_keys(self) -> dict[str, str]:
        """For each stored document that has a revision, a key that changes whenever one of its segments does.

        The id of its newest revision (every change of a segment's target or status adds one, and ids
        only grow), read from the revisions' document index in one query: a rebuild compares it, with
        the document's ``updated_at``, to tell what changed without reading any document.
        """
        revs = self.store.revisions
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(revs.c.document_id, sa.func.max(revs.c.id)).group_by(revs.c.document_id)).all()
        return {doc_id: str(newest) for doc_id, newest in rows}

    def for_site(self, base_url: str) -> dict[str, Publication]:
        """Every record of the site at ``base_url``, by document id."""
        t = self.store.publications
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.base_url == base_url)).all()
        return {r.document_id: Publication(*r) for r in rows}

    def of_document(self, doc_id: str) -> list[Publication]:
        """Where one document is published, most recently written first."""
        t = self.store.publications
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.document_id == doc_id).order_by(t.c.updated_at.desc())).all()
        return [Publication(*r) for r in rows]

    def record(self, base_url: str, written: Iterable[Publication], removed: Iterable[str]) -> None:
        """Store the records of pages written (new or changed) and drop those of documents no longer published there."""
        t = self.store.publications
        rows = list(written)
        gone = list(removed)
        with self.store.begin() as conn:
            if rows:
                conn.execute(t.delete().where(t.c.base_url == base_url, t.c.document_id.in_([p.document_id for p in rows])))
                conn.execute(t.insert(), [vars(p) for p in rows])
            if gone:
                conn.execute(t.delete().where(t.c.base_url == base_url, t.c.document_id.in_(gone)))
