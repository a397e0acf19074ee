"""One error shape for the whole app.

Under ``/api/`` (or when the client asks for JSON) an error is::

    {"error": {"status": 409, "code": "conflict", "message": "...", ...details}}

elsewhere it is the ``error.html`` page with the same status, code and
message.  Library errors (:class:`~translator.errors.TranslatorError`)
carry messages written for users and are shown as they are; anything
unexpected is logged and shown as a plain 500.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from translator.errors import TranslatorError

log = logging.getLogger(__name__)


class AppError(Exception):
    """An error a view raises on purpose: status, code, message and details for the JSON shape."""

    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, code: str, message: str, **details: Any) -> Any:
    if wants_json():
        return jsonify({"error": {"status": status, "code": code, "message": message, **details}}), status
    return render_template("error.html", status=status, code=code, message=message, details=details), status


def register(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    from translator.store.documents import ConflictError
    from translator.store.users import UserError

    @app.errorhandler(AppError)
    def app_error(e: AppError) -> Any:
        return error_response(e.status, e.code, e.message, **e.details)

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError) -> Any:
        return error_response(400, "csrf", f"{e.description} Reload the page and try again.")

    @app.errorhandler(413)
    def too_large(e: HTTPException) -> Any:
        limit = app.config.get("MAX_CONTENT_LENGTH") or 0
        return error_response(
            413, "too_large",
            f"the upload is larger than the {limit / 1e6:g} MB limit; split the file, or raise the max_upload_mb setting",
            limit_bytes=limit,
        )

    @app.errorhandler(429)
    def too_many(e: HTTPException) -> Any:
        return error_response(429, "rate_limited", str(e.description or "too many requests; wait and try again"))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Any:
        status = e.code or 500
        code = (e.name or "error").lower().replace(" ", "_").replace("'", "")
        return error_response(status, code, e.description or e.name or "error")

    @app.errorhandler(ConflictError)
    def conflict(e: ConflictError) -> Any:
        return error_response(409, "conflict", e.message)

    @app.errorhandler(UserError)
    def user_error(e: UserError) -> Any:
        return error_response(400, "invalid", str(e))

    @app.errorhandler(TranslatorError)
    def translator_error(e: TranslatorError) -> Any:
        return error_response(400, "invalid", str(e))

    @app.errorhandler(Exception)
    def unexpected(e: Exception) -> Any:
        if app.testing:
            raise e  # a test sees the traceback
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal", "internal error; the server log has the details")
