"""`translator documents import`: an edited XLIFF file comes back as edits, never as overwrites.

Through the real CLI (in process), a real SQLite file and the real XLIFF
writer and reader: a unit left as it was exported changes nothing (the
store may have moved on since); a unit changed on both sides is a conflict,
named on stderr, left as stored, exit 1; an approval made in the file
reaches the memory and gets fresh QA findings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from translator.project import Project
from translator.settings import Settings

ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
X12 = "urn:oasis:names:tc:xliff:document:1.2"


def open_project(tmp_path: Path) -> Project:
    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(tmp_path / "p.sqlite"), "engine": "gloss",
                                                               "packages_dir": "", "glossary_file": ""})
    return Project(settings)


@pytest.fixture
def stored(tmp_path):
    """A stored article with machine targets; yields (project, db path, segment ids)."""
    from translator.prepare.pipeline import prepare_text

    project = open_project(tmp_path)
    doc = prepare_text(ARTICLE, name="article.txt")
    for seg in doc.segments():
        seg.target, seg.status, seg.provenance = f"EN {seg.source}", "machine", {"engine": "fake"}
    project.documents.save(doc)
    yield project, str(tmp_path / "p.sqlite"), [s.id for s in doc.segments()]
    project.close()


def export(cli, db: str, doc_id: str, fmt: str) -> bytes:
    r = cli("export", doc_id, "--db", db, "--format", fmt)
    assert r.returncode == 0, r.stderr.decode()
    return bytes(r.stdout)


def edit_unit(data: bytes, unit_id: str, *, target: str | None = None, final: bool = False) -> bytes:
    """What a CAT tool does to one unit: a new target, or the unit signed off (XLIFF 2.1 or 1.2)."""
    root = etree.fromstring(data)
    if root.nsmap.get(None) == X2:
        unit = root.find(f".//{{{X2}}}unit[@id='{unit_id}']")
        segment = unit.find(f"{{{X2}}}segment")
        if target is not None:
            segment.find(f"{{{X2}}}target").text = target
        if final:
            segment.set("state", "final")
    else:
        unit = root.find(f".//{{{X12}}}trans-unit[@id='{unit_id}']")
        tgt = unit.find(f"{{{X12}}}target")
        if target is not None:
            tgt.text = target
        if final:
            tgt.set("state", "final")
            unit.set("approved", "yes")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def row(project: Project, seg_id: str) -> dict[str, Any]:
    return project.documents.segment_row(seg_id)


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_an_untouched_unit_changes_nothing_though_the_store_moved_on(cli, tmp_path, stored, fmt):
    project, db, ids = stored
    title, body = ids[0], ids[1]
    first = export(cli, db, ids[0].rsplit("-", 2)[0], fmt)
    # After the export, a reviewer approves the title in the store.
    approved = project.review.edit(title, user="rita", role="reviewer", version=1, target="Jiangxi poverty alleviation work",
                                   status="approved")
    # The first file comes back with only another unit edited.
    path = tmp_path / "first.xlf"
    path.write_bytes(edit_unit(first, body, target="Jiangxi's poverty alleviation has achieved remarkable results."))
    r = cli("documents", "import", str(path), "--db", db, "--by", "ann")
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode().strip() == f"{path}: 1 segment(s) changed in {ids[0].rsplit('-', 2)[0]}"
    kept = row(project, title)
    assert (kept["target"], kept["status"], kept["version"]) == (approved["target"], "approved", approved["version"])
    changed = row(project, body)
    assert (changed["target"], changed["status"], changed["updated_by"]) == (
        "Jiangxi's poverty alleviation has achieved remarkable results.", "translated", "ann")
    assert [(row(project, i)["status"], row(project, i)["version"]) for i in ids[2:]] == [("machine", 1), ("machine", 1)]


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_a_unit_changed_on_both_sides_is_a_reported_conflict_and_exit_1(cli, tmp_path, stored, fmt):
    project, db, ids = stored
    doc_id = ids[0].rsplit("-", 2)[0]
    data = export(cli, db, doc_id, fmt)
    mine = project.review.edit(ids[1], user="tina", role="translator", version=1, target="Tina's English in the app.")
    data = edit_unit(data, ids[1], target="Ann's English in the CAT tool.")
    data = edit_unit(data, ids[3], target="The second paragraph has three projects.")  # no conflict: goes in
    path = tmp_path / "both.xlf"
    path.write_bytes(data)
    r = cli("documents", "import", str(path), "--db", db, "--by", "ann")
    assert r.returncode == 1
    errors = r.stderr.decode().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"translator: error: {path}: unit '{ids[1]}' was changed in the file and")
    assert "export again" in errors[0]
    assert r.stdout.decode().strip() == f"{path}: 1 segment(s) changed in {doc_id}, 1 conflict(s) left as stored"
    left = row(project, ids[1])
    assert (left["target"], left["version"], left["updated_by"]) == (mine["target"], mine["version"], "tina")
    assert row(project, ids[3])["target"] == "The second paragraph has three projects."
    # The same file again: the conflict stays a conflict; what went in is not applied twice.
    r = cli("documents", "import", str(path), "--db", db, "--by", "ann")
    assert r.returncode == 1 and r.stdout.decode().strip() == f"{path}: 0 segment(s) changed in {doc_id}, 1 conflict(s) left as stored"


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_an_approval_from_xliff_is_in_the_memory_and_its_qa_is_fresh(cli, tmp_path, stored, fmt):
    project, db, ids = stored
    doc_id = ids[0].rsplit("-", 2)[0]
    # The stored draft has a QA finding: the glossary's "poverty alleviation" is missing.
    draft = project.review.edit(ids[1], user="tina", role="translator", version=1, target="Jiangxi did well.")
    assert "glossary_missing" in {q["code"] for q in draft["qa"]}
    data = export(cli, db, doc_id, fmt)
    english = "Jiangxi's poverty alleviation has achieved remarkable results."
    path = tmp_path / "signed-off.xlf"
    path.write_bytes(edit_unit(data, ids[1], target=english, final=True))
    r = cli("documents", "import", str(path), "--db", db, "--by", "ann")
    assert r.returncode == 0, r.stderr.decode()
    now = row(project, ids[1])
    assert (now["target"], now["status"], now["updated_by"]) == (english, "approved", "ann")
    assert "glossary_missing" not in {q["code"] for q in now["qa"]}
    assert now["qa"] == [q.to_dict() for q in project.review.qa_for(project.documents.get(doc_id).blocks[0].segments[0])]
    [match] = Project(project.settings).memory.lookup([now["source"]])[0]
    assert (match.target, match.score, match.editor) == (english, 100.0, "ann")
