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
from typing import Any, cast

from flask import current_app

from translator.jobs import JobState, Runner, TranslateArticle, job_settings
from translator.project import Project
from translator.replace import Plan, changed_json
from translator.review import Review, public_segment
from translator.store.documents import Documents
from translator.vocabulary import ARTICLE_SUFFIXES

from .errors import AppError


def project() -> Project:
    return current_app.extensions["translator.project"]


def documents() -> Documents:
    return project().documents


def review() -> Review:
    return project().review


def worker() -> Runner:
    """Who runs the app's jobs (uploads, "translate the rest"): threads of the server, or the job queue."""
    return cast(Runner, current_app.extensions["translator.worker"])


def segment_json(row: dict[str, Any]) -> dict[str, Any]:
    """A segment as the API shows it."""
    return public_segment(row)


def replace_json(plan: Plan, *, preview: bool) -> dict[str, Any]:
    """A replace as the API shows it: its changes (a preview's, or those applied, with the segments' new rows)."""
    return {
        "preview": preview,
        "replace_id": plan.replace_id,
        "find": plan.options.find,
        "replace": plan.options.replacement,
        "options": plan.options.to_dict(),
        "segments": len(plan.changes),
        "replacements": plan.replacements,
        # The preview shows every change; once applied, the segments' new state says it (and is half the size).
        "changes": [c.to_dict() for c in plan.changes] if preview else [],
        "skipped": plan.skipped,
        "forbidden": [s["segment_id"] for s in plan.skipped],
        "changed": [changed_json(r) for r in plan.rows],
        "qa_pending": plan.qa_pending,
    }


# -- uploads ---------------------------------------------------------------------------------


def ingest_upload(filename: str, data: bytes) -> JobState:
    """Queue an uploaded article as a job (its bytes and name, as a batch sends them); the job's state.

    Only the name and size are checked here: the job prepares, translates
    and stores the article (an article already stored with the same
    settings is found and not translated again), off the request thread.
    """
    name = os.path.basename((filename or "").replace("\\", "/")).strip() or "upload.txt"
    if not name.lower().endswith(ARTICLE_SUFFIXES):
        raise AppError(415, "unsupported", f"'{name}' is not a text or HTML article; upload a .txt or .html file")
    if not data:
        raise AppError(400, "invalid", f"'{name}' is empty; upload the article's text or HTML")
    return worker().submit(TranslateArticle(data, name, job_settings(project())))
