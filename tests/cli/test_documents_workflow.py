"""`translator documents assign` and `translator documents mine`: the review app's assignments and "My work" from the shell.

Through the real CLI (in process) on a real SQLite file: assigning names people for the two steps (the
same rules as the review app: a reviewer needs the reviewer role), and `mine` lists a user's documents
with the stage and what is left for them.
"""

from __future__ import annotations

from helpers.cli import invoke_cli
from helpers.web import ENGLISH

from translator.project import Project
from translator.settings import Settings

ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。"


def test_assign_then_mine(tmp_path, monkeypatch):
    from translator.prepare.pipeline import prepare_text

    monkeypatch.setattr("translator.store.users.HASH_METHOD", "pbkdf2:sha256:1000")
    db = str(tmp_path / "p.sqlite")
    project = Project(Settings.load(env={}, cwd=tmp_path, overrides={"db": db, "engine": "gloss", "packages_dir": ""}))
    project.users.add("tina", "correct-horse-9", role="translator")
    project.users.add("rita", "correct-horse-9", role="reviewer")
    doc = prepare_text(ARTICLE, name="article.txt")
    for seg in doc.segments():
        seg.target, seg.status = ENGLISH[seg.source], "machine"  # English the QA gate lets through
    project.documents.save(doc)
    first = project.documents.segment_rows(doc.id)[0]
    project.review.edit(first["id"], user="tina", role="translator", version=first["version"], status="translated")
    project.close()

    r = invoke_cli("documents", "mine", "--user", "tina", "--db", db)
    assert r.returncode == 0 and "nothing is assigned to tina" in r.stdout.decode()
    r = invoke_cli("documents", "assign", doc.id[:6], "--translator", "tina", "--reviewer", "tina", "--db", db)
    assert r.returncode == 1 and "tina is a translator; the reviewer step needs the reviewer role" in r.stderr.decode()
    r = invoke_cli("documents", "assign", doc.id[:6], "--translator", "tina", "--reviewer", "rita", "--db", db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().strip() == f"{doc.id}  translation  translator: tina  reviewer: rita"
    total = len(list(doc.segments()))
    r = invoke_cli("documents", "mine", "--user", "tina", "--db", db)
    [line] = r.stdout.decode().splitlines()
    assert line.startswith(f"{doc.id}  translation  translator  {total - 1} of {total} left  0 rejected  0 open comments  ")
    assert line.endswith("(article.txt)  [your turn]")
    r = invoke_cli("documents", "mine", "--user", "rita", "--db", db)
    assert f"reviewer  {total} of {total} left" in r.stdout.decode() and "[your turn]" not in r.stdout.decode()
