"""A stored document's untranslated segments machine-translated: the review app's "translate the rest".

The job takes only what a distributed worker could be handed (a project
built from the same settings, a document id) and keeps its state in the
project database, so a runner's thread and a ``translator worker`` process
run it alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from ..document import Block, Document
from ..project import Project

log = logging.getLogger(__name__)

#: Segments translated and stored per step: each step is one transaction, so progress shows as it goes.
CHUNK = 64
KIND = "document"


@dataclass(frozen=True)
class TranslateDocument:
    """The payload of a stored document's job: its id."""

    doc_id: str

    kind = KIND

    @property
    def key(self) -> str:
        """One job per document: the pages look its state up by the document id."""
        return self.doc_id


def translate_document(
    project: Project,
    doc_id: str,
    *,
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Machine-translate the stored document ``doc_id``'s untranslated segments; return how many were stored.

    Segments still ``new`` are translated ``chunk`` at a time, each step
    stored in one transaction (the review page's progress bar follows it).
    A segment a person edited meanwhile keeps the person's work.  Safe to run
    again after a crash: finished segments are not ``new`` any more.
    ``progress(done, total)`` is called after each step.
    """
    docs = project.documents
    doc = docs.get(doc_id)
    todo = [s for s in doc.segments() if s.status == "new" and s.source.strip()]
    total, done, stored = len(todo), 0, 0
    signature = doc.signature
    for start in range(0, total, max(1, chunk)):
        part = todo[start : start + chunk]
        sub = Document(doc.id, doc.metadata, [Block("paragraph", part)], input=doc.input)
        signature = project.translate([sub]).short()
        stored += docs.save_translations(doc.id, part)
        done += len(part)
        if progress is not None:
            progress(done, total)
    if signature != doc.signature:
        docs.set_signature(doc.id, signature)
    log.debug("translated %s: %d of %d segments stored", doc_id, stored, total)
    return stored
