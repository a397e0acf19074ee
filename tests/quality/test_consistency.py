"""Consistency QA across documents (translator/quality/consistency.py through Project.terminology): each of the four
kinds found on a small project built here, on a real SQLite file and on a real PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.project import Project
from translator.settings import Settings

GLOSSARY = "source\ttarget\tnote\n脱贫攻坚\tthe fight against poverty\t\n"
#: (file name, [(source, approved English)]): each a document.
ARTICLES = {
    "a.txt": [
        ("扶贫车间带动就业。", "Poverty alleviation workshops create jobs."),
        ("杨贵平出席会议。", "Yang Guiping attended the meeting."),
        ("全县脱贫攻坚取得成效。", "The county's battle against poverty paid off."),
        ("今年全县新增就业2000人。", "The county added 2,000 jobs this year."),
        ("会议强调要巩固成果。", "The meeting stressed consolidating the gains."),
    ],
    "b.txt": [
        ("扶贫车间带动就业。", "Poverty-relief workshops provide employment."),
        ("杨贵平主持会议。", "Yang Gui-ping chaired the meeting."),
        ("今年全县新增就业3000人。", "The county added 2,000 jobs this year."),
        ("会议强调要巩固成果！", "The meeting stressed consolidating the gains."),
        ("全县脱贫攻坚成效明显。", "The county's fight against poverty shows clear results."),
    ],
}


def new_project(tmp_path: Path, db: str) -> Project:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    settings = Settings.load(env={}, cwd=tmp_path, overrides={
        "db": db, "engine": "gloss", "packages_dir": "", "glossary_file": str(tmp_path / "editable.tsv"),
        "glossaries": [str(glossary)], "shipped_glossaries": False,
    })
    return Project(settings)


def store(project: Project, articles: dict[str, list[tuple[str, str]]] = ARTICLES) -> dict[str, str]:
    """Each article stored with every segment approved by a reviewer; ``{name: document id}``."""
    from translator.prepare.pipeline import prepare_text

    ids = {}
    for name, pairs in articles.items():
        doc = prepare_text("\n\n".join(src for src, _ in pairs), name=name)
        english = dict(pairs)
        for seg in doc.segments():
            seg.target, seg.status = english[seg.source], "approved"
        project.documents.save(doc, by="rita")
        ids[name] = doc.id
    return ids


@pytest.fixture
def project(tmp_path, db_url):
    p = new_project(tmp_path, db_url)
    yield p
    p.close()


def by_kind(findings):
    out: dict[str, list] = {}
    for f in findings:
        out.setdefault(f.kind, []).append(f)
    return out


def test_each_kind_is_found_and_names_its_documents_and_segments(project):
    ids = store(project)
    found = by_kind(project.terminology.consistency())
    assert set(found) == {"same_source", "same_target", "glossary_rendering", "term_variants"}

    [same_source] = found["same_source"]
    assert {p.document_id for p in same_source.places} == set(ids.values())
    assert {p.target for p in same_source.places} == {"Poverty alleviation workshops create jobs.",
                                                      "Poverty-relief workshops provide employment."}
    assert all(p.segment_id.startswith(p.document_id) for p in same_source.places)

    # the copied English whose numbers were not updated is found; the same English for sources that
    # differ only in a mark (。 / ！) is not
    [same_target] = found["same_target"]
    assert {p.source for p in same_target.places} == {"今年全县新增就业2000人。", "今年全县新增就业3000人。"}
    assert "numbers differ" in same_target.message

    [rendering] = found["glossary_rendering"]
    assert rendering.term == "脱贫攻坚"
    [place] = rendering.places
    assert (place.document_id, place.source) == (ids["a.txt"], "全县脱贫攻坚取得成效。")
    assert "the fight against poverty" in rendering.message

    variants = {f.term: f for f in found["term_variants"]}
    name = variants["杨贵平"]
    assert {p.rendering for p in name.places} == {"Yang Guiping", "Yang Gui-ping"}
    assert {p.document_id for p in name.places} == set(ids.values())
    assert "'Yang Guiping' in a.txt" in name.message and "'Yang Gui-ping' in b.txt" in name.message


def test_only_approved_segments_count_and_a_consistent_project_has_no_finding(project):
    from translator.prepare.pipeline import prepare_text

    consistent = {
        "a.txt": [("扶贫车间带动就业。", "Poverty alleviation workshops create jobs."),
                  ("杨贵平出席会议。", "Yang Guiping attended the meeting.")],
        "b.txt": [("扶贫车间带动就业。", "Poverty alleviation workshops create jobs."),
                  ("杨贵平主持会议。", "Yang Guiping chaired the meeting.")],
    }
    store(project, consistent)
    doc = prepare_text("扶贫车间带动就业。", name="c.txt")
    for seg in doc.segments():
        seg.target, seg.status = "Workshops (a draft).", "needs_review"
    project.documents.save(doc, by="tina")
    assert project.terminology.consistency() == []


def test_a_segment_shows_where_its_source_was_approved_differently(project):
    ids = store(project)
    rows = project.documents.segment_rows(ids["a.txt"])
    row = next(r for r in rows if r["source"] == "扶贫车间带动就业。")
    [other] = project.terminology.elsewhere(row)
    assert other["document_id"] == ids["b.txt"]
    assert other["target"] == "Poverty-relief workshops provide employment."
    same = next(r for r in rows if r["source"] == "杨贵平出席会议。")
    assert project.terminology.elsewhere(same) == []
    project.documents.delete(ids["b.txt"])
    assert project.terminology.elsewhere(row) == []  # a deleted document is not "elsewhere"
