"""Consistency QA across documents: what Xbench and Verifika check over a whole project, on its approved segments.

Four kinds of finding, each naming the documents and segments involved:

``same_source``
    one source (compared as the memory compares it: NFKC, spaces ignored)
    approved with different English, in one document or across documents;
``same_target``
    one English approved for different sources, where that is suspicious:
    the sources hold different numbers (an English copied from a sibling
    sentence and not updated), or they have little in common (below
    :data:`SIMILAR` of rapidfuzz's ratio).  Sources that differ only in a
    particle or a mark, and short English (headings, datelines: fewer than
    :data:`MIN_WORDS` words), are not reported;
``glossary_rendering``
    a glossary term in an approved source whose English lacks the glossary's
    rendering, with the rendering it uses where one is recognised
    (CC-CEDICT's senses, the term's pinyin);
``term_variants``
    a glossary or mined term whose approved English renders it two ways in
    different documents (a person's name romanised two ways, a ministry named
    two ways): each rendering with the documents and segments that use it.
    The renderings looked for are the glossary's, CC-CEDICT's senses and the
    term's pinyin; a name is compared as written, other renderings up to case,
    hyphens and word endings.

Only ``approved`` segments count: what a reviewer confirmed is what must be
consistent.  Pure functions over :class:`~translator.store.corpus.CorpusSegment`
rows; :class:`translator.terminology.Terminology` reads them from the project.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from ..vocabulary import CONSISTENCY_KINDS as KINDS
from ..vocabulary import CONSISTENCY_LABELS as KIND_LABELS
from ..zh import HAN
from .terms import renderings_of, spot, spot_rendering

if TYPE_CHECKING:
    from ..engines.gloss import GlossResources
    from ..store.corpus import CorpusSegment
    from ..store.glossary import Glossary

__all__ = ["KINDS", "KIND_LABELS", "Finding", "Place", "consistency_findings", "same_source_elsewhere", "source_key", "target_key"]

#: Below this rapidfuzz ratio (0-100) two sources with one English are "little in common".
SIMILAR = 60.0
#: English shorter than this many words is never a same_target finding (headings, datelines, captions).
MIN_WORDS = 4
_SPACE = regex.compile(r"\s+")
_SEPARATORS = regex.compile(r"[\s\-]+")
_MARKS = regex.compile(r"[\p{P}\p{S}\s]+")
_HAN = regex.compile(f"[{HAN}]")


def source_key(source: str) -> str:
    """A source as the memory keys it: NFKC, no spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", source))


def target_key(target: str) -> str:
    """An English compared for sameness: NFKC, spaces collapsed, ends trimmed (case and punctuation kept)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", target)).strip()


@dataclass(frozen=True)
class Place:
    """Where a finding is: a document (id and name) and a segment, with its source and approved English."""

    document_id: str
    document_name: str
    segment_id: str
    source: str
    target: str
    rendering: str = ""  # the term's rendering found in this segment (term kinds)

    def to_dict(self) -> dict[str, Any]:
        d = {"document_id": self.document_id, "document_name": self.document_name, "segment_id": self.segment_id,
             "source": self.source, "target": self.target}
        if self.rendering:
            d["rendering"] = self.rendering
        return d


@dataclass
class Finding:
    kind: str
    message: str
    places: list[Place] = field(default_factory=list)
    term: str = ""

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(p.document_id for p in self.places))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "term": self.term, "documents": self.documents,
                "places": [p.to_dict() for p in self.places]}


def _place(s: CorpusSegment, rendering: str = "") -> Place:
    return Place(s.document_id, s.document_name, s.segment_id, s.source, s.target or "", rendering)


def _where(places: Sequence[Place]) -> str:
    docs = list(dict.fromkeys(p.document_name or p.document_id for p in places))
    return f"{len(places)} segments in {len(docs)} document{'s' if len(docs) != 1 else ''} ({', '.join(docs[:4])}{', …' if len(docs) > 4 else ''})"


def _same_source(approved: Sequence[CorpusSegment]) -> list[Finding]:
    groups: dict[str, list[CorpusSegment]] = defaultdict(list)
    for s in approved:
        groups[source_key(s.source)].append(s)
    out = []
    for group in groups.values():
        targets = list(dict.fromkeys(target_key(s.target or "") for s in group))
        if len(targets) < 2:
            continue
        places = [_place(s) for s in group]
        shown = " / ".join(repr(t) for t in targets[:3]) + (" / …" if len(targets) > 3 else "")
        out.append(Finding("same_source", f"{group[0].source} is approved {len(targets)} ways: {shown}; {_where(places)}", places))
    return out


def _numbers(source: str) -> tuple[tuple[str, str], ...]:
    from .numbers import parse

    return tuple(sorted((str(n.value), n.unit or "") for n in parse(source) if not n.soft))


def _same_target(approved: Sequence[CorpusSegment]) -> list[Finding]:
    from rapidfuzz import fuzz

    groups: dict[str, list[CorpusSegment]] = defaultdict(list)
    for s in approved:
        t = target_key(s.target or "")
        if len(t.split()) >= MIN_WORDS:
            groups[t.casefold()].append(s)
    out = []
    for group in groups.values():
        by_source: dict[str, CorpusSegment] = {}
        for s in group:
            by_source.setdefault(_MARKS.sub("", source_key(s.source)), s)
        if len(by_source) < 2:
            continue
        sources = list(by_source.values())
        first = sources[0]
        reasons = []
        for other in sources[1:]:
            if _numbers(first.source) != _numbers(other.source):
                reasons.append("their numbers differ")
            elif fuzz.ratio(_MARKS.sub("", first.source), _MARKS.sub("", other.source)) < SIMILAR:
                reasons.append("the sources have little in common")
        if not reasons:
            continue
        places = [_place(s) for s in group if _MARKS.sub("", source_key(s.source)) in by_source]
        why = " and ".join(dict.fromkeys(reasons))
        out.append(Finding("same_target", f"{target_key(first.target or '')!r} is approved for {len(sources)} different "
                                          f"sources, and {why}; {_where(places)}", places))
    return out


def _glossary_rendering(approved: Sequence[CorpusSegment], glossary: Glossary, resources: GlossResources | None) -> list[Finding]:
    from .checks import _find_term

    misses: dict[str, list[Place]] = defaultdict(list)
    terms = {}
    for s in approved:
        for m in glossary.match(s.source):
            t = m.term
            if t.kind != "term" or _find_term(s.target or "", t.target):
                continue
            rendering = ""
            if resources is not None:
                known = [r for r in renderings_of(t.source, resources) if r[0].casefold() != t.target.casefold()]
                rendering = spot_rendering(s.target or "", known) or ""
            terms[t.source] = t
            if not any(p.segment_id == s.segment_id for p in misses[t.source]):
                misses[t.source].append(_place(s, rendering))
    out = []
    for src, places in misses.items():
        t = terms[src]
        used = list(dict.fromkeys(p.rendering for p in places if p.rendering))
        instead = f", using {' / '.join(repr(u) for u in used)} instead" if used else ""
        out.append(Finding(
            "glossary_rendering",
            f"glossary term {src} → {t.target!r} ({t.origin}) is not in the approved English of {_where(places)}{instead}",
            places, term=src,
        ))
    return out


def _term_variants(
    approved: Sequence[CorpusSegment], terms: Iterable[tuple[str, str | None]], resources: GlossResources
) -> list[Finding]:
    """Terms (``(source, glossary target or None)``) rendered two ways in different documents."""
    out = []
    by_first: dict[str, list[CorpusSegment]] = defaultdict(list)
    for s in approved:
        for ch in set(s.source):
            if _HAN.match(ch):
                by_first[ch].append(s)
    for term, glossary_target in terms:
        holding = [s for s in by_first.get(term[0], ()) if term in s.source and s.target]
        if len({s.document_id for s in holding}) < 2:
            continue
        known = renderings_of(term, resources, glossary_target=glossary_target)
        found: dict[str, list[Place]] = defaultdict(list)
        shown: dict[str, str] = {}
        for s in holding:
            hit = spot(s.target or "", known)
            if hit:
                r, origin = hit
                # A name is compared as written (Yang Guiping, Yang Gui-ping and Guiping Yang are three ways);
                # other renderings by the first five letters of each word (case, spaces, hyphens and endings
                # aside: "optimize" and "optimization" are one rendering, "fight" and "battle" two).
                key = r.casefold() if origin == "pinyin" else " ".join(w[:5] for w in _SEPARATORS.split(r.casefold()) if w)
                found[key].append(_place(s, r))
                shown.setdefault(key, r)
        if len(found) < 2:
            continue
        docs_of = {k: {p.document_id for p in v} for k, v in found.items()}
        all_docs = set().union(*docs_of.values())
        if len(all_docs) < 2 or all(len(d) == len(all_docs) and d == all_docs for d in docs_of.values()):
            continue
        places = [p for v in found.values() for p in v]
        ways = "; ".join(f"{shown[k]!r} in {', '.join(dict.fromkeys(p.document_name or p.document_id for p in v))}"
                         for k, v in found.items())
        out.append(Finding("term_variants", f"{term} is rendered {len(found)} ways: {ways}", places, term=term))
    return out


def consistency_findings(
    segments: Iterable[CorpusSegment],
    *,
    glossary: Glossary | None,
    resources: GlossResources | None,
    mined: Sequence[str] = (),
    approved_status: str = "approved",
) -> list[Finding]:
    """Every finding of the four kinds over ``segments`` (only the approved ones are read), in :data:`KINDS` order."""
    approved = [s for s in segments if s.status == approved_status and s.target and s.target.strip()]
    findings = _same_source(approved) + _same_target(approved)
    if glossary is not None:
        findings += _glossary_rendering(approved, glossary, resources)
    if resources is not None:
        terms: dict[str, str | None] = {}
        if glossary is not None:
            for t in glossary.terms.values():
                if t.kind == "term":
                    terms[t.source] = t.target
        for m in mined:
            terms.setdefault(m, None)
        findings += _term_variants(approved, terms.items(), resources)
    return findings


def same_source_elsewhere(segment: dict[str, Any], others: Iterable[CorpusSegment]) -> list[dict[str, Any]]:
    """The other approved segments with ``segment``'s source whose English differs from it (the review page's "elsewhere")."""
    mine = target_key(segment.get("target") or "")
    key = source_key(segment["source"])
    out = []
    seen: set[tuple[str, str]] = set()
    for s in others:
        if s.segment_id == segment["id"] or not s.target or source_key(s.source) != key:
            continue
        t = target_key(s.target)
        if t == mine or (s.document_id, t) in seen:
            continue
        seen.add((s.document_id, t))
        out.append({"document_id": s.document_id, "document_name": s.document_name, "segment_id": s.segment_id,
                    "target": s.target, "status": s.status})
    return out
