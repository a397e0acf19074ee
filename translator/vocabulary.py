"""The project's own words, declared once: segment statuses, roles, layouts, article suffixes.

Every module that names one of these imports it from here; the review
app's scripts read them from the page (``vocabulary_json``), so a status
or a role is spelled in exactly one place.  The Chinese marks live in
:mod:`translator.zh`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class StatusInfo:
    name: str
    label: str  # what a person reads
    confirmed: bool = False  # a person stands behind the English
    kept: bool = False  # a person gave it: a machine re-translation never overwrites it


#: Every segment status, in progress order: done first (the order of the progress bars and the lists).
STATUS_INFO: tuple[StatusInfo, ...] = (
    StatusInfo("approved", "approved", confirmed=True, kept=True),
    StatusInfo("translated", "translated", confirmed=True, kept=True),
    StatusInfo("memory", "memory"),
    StatusInfo("machine", "machine"),
    StatusInfo("needs_review", "needs review"),
    StatusInfo("rejected", "rejected", kept=True),
    StatusInfo("new", "not translated yet"),
)
STATUSES: tuple[str, ...] = tuple(s.name for s in STATUS_INFO)
STATUS_LABELS: dict[str, str] = {s.name: s.label for s in STATUS_INFO}
#: Statuses a person stands behind (an empty English cannot have one).
CONFIRMED: frozenset[str] = frozenset(s.name for s in STATUS_INFO if s.confirmed)
#: Statuses a person gave; a machine re-translation never overwrites them.
KEPT: frozenset[str] = frozenset(s.name for s in STATUS_INFO if s.kept)

#: Roles, least to most trusted; a role may do everything the ones before it may.
ROLES: tuple[str, ...] = ("translator", "reviewer", "admin")
ROLE_RANK: dict[str, int] = {r: i + 1 for i, r in enumerate(ROLES)}
#: The statuses a person of each role may set on a segment.
HUMAN_STATUSES: dict[str, frozenset[str]] = {
    "translator": frozenset({"translated", "needs_review"}),
    "reviewer": frozenset({"translated", "needs_review", "approved", "rejected"}),
    "admin": frozenset({"translated", "needs_review", "approved", "rejected"}),
}

#: The bilingual page's layouts, with what a person reads.
LAYOUT_LABELS: dict[str, str] = {"side-by-side": "Side by side", "interleaved": "Interleaved", "target": "English only"}
LAYOUTS: tuple[str, ...] = tuple(LAYOUT_LABELS)
DEFAULT_LAYOUT = "side-by-side"

#: File names read as articles (batch folders, uploads).
ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml")

#: QA severities, worst first.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}


def vocabulary_json() -> dict[str, Any]:
    """What the review app's scripts need, to be embedded in the page."""
    return {
        "statuses": [{"name": s.name, "label": s.label, "confirmed": s.confirmed} for s in STATUS_INFO],
        "roles": list(ROLES),
        "role_rank": ROLE_RANK,
        "human_statuses": {r: sorted(v) for r, v in HUMAN_STATUSES.items()},
        "layouts": [{"name": k, "label": v} for k, v in LAYOUT_LABELS.items()],
        "severity_rank": SEVERITY_RANK,
        "article_suffixes": list(ARTICLE_SUFFIXES),
    }

#: Consistency QA across documents (translator/quality/consistency.py): each kind of finding and its label.
CONSISTENCY_LABELS: dict[str, str] = {
    "same_source": "Same source, different English",
    "same_target": "Same English, different sources",
    "glossary_rendering": "Glossary term rendered otherwise",
    "term_variants": "Term rendered two ways",
}
CONSISTENCY_KINDS: tuple[str, ...] = tuple(CONSISTENCY_LABELS)
#: Glossary hygiene (translator/quality/glossary_hygiene.py): each kind of finding and its label.
GLOSSARY_CHECK_LABELS: dict[str, str] = {
    "overlap": "Overlapping terms whose English conflicts",
    "duplicate": "Duplicates across files",
    "unused": "Terms in no stored document",
}
GLOSSARY_CHECK_KINDS: tuple[str, ...] = tuple(GLOSSARY_CHECK_LABELS)
