"""Builders for the review app's tests, as in Flask's tutorial (flaskr): a project on a temporary real
SQLite file (or a PostgreSQL database), its app, stored articles, and clients logged in through the real login form."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from translator.project import Project
from translator.settings import Settings

PASSWORD = "correct-horse-9"
USERS = {"tina": "translator", "rita": "reviewer", "adam": "admin"}
# A short article: a title, a glossary term (扶贫 → poverty alleviation) and a second paragraph.
ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。"
#: Faithful English for the sources of :data:`ARTICLE` (and a second small article), as a machine draft a
#: translator may confirm without the QA gate stopping them (``"EN <source>"`` leaves Chinese in the English).
ENGLISH = {
    "江西扶贫工作": "Poverty alleviation in Jiangxi",
    "江西扶贫成果显著。": "Jiangxi's poverty alleviation has achieved remarkable results.",
    "我们继续努力。": "We will keep working hard.",
    "第二段有三个项目。": "The second paragraph has three projects.",
    "另一篇": "Another article",
    "今天很好。": "Today is fine.",
}


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values = {
        "db": str(tmp_path / "project.sqlite"),
        "engine": "gloss",
        "packages_dir": "",
        "glossary_file": str(tmp_path / "glossary.tsv"),
        "secret_key_file": str(tmp_path / "secret.key"),
        "login_rate_limit": "1000 per minute",
        **overrides,
    }
    return Settings.load(env={}, overrides=values, cwd=tmp_path)


def make_project(tmp_path: Path, **overrides: Any) -> Project:
    project = Project(make_settings(tmp_path, **overrides))
    users = project.users
    for name, role in USERS.items():
        if users.find(name) is None:
            users.add(name, PASSWORD, role=role)
    return project


def make_app(project: Project, **config: Any):  # type: ignore[no-untyped-def]
    from webapp import create_app

    return create_app(project, {"TESTING": True, "WTF_CSRF_ENABLED": False, "WORKER_THREAD": False, **config})


def store_document(project: Project, text: str = ARTICLE, *, name: str = "article.txt", translate: bool = True,
                   english: dict[str, str] | None = None) -> str:
    """Store an article as 'translator batch' does, with machine targets ("EN <source>", or the source's
    entry in ``english``, e.g. :data:`ENGLISH`); return its id."""
    from translator.prepare.pipeline import prepare_text

    doc = prepare_text(text, name=name)
    if translate:
        for seg in doc.segments():
            seg.target, seg.status = (english or {}).get(seg.source, f"EN {seg.source}"), "machine"
            seg.provenance = {"engine": "fake"}
        doc.signature = "engine:fake|version:0"
    project.documents.save(doc)
    return doc.id


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token the page at ``path`` carries (its <meta name="csrf-token">)."""
    page = client.get(path)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.get_data(as_text=True))
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


class AuthActions:
    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client

    def login(self, name: str = "tina", password: str = PASSWORD):  # type: ignore[no-untyped-def]
        token = csrf_token(self.client, "/login")
        return self.client.post("/login", data={"username": name, "password": password, "csrf_token": token})

    def token(self) -> str:
        return csrf_token(self.client, "/")

    def logout(self):  # type: ignore[no-untyped-def]
        return self.client.post("/logout", data={"csrf_token": self.token()})


def login_client(app, name: str):  # type: ignore[no-untyped-def]
    """A new client of ``app`` with ``name`` logged in."""
    c = app.test_client()
    r = AuthActions(c).login(name)
    assert r.status_code == 302, r.get_data(as_text=True)
    return c
