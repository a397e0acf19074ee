"""The project's own words, declared once: segment statuses, roles, layouts, article suffixes, stages, comment kinds, match bands.

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
#: The review page's Show filter beside the statuses: every segment, those not done for the person's step
#: (:data:`STEP_DONE`), those with a QA warning or worse (``webapp/static/js/review.js`` reads the same words).
SHOW_FILTERS: tuple[str, ...] = ("all", "unconfirmed", "qa")
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

#: The two steps of a document's work: who does each (a document names one person per step), in order.
ASSIGNMENTS: tuple[str, ...] = ("translator", "reviewer")
#: The least role a person given each step must have (a reviewer may translate; a translator may not review).
ASSIGNMENT_ROLE: dict[str, str] = {"translator": "translator", "reviewer": "reviewer"}
#: The status each step's Ctrl+Enter gives a segment (the translator's *translated*, the reviewer's *approved*).
CONFIRM_STATUS: dict[str, str] = {"translator": "translated", "reviewer": "approved"}
#: The statuses that count as done for each step: the translator's work at *translated* or better, the reviewer's at *approved*.
STEP_DONE: dict[str, frozenset[str]] = {"translator": CONFIRMED, "reviewer": frozenset({"approved"})}
#: The least role that assigns documents and moves them between stages.
ASSIGNER_ROLE = "reviewer"


@dataclass(frozen=True, slots=True)
class StageInfo:
    name: str
    label: str  # what a person reads
    step: str | None  # whose turn it is (one of ASSIGNMENTS); None when the work is done


#: A document's stages, in order: the translator's, the reviewer's, then done.
STAGE_INFO: tuple[StageInfo, ...] = (
    StageInfo("translation", "translation", "translator"),
    StageInfo("review", "review", "reviewer"),
    StageInfo("done", "done", None),
)
STAGES: tuple[str, ...] = tuple(s.name for s in STAGE_INFO)
STAGE_LABELS: dict[str, str] = {s.name: s.label for s in STAGE_INFO}
#: The stage of a document nobody has moved yet.
FIRST_STAGE: str = STAGES[0]

#: Kinds of segment comment: a person's remark, or the note a reviewer gave with a rejection.
COMMENT_KINDS: tuple[str, ...] = ("comment", "rejection")

@dataclass(frozen=True, slots=True)
class BlockKindInfo:
    name: str
    label: str  # the small label a reviewer reads beside the segment ("" where none is shown)
    structure: bool = False  # a piece of the article's structure beyond its prose (carries ``Block.attrs``)


#: A document's block kinds: its title, headings and paragraphs, and the structure an HTML page carries
#: (an image's caption, a list item, a block quote, a table cell).
BLOCK_KIND_INFO: tuple[BlockKindInfo, ...] = (
    BlockKindInfo("title", "Title"),
    BlockKindInfo("heading", "Heading"),
    BlockKindInfo("paragraph", ""),
    BlockKindInfo("image", "Caption", structure=True),
    BlockKindInfo("list_item", "List", structure=True),
    BlockKindInfo("quote", "Quote", structure=True),
    BlockKindInfo("table_cell", "Table", structure=True),
)
BLOCK_KINDS: tuple[str, ...] = tuple(k.name for k in BLOCK_KIND_INFO)
BLOCK_KIND_LABELS: dict[str, str] = {k.name: k.label for k in BLOCK_KIND_INFO}
#: The block kinds that are the article's structure (an image, a list, a quote, a table).
STRUCTURE_KINDS: tuple[str, ...] = tuple(k.name for k in BLOCK_KIND_INFO if k.structure)


def block_label(kind: str, attrs: dict[str, Any] | None = None) -> str:
    """What a reviewer reads beside a segment of a block: "Caption", "List", "Quote", "Table r2c1"; "" for prose."""
    label = BLOCK_KIND_LABELS.get(kind, "")
    if kind == "table_cell" and attrs and "row" in attrs and "col" in attrs:
        return f"{label} r{attrs['row']}c{attrs['col']}"
    return label


#: The bilingual page's layouts, with what a person reads.
LAYOUT_LABELS: dict[str, str] = {"side-by-side": "Side by side", "interleaved": "Interleaved", "target": "English only"}
LAYOUTS: tuple[str, ...] = tuple(LAYOUT_LABELS)
DEFAULT_LAYOUT = "side-by-side"

#: File names read as articles (batch folders, uploads).
ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml")

#: A memory match's diff against the current source: text both share, only the match has, only this source has.
DIFF_OPS: tuple[str, str, str] = ("equal", "delete", "insert")
#: Where a concordance hit comes from: the translation memory, or an approved segment of a document.
CONCORDANCE_ORIGINS: tuple[str, str] = ("memory", "document")

#: QA severities, worst first.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class MatchBand:
    name: str
    label: str  # what a person reads (the column of an analysis report)
    low: float | None  # the lowest memory score in the band; None: not a memory band


#: The match analysis's bands, as Trados's analysis report groups them: repetitions within the document
#: first, then memory matches by score (floored to a whole percent), then new (below the lowest band).
MATCH_BANDS: tuple[MatchBand, ...] = (
    MatchBand("repetitions", "Repetitions", None),
    MatchBand("exact", "100%", 100.0),
    MatchBand("fuzzy_95", "95–99%", 95.0),
    MatchBand("fuzzy_85", "85–94%", 85.0),
    MatchBand("fuzzy_75", "75–84%", 75.0),
    MatchBand("new", "New", None),
)
MATCH_BAND_NAMES: tuple[str, ...] = tuple(b.name for b in MATCH_BANDS)
MATCH_BAND_LABELS: dict[str, str] = {b.name: b.label for b in MATCH_BANDS}


def vocabulary_json() -> dict[str, Any]:
    """What the review app's scripts need, to be embedded in the page."""
    return {
        "statuses": [{"name": s.name, "label": s.label, "confirmed": s.confirmed} for s in STATUS_INFO],
        "roles": list(ROLES),
        "role_rank": ROLE_RANK,
        "human_statuses": {r: sorted(v) for r, v in HUMAN_STATUSES.items()},
        "layouts": [{"name": k, "label": v} for k, v in LAYOUT_LABELS.items()],
        "severity_rank": SEVERITY_RANK,
        "diff_ops": list(DIFF_OPS),
        "concordance_origins": list(CONCORDANCE_ORIGINS),
        "article_suffixes": list(ARTICLE_SUFFIXES),
        "stages": [{"name": s.name, "label": s.label, "step": s.step} for s in STAGE_INFO],
        "confirm_status": CONFIRM_STATUS,
        "assigner_role": ASSIGNER_ROLE,
        "comment_kinds": list(COMMENT_KINDS),
        "match_bands": [{"name": b.name, "label": b.label} for b in MATCH_BANDS],
        "block_kinds": [{"name": k.name, "label": k.label, "structure": k.structure} for k in BLOCK_KIND_INFO],
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
