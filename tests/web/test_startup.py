"""The review app around one project: it keeps only the project, warms it up at start, and holds no SQL of its own."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers.web import login_client, make_app

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_reads_cc_cedict_and_jieba_at_start_once_per_process(project, cedict_loads):
    import translator.engines.gloss as gloss

    loads = cedict_loads
    app = make_app(project)
    assert len(loads) == 1 and gloss._resources is not None  # read before any request
    client = login_client(app, "rita")
    assert client.get("/api/lookup?q=扶贫").get_json()["entries"][0]["word"] == "扶贫"
    make_app(project)  # a second app in the same process
    assert len(loads) == 1  # the first look-up loaded nothing; nothing was read twice


def test_the_app_keeps_the_project_not_its_parts(project):
    app = make_app(project, WARM_UP=False)
    ours = sorted(k for k in app.extensions if k.startswith("translator."))
    assert ours == ["translator.limiter", "translator.project", "translator.worker"]
    assert app.extensions["translator.project"] is project
    with app.app_context():
        from webapp import auth, services

        assert services.documents() is project.documents and auth.users() is project.users
        assert services.review() is project.review


def _calls_and_imports(path: Path) -> tuple[set[str], set[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    called: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Call):
            f = node.func
            called.add(f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else "")
    return imported, called


def test_the_shells_hold_no_sql_and_build_no_parts_of_the_project():
    """webapp/ and translator/cli/ parse, call the project and render: no SQL, no Documents(...) of their own."""
    files = sorted((ROOT / "webapp").rglob("*.py")) + sorted((ROOT / "translator" / "cli").rglob("*.py"))
    assert len(files) > 10
    for path in files:
        imported, called = _calls_and_imports(path)
        assert not any(m == "sqlalchemy" or m.startswith("sqlalchemy.") for m in imported), path
        assert "execute" not in called, path
        built = called & {"Documents", "Memory", "Users", "QAThresholds", "EditableGlossary", "Review", "Store"}
        assert not built, (path, built)
