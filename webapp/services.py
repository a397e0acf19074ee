"""What the pages and the API share: the project, its review rules and worker, the segment's JSON shape, uploads.

The rules live in the library: every edit goes through
:class:`translator.review.Review` (``project.review``: versions and
conflicts, who may set which status, QA on every change, approvals into the
memory), the editable glossary is :class:`translator.store.editable_glossary.EditableGlossary`
(``project.editable_glossary``).  Views parse the request, call these and
render; library errors become HTTP statuses in :mod:`webapp.errors`.
"""

from __future__ import annotations

import os
from typing import Any

from flask import current_app

from translator.errors import TranslatorError
from translator.project import Project
from translator.review import Review, public_segment
from translator.store.documents import Documents

from .errors import AppError

UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml")


def project() -> Project:
    return current_app.extensions["translator.project"]


def documents() -> Documents:
    return project().documents


def review() -> Review:
    return project().review


def worker() -> Any:
    return current_app.extensions["translator.worker"]


def segment_json(row: dict[str, Any]) -> dict[str, Any]:
    """A segment as the API shows it."""
    return public_segment(row)


# -- uploads ---------------------------------------------------------------------------------


def ingest_upload(filename: str, data: bytes) -> tuple[str, bool]:
    """Prepare and store an uploaded article; return ``(document id, created)`` and queue its translation."""
    import hashlib

    name = os.path.basename((filename or "").replace("\\", "/")).strip() or "upload.txt"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise AppError(415, "unsupported", f"'{name}' is not a text or HTML article; upload a .txt or .html file")
    if not data:
        raise AppError(400, "invalid", f"'{name}' is empty; upload the article's text or HTML")
    doc = project().prepare(data, name=name)
    docs = documents()
    try:
        existing = docs.summary(doc.id)
    except TranslatorError:
        existing = None
    if existing is not None and not existing.deleted:
        return doc.id, False
    docs.save(doc, input_sha256=hashlib.sha256(data).hexdigest(), note="uploaded")
    worker().submit(doc.id)
    return doc.id, True
