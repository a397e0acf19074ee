"""`translator documents import` goes through the QA gate: a unit signed off in the file with English that has a QA
error is named on stderr and left as stored (exit 1); the other units of the file go in.  Real CLI, SQLite, XLIFF."""

from __future__ import annotations

from lxml import etree

from translator.prepare.pipeline import prepare_text
from translator.project import Project
from translator.settings import Settings

X2 = "urn:oasis:names:tc:xliff:document:2.0"


def test_an_approval_in_the_file_with_qa_errors_is_reported_and_left_as_stored(cli, tmp_path):
    db = str(tmp_path / "p.sqlite")
    project = Project(Settings.load(env={}, cwd=tmp_path, overrides={"db": db, "engine": "gloss", "packages_dir": "",
                                                                      "glossary_file": ""}))
    doc = prepare_text("江西扶贫工作\n\n我们继续努力。", name="a.txt")
    for seg in doc.segments():
        seg.target, seg.status, seg.provenance = f"EN {seg.source}", "machine", {"engine": "fake"}
    project.documents.save(doc)
    title, body = (s.id for s in doc.segments())
    r = cli("export", doc.id, "--db", db, "--format", "xliff")
    root = etree.fromstring(r.stdout)
    for unit_id, english in ((title, "Jiangxi works on it"), (body, "We will keep up our efforts.")):
        segment = root.find(f".//{{{X2}}}unit[@id='{unit_id}']/{{{X2}}}segment")
        segment.find(f"{{{X2}}}target").text = english
        segment.set("state", "final")
    edited = tmp_path / "edited.xlf"
    edited.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    r = cli("documents", "import", str(edited), "--db", db, "--by", "ann")
    assert r.returncode == 1
    [line] = r.stderr.decode().splitlines()
    assert f"unit '{title}'" in line and "glossary_missing" in line and "'override'" in line
    rows = {row["id"]: row for row in project.documents.segment_rows(doc.id)}
    assert (rows[title]["target"], rows[title]["status"]) == (f"EN {doc.title.segments[0].source}", "machine")
    assert (rows[body]["target"], rows[body]["status"]) == ("We will keep up our efforts.", "approved")
    project.close()
