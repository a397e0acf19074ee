"""One article's bytes in, prepared, translated, QA'd and stored: the job every path runs.

``translator batch`` (in-process threads or ``--broker`` workers) and the
review app's uploads all hand the same payload, a :class:`TranslateArticle`
(the file's bytes, its name and the batch's :func:`job_settings`), to
:func:`translate_article`.  It returns the article's summary (what
``report.json`` shows of it); the exports are written by whoever asked,
from the stored document, so every path exports exactly what was stored.

Settings travel with the job in two ways (:func:`job_settings`):

* ``opencc`` is the batch's own: the article is prepared with it (a
  Taiwanese batch and a mainland one can share the workers);
* every other setting that shapes the output (engine, glossaries, memory,
  decoding, QA thresholds), when the batch sets it (a flag, the
  environment, its config file), must equal the project's that runs the
  job: a job asking for another value fails with a line saying which
  setting differs, rather than being translated with the worker's and
  stored as if it were not.

Idempotent: an article already stored with the same signature is not
translated or stored again (status ``skipped``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..errors import TranslatorError
from ..project import Project

KIND = "article"


@dataclass(frozen=True)
class TranslateArticle:
    """The payload of an article job: the file's bytes and name, and the settings it brings (:func:`job_settings`)."""

    data: bytes
    name: str
    settings: dict[str, Any] = field(default_factory=dict)

    kind = KIND

    @property
    def key(self) -> str:
        """The same bytes with the same settings are the same job (a second upload while the first runs joins it)."""
        h = hashlib.sha256(self.data)
        h.update(str(self.settings.get("opencc") or "").encode("utf-8"))
        return f"{KIND}-{h.hexdigest()[:20]}"


@dataclass
class ArticleResult:
    """What happened to one article (one entry of ``report.json``)."""

    input: str
    status: str  # "done" | "skipped" | "failed"
    document: str | None = None
    name: str | None = None
    segments: int = 0
    qa: dict[str, int] = field(default_factory=dict)
    needs_review: int = 0
    engine: str | None = None
    seconds: float = 0.0
    exports: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleResult:
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


def summarise(doc: Document, result: ArticleResult) -> None:
    """Fill ``result``'s counts (segments, QA findings by code, segments needing review, engines) from ``doc``."""
    segs = [s for s in doc.segments() if s.source.strip()]
    result.segments = len(segs)
    result.qa = dict(sorted(Counter(q.code for s in segs for q in s.qa).items()))
    result.needs_review = sum(1 for s in segs if s.status == "needs_review")
    engines = Counter(str((s.provenance or {}).get("engine")) for s in segs if s.provenance)
    result.engine = ", ".join(sorted(engines)) or None


def _bound_settings() -> list[str]:
    """Settings that shape the output but belong to the project running the job (besides ``glossaries``)."""
    from ..settings import declared

    return [s.name for s in declared() if (s.signature or s.group == "qa" or s.name == "engine") and s.name != "opencc"]


def job_settings(project: Project) -> dict[str, Any]:
    """What a batch's (or the review app's) article jobs carry: its ``opencc``, and the output-shaping settings it sets."""
    settings = project.settings
    expect = {name: getattr(settings, name) for name in _bound_settings() if settings.source_of(name) != "default"}
    if settings.source_of("glossaries") != "default" or settings.source_of("shipped_glossaries") != "default":
        expect["glossaries"] = project.glossary.versions  # by content: the files' paths differ between machines
    return {"opencc": settings.opencc, "expect": expect}


def mismatch(project: Project, expect: dict[str, Any]) -> str | None:
    """The first setting ``expect`` gives another value than ``project``'s, as one line; None when all agree."""
    for name, wanted in expect.items():
        have = project.glossary.versions if name == "glossaries" else getattr(project.settings, name, None)
        if have != wanted:
            return (
                f"the batch sets {name} to {wanted!r}, this worker runs with {have!r}; start the workers "
                f"with the same {name}, or leave it to them"
            )
    return None


def translate_article(
    project: Project,
    job: TranslateArticle,
    *,
    progress: Callable[[int, int], None] | None = None,
    serial: AbstractContextManager[Any] | None = None,
) -> dict[str, Any]:
    """Prepare, translate, QA and store one article; its summary (:class:`ArticleResult` as a dict, plus ``signature``).

    ``serial`` is held around looking the article up, translating and
    storing it (not around preparing): a runner with several threads passes
    one that lets the articles through in the order they were submitted, so
    preparing overlaps with translating while the same article given twice
    is translated once, first come first served.  ``progress(done, total)``
    is called once the article is prepared and once it is stored.
    Raises :class:`TranslatorError` (naming the file) when it cannot be done.
    """

    problem = mismatch(project, job.settings.get("expect") or {})
    if problem:
        raise TranslatorError(f"{job.name}: {problem}")
    opencc = job.settings.get("opencc") or None
    doc = project.prepare(job.data, name=job.name, opencc=opencc)
    result = ArticleResult(job.name, "failed", document=doc.id, name=str(doc.input.get("name")))
    total = sum(1 for s in doc.segments() if s.source.strip())
    if progress is not None:
        progress(0, total)
    store = project.documents
    with serial if serial is not None else nullcontext():
        signature = project.signature(opencc=opencc).short()
        if store.signature_of(doc.id) == signature:
            summarise(store.get(doc.id), result)
            result.status = "skipped"
        else:
            project.translate([doc])
            store.save(doc, input_sha256=hashlib.sha256(job.data).hexdigest())
            summarise(doc, result)
            result.status = "done"
    if progress is not None:
        progress(total, total)
    out = result.to_dict()
    out["signature"] = signature
    return out
