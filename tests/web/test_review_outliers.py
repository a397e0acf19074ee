"""The review app's document-level length check on a save (translator/quality/outliers.py through Review.edit):
the document's texts it compares with are read once per OUTLIER_SAMPLE_TTL seconds and kept current by edits."""

from __future__ import annotations

import pytest
from helpers.web import make_project

SENTENCES = [f"第{i}个项目的扶贫工作在江西省取得了显著的成效和很大的进展。" for i in range(10)]
FULL = "Poverty alleviation work on project {i} in Jiangxi province has made remarkable progress and results."
SHORT = "Project {i} in Jiangxi went well this year."  # within the fixed band (0.8 to 8 a character), short for this document


@pytest.fixture
def setup(tmp_path):
    from translator.prepare.pipeline import prepare_text

    project = make_project(tmp_path)
    doc = prepare_text("\n\n".join(SENTENCES), name="a.txt")
    for i, seg in enumerate(doc.segments()):
        seg.target, seg.status, seg.provenance = FULL.format(i=i), "machine", {"engine": "fake"}
    project.documents.save(doc)
    yield project, [s.id for s in doc.segments()]
    project.close()


def save(project, seg_id: str, english: str) -> set[str]:  # type: ignore[no-untyped-def]
    row = project.review.segment(seg_id)
    new = project.review.edit(seg_id, user="tina", role="translator", version=row["version"], target=english)
    return {q["code"] for q in new["qa"]}


def test_a_save_much_shorter_than_the_document_is_flagged(setup):
    project, ids = setup
    assert "length_ratio" in save(project, ids[0], SHORT.format(i=0))
    assert "length_ratio" not in save(project, ids[1], FULL.format(i=1) + " More.")


def test_the_sample_follows_this_process_edits_without_reading_again(setup, monkeypatch):
    project, ids = setup
    monkeypatch.setattr("translator.review.OUTLIER_SAMPLE_TTL", 3600.0)
    save(project, ids[0], FULL.format(i=0) + " Again.")  # reads the sample
    for i in range(1, 10):  # the whole document becomes short: short is its habit now
        save(project, ids[i], SHORT.format(i=i))
    assert "length_ratio" not in save(project, ids[0], SHORT.format(i=0))  # a stale sample would flag it


def test_edits_made_elsewhere_are_seen_once_the_sample_is_old(setup, monkeypatch):
    project, ids = setup
    monkeypatch.setattr("translator.review.OUTLIER_SAMPLE_TTL", 3600.0)
    save(project, ids[0], FULL.format(i=0) + " Again.")
    for i in range(1, 10):  # another process (a batch, another server) writes short English
        project.documents.update_segment(ids[i], by="batch", target=SHORT.format(i=i))
    assert "length_ratio" in save(project, ids[0], SHORT.format(i=0))  # within the TTL: the sample it read
    monkeypatch.setattr("translator.review.OUTLIER_SAMPLE_TTL", 0.0)
    assert "length_ratio" not in save(project, ids[0], SHORT.format(i=0) + " ")  # read again: short is the habit
