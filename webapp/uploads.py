"""Uploads: one file per upload.

Every upload form and API route takes one file (one article is one
document, one glossary file one import): a request carrying several is
refused with "upload one file at a time", never reduced to its first file.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import FileStorage

from .errors import AppError


def one_file(missing: str, field: str = "file") -> tuple[str, bytes]:
    """The name and bytes of the request's one file, in ``field``; ``missing`` is the message when there is none."""
    files = [f for _, f in request.files.items(multi=True)]
    if len(files) > 1:
        raise AppError(400, "too_many_files", f"{len(files)} files in one upload; upload one file at a time "
                       "(each article becomes its own document)", files=len(files))
    file: FileStorage | None = request.files.get(field)
    if file is None or not file.filename:
        raise AppError(400, "invalid", missing)
    return file.filename, file.read()
