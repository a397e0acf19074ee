"""The sample documents the format tests export hold what those tests rely on, so none passes for want of a case."""

from __future__ import annotations

from helpers.samples import ALL_STATUSES, REVIEWER, article_glossary_terms, reviewed_sample, translated_sample


def test_translated_sample_is_the_gloss_engines_work():
    doc = translated_sample()
    assert doc.signature and doc.signature.startswith("engine:gloss|")
    assert all(s.target for s in doc.segments())
    assert {s.status for s in doc.segments()} <= {"machine", "needs_review"}
    assert sum(s.joins_next for s in doc.segments()) >= 2
    assert any(s.flags for s in doc.segments()) and any(s.qa for s in doc.segments())


def test_reviewed_sample_has_every_status_and_every_awkward_case():
    doc = reviewed_sample()
    segs = list(doc.segments())
    assert {s.status for s in segs} == ALL_STATUSES
    assert any(s.target is None for s in segs) and any(s.target == "" for s in segs)
    assert any(s.target and "<" in s.target and "&" in s.target and any(ord(c) > 0xFFFF for c in s.target) for s in segs)
    joined = next(s for s in segs if s.joins_next)
    assert (joined.status, segs[segs.index(joined) + 1].status) == ("approved", "rejected")
    assert any((s.provenance or {}).get("terms") for s in segs)
    assert any((s.provenance or {}).get("reviewer") == REVIEWER for s in segs)
    assert reviewed_sample().to_json() == doc.to_json()  # deterministic


def test_article_glossary_has_all_three_kinds():
    kinds = [t.kind for t in article_glossary_terms()]
    assert {"term", "dnt", "forbidden"} <= set(kinds) and len(kinds) > 50
