"""Background work, as plain functions of a :class:`~translator.project.Project` and ids.

Each job takes only what a distributed worker could be handed (a project
built from the same settings, a document id) and keeps its state in the
project database, so the review app's worker thread runs it today and a job
queue's worker can run it unchanged later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from .document import Block, Document
from .project import Project

log = logging.getLogger(__name__)

#: Segments translated and stored per step: each step is one transaction, so progress shows as it goes.
CHUNK = 64


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
    from .store.documents import Documents

    docs = Documents(project.store)
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
