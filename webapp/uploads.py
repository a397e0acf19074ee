"""Uploads: one file per upload, and what a refused form says.

Every upload form and API route takes one file (one article is one
document, one glossary file one import): a request carrying several is
refused with "upload one file at a time", never reduced to its first file.
A request werkzeug refuses as too large (413) is told apart by its cause:
the body over ``max_upload_mb``, more form parts than ``MAX_FORM_PARTS``,
or one form field over ``MAX_FORM_MEMORY_SIZE``.
"""

from __future__ import annotations

from flask import current_app, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException

from .errors import AppError


def one_file(missing: str, field: str = "file") -> FileStorage:
    """The one file of the request, in ``field``; ``missing`` is the message when there is none."""
    files = [f for _, f in request.files.items(multi=True)]
    if len(files) > 1:
        raise AppError(400, "too_many_files", f"{len(files)} files in one upload; upload one file at a time "
                       "(each article becomes its own document)", files=len(files))
    file = request.files.get(field)
    if file is None or not file.filename:
        raise AppError(400, "invalid", missing)
    return file


def too_large_message(e: HTTPException) -> tuple[str, dict[str, int]]:
    """What a 413 says, by its cause (werkzeug raises the same exception for all three)."""
    config = current_app.config
    limit = int(config.get("MAX_CONTENT_LENGTH") or 0)
    length = request.content_length
    if not limit or length is None or length > limit:
        return (f"the upload is larger than the {limit / 1e6:g} MB limit; split the file, or raise the max_upload_mb setting",
                {"limit_bytes": limit})
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    raised_in = tb.tb_frame.f_code.co_name if tb is not None else ""
    if raised_in == "next_event":  # werkzeug's multipart decoder counting parts
        parts = int(config.get("MAX_FORM_PARTS") or request.max_form_parts or 0)
        return (f"the form has more than {parts:,} fields and files; send one file and the form's own fields",
                {"limit_parts": parts})
    memory = int(config.get("MAX_FORM_MEMORY_SIZE") or request.max_form_memory_size or 0)
    return (f"a form field other than a file is larger than {memory / 1e3:g} kB; send long text as a file",
            {"limit_bytes": memory})
