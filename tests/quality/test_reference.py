"""QA precision, measured on a hand-made, publishable translation of the sample article.

``fixtures/sample_reference.json`` is the English of every segment of
``examples/jiangxi-poverty-alleviation.txt``, written by hand following the
shipped glossaries and keyed by the segment's source (so it survives changes
of segment ids).  QA on it, through the real pipeline's segments and the
shipped glossaries, must find no error in any translation and no warning;
the only errors are the two sources the scrape garbled, which no translation
can mend.  Beside it, copies with one planted mistake each, which QA must catch.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from translator.document import Document, QAIssue
from translator.prepare.pipeline import prepare_bytes
from translator.quality.checks import run_checks
from translator.quality.outliers import length_outliers
from translator.store.glossary import Glossary

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "sample_reference.json"


@functools.lru_cache(maxsize=1)
def _reference() -> dict[str, str]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {row["source"]: row["target"] for row in data["segments"]}


@functools.lru_cache(maxsize=1)
def _glossary() -> Glossary:
    return Glossary.load()


def reference_document(changes: dict[str, tuple[str, str]] | None = None) -> Document:
    """The sample, prepared by the real pipeline, with the reference English as a person's edit.

    ``changes`` maps a source (or its start) to (old, new): one planted mistake.
    """
    doc = prepare_bytes((ROOT / "examples" / "jiangxi-poverty-alleviation.txt").read_bytes(),
                        name="examples/jiangxi-poverty-alleviation.txt")
    table = _reference()
    for seg in doc.segments():
        seg.target = table[seg.source]
        seg.status = "approved"
        seg.provenance = {"editor": "Reference Translator"}
        for start, (old, new) in (changes or {}).items():
            if seg.source.startswith(start):
                assert old in seg.target, f"{old!r} is not in the reference English of {start}"
                seg.target = seg.target.replace(old, new)
    return doc


def qa(doc: Document) -> dict[str, list[QAIssue]]:
    """Every segment's findings, as the pipeline makes them: the checks, then the document's outliers."""
    g = _glossary()
    segments = list(doc.segments())
    out = {
        s.id: run_checks(s, terms=[m.term for m in g.match(s.source)], forbidden=g.forbidden_for(s.source))
        for s in segments
    }
    for seg_id, issue in length_outliers(segments).items():
        if not any(i.code == "length_ratio" for i in out[seg_id]):
            out[seg_id].append(issue)
    return out


def test_the_reference_covers_every_segment_of_the_sample():
    doc = reference_document()
    sources = [s.source for s in doc.segments()]
    assert len(sources) == 47
    assert set(sources) == set(_reference())
    assert all(t.strip() for t in _reference().values())


def test_the_reference_gets_no_error_and_no_warning():
    doc = reference_document()
    found = qa(doc)
    by_id = {s.id: s for s in doc.segments()}
    errors = [(i, q) for i, qs in found.items() for q in qs if q.severity == "error"]
    warnings = [(i, q.code, q.message) for i, qs in found.items() for q in qs if q.severity == "warning"]
    # The scrape garbled two sources ("check it against the original"): a finding on the
    # source, true whatever the English; the translation itself has no error.
    assert [q.code for _, q in errors] == ["source_mojibake", "source_mojibake"]
    assert all(any(f.code == "mojibake" for f in by_id[i].flags) for i, _ in errors)
    assert warnings == []


# One planted mistake per case: (segment source start, (reference English, planted English), code caught)
PLANTED = {
    "wrong number": ("2019年以来", ("49.65 million yuan", "46.95 million yuan"), "number_mismatch"),
    "wrong qualifier": ("在峡江县", ("more than 3,500 mu", "3,500 mu"), "number_qualifier"),
    "missing glossary term": (
        "产业扶贫被认为", ("Industry-based poverty alleviation", "Developing industries to fight poverty"),
        "glossary_missing",
    ),
    "forbidden rendering": (
        "如：江西顺福堂", ("a provincial-level leading enterprise", "a provincial-level dragon-head enterprise"),
        "forbidden_term",
    ),
    "leftover Chinese": ("围绕智慧园区", ("the Suichuan Industrial Park", "the 遂川 Industrial Park"), "untranslated"),
    "full-width punctuation": ("江西的中药材", ("materials and agricultural", "materials，agricultural"), "untranslated"),
    "dropped clause": (
        "突如其来的新冠肺炎疫情",
        (", and many tough battles remain to be fought to ensure that all tasks are completed with high quality "
         "and on schedule.", "."),
        "length_ratio",
    ),
    "dropped clause with its number": (
        "参与企业覆盖了全省", (", and special briefings on the innovation voucher policy were held in nine impoverished "
                       "counties in four prefecture-level cities.", "."),
        "number_mismatch",
    ),
    "truncated": (
        "同时，积极开展扶贫领域",
        (" awareness, prevention skills and protection capabilities of the people concerned in poor areas.", ""),
        "truncated",
    ),
    "machine loop": ("行百里者", ("ninety is only halfway", "ninety is only halfway halfway halfway halfway"), "repetition"),
}


@pytest.mark.parametrize("case", sorted(PLANTED))
def test_qa_catches_each_planted_mistake(case):
    start, change, code = PLANTED[case]
    doc = reference_document({start: change})
    (seg,) = [s for s in doc.segments() if s.source.startswith(start)]
    found = qa(doc)
    assert code in [q.code for q in found[seg.id]], found[seg.id]
    # and nothing else in the document changed
    others = [(i, q.code) for i, qs in found.items() if i != seg.id for q in qs if q.code != "source_mojibake"]
    assert others == []


def test_a_reviewer_who_drops_a_clause_is_told_on_saving(tmp_path: Path):
    """The review rules (real SQLite project) run the document's outlier check on an edit."""
    from translator.project import Project
    from translator.settings import Settings

    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(tmp_path / "p.sqlite"), "engine": "gloss",
                                                              "glossary_file": str(tmp_path / "glossary.tsv")})
    project = Project(settings)
    try:
        project.documents.save(reference_document())
        (doc,) = project.documents.list()
        rows = project.documents.segment_rows(doc.id)
        (row,) = [r for r in rows if r["source"].startswith("突如其来的新冠肺炎疫情")]
        assert not any(q["code"] == "length_ratio" for q in row["qa"] or [])
        full = row["target"]
        short = full[: full.index(", and many tough battles")] + "."
        new = project.review.edit(row["id"], user="rita", role="reviewer", version=row["version"], target=short)
        assert "length_ratio" in [q["code"] for q in new["qa"]]
        new = project.review.edit(row["id"], user="rita", role="reviewer", version=new["version"], target=full)
        assert "length_ratio" not in [q["code"] for q in new["qa"]]
    finally:
        project.close()
