"""Post-editing effort: how far people moved each segment from its machine draft, and how long they spent in it.

As Matecat reports it: for each segment, the edit distance (Levenshtein,
characters, rapidfuzz) between the **first machine draft** and the **final
English**, and that distance as a share of the longer of the two (0 left
as drafted, 1 rewritten whole); and the active **time** people spent in
the segment (the review page reports it with its saves,
:mod:`translator.store.segment_time`).  The first draft is the first
target the machine wrote, read from the segment's revisions (no copy is
kept); a segment a person wrote from nothing has an empty draft.

Per person: the segments whose English they changed, the characters their
changes moved (the distance of each of their revisions, summed) and their
time.  Per document: the totals, the share weighted by length.
:func:`effort_csv` writes the per-segment (or per-person) table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from rapidfuzz.distance import Levenshtein

from .store.documents import MACHINE
from .store.glossary import guard_cell as csv_cell  # a cell a spreadsheet would run as a formula, neutralised
from .store.segment_time import SegmentTime

if TYPE_CHECKING:
    from .project import Project

SEGMENT_COLUMNS = ("segment_id", "number", "status", "source_chars", "machine_draft", "final", "edit_distance",
                   "edit_share_pct", "time_ms", "editors")
PERSON_COLUMNS = ("person", "segments_edited", "chars_changed", "time_ms", "segments_timed")


@dataclass(frozen=True)
class SegmentEffort:
    segment_id: str
    number: int
    status: str
    source_chars: int
    draft: str
    final: str
    distance: int
    length: int  # the longer of draft and final: what the share is of
    time_ms: int
    editors: tuple[str, ...]  # who changed its English, in order

    @property
    def share(self) -> float:
        return self.distance / self.length if self.length else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"segment_id": self.segment_id, "number": self.number, "status": self.status,
                "source_chars": self.source_chars, "machine_draft": self.draft, "final": self.final,
                "edit_distance": self.distance, "edit_share": round(self.share, 4), "time_ms": self.time_ms,
                "editors": list(self.editors)}


@dataclass
class PersonEffort:
    person: str
    segments_edited: int = 0
    chars_changed: int = 0
    time_ms: int = 0
    segments_timed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "segments_edited": self.segments_edited, "chars_changed": self.chars_changed,
                "time_ms": self.time_ms, "segments_timed": self.segments_timed}


@dataclass
class DocumentEffort:
    document_id: str
    segments: list[SegmentEffort] = field(default_factory=list)
    people: list[PersonEffort] = field(default_factory=list)

    @property
    def edited(self) -> int:
        return sum(1 for s in self.segments if s.distance)

    @property
    def distance(self) -> int:
        return sum(s.distance for s in self.segments)

    @property
    def share(self) -> float:
        length = sum(s.length for s in self.segments)
        return self.distance / length if length else 0.0

    @property
    def time_ms(self) -> int:
        return sum(s.time_ms for s in self.segments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "total": {"segments": len(self.segments), "edited": self.edited, "edit_distance": self.distance,
                      "edit_share": round(self.share, 4), "time_ms": self.time_ms},
            "people": [p.to_dict() for p in self.people],
            "segments": [s.to_dict() for s in self.segments],
        }


def document_effort(project: Project, doc_id: str, *, source_chars: Callable[[str], int] = len) -> DocumentEffort:
    """The post-editing effort of a stored document, from its revisions and the time its people reported.

    ``source_chars`` counts a source's characters (``project.reports.effort`` passes
    :func:`translator.counts.source_chars`, the one rule of the counts).
    """
    rows = project.documents.segment_rows(doc_id)
    revs = project.store.revisions
    with project.store.connect() as conn:
        history = conn.execute(
            sa.select(revs.c.segment_id, revs.c.by, revs.c.old_target, revs.c.new_target)
            .where(revs.c.document_id == doc_id).order_by(revs.c.id)
        ).all()
    times = SegmentTime(project.store).of_document(doc_id)
    draft: dict[str, str] = {}
    editors: dict[str, list[str]] = {}
    people: dict[str, PersonEffort] = {}
    touched: dict[str, set[str]] = {}
    for seg_id, by, old, new in history:
        if by == MACHINE:
            if new and seg_id not in draft:
                draft[seg_id] = new
            continue
        if (old or "") == (new or ""):
            continue
        editors.setdefault(seg_id, [])
        if by not in editors[seg_id]:
            editors[seg_id].append(by)
        p = people.setdefault(by, PersonEffort(by))
        p.chars_changed += Levenshtein.distance(old or "", new or "")
        touched.setdefault(by, set()).add(seg_id)
    for user, segs in touched.items():
        people[user].segments_edited = len(segs)
    for seg_times in times.values():
        for user, ms in seg_times.items():
            p = people.setdefault(user, PersonEffort(user))
            p.time_ms += ms
            p.segments_timed += 1
    out = DocumentEffort(doc_id, people=sorted(people.values(), key=lambda p: p.person))
    for number, r in enumerate(rows, 1):
        first = draft.get(r["id"], "")
        final = r["target"] or ""
        out.segments.append(SegmentEffort(
            r["id"], number, r["status"], source_chars(r["source"]), first, final,
            Levenshtein.distance(first, final), max(len(first), len(final)),
            sum(times.get(r["id"], {}).values()), tuple(editors.get(r["id"], ())),
        ))
    return out


def _table(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(v) if isinstance(v, str) else v for v in row])
    return buf.getvalue()


def effort_csv(effort: DocumentEffort, *, per: str = "segment") -> str:
    """The effort as CSV (RFC 4180; text cells a spreadsheet would run as formulas start with an apostrophe).

    ``per="segment"``: one row per segment (:data:`SEGMENT_COLUMNS`); ``per="person"``: one per person (:data:`PERSON_COLUMNS`).
    """
    if per == "person":
        return _table(PERSON_COLUMNS, ((p.person, p.segments_edited, p.chars_changed, p.time_ms, p.segments_timed)
                                       for p in effort.people))
    return _table(SEGMENT_COLUMNS, (
        (s.segment_id, s.number, s.status, s.source_chars, s.draft, s.final, s.distance, round(100 * s.share, 1), s.time_ms,
         "; ".join(s.editors))
        for s in effort.segments
    ))
