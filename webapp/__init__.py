"""The review web app: translators and reviewers correct and approve translations side by side.

``create_app(project)`` builds the Flask app around a
:class:`~translator.project.Project` (the one the CLI builds from the
settings), as datasette receives its datasette instance: the app reads and
writes the project's database, glossaries and memory, and never opens
anything else.  One blueprint per feature:

============  =======================  ===========================================
blueprint     module                   what
============  =======================  ===========================================
auth          ``webapp/auth.py``       log in and out; users (admins)
documents     ``webapp/documents.py``  the list, upload, document page, exports, delete
review        ``webapp/review.py``     the review page of a document
glossary      ``webapp/glossary.py``   search, add, edit, delete, import, export terms; the glossary check
terms         ``webapp/terms.py``      terms mined from the documents (accepted into the glossary); consistency
api           ``webapp/api.py``        the JSON API the pages use (documented in the README)
workflow      ``webapp/workflow.py``   segment comments, assignments and stages, "My work" (pages and API)
qa            ``webapp/qa.py``         a document's QA panel: findings, ignore with a reason
============  =======================  ===========================================

Every route except the login page and static files needs a session
(:func:`_require_login`); every form and every JSON write needs the CSRF
token (Flask-WTF; the pages' scripts send it in ``X-CSRFToken``).  Errors
have one shape, JSON under ``/api/`` and an HTML page elsewhere
(:mod:`webapp.errors`).  Uploads and "translate the rest" are jobs
(:mod:`translator.jobs`): run on a thread of the server, or, when the
``broker`` setting is configured, by `translator worker` processes (Celery jobs).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from flask import Flask, request
from flask_login import current_user

from translator.project import Project

__all__ = ["create_app"]

#: Endpoints reachable without a session.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})


def create_app(project: Project, test_config: dict[str, Any] | None = None) -> Flask:
    """The review app for ``project``; ``test_config`` overrides Flask settings (tests)."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address
    from flask_login import LoginManager
    from flask_wtf.csrf import CSRFProtect

    from translator.jobs import make_runner

    from . import api, auth, documents, errors, glossary, qa, review, terms, workflow

    settings = project.settings
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret_key(settings.secret_key_file) if test_config is None or "SECRET_KEY" not in test_config else None,
        MAX_CONTENT_LENGTH=int(settings.max_upload_mb * 1_000_000),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_NAME="translator_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        SESSION_REFRESH_EACH_REQUEST=False,  # the cookie is signed once at login, not on every save
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        WTF_CSRF_SSL_STRICT=settings.secure_cookies,
        JSON_SORT_KEYS=False,
        WORKER_THREAD=True,  # False: jobs are queued but only run by the runner's run_pending() (tests)
        WARM_UP=True,  # False: CC-CEDICT and jieba are read on first use instead of now (tests that never look up)
    )
    if test_config:
        app.config.update(test_config)

    # The one core object: views reach documents, users, memory, glossaries and the review rules through it.
    app.extensions["translator.project"] = project
    if app.config["WARM_UP"]:
        project.warm_up()  # the database created or migrated, CC-CEDICT and jieba read: the first look-up is quick
    else:
        project.documents  # noqa: B018 - the database is created or migrated before the first request
    # With a broker configured, uploads become jobs for 'translator worker' processes.
    app.extensions["translator.worker"] = make_runner(project, start=app.config["WORKER_THREAD"])

    CSRFProtect(app)
    login = LoginManager(app)
    login.login_view = "auth.login"
    login.login_message = "Log in to continue."
    login.session_protection = "basic"
    login.user_loader(auth.load_user)
    login.unauthorized_handler(auth.unauthorized)
    limiter = Limiter(
        get_remote_address, app=app, storage_uri="memory://", default_limits=[], headers_enabled=True,
        enabled=app.config.get("RATELIMIT_ENABLED", True),
    )
    app.extensions["translator.limiter"] = limiter

    for module in (auth, documents, review, glossary, terms, api, qa, workflow):
        app.register_blueprint(module.bp)
    # Login attempts are limited per client address (POST only: showing the form is free).
    app.view_functions["auth.login"] = cast(Any, limiter.limit)(
        settings.login_rate_limit, methods=["POST"], error_message="too many login attempts; wait a minute and try again"
    )(app.view_functions["auth.login"])

    errors.register(app)
    app.before_request(_require_login)
    app.after_request(_security_headers)
    app.context_processor(_template_globals)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    return app


def _require_login() -> Any:
    """Every endpoint but the public ones needs a logged-in, active user (API: 401 JSON; pages: the login form)."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        from . import auth

        return auth.unauthorized()
    return None


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _security_headers(response: Any) -> Any:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _template_globals() -> dict[str, Any]:
    """What every template sees: the user's role, ``can(role)``, and the vocabulary the page's scripts read."""
    from translator.vocabulary import vocabulary_json

    from .auth import can, role_of

    return {"role": role_of(current_user), "can": can, "vocabulary": vocabulary_json()}


def _secret_key(path: str) -> bytes:
    """The session signing key from ``path``, made (32 random bytes, mode 0600) when the file is missing."""
    import os
    import secrets

    from translator.errors import TranslatorError

    try:
        with open(path, "rb") as fh:
            key = fh.read().strip()
        if len(key) < 16:
            raise TranslatorError("the secret key file holds fewer than 16 bytes; delete it to have a new one made", path=path)
        return key
    except FileNotFoundError:
        pass
    except OSError as e:
        raise TranslatorError(f"cannot read the secret key file ({e.strerror}); check the secret_key_file setting", path=path) from None
    key = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return _secret_key(path)
    except OSError as e:
        raise TranslatorError(f"cannot create the secret key file ({e.strerror}); check the secret_key_file setting", path=path) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(key + b"\n")
    return key
