"""Fixtures for the review app: a project on SQLite and on PostgreSQL, its app, a test client, a stored
article, login actions (the builders are in ``tests/helpers/web.py``)."""

from __future__ import annotations

import pytest
from helpers.web import AuthActions, make_app, make_project, store_document


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """scrypt costs ~80 ms a hash: the tests hash with few PBKDF2 rounds (verification reads the method stored)."""
    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")


@pytest.fixture(params=["sqlite", "postgresql"])
def project(request, tmp_path):
    """The review app's project: on a SQLite file, then on a real PostgreSQL database."""
    overrides = {} if request.param == "sqlite" else {"db": request.getfixturevalue("postgres_url")}
    p = make_project(tmp_path, **overrides)
    yield p
    p.close()


@pytest.fixture
def app(project):
    return make_app(project)


@pytest.fixture
def csrf_app(project):
    return make_app(project, WTF_CSRF_ENABLED=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def doc_id(project):
    return store_document(project)


@pytest.fixture
def auth(client):
    return AuthActions(client)
