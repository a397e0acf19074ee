"""How big a document is, and how much of it the memory already covers: counts and the match analysis.

* **Counts**: source characters (every character but whitespace, as
  Trados and memoQ count Chinese) and English words (runs of letters or
  digits, with inner apostrophes, hyphens and decimal points: "state-owned",
  "China's", "3.5" are one word each) of the current English.
* **Analysis** (:func:`analyse`): each segment falls into one band of
  :data:`~translator.vocabulary.MATCH_BANDS`, as Trados's analysis report
  groups them before a job is priced: a *repetition* when its source (the
  memory's key: NFKC, no whitespace) occurred earlier in the same document;
  otherwise by its best memory match (100%, 95–99, 85–94, 75–84, the score
  floored to a whole percent); *new* below that.  Segments and source
  characters are counted per band; the bands add up to the document.

:class:`Reports` (``project.reports``) keeps each document's counts until one
of its segments changes (the segments' count and the sum of their versions
tell), so the document list does not re-read every text on every load.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex
import sqlalchemy as sa

from .store.memory import source_key
from .vocabulary import MATCH_BAND_LABELS, MATCH_BANDS

if TYPE_CHECKING:
    from .effort import DocumentEffort
    from .project import Project

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*")
_HAN = regex.compile(r"\p{Han}")
_SPACE = regex.compile(r"\s+")
#: The lowest memory score the analysis reports (the lowest band's floor); anything below is new.
ANALYSIS_MIN = min(b.low for b in MATCH_BANDS if b.low is not None)


def source_chars(text: str | None) -> int:
    """Characters of a source, whitespace not counted."""
    return len(_SPACE.sub("", text)) if text else 0


def english_words(text: str | None) -> int:
    """Words of an English text (a Chinese character left in it counts as one word, as CAT tools count them)."""
    if not text:
        return 0
    return sum(len(_HAN.findall(w)) or 1 for w in _WORD.findall(text))


@dataclass(frozen=True)
class DocumentCounts:
    segments: int = 0
    source_chars: int = 0
    english_words: int = 0  # of the current English, whatever its status
    translated_segments: int = 0  # segments with English

    def to_dict(self) -> dict[str, int]:
        return {"segments": self.segments, "source_chars": self.source_chars, "english_words": self.english_words,
                "translated_segments": self.translated_segments}


def count(rows: Iterable[tuple[str | None, str | None]]) -> DocumentCounts:
    """The counts of ``(source, target)`` pairs."""
    segments = chars = words = translated = 0
    for source, target in rows:
        segments += 1
        chars += source_chars(source)
        if target and target.strip():
            translated += 1
            words += english_words(target)
    return DocumentCounts(segments, chars, words, translated)


@dataclass(frozen=True)
class Band:
    name: str
    label: str
    segments: int
    source_chars: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "segments": self.segments, "source_chars": self.source_chars}


@dataclass(frozen=True)
class Analysis:
    """A document's match analysis: its bands in :data:`MATCH_BANDS` order, and each segment's band and score."""

    document_id: str
    bands: tuple[Band, ...]
    segments: dict[str, tuple[str, float | None]] = field(default_factory=dict)  # id -> (band, memory score)

    @property
    def total_segments(self) -> int:
        return sum(b.segments for b in self.bands)

    @property
    def total_chars(self) -> int:
        return sum(b.source_chars for b in self.bands)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "bands": [b.to_dict() for b in self.bands],
            "total": {"segments": self.total_segments, "source_chars": self.total_chars},
            "segments": [{"id": k, "band": band, "score": score} for k, (band, score) in self.segments.items()],
        }


def band_of(score: float) -> str:
    """The memory band of a match score (0-100): floored to a whole percent, as analysis reports show them."""
    whole = 100.0 if score >= 100 else math.floor(score)
    for b in MATCH_BANDS:
        if b.low is not None and whole >= b.low:
            return b.name
    return "new"


def analyse_rows(doc_id: str, rows: list[tuple[str, str]], memory: Any) -> Analysis:
    """The analysis of ``(segment id, source)`` rows, in document order, against ``memory`` (a :class:`Memory`)."""
    seen: set[str] = set()
    first: list[int] = []
    band: dict[str, tuple[str, float | None]] = {}
    for i, (seg_id, source) in enumerate(rows):
        key = source_key(source)
        if key and key in seen:
            band[seg_id] = ("repetitions", None)
        else:
            seen.add(key)
            first.append(i)
    matches = memory.lookup([rows[i][1] for i in first], fuzzy_min=ANALYSIS_MIN) if first else []
    for i, found in zip(first, matches, strict=True):
        seg_id = rows[i][0]
        best = max((m.score for m in found), default=None)
        band[seg_id] = (band_of(best), round(best, 1)) if best is not None else ("new", None)
    chars = {name: 0 for name in MATCH_BAND_LABELS}
    segs = dict.fromkeys(MATCH_BAND_LABELS, 0)
    ordered: dict[str, tuple[str, float | None]] = {}
    for seg_id, source in rows:
        name, score = band[seg_id]
        segs[name] += 1
        chars[name] += source_chars(source)
        ordered[seg_id] = (name, score)
    bands = tuple(Band(b.name, b.label, segs[b.name], chars[b.name]) for b in MATCH_BANDS)
    return Analysis(doc_id, bands, ordered)


class Reports:
    """A project's reports on its documents (``project.reports``): counts (cached per document until a segment
    changes), match analyses and post-editing effort."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[int, int], DocumentCounts]] = {}

    def _stamps(self, doc_ids: list[str] | None) -> dict[str, tuple[int, int]]:
        segs = self.project.store.segments
        query = sa.select(segs.c.document_id, sa.func.count(), sa.func.sum(segs.c.version)).group_by(segs.c.document_id)
        if doc_ids is not None:
            query = query.where(segs.c.document_id.in_(doc_ids))
        with self.project.store.connect() as conn:
            return {d: (int(n), int(v or 0)) for d, n, v in conn.execute(query)}

    def counts_of_many(self, doc_ids: list[str]) -> dict[str, DocumentCounts]:
        """The counts of each document of ``doc_ids`` (one that has no segments: zeros)."""
        if not doc_ids:
            return {}
        stamps = self._stamps(doc_ids if len(doc_ids) <= 500 else None)
        out: dict[str, DocumentCounts] = {}
        stale: list[str] = []
        with self._lock:
            for d in doc_ids:
                cached = self._cache.get(d)
                stamp = stamps.get(d, (0, 0))
                if cached is not None and cached[0] == stamp:
                    out[d] = cached[1]
                elif stamp == (0, 0):
                    out[d] = DocumentCounts()
                else:
                    stale.append(d)
        if stale:
            segs = self.project.store.segments
            pairs: dict[str, list[tuple[str | None, str | None]]] = {d: [] for d in stale}
            with self.project.store.connect() as conn:
                for i in range(0, len(stale), 500):
                    chunk = stale[i : i + 500]
                    for d, source, target in conn.execute(
                        sa.select(segs.c.document_id, segs.c.source, segs.c.target).where(segs.c.document_id.in_(chunk))
                    ):
                        pairs[d].append((source, target))
            fresh = {d: count(pairs[d]) for d in stale}
            # The stamp read before the texts: a change in between makes the next read count again.
            with self._lock:
                for d, c in fresh.items():
                    self._cache[d] = (stamps.get(d, (0, 0)), c)
            out.update(fresh)
        return out

    def counts(self, doc_id: str) -> DocumentCounts:
        return self.counts_of_many([doc_id])[doc_id]

    def analysis(self, doc_id: str) -> Analysis:
        """The match analysis of a stored document against the project's memory as it is now."""
        rows = [(r["id"], r["source"]) for r in self.project.documents.segment_rows(doc_id)]
        return analyse_rows(doc_id, rows, self.project.memory)

    def effort(self, doc_id: str) -> DocumentEffort:
        """The post-editing effort of a stored document (:mod:`translator.effort`)."""
        from .effort import document_effort

        return document_effort(self.project, doc_id, source_chars=source_chars)
