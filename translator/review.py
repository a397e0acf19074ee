"""The review rules: how a person's edit changes a segment, the same in the review app, the CLI and the XLIFF import.

:class:`Review` (a project's ``project.review``) owns every write a person makes:

* an edit names the ``version`` it started from: a stale one is a
  :class:`~translator.errors.ConflictError` carrying the stored segment
  (``current``) and the edit (``yours``); nothing is overwritten;
* a target change without a status is a draft: the status becomes
  ``needs_review`` (a person changed it, nobody confirmed it yet);
* each role sets only its statuses (:data:`~translator.vocabulary.HUMAN_STATUSES`):
  translators ``translated`` and ``needs_review``; reviewers and admins also
  ``approved`` and ``rejected`` (a rejection needs a comment, which becomes a
  comment on the segment: :meth:`~translator.workflow.Workflow.note_rejection`).  A translator
  cannot take back an approval: an approved segment keeps its status unless
  a reviewer changes it (:class:`~translator.errors.ForbiddenError`);
* a confirmed status (:data:`~translator.vocabulary.CONFIRMED`) needs English;
* QA runs again on every change, with the project's thresholds and glossary;
* confirming or approving English with a QA error, or a word-gloss draft, needs a reason
  (``override``; the QA gate, :mod:`translator.qa_gate`), kept in the revision;
* an approval enters the translation memory, with who approved it.

Besides edits: the suggestions of a segment (memory matches first, with their
diffs, then the machine draft) and which one pre-fills it, concordance search, its glossary terms, the source cut at its terms, the CC-CEDICT
look-up (loaded once per process), find and replace, reverting to a
revision, and importing an edited XLIFF file as edits (:meth:`Review.import_xliff`).
Errors are library errors; the web app maps them to HTTP statuses and the
CLI to one line each.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from .document import QAIssue, Segment
from .errors import ConflictError, ForbiddenError, InvalidInput, NotFoundError
from .store.documents import segment_from_row
from .store.glossary import Term
from .vocabulary import CONFIRMED, HUMAN_STATUSES, SEVERITY_RANK, SHOW_FILTERS, STATUSES, STEP_DONE
from .zh import tone_marks

if TYPE_CHECKING:
    from .engines.cedict import Cedict
    from .project import Project
    from .replace import Plan, Replacer
    from .store.glossary import Glossary

#: Segments on one review page: a 2,000-segment document is ten pages, each quick to answer and to draw.
PAGE_SIZE = 200


@dataclass(frozen=True)
class ReviewPage:
    """One page of a document's segments on the review page (:meth:`Review.page`)."""

    rows: list[dict[str, Any]]  # the stored rows of this page's segments, in order
    number: int  # 1-based
    pages: int  # at least 1
    first: int  # the 0-based place of rows[0] among the segments selected (the whole document when nothing filters)
    total: int  # the document's segments
    other_counts: dict[str, int]  # the statuses of the segments not on this page (the page's counts add them)
    positions: list[int] = field(default_factory=list)  # the 0-based position in the document of each row
    matched: int = 0  # the segments of the whole document the filter and Find select (all of them when neither is set)
    filtered: bool = False  # a Show filter or a Find text selected the rows
    size: int = PAGE_SIZE  # segments a page

    @property
    def paged(self) -> bool:
        """The document has more segments than one page holds (its filter and Find then select across pages)."""
        return self.total > self.size


#: Characters in one segment's English.
MAX_TARGET = 20_000
#: Characters in an edit's comment.
MAX_NOTE = 2_000
#: Suggestions offered for one segment (memory matches, then the MT draft).
MAX_SUGGESTIONS = 5
#: The most active time one save may report for its segment, in milliseconds (more is cut to this: a tab
#: left open is not work).
MAX_TIME_MS = 10 * 60 * 1000
#: How long the outlier check may use a document's texts read for an earlier save (seconds).
OUTLIER_SAMPLE_TTL = 5.0
#: Every status some person may set.
PERSON_STATUSES: frozenset[str] = frozenset().union(*HUMAN_STATUSES.values())


def bad_character(text: str) -> str | None:
    """The first character of ``text`` that is not text (a control character but newline and tab, or a lone surrogate)."""
    return next((c for c in text if (ord(c) < 0x20 and c not in "\n\t") or c == "\x7f" or 0xD800 <= ord(c) <= 0xDFFF), None)


def public_segment(row: dict[str, Any]) -> dict[str, Any]:
    """A stored segment row as people see it (the API's segment, the ``current`` of a conflict)."""
    return {
        "id": row["id"],
        "document_id": row["document_id"],
        "block": row["block"],
        "block_kind": row["block_kind"],
        "position": row["position"],
        "source": row["source"],
        "original": row["original"],
        "flags": row["flags"] or [],
        "joins_next": bool(row["joins_next"]),
        "target": row["target"],
        "status": row["status"],
        "qa": row["qa"] or [],
        "version": row["version"],
        "updated_at": row["updated_at"],
        "updated_by": row["updated_by"],
    }


@dataclass(frozen=True)
class Piece:
    """A stretch of a source: plain text, or a glossary term."""

    text: str
    term: Term | None = None


@dataclass(frozen=True)
class UnitProblem:
    """A unit of an imported XLIFF file that was left as the store has it, and why."""

    segment_id: str
    message: str
    conflict: bool = False  # changed in the file and in the store since the export


@dataclass
class XliffImport:
    """What importing one XLIFF file did."""

    document_id: str
    changed: list[dict[str, Any]] = field(default_factory=list)  # the segments' new rows
    problems: list[UnitProblem] = field(default_factory=list)

    @property
    def conflicts(self) -> list[UnitProblem]:
        return [p for p in self.problems if p.conflict]


def _selector(status: str, find: str, match_case: bool, done: frozenset[str]) -> Any:
    """Whether a light segment line ``(id, status, source, target, qa)`` is among those the Show filter
    ``status`` and Find ``find`` select (what ``review.js`` shows on a one-page document)."""
    needle = find if match_case else find.lower()
    warning = SEVERITY_RANK["warning"]

    def shows(line: tuple[str, str, str, str | None, Any]) -> bool:
        _, st, source, target, qa = line
        if status == "unconfirmed" and st in done:
            return False
        if status == "qa" and max((SEVERITY_RANK.get(q.get("severity", ""), 0) for q in qa or []), default=0) < warning:
            return False
        if status in STATUSES and st != status:
            return False
        if needle:
            return any(needle in (text if match_case else text.lower()) for text in (source, target or ""))
        return True

    return shows


class Review:
    """The review rules of one project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()
        self._replacer: Replacer | None = None
        # The outlier check's sample of each document's length ratios (document id -> (read at, {id: ratio_of})):
        # read once per OUTLIER_SAMPLE_TTL seconds instead of on every save, and kept current by this process's edits.
        self._samples: dict[str, tuple[float, dict[str, tuple[int, float]]]] = {}

    # -- reading ------------------------------------------------------------------------

    def page(
        self, doc_id: str, number: Any = None, *, at: str | None = None, size: int | None = None,
        status: str | None = None, find: str | None = None, match_case: bool = False, step: str = "translator",
    ) -> ReviewPage:
        """The review page ``number`` (1-based; not a number or out of range: the nearest page) of a document's
        segments, ``size`` (default :data:`PAGE_SIZE`) a page; ``at``: the page holding that segment instead (a link to a segment), when it is the document's
        and among those selected.

        ``status`` (a status, or one of :data:`~translator.vocabulary.SHOW_FILTERS`; ``unconfirmed`` means not
        done for ``step``, :data:`~translator.vocabulary.STEP_DONE`) and ``find`` (in the source or the
        English; any case unless ``match_case``) select the segments of the whole document first; the
        selection is then paged."""
        size = size or PAGE_SIZE  # read here, so that a test may set a small one
        status = status or "all"
        if status not in SHOW_FILTERS and status not in STATUSES:
            raise InvalidInput(f"unknown filter '{status}'; use one of: {', '.join((*SHOW_FILTERS, *STATUSES))}")
        if step not in STEP_DONE:
            raise InvalidInput(f"unknown step '{step}'; use one of: {', '.join(STEP_DONE)}")
        find = find or ""
        filtered = status != "all" or bool(find)
        if filtered:
            lines = self.project.documents.segment_lines(doc_id)
            statuses = [(line[0], line[1]) for line in lines]
            shows = _selector(status, find, match_case, STEP_DONE[step])
            selected: Sequence[int] = [i for i, line in enumerate(lines) if shows(line)]
        else:
            statuses = self.project.documents.segment_statuses(doc_id)
            selected = range(len(statuses))
        total, matched = len(statuses), len(selected)
        pages = max(1, -(-matched // size))
        index = next((k for k, i in enumerate(selected) if statuses[i][0] == at), None) if at else None
        if index is not None:
            n = index // size + 1
        else:
            try:
                n = int(number) if number not in (None, "") else 1
            except (TypeError, ValueError):
                n = 1
        n = min(max(n, 1), pages)
        first = (n - 1) * size
        positions = list(selected[first:first + size])
        on_page = set(positions)
        others: dict[str, int] = {}
        for i, (_, st) in enumerate(statuses):
            if i not in on_page:
                others[st] = others.get(st, 0) + 1
        if not positions:
            rows: list[dict[str, Any]] = []
        elif filtered:
            rows = self.project.documents.segment_rows_of(doc_id, [statuses[i][0] for i in positions])
        else:
            rows = self.project.documents.segment_rows(doc_id, offset=first, limit=size)
        return ReviewPage(rows=rows, number=n, pages=pages, first=first, total=total, other_counts=others,
                          positions=positions, matched=matched, filtered=filtered, size=size)

    def segment(self, segment_id: str) -> dict[str, Any]:
        """A segment's stored row; :class:`NotFoundError` when there is none or its document was deleted."""
        return self.project.documents.live_segment_row(segment_id)

    def qa_for(self, seg: Segment) -> list[QAIssue]:
        """The QA findings on ``seg`` as it is now, with the project's glossary and thresholds."""
        from .quality.checks import run_checks

        glossary = self.project.glossary
        # Once a person has written the English, the engine's notes (a lost placeholder) and the
        # gloss marker describe a draft that is gone.
        prov = dict(seg.provenance or {})
        if prov.get("editor"):
            prov.pop("notes", None)
            prov.pop("kind", None)
        seg = Segment(seg.id, seg.source, seg.original, seg.flags, seg.joins_next, seg.target, seg.status, prov, seg.qa)
        return run_checks(
            seg, terms=[m.term for m in glossary.match(seg.source)], forbidden=glossary.forbidden_for(seg.source),
            thresholds=self.project.qa_thresholds,
        )

    def _sample(self, doc_id: str) -> dict[str, tuple[int, float]]:
        """The length ratios (:func:`~translator.quality.outliers.ratio_of`) of ``doc_id``'s first
        :data:`~translator.quality.outliers.SAMPLE` segments, read at most once per :data:`OUTLIER_SAMPLE_TTL`
        seconds (a statistic of the whole document: a few seconds old is as good)."""
        from .quality.outliers import SAMPLE, ratio_of

        read_at, sample = self._samples.get(doc_id, (0.0, {}))
        if time.monotonic() - read_at > OUTLIER_SAMPLE_TTL:
            sample = {}
            for i, src, tgt in self.project.documents.texts(doc_id, limit=SAMPLE):
                if (r := ratio_of(Segment(i, src, src, target=tgt))) is not None:
                    sample[i] = r
            if len(self._samples) > 1000:  # documents no longer edited
                self._samples.clear()
            self._samples[doc_id] = (time.monotonic(), sample)
        return sample

    def _with_document_outlier(self, seg: Segment, doc_id: str, qa: list[QAIssue]) -> list[QAIssue]:
        """``qa`` and, when ``seg``'s new English is short next to its document's other
        segments (a clause dropped), that finding (:mod:`translator.quality.outliers`)."""
        from .quality.outliers import outlier_among

        if any(q.code == "length_ratio" for q in qa):
            return qa
        found = outlier_among(seg, self._sample(doc_id))
        return [*qa, found] if found is not None else qa

    # -- editing ------------------------------------------------------------------------

    def edit(
        self,
        segment_id: str,
        *,
        user: str,
        role: str,
        version: Any,
        target: Any = None,
        status: Any = None,
        note: Any = "",
        override: Any = None,
        time_ms: Any = None,
    ) -> dict[str, Any]:
        """Apply one person's edit (the rules above); return the segment's new stored row.

        ``override``: the reason to confirm or approve despite the QA gate (:mod:`translator.qa_gate`).
        ``time_ms``: the active time the person spent in the segment since their last report (the review
        page sends it with its saves), added to their time in it, at most :data:`MAX_TIME_MS` a report.
        An edit that only reports time changes nothing else and needs no current version.
        """
        if time_ms is not None and (not isinstance(time_ms, int | float) or isinstance(time_ms, bool) or not 0 <= time_ms < 2**53):
            raise InvalidInput("'time_ms' must be a number of milliseconds, 0 or more")
        spent = min(int(time_ms or 0), MAX_TIME_MS)
        if target is None and status is None and time_ms is not None:
            row = self.segment(segment_id)
            self._record_time(row, user, spent)
            return row
        if not isinstance(version, int) or isinstance(version, bool):
            raise InvalidInput("'version' (the version the edit started from, an integer) is required")
        if target is not None and not isinstance(target, str):
            raise InvalidInput("'target' must be a string")
        if status is not None and not isinstance(status, str):
            raise InvalidInput("'status' must be a string")
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            raise InvalidInput(f"'note' must be a string of at most {MAX_NOTE:,} characters")
        if target is not None:
            if len(target) > MAX_TARGET:
                raise InvalidInput(f"the English is longer than {MAX_TARGET:,} characters; split the segment's text")
            target = target.replace("\r\n", "\n").replace("\r", "\n")
            bad = bad_character(target)
            if bad is not None:
                raise InvalidInput(f"'target' holds the character U+{ord(bad):04X}, which is not text (a control character or "
                                   "a lone surrogate); remove it and save again")
        allowed = HUMAN_STATUSES.get(role, frozenset())
        if status is not None and status not in allowed:
            if status in PERSON_STATUSES:
                raise ForbiddenError(f"setting '{status}' needs the reviewer role (you are {role})")
            raise InvalidInput(f"unknown status '{status}'; use one of {', '.join(sorted(PERSON_STATUSES))}")
        if status == "rejected" and not note.strip():
            raise InvalidInput("a rejection needs a comment saying what is wrong")

        row = self.segment(segment_id)
        yours = {"target": target, "status": status, "version": version}
        if row["version"] != version:
            raise ConflictError(
                f"segment {segment_id} changed since version {version} (now version {row['version']}, "
                f"by {row['updated_by'] or 'someone'}); compare both and save again",
                current=public_segment(row), yours=yours,
            )
        new_target = row["target"] if target is None else target
        target_changed = target is not None and target != (row["target"] or "")
        if status is None and target_changed:
            status = "needs_review"  # a person's draft, not confirmed yet
        if status in CONFIRMED and not (new_target or "").strip():
            raise InvalidInput(f"an empty segment cannot be {status}; write the English first")
        new_status = row["status"] if status is None else status
        if row["status"] == "approved" and new_status != "approved" and "approved" not in allowed:
            raise ForbiddenError(
                f"segment {segment_id} is approved; only a reviewer can change it (you are {role}): "
                "leave a comment for a reviewer instead"
            )

        seg = segment_from_row(SimpleNamespace(**row))
        seg.target = new_target
        prov = dict(row["provenance"] or {})
        if target_changed:
            prov["editor"] = user
        if status == "approved":
            prov["reviewer"] = user
        seg.provenance = prov
        qa = self.qa_for(seg) if (target is not None or status is not None) else None
        if qa is not None and target_changed:
            qa = self._with_document_outlier(seg, row["document_id"], qa)
        passed = self.project.qa_gate.check(row, qa or [], status=status, target_changed=target_changed, override=override)
        try:
            new = self.project.documents.update_segment(
                segment_id, by=user, target=target, status=status, expected_version=version, note=passed.note(note), qa=qa,
                provenance=prov,
            )
        except ConflictError as e:  # changed between our read and the write
            raise ConflictError(e.message, current=public_segment(cast(dict[str, Any], e.current)), yours=yours) from None
        self._resample(new)
        if status == "rejected" and new["status"] == "rejected":  # rejecting again adds the new note too
            self.project.workflow.note_rejection(new, user=user, note=note)  # the translator sees it on the row
        if new["version"] != row["version"]:
            self.project.qa_gate.record(row, passed, user=user, role=role)
        if status == "approved" and new["status"] == "approved" and new["version"] != row["version"]:
            self.project.memory.add(
                new["source"], new["target"] or "", origin=segment_id, editor=user,
                provenance={"approved_by": user, "document": new["document_id"]},
            )
        self._record_time(new, user, spent)
        return new

    def _resample(self, row: dict[str, Any]) -> None:
        """Keep the outlier sample of ``row``'s document current after this process wrote ``row``."""
        from .quality.outliers import ratio_of

        read_at, sample = self._samples.get(row["document_id"], (0.0, {}))
        if not read_at:
            return
        r = ratio_of(Segment(row["id"], row["source"], row["source"], target=row["target"]))
        if r is None:
            sample.pop(row["id"], None)
        else:
            sample[row["id"]] = r

    def _record_time(self, row: dict[str, Any], user: str, ms: int) -> None:
        if ms > 0:
            from .store.segment_time import SegmentTime

            SegmentTime(self.project.store).add(row["id"], row["document_id"], user, ms)

    @property
    def replacer(self) -> Replacer:
        """Find and replace: preview, all-or-nothing apply, undo (:mod:`translator.replace`)."""
        from .replace import Replacer

        with self._lock:
            if self._replacer is None:
                self._replacer = Replacer(self.project, max_target=MAX_TARGET)
            return self._replacer

    def replace(
        self,
        doc_id: str,
        find: Any,
        replacement: Any,
        *,
        user: str,
        role: str,
        match_case: Any = False,
        whole_word: Any = False,
        only: Any = None,
        preview: bool = False,
        versions: Any = None,
    ) -> Plan:
        """Find and replace across a document's targets (:mod:`translator.replace`): a preview, or every change or none.

        Segments the role may not change (approved ones, for a translator) are
        skipped and listed; any other refusal (a segment over the length limit,
        one changed since the preview's ``versions``) changes nothing.
        """
        from .replace import parse_options

        options = parse_options(find, replacement, whole_word=whole_word, match_case=match_case, max_target=MAX_TARGET,
                                bad_character=bad_character)
        if preview:
            return self.replacer.plan(doc_id, options, role=role, only=only)
        return self.replacer.apply(doc_id, options, user=user, role=role, only=only, versions=versions)

    def undo_replace(self, doc_id: str, replace_id: Any, *, user: str, role: str) -> list[dict[str, Any]]:
        """Undo one replace in one step; the segments' new rows."""
        return self.replacer.undo(doc_id, replace_id, user=user, role=role)[1]

    def revert(self, segment_id: str, revision: Any, *, user: str, role: str, version: Any) -> dict[str, Any]:
        """Bring back the target a revision wrote; the segment needs confirming again."""
        revs = [r for r in self.project.documents.revisions(segment_id) if r.id == revision]
        if not revs or revs[0].new_target is None:
            raise NotFoundError(f"segment {segment_id} has no revision {revision!r} with a target to go back to")
        return self.edit(segment_id, user=user, role=role, version=version, target=revs[0].new_target,
                         status="needs_review", note=f"reverted to revision {revision}")

    # -- suggestions, terms, look-ups ------------------------------------------------------

    def mt_draft(self, segment_id: str) -> str | None:
        """The newest machine translation of a segment (its revisions by the engine)."""
        for rev in reversed(self.project.documents.revisions(segment_id)):
            if rev.by == "machine" and rev.new_target:
                return rev.new_target
        return None

    def suggestions(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """Memory first: exact matches, fuzzy ones at or above ``fuzzy_min`` by score, then the MT draft.

        Each memory match carries its source, score, who approved it and when, and the
        :func:`~translator.textdiff.diff` of its source against this segment's; a segment's own
        memory entry (its origin is this segment) is never offered.  Ctrl+1..3 insert the first three.
        """
        from .textdiff import diff

        matches = self.project.memory.lookup(
            [row["source"]], fuzzy_min=self.project.settings.fuzzy_min, exclude_origin=row["id"], fuzzy_too=True,
        )[0]
        matches = sorted(matches, key=lambda m: (m.score < 100, -m.score))
        out: list[dict[str, Any]] = [
            {
                "kind": "memory", "match": "exact" if m.score >= 100 else "fuzzy", "target": m.target,
                "score": 100.0 if m.score >= 100 else round(m.score, 1), "source": m.source, "editor": m.editor,
                "approved_by": m.editor, "approved_at": m.updated_at, "origin": m.origin,
                "diff": diff(m.source, row["source"]),
            }
            for m in matches
        ]
        draft = self.mt_draft(row["id"])
        if draft:
            engine = (row["provenance"] or {}).get("engine", "machine")
            out.append({"kind": "mt", "target": draft, "score": None, "source": row["source"], "editor": str(engine)})
        seen: set[str] = set()
        unique = []
        for s in out:
            if s["target"] not in seen:
                seen.add(s["target"])
                unique.append(s)
        if len(unique) > MAX_SUGGESTIONS and unique[-1]["kind"] == "mt":  # the MT draft stays on offer
            return [*unique[: MAX_SUGGESTIONS - 1], unique[-1]]
        return unique[:MAX_SUGGESTIONS]

    def prefill(self, row: dict[str, Any], suggestions: list[dict[str, Any]]) -> int | None:
        """Which suggestion goes into the English box when the segment is opened, or None.

        An empty English gets the exact memory match, else the best suggestion.  A word-gloss
        draft nobody edited (not a translation) gives way to a memory match, exact or fuzzy.
        """
        if not suggestions:
            return None
        memory = [i for i, s in enumerate(suggestions) if s["kind"] == "memory"]
        if not (row["target"] or "").strip():
            exact = [i for i in memory if suggestions[i]["match"] == "exact"]
            return exact[0] if exact else 0
        prov = row["provenance"] or {}
        if memory and prov.get("kind") == "gloss" and not prov.get("editor") and row["updated_by"] == "machine":
            return memory[0]
        return None

    def concordance(self, q: Any, *, limit: Any = None) -> list[dict[str, Any]]:
        """Where ``q`` (Chinese, or English as whole words) was translated before: the memory and approved segments."""
        from .store.concordance import check_query, search

        text, n = check_query(q, limit)
        return [h.to_dict() for h in search(self.project.store, text, limit=n)]

    def terms_for(self, source: str) -> list[dict[str, str]]:
        """The glossary entries that apply to ``source``: its terms, then the forbidden renderings."""
        g = self.project.glossary
        out: dict[tuple[str, str], dict[str, str]] = {}
        for m in g.match(source):
            t = m.term
            out.setdefault((t.source, t.kind), {"source": t.source, "target": t.target, "note": t.note, "kind": t.kind})
        for t in g.forbidden_for(source):
            out.setdefault((t.source, t.target), {"source": t.source, "target": t.target, "note": t.note, "kind": "forbidden"})
        return list(out.values())

    def highlighted(self, source: str, glossary: Glossary | None = None) -> list[Piece]:
        """``source`` cut into plain text and glossary terms (matches cached per glossary)."""
        glossary = glossary if glossary is not None else self.project.glossary
        cache: dict[str, tuple[tuple[int, int, Term], ...]] | None = getattr(glossary, "_review_matches", None)
        if cache is None:
            cache = {}
            setattr(glossary, "_review_matches", cache)  # noqa: B010 - a cache that lives and dies with this glossary
        found = cache.get(source)
        if found is None:
            found = tuple((m.start, m.end, m.term) for m in glossary.match(source))
            if len(cache) < 100_000:
                cache[source] = found
        pieces: list[Piece] = []
        at = 0
        for start, end, term in found:
            if start > at:
                pieces.append(Piece(source[at:start]))
            pieces.append(Piece(source[start:end], term))
            at = end
        if at < len(source):
            pieces.append(Piece(source[at:]))
        return pieces

    def dictionary(self) -> Cedict:
        """CC-CEDICT, read once per process and shared with the gloss engine (:meth:`Project.warm_up` reads it early)."""
        from .engines.gloss import load_resources

        return load_resources().dictionary  # EngineUnavailable when CC-CEDICT or jieba is missing

    def lookup(self, text: str) -> list[dict[str, Any]]:
        """CC-CEDICT entries of ``text``; when it is no headword, of the longest headwords found in it, left to right."""
        text = "".join(text.split())[:40]
        if not text:
            return []
        d = self.dictionary()
        found = d.lookup(text)
        if found:
            return [_entry(text, found)]
        out: list[dict[str, Any]] = []
        i = 0
        while i < len(text) and len(out) < 12:
            for length in range(min(8, len(text) - i), 0, -1):
                senses = d.lookup(text[i : i + length])
                if senses:
                    out.append(_entry(text[i : i + length], senses))
                    i += length
                    break
            else:
                i += 1
        return out

    # -- XLIFF back in ---------------------------------------------------------------------

    def import_xliff(self, data: bytes, *, name: str, by: str, role: str = "admin", doc_ref: str | None = None) -> XliffImport:
        """Merge an edited XLIFF file (2.1 or 1.2, exported by this tool) into its stored document, as edits.

        A unit whose target and status are what the file was exported with
        changes nothing.  A unit changed in the file whose segment also
        changed in the store since the export is a conflict: left as the
        store has it and reported (one :class:`UnitProblem` each).  Every
        other change is an :meth:`edit` by ``by`` (so QA runs again and an
        approval enters the memory).  A file that cannot be read, or is from
        another document, raises :class:`~translator.formats.FormatError`.
        """
        from pathlib import Path

        from .formats.xliff import document_id_of, read_xliff, target_hash

        docs = self.project.documents
        doc = docs.get(docs.resolve(doc_ref or document_id_of(data, name)))
        edits = read_xliff(data, doc, path=name)
        rows = {r["id"]: r for r in docs.segment_rows(doc.id)}
        result = XliffImport(doc.id)
        note = f"imported from {Path(name).name}"
        for e in edits:
            row = rows[e.segment_id]
            store_t, store_s = row["target"], row["status"]
            if (e.target, e.status) == (store_t, store_s):
                continue  # nothing to do (untouched, or both sides made the same change)
            if e.exported_status is not None:
                if (target_hash(e.target), e.status) == (e.exported_hash, e.exported_status):
                    continue  # untouched in the file: the store's state stands, whatever happened to it since
                if (target_hash(store_t), store_s) != (e.exported_hash, e.exported_status):
                    result.problems.append(UnitProblem(
                        e.segment_id,
                        f"unit '{e.segment_id}' was changed in the file and in the database since the export "
                        f"(now {store_s}, version {row['version']} by {row['updated_by'] or 'someone'}); "
                        "left as the database has it: export again and redo this edit",
                        conflict=True,
                    ))
                    continue
            target = e.target if e.target is not None and e.target != (store_t or "") else None
            status = e.status if e.status != store_s or target is not None else None
            if status is not None and status not in PERSON_STATUSES:
                if status == store_s:
                    status = None
                else:
                    result.problems.append(UnitProblem(
                        e.segment_id, f"unit '{e.segment_id}': a person cannot set the status '{status}'; "
                        f"use one of {', '.join(sorted(PERSON_STATUSES))}",
                    ))
                    continue
            try:
                new = self.edit(e.segment_id, user=by, role=role, version=row["version"], target=target, status=status, note=note)
            except ConflictError as err:
                result.problems.append(UnitProblem(e.segment_id, f"unit '{e.segment_id}': {err.message}", conflict=True))
                continue
            except (InvalidInput, ForbiddenError) as err:
                result.problems.append(UnitProblem(e.segment_id, f"unit '{e.segment_id}': {err.message}"))
                continue
            if new["version"] != row["version"]:
                result.changed.append(new)
        return result


_READING = re.compile(r"\[([^\]]+)\]")


def _entry(word: str, senses: Iterable[Any]) -> dict[str, Any]:
    """A headword as the look-up shows it: pinyin with tone marks (also in a definition's ``策[cè]``), and no sense
    or definition twice (CC-CEDICT lists a word under its traditional and its simplified form)."""
    out: list[dict[str, Any]] = []
    by_pinyin: dict[str, list[str]] = {}
    for s in senses:
        pinyin = tone_marks(s.pinyin)
        # "variant of 策[ce4]" under 策 itself (a traditional form folded into the simplified one) says nothing here.
        definitions = [_READING.sub(lambda m: f"[{tone_marks(m.group(1))}]", d) for d in s.definitions
                       if not d.startswith(f"variant of {word}[")]
        if not definitions:
            continue
        known = by_pinyin.get(pinyin)
        if known is None:
            known = by_pinyin[pinyin] = []
            out.append({"pinyin": pinyin, "definitions": known})
        known.extend(d for d in dict.fromkeys(definitions) if d not in known)
    return {"word": word, "senses": out}
