"""The documents the format tests export: the sample article, translated with the real gloss engine.

``translated_sample()`` is the article as ``translator translate --engine
gloss`` leaves it.  ``reviewed_sample()`` adds, deterministically, what a
review would: every one of the seven statuses, translator and reviewer
credits, glossary terms the engine enforced, an empty target, a missing
one, ``<``/``&`` and characters beyond the BMP, a long sentence whose
pieces differ in status.  ``xss_sample()`` puts markup into a source and a
target.  ``tests/formats/test_samples.py`` checks that these documents hold what the
format tests rely on, so none of them passes for want of a case.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from translator.document import Document
from translator.project import Project
from translator.settings import Settings
from translator.store.glossary import Glossary, Term

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_NAME = "examples/jiangxi-poverty-alleviation.txt"
ALL_STATUSES = {"new", "machine", "memory", "needs_review", "translated", "approved", "rejected"}
XSS_SOURCE = "<script>alert(1)</script>"
XSS_TARGET = "<img src=x onerror=alert(1)>"
AWKWARD_TARGET = "Profits < costs & 𠮷野家 said “no” — 100% 🙂"
TRANSLATOR = "Lin Yue"
REVIEWER = "Mark Ellis"


@functools.lru_cache(maxsize=1)
def _translated_json() -> str:
    from translator.prepare.pipeline import prepare_bytes

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(env={}, cwd=Path(tmp), overrides={"db": str(Path(tmp) / "p.sqlite"), "engine": "gloss"})
        project = Project(settings)
        try:
            doc = prepare_bytes((ROOT / SAMPLE_NAME).read_bytes(), name=SAMPLE_NAME)
            project.translate([doc])
        finally:
            project.close()
    return doc.to_json()


def translated_sample() -> Document:
    """A fresh copy of the sample, translated with the gloss engine."""
    import json

    return Document.from_dict(json.loads(_translated_json()))


def reviewed_sample() -> Document:
    """The translated sample with a review's marks on it (see the module's docstring)."""
    doc = translated_sample()
    segs = list(doc.segments())
    title = segs[0]
    title.target, title.status = "Jiangxi: Distinctive Industries Shoulder the Task of Poverty Alleviation", "approved"
    title.provenance = {**(title.provenance or {}), "editor": TRANSLATOR, "reviewer": REVIEWER}
    first, second = doc.blocks[0].segments[:2]
    first.status = "approved"
    first.provenance = {**(first.provenance or {}), "editor": TRANSLATOR, "reviewer": REVIEWER}
    second.target, second.status = AWKWARD_TARGET, "translated"
    second.provenance = {**(second.provenance or {}), "editor": TRANSLATOR}
    # the first long sentence: its first piece approved, its second rejected
    joined = next(s for s in segs if s.joins_next)
    after = segs[segs.index(joined) + 1]
    joined.status = "approved"
    joined.provenance = {**(joined.provenance or {}), "reviewer": REVIEWER}
    after.status = "rejected"
    # a memory match, an untouched segment, an empty target, a term the engine enforced
    rest = [s for s in segs if s.status in ("machine", "needs_review") and s is not after and not s.joins_next]
    memory, untouched, empty, with_terms = rest[-1], rest[-2], rest[-3], rest[-4]
    memory.status = "memory"
    memory.provenance = {"engine": "memory", "memory_score": 100.0, "editor": "Bo Chen", "signature": doc.signature}
    untouched.target, untouched.status, untouched.provenance, untouched.qa = None, "new", None, []
    empty.target, empty.status = "", "needs_review"
    with_terms.provenance = {
        **(with_terms.provenance or {}),
        "terms": [{"source": "扶贫", "target": "poverty alleviation", "kind": "term"},
                  {"source": "APP", "target": "APP", "kind": "dnt"}],
    }
    return doc


def xss_sample() -> Document:
    """The reviewed sample with markup in a source, a target, the title and the metadata."""
    doc = reviewed_sample()
    seg = doc.blocks[0].segments[0]
    seg.source, seg.target = XSS_SOURCE, XSS_TARGET
    doc.blocks[1].segments[0].target = XSS_SOURCE
    doc.metadata.source = "<b>bold</b>"
    doc.metadata.url = "javascript:alert(1)"
    return doc


def article_glossary_terms() -> list[Term]:
    """The shipped glossary's terms that occur in the sample (term, dnt and forbidden): the article's glossary."""
    glossary = Glossary.load()
    found: dict[tuple[str, str], Term] = {}
    for seg in translated_sample().segments():
        for m in glossary.match(seg.source):
            found.setdefault((m.term.source, m.term.target), m.term)
        for t in glossary.forbidden_for(seg.source):
            found.setdefault((t.source, t.target), t)
    return list(found.values())
