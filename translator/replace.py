"""Find and replace across a document's English, safely: whole words, match case, a preview, all or nothing, undo.

What professional CAT tools taught (memoQ, Trados, Matecat):

* **whole word**: "tax" matches "tax", "Tax" and "tax-free" but never
  "taxes", "taxpayer" or "taxation": a match may not touch a letter or
  digit on either side (where the searched text itself begins or ends with
  one).  Chinese characters left in an English target count as words of
  their own, so whole-word search for 中国 still finds it in 中国人.
* **match case** off by default; the replacement is literal text.
* **preview** (:meth:`Replacer.plan`): every change (segment, its number in
  the document, before, after, where) without writing anything; segments the
  person's role may not change (approved ones, for a translator) are listed
  as *skipped*, as CAT tools skip locked segments.
* **apply** (:meth:`Replacer.apply`): one transaction.  When any segment
  would be refused (the English longer than the limit, or a version
  conflict: the segment changed since the preview the person saw, given as
  ``versions``) nothing changes and the error names every such segment.
  Each change is a person's edit (status *needs_review*, QA again, a
  revision whose note names the replace); the replace is recorded with
  every segment's state before it (:mod:`translator.store.replacements`).
* QA runs again on every changed segment: before the answer for up to
  :data:`QA_INLINE` of them; for a larger replace right after it, off the
  request (a confirmation runs QA again anyway), so the answer does not
  wait seconds for 8,000 QA runs;
* **undo** (:meth:`Replacer.undo`): one step, one transaction, puts back
  every segment exactly as it was, unless one of them changed since (then
  nothing changes and the error names it).

Linear in the segments named: the document's block sizes (one index-only
count) number them, only the named rows are read, once, and the changes go
in one batch of writes; one QA run per changed segment.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import regex

from .errors import ConflictError, ForbiddenError, InvalidInput, TranslatorError
from .store.documents import segment_from_row
from .store.replacements import Replacements
from .vocabulary import HUMAN_STATUSES, ROLE_RANK

if TYPE_CHECKING:
    from .project import Project

log = logging.getLogger(__name__)

#: Changed segments up to which a replace runs QA on them before it answers; a larger one writes the English
#: at once and runs their QA right after, off the request (at ~0.3 ms a segment, 8,000 would take seconds).
QA_INLINE = 300
#: Seconds that later QA waits before it starts, so that the answer (and its JSON) is not slowed by it.
QA_DELAY_S = 1.0
#: Segments per transaction of that later QA; between two, it lets the server's requests go first.
QA_CHUNK = 200
QA_PAUSE_S = 0.01
#: Ids named in one error message; the rest are counted.
NAMED = 10
#: What a whole word may not touch on either side: a word character (a letter, a digit, a mark, an underscore)
#: that is not a Chinese character (each of those is a word of its own).  A negated class: the regex module
#: runs it four times faster than the same set written with set subtraction.
_WORD_CHAR = r"[^\W\p{Han}]"
_IS_WORD_CHAR = regex.compile(_WORD_CHAR)


@dataclass(frozen=True)
class ReplaceOptions:
    find: str
    replacement: str
    whole_word: bool = False
    match_case: bool = False

    def describe(self) -> str:
        opts = [o for o, on in (("whole word", self.whole_word), ("match case", self.match_case)) if on]
        return f"'{self.find}' → '{self.replacement}'" + (f" ({', '.join(opts)})" if opts else "")

    def to_dict(self) -> dict[str, bool]:
        return {"whole_word": self.whole_word, "match_case": self.match_case}


def parse_options(find: Any, replacement: Any, *, whole_word: Any = False, match_case: Any = False,
                  max_target: int, bad_character: Callable[[str], str | None]) -> ReplaceOptions:
    """The options of a replace as a person sent them; :class:`InvalidInput` when they are not usable.

    ``max_target`` and ``bad_character`` are the review rules' limit and test of a target's text
    (:mod:`translator.review`, which calls this).
    """
    MAX_TARGET = max_target  # noqa: N806 - the review rules' constant
    if not isinstance(find, str) or not find or not isinstance(replacement, str):
        raise InvalidInput("'find' (non-empty) and 'replace' must be strings")
    if len(find) > MAX_TARGET or len(replacement) > MAX_TARGET:
        raise InvalidInput(f"'find' and 'replace' must be at most {MAX_TARGET:,} characters")
    for name, value in (("whole_word", whole_word), ("match_case", match_case)):
        if not isinstance(value, bool):
            raise InvalidInput(f"'{name}' must be true or false")
    replacement = replacement.replace("\r\n", "\n").replace("\r", "\n")
    bad = bad_character(replacement)
    if bad is not None:
        raise InvalidInput(f"'replace' holds the character U+{ord(bad):04X}, which is not text (a control character or "
                           "a lone surrogate); remove it and try again")
    return ReplaceOptions(find, replacement, whole_word, match_case)


def compile_pattern(options: ReplaceOptions) -> regex.Pattern[str]:
    """The search of ``options``: literal text, case-insensitive unless match case, bounded when whole word."""
    body = regex.escape(options.find)
    if options.whole_word:
        if _IS_WORD_CHAR.match(options.find[0]):
            body = rf"(?<!{_WORD_CHAR}){body}"
        if _IS_WORD_CHAR.match(options.find[-1]):
            body = rf"{body}(?!{_WORD_CHAR})"
    return regex.compile(body, 0 if options.match_case else regex.IGNORECASE)


def substitute(pattern: regex.Pattern[str], text: str, replacement: str) -> tuple[str, list[list[int]], list[list[int]]]:
    """``text`` with every match replaced, and the matches' spans in the old text and the new one."""
    out: list[str] = []
    before: list[list[int]] = []
    after: list[list[int]] = []
    at = 0
    length = 0
    for m in pattern.finditer(text):
        out.append(text[at : m.start()])
        length += m.start() - at
        before.append([m.start(), m.end()])
        after.append([length, length + len(replacement)])
        out.append(replacement)
        length += len(replacement)
        at = m.end()
    if not before:
        return text, [], []
    out.append(text[at:])
    return "".join(out), before, after


@dataclass(frozen=True)
class Change:
    segment_id: str
    number: int  # 1-based, in document order (the review page's row number)
    version: int  # the segment's version the change starts from
    before: str
    after: str
    spans_before: list[list[int]]
    spans_after: list[list[int]]

    def to_dict(self) -> dict[str, Any]:
        return {"segment_id": self.segment_id, "number": self.number, "version": self.version, "before": self.before,
                "after": self.after, "spans_before": self.spans_before, "spans_after": self.spans_after,
                "count": len(self.spans_before)}


@dataclass
class Plan:
    """What a replace does to a document (a preview, or what was applied)."""

    options: ReplaceOptions
    changes: list[Change] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {segment_id, number, reason}
    replace_id: int | None = None  # once applied
    qa_pending: int = 0  # changed segments whose QA is still being run (a large replace, off the request)
    rows: list[dict[str, Any]] = field(default_factory=list)  # the changed segments' new state, once applied (see changed_json)

    @property
    def replacements(self) -> int:
        return sum(len(c.spans_before) for c in self.changes)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection for the block: a bulk edit makes hundreds of thousands of short-lived objects,
    and the collector passes they trigger walk the whole process's heap (a server's caches, a large document's
    rows): measured, half of an 8,000-segment apply.  Reference counting still frees them as usual; the collector
    runs again afterwards (unless something else had turned it off)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def changed_json(row: dict[str, Any]) -> dict[str, Any]:
    """A segment a replace (or its undo) changed, as the API shows it: its new state."""
    return {k: row[k] for k in ("id", "target", "status", "version", "qa", "updated_at", "updated_by")}


def _named(ids: list[str]) -> str:
    shown = ", ".join(ids[:NAMED])
    return shown + (f" and {len(ids) - NAMED} more" if len(ids) > NAMED else "")


def _id_set(only: Any) -> set[str] | None:
    if only is None:
        return None
    if not (isinstance(only, list) and all(isinstance(x, str) for x in only)):
        raise InvalidInput("'segments' must be a list of segment ids")
    return set(only)


def _versions(versions: Any) -> dict[str, int] | None:
    if versions is None:
        return None
    if not (isinstance(versions, dict) and all(isinstance(v, int) and not isinstance(v, bool) for v in versions.values())):
        raise InvalidInput("'versions' must map each segment id of the preview to the version it showed")
    return versions


class Replacer:
    """Find and replace in one project's documents (``project.review.replacer``)."""

    def __init__(self, project: Project, *, max_target: int) -> None:
        self.project = project
        self.max_target = max_target  # the review rules' limit on one segment's English
        self.store = Replacements(project.store)
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._pending: set[Future[None]] = set()

    def plan(self, doc_id: str, options: ReplaceOptions, *, role: str, only: Any = None,
             keep: dict[str, dict[str, Any]] | None = None) -> Plan:
        """Every change the replace would make in ``doc_id`` (restricted to the segment ids ``only``), nothing written.

        ``keep``: filled with the stored state of the segments read (:meth:`Replacements.targets`).
        """
        with _gc_paused():
            return self._plan(doc_id, options, role=role, only=only, keep=keep)

    def _plan(self, doc_id: str, options: ReplaceOptions, *, role: str, only: Any,
              keep: dict[str, dict[str, Any]] | None) -> Plan:
        wanted = _id_set(only)
        pattern = compile_pattern(options)
        may_approve = "approved" in HUMAN_STATUSES.get(role, frozenset())
        plan = Plan(options)
        for seg_id, number, target, status, version in self.store.targets(doc_id, wanted, keep=keep):
            if not target:
                continue
            new, spans_before, spans_after = substitute(pattern, target, options.replacement)
            if not spans_before or new == target:
                continue
            if status == "approved" and not may_approve:
                plan.skipped.append({"segment_id": seg_id, "number": number,
                                     "reason": "approved: only a reviewer can change it"})
                continue
            plan.changes.append(Change(seg_id, number, version, target, new, spans_before, spans_after))
        return plan

    def apply(self, doc_id: str, options: ReplaceOptions, *, user: str, role: str, only: Any = None,
              versions: Any = None) -> Plan:
        """Make every change of :meth:`plan` in one transaction, or none (the error names the segments refused)."""
        with _gc_paused():
            return self._apply(doc_id, options, user=user, role=role, only=only, versions=versions)

    def _apply(self, doc_id: str, options: ReplaceOptions, *, user: str, role: str, only: Any, versions: Any) -> Plan:
        seen = _versions(versions)
        stored: dict[str, dict[str, Any]] = {}
        plan = self._plan(doc_id, options, role=role, only=only, keep=stored)
        if seen is not None:
            stale = [c.segment_id for c in plan.changes if seen.get(c.segment_id) != c.version]
            planned = {c.segment_id for c in plan.changes}
            stale += [s for s in seen if s not in planned]
            if stale:
                raise ConflictError(
                    f"{len(stale)} segment(s) changed since the preview ({_named(stale)}); nothing was replaced: "
                    "preview again and apply what it shows",
                    current={"segments": stale},
                )
        too_long = [f"#{c.number} {c.segment_id}" for c in plan.changes if len(c.after) > self.max_target]
        if too_long:
            raise InvalidInput(
                f"the replace would make {len(too_long)} segment(s) longer than {self.max_target:,} characters "
                f"({_named(too_long)}); nothing was replaced: narrow the replace or split those segments"
            )
        if not plan.changes:
            return plan
        inline = len(plan.changes) <= QA_INLINE
        rows = self.store.rows([c.segment_id for c in plan.changes]) if inline else stored  # QA reads the whole row
        updates: list[dict[str, Any]] = []
        for c in plan.changes:
            row = rows[c.segment_id]
            prov = dict(row["provenance"] or {})
            prov["editor"] = user
            update = {"id": c.segment_id, "version": c.version, "target": c.after, "status": "needs_review", "provenance": prov}
            if inline:
                update["qa"] = self._qa(row, c.after, prov)
            updates.append(update)
        plan.replace_id, plan.rows = self.store.apply(doc_id, options.find, options.replacement, options.to_dict(),
                                                      updates, rows, by=user, describe=options.describe())
        if not inline:
            plan.qa_pending = len(plan.rows)
            self._recheck_later([(r["id"], r["version"]) for r in plan.rows])
        return plan

    def _qa(self, row: dict[str, Any], target: str, provenance: dict[str, Any]) -> list[dict[str, Any]]:
        seg = segment_from_row(SimpleNamespace(**row))
        seg.target, seg.provenance = target, provenance
        return [q.to_dict() for q in self.project.review.qa_for(seg)]

    def _recheck_later(self, segments: list[tuple[str, int]]) -> None:
        """QA for the segments a large replace changed, off the request, ``QA_CHUNK`` at a time.

        Each chunk's findings are written only to segments still at the version the replace left (a later
        edit ran QA itself); the version does not change (the findings follow from the English).
        """
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replace-qa")
            future = self._executor.submit(self._recheck, segments)
            self._pending.add(future)
            future.add_done_callback(self._pending.discard)

    def _recheck(self, segments: list[tuple[str, int]]) -> None:
        time.sleep(QA_DELAY_S)  # the answer goes out first
        try:
            for i in range(0, len(segments), QA_CHUNK):
                chunk = dict(segments[i : i + QA_CHUNK])
                rows = self.store.rows(list(chunk))
                found = {sid: self._qa(row, row["target"] or "", dict(row["provenance"] or {}))
                         for sid, row in rows.items() if row["version"] == chunk[sid]}
                self.store.set_qa({sid: (chunk[sid], qa) for sid, qa in found.items()})
                time.sleep(QA_PAUSE_S)
        except TranslatorError as e:  # the database went away (closed, locked too long): the next edit runs QA again
            log.warning("QA after a replace stopped: %s", e)

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the QA of every large replace so far is written (tests, shutting down)."""
        for future in list(self._pending):
            future.result(timeout)

    def undo(self, doc_id: str, replace_id: Any, *, user: str, role: str) -> tuple[int, list[dict[str, Any]]]:
        """Put back every segment a replace changed, in one transaction; returns its id and the segments' new rows."""
        if not isinstance(replace_id, int) or isinstance(replace_id, bool):
            raise InvalidInput("the replace to undo is named by its id, an integer")
        with _gc_paused():
            record = self.store.get(doc_id, replace_id)
            if record["by"] != user and ROLE_RANK.get(role, 0) < ROLE_RANK["reviewer"]:
                raise ForbiddenError(f"replace #{replace_id} was made by {record['by']}; only they or a reviewer can undo it")
            return replace_id, self.store.undo(record, by=user)

    def history(self, doc_id: str, limit: int = 20) -> Iterable[dict[str, Any]]:
        """The document's latest replaces, newest first (without their changes)."""
        return self.store.recent(doc_id, limit)
