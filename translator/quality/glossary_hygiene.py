"""Glossary hygiene: what makes a glossary contradict itself, repeat itself, or carry dead weight.

Three kinds of finding:

``overlap``
    a term inside a longer term whose English rewords the shorter one's
    rather than containing it (脱贫攻坚 → "the fight against poverty" inside
    脱贫攻坚战 → "the battle against poverty": two or more words in common,
    not the whole), or uses a rendering the shorter one forbids: the two
    entries give a translator contradictory instructions.  A compound whose
    English is another thing (造纸 "papermaking", 造纸机 "paper machine") is not
    one;
``duplicate``
    one source in two files (or a forbidden rendering listed twice): the same
    English is dead weight, different English means the later file silently
    overrides the earlier one;
``unused``
    a term that occurs in no stored document's source (only when documents
    are stored; found by substring, so a term inside a longer one counts).

The files are read one by one (:func:`translator.store.glossary.parse_tsv`),
not merged, so every row is seen with the file and line it is on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from ..store.glossary import Glossary, Term, parse_tsv
from ..vocabulary import GLOSSARY_CHECK_KINDS as KINDS
from ..vocabulary import GLOSSARY_CHECK_LABELS as KIND_LABELS

__all__ = ["KINDS", "KIND_LABELS", "HygieneFinding", "glossary_findings"]

@dataclass
class HygieneFinding:
    kind: str
    severity: str  # "warning" | "info"
    message: str
    terms: list[Term] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "severity": self.severity, "message": self.message,
            "terms": [{"source": t.source, "target": t.target, "kind": t.kind, "origin": t.origin} for t in self.terms],
        }


_ABBREVIATION = regex.compile(r"\s*\([^()]*\)")
_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_FUNCTION = frozenset("the a an of and or in on for to by with at from per".split())


def _contains(longer: str, shorter: str) -> bool:
    from .checks import _find_term

    return bool(_find_term(longer, shorter))


def _conflicts(longer: str, shorter: str) -> bool:
    """Whether a longer term's English rewords a shorter term's instead of containing it (or of being another thing).

    Abbreviations in brackets are set aside ("traditional Chinese medicine (TCM)" is inside "the National
    Administration of Traditional Chinese Medicine").  A compound's English that shares nothing or one word
    with its part's is another thing (造纸 "papermaking", 造纸机 "paper machine"; 纸业 "paper industry", 晨鸣纸业
    "Chenming Paper"): not a conflict; nor one whose every word is in the longer one's, words put between or
    around them ("softwood pulp", "bleached softwood kraft pulp").  Two or more shared content words, not all,
    is a rewording ("the fight against poverty", "the battle against poverty").
    """
    long_plain, short_plain = _ABBREVIATION.sub("", longer), _ABBREVIATION.sub("", shorter)
    if not short_plain.strip() or _contains(long_plain, short_plain):
        return False
    words = lambda t: {w.casefold() for w in _WORDS.findall(t)} - _FUNCTION  # noqa: E731
    short, long = words(short_plain), words(long_plain)
    return len(short & long) >= 2 and not short <= long


def _overlaps(glossary: Glossary) -> list[HygieneFinding]:
    terms = {s: t for s, t in glossary.terms.items() if t.kind == "term"}
    out = []
    for long_src, long_t in sorted(terms.items()):
        n = len(long_src)
        inner: dict[str, Term] = {}
        for i in range(n):
            for j in range(i + 1, n + 1):
                piece = long_src[i:j]
                if piece != long_src and piece in terms:
                    inner[piece] = terms[piece]
        for short_src, short_t in inner.items():
            if any(short_src in other and other != short_src for other in inner):
                continue  # judged against the middle term instead (吉安 inside 吉安市 inside 吉安市委)
            if _conflicts(long_t.target, short_t.target):
                out.append(HygieneFinding(
                    "overlap", "warning",
                    f"{short_src} → {short_t.target!r} ({short_t.origin}) is inside {long_src} → {long_t.target!r} "
                    f"({long_t.origin}), whose English rewords it; make them agree (or note why they differ)",
                    [short_t, long_t],
                ))
        for short_src in inner:
            for bad in glossary.forbidden.get(short_src, ()):
                if _contains(long_t.target, bad.target):
                    out.append(HygieneFinding(
                        "overlap", "warning",
                        f"{long_src} → {long_t.target!r} ({long_t.origin}) uses {bad.target!r}, the rendering of "
                        f"{short_src} that {bad.origin} forbids",
                        [long_t, bad],
                    ))
    return out


def _duplicates(files: Sequence[tuple[str, str]]) -> list[HygieneFinding]:
    """``files``: ``(path, text)`` of each glossary file, in the order they load (later ones override)."""
    rows: dict[tuple[str, str, str], list[Term]] = defaultdict(list)
    for path, text in files:
        for t in parse_tsv(text, path):
            key = (t.source, "forbidden", t.target.casefold()) if t.kind == "forbidden" else (t.source, "term", "")
            rows[key].append(t)
    out = []
    for (source, kind, _), terms in rows.items():
        files_of = list(dict.fromkeys(t.origin.rsplit(":", 1)[0] for t in terms))
        if len(files_of) < 2:
            continue
        where = ", ".join(t.origin for t in terms)
        if kind == "forbidden":
            out.append(HygieneFinding("duplicate", "info", f"forbidden rendering {source} ≠ {terms[0].target!r} is listed "
                                                           f"{len(terms)} times ({where}); keep one", terms))
        elif len({t.target for t in terms}) == 1:
            out.append(HygieneFinding("duplicate", "info", f"{source} → {terms[0].target!r} is in {len(files_of)} files "
                                                           f"({where}); keep one", terms))
        else:
            ways = "; ".join(f"{t.target!r} ({t.origin})" for t in terms)
            out.append(HygieneFinding("duplicate", "warning", f"{source} has different English in different files: {ways}; "
                                                              f"the last one loaded wins ({terms[-1].origin})", terms))
    return out


def _unused(glossary: Glossary, sources: Iterable[str]) -> list[HygieneFinding]:
    text = "\n".join(sources)
    if not text:
        return []
    unused = [t for s, t in sorted(glossary.terms.items()) if s not in text]
    return [HygieneFinding("unused", "info", f"{t.source} → {t.target!r} ({t.origin}) occurs in no stored document", [t])
            for t in unused]


def merged(files: Sequence[tuple[str, str]]) -> Glossary:
    """The files' terms as one glossary, a later row winning, as loading them does, but never refusing a conflict
    (the check reports it instead)."""
    g = Glossary()
    for path, text in files:
        for t in parse_tsv(text, path):
            if t.kind == "forbidden":
                g.forbidden.setdefault(t.source, []).append(t)
            else:
                g.terms[t.source] = t
    g._max_len = max((len(s) for s in g.terms), default=0)
    return g


def glossary_findings(
    glossary: Glossary | None, files: Sequence[tuple[str, str]], *, stored_sources: Iterable[str] | None = None
) -> list[HygieneFinding]:
    """Every finding, in :data:`KINDS` order.  ``glossary``: the glossaries in effect (None: :func:`merged` from
    ``files``); ``stored_sources`` None or empty: no ``unused`` check."""
    glossary = glossary if glossary is not None else merged(files)
    out = _overlaps(glossary) + _duplicates(files)
    if stored_sources is not None:
        out += _unused(glossary, stored_sources)
    return out
