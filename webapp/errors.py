"""One error shape for the whole app.

Under ``/api/`` (or when the client asks for JSON) an error is::

    {"error": {"status": 409, "code": "conflict", "message": "...", ...details}}

elsewhere it is the ``error.html`` page with the same status, code and
message.  Library errors (:class:`~translator.errors.TranslatorError`)
carry messages written for users and are shown as they are, with the HTTP
status of their kind (:data:`STATUS_BY_ERROR`, declared once, most specific
class first); anything unexpected is logged and shown as a plain 500.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from translator import errors as lib
from translator.errors import TranslatorError

log = logging.getLogger(__name__)

#: Library error class -> (HTTP status, code): the first class an error is an instance of decides.
STATUS_BY_ERROR: tuple[tuple[type[TranslatorError], int, str], ...] = (
    (lib.NotFoundError, 404, "not_found"),
    (lib.ForbiddenError, 403, "forbidden"),
    (lib.ConflictError, 409, "conflict"),
    (lib.StoreBusyError, 503, "unavailable"),  # locked by another writer, or read-only: try again later
    (lib.EngineUnavailable, 503, "unavailable"),  # not installed, or not reachable now
    (lib.ModelError, 503, "unavailable"),
    (lib.EngineError, 502, "engine_failed"),  # the engine ran and failed
    (lib.QAGateError, 422, "qa_gate"),  # confirming English with a QA error needs a reason ("override")
    (lib.InvalidInput, 400, "invalid"),
    (TranslatorError, 400, "invalid"),  # every other mistake in what was sent
)
#: Seconds a client waits before trying again after a 503.
RETRY_AFTER_S = 5


def status_of(e: TranslatorError) -> tuple[int, str]:
    """The HTTP status and code of a library error."""
    for cls, status, code in STATUS_BY_ERROR:
        if isinstance(e, cls):
            return status, (e.code if isinstance(e, (lib.ConflictError, lib.QAGateError)) else code)
    return 400, "invalid"


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


def too_large_message(e: HTTPException) -> tuple[str, dict[str, int]]:
    """What a 413 says, by its cause: the body over ``max_upload_mb``, more form parts than ``MAX_FORM_PARTS``,
    or one form field over ``MAX_FORM_MEMORY_SIZE`` (werkzeug raises the same exception for all three)."""
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


def register(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    @app.errorhandler(AppError)
    def app_error(e: AppError) -> Any:
        return error_response(e.status, e.code, e.message, **e.details)

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError) -> Any:
        return error_response(400, "csrf", f"{e.description} Reload the page and try again.")

    @app.errorhandler(413)
    def too_large(e: HTTPException) -> Any:
        message, details = too_large_message(e)
        return error_response(413, "too_large", message, **details)

    @app.errorhandler(429)
    def too_many(e: HTTPException) -> Any:
        return error_response(429, "rate_limited", str(e.description or "too many requests; wait and try again"))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Any:
        status = e.code or 500
        code = (e.name or "error").lower().replace(" ", "_").replace("'", "")
        return error_response(status, code, e.description or e.name or "error")

    @app.errorhandler(TranslatorError)
    def translator_error(e: TranslatorError) -> Any:
        status, code = status_of(e)
        details: dict[str, Any] = {}
        if isinstance(e, lib.ConflictError):
            details = {k: v for k, v in (("current", e.current), ("yours", e.yours)) if v is not None}
        elif isinstance(e, lib.QAGateError):
            details = {"findings": e.findings}
        response = make_response(error_response(status, code, str(e), **details))
        if status == 503:
            response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response

    @app.errorhandler(Exception)
    def unexpected(e: Exception) -> Any:
        if app.testing:
            raise e  # a test sees the traceback
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal", "internal error; the server log has the details")
