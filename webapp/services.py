"""What the pages and the API share: segment edits, suggestions, look-ups, the editable glossary, uploads.

Views stay thin: they check the request and call these.  Every write goes
through :func:`edit_segment` (pages and API alike), so the rules live in one
place:

* a target change without a status is a draft: the status becomes
  ``needs_review`` (a person changed it, nobody confirmed it yet);
* translators may set ``translated`` and ``needs_review``; reviewers and
  admins also ``approved`` and ``rejected`` (a rejection needs a comment);
* QA runs again on every saved target;
* approving adds the segment to the translation memory;
* every edit names the version it started from: a stale one is a 409 that
  carries both versions.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from flask import current_app

from translator.document import Segment
from translator.errors import TranslatorError
from translator.jobs import JobState, Runner, TranslateArticle, job_settings
from translator.project import Project
from translator.store.documents import ConflictError, Documents, segment_from_row
from translator.store.glossary import KINDS, Glossary, Term, parse_tsv

from .errors import AppError

CONFIRMED = frozenset({"translated", "approved"})
HUMAN_SET = {"translator": {"translated", "needs_review"}, "reviewer": {"translated", "needs_review", "approved", "rejected"}}
HUMAN_SET["admin"] = HUMAN_SET["reviewer"]
MAX_TARGET = 20_000  # characters in one segment's English
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".xhtml")


def project() -> Project:
    return current_app.extensions["translator.project"]


def documents() -> Documents:
    return current_app.extensions["translator.documents"]


def worker() -> Runner:
    """Who runs the app's jobs (uploads, "translate the rest"): threads of the server, or the job queue."""
    return cast(Runner, current_app.extensions["translator.worker"])


# -- segments ---------------------------------------------------------------------


def segment_json(row: dict[str, Any]) -> dict[str, Any]:
    """A segment as the API shows it."""
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


def get_segment(segment_id: str) -> dict[str, Any]:
    """A segment's stored row (one query, its document's deletion checked with it); 404 when there is none."""
    import sqlalchemy as sa

    store = project().store
    segs, docs = store.segments, store.documents
    with store.connect() as conn:
        found = conn.execute(
            sa.select(segs, docs.c.deleted_at).join(docs, docs.c.id == segs.c.document_id).where(segs.c.id == segment_id)
        ).first()
    if found is None:
        raise AppError(404, "not_found", f"no segment '{segment_id}'")
    row = dict(found._mapping)
    if row.pop("deleted_at") is not None:
        raise AppError(404, "not_found", f"no segment '{segment_id}' (its document was deleted)")
    return row


def is_deleted(doc_id: str) -> bool:
    """True when the document is deleted (or not stored at all)."""
    import sqlalchemy as sa

    store = project().store
    with store.connect() as conn:
        row = conn.execute(sa.select(store.documents.c.deleted_at).where(store.documents.c.id == doc_id)).first()
    return row is None or row.deleted_at is not None


def qa_for(seg: Segment) -> list[Any]:
    from translator.quality.checks import QAThresholds, run_checks

    s = project().settings
    glossary = project().glossary
    thresholds = QAThresholds(
        length_ratio_band=(s.qa_length_ratio_low, s.qa_length_ratio_high),
        length_ratio_min_source=s.qa_length_ratio_min_source,
        repeat_word=s.qa_repeat_word,
        repeat_phrase=s.qa_repeat_phrase,
    )
    # Once a person has written the English, the engine's notes (a lost placeholder) and the
    # gloss marker describe a draft that is gone.
    prov = dict(seg.provenance or {})
    if prov.get("editor"):
        prov.pop("notes", None)
        prov.pop("kind", None)
    seg = Segment(seg.id, seg.source, seg.original, seg.flags, seg.joins_next, seg.target, seg.status, prov, seg.qa)
    return run_checks(seg, terms=glossary.match(seg.source), forbidden=glossary.forbidden_for(seg.source), thresholds=thresholds)


def edit_segment(
    segment_id: str,
    *,
    user: str,
    role: str,
    version: Any,
    target: Any = None,
    status: Any = None,
    note: Any = "",
) -> dict[str, Any]:
    """Apply one person's edit (the rules above); return the segment's new row."""
    if not isinstance(version, int) or isinstance(version, bool):
        raise AppError(400, "invalid", "'version' (the version the edit started from, an integer) is required")
    if target is not None and not isinstance(target, str):
        raise AppError(400, "invalid", "'target' must be a string")
    if status is not None and not isinstance(status, str):
        raise AppError(400, "invalid", "'status' must be a string")
    if not isinstance(note, str) or len(note) > 2000:
        raise AppError(400, "invalid", "'note' must be a string of at most 2,000 characters")
    if target is not None:
        if len(target) > MAX_TARGET:
            raise AppError(400, "invalid", f"the English is longer than {MAX_TARGET:,} characters; split the segment's text")
        target = target.replace("\r\n", "\n").replace("\r", "\n")
    allowed = HUMAN_SET.get(role, set())
    if status is not None and status not in allowed:
        every = HUMAN_SET["reviewer"]
        if status in every:
            raise AppError(403, "forbidden", f"setting '{status}' needs the reviewer role (you are {role})")
        raise AppError(400, "invalid", f"unknown status '{status}'; use one of {', '.join(sorted(every))}")
    if status == "rejected" and not note.strip():
        raise AppError(400, "invalid", "a rejection needs a comment saying what is wrong")

    row = get_segment(segment_id)
    new_target = row["target"] if target is None else target
    if status is None and target is not None and target != (row["target"] or ""):
        status = "needs_review"  # a person's draft, not confirmed yet
    if status in CONFIRMED and not (new_target or "").strip():
        raise AppError(400, "invalid", f"an empty segment cannot be {status}; write the English first")

    seg = segment_from_row(SimpleNamespace(**row))
    seg.target = new_target
    prov = dict(row["provenance"] or {})
    if target is not None and target != (row["target"] or ""):
        prov["editor"] = user
    if status == "approved":
        prov["reviewer"] = user
    seg.provenance = prov
    qa = qa_for(seg) if (target is not None or status is not None) else None
    try:
        new = documents().update_segment(
            segment_id, by=user, target=target, status=status, expected_version=version, note=note, qa=qa, provenance=prov,
        )
    except ConflictError as e:
        raise AppError(
            409, "conflict", e.message,
            current=segment_json(e.current), yours={"target": target, "status": status, "version": version},
        ) from None
    if status == "approved" and new["status"] == "approved":
        from translator.store.memory import Memory

        Memory(project().store).add(new["source"], new["target"] or "", origin=segment_id, editor=user,
                                    provenance={"approved_by": user, "document": new["document_id"]})
    return new


# -- suggestions, terms, look-ups ------------------------------------------------------


def mt_draft(segment_id: str) -> str | None:
    """The newest machine translation of a segment (its revisions by the engine)."""
    for rev in reversed(documents().revisions(segment_id)):
        if rev.by == "machine" and rev.new_target:
            return rev.new_target
    return None


def suggestions(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Up to three targets to insert (Ctrl+1..3): exact memory matches, the MT draft, fuzzy matches."""
    from translator.store.memory import Memory

    out: list[dict[str, Any]] = []
    settings = project().settings
    matches = Memory(project().store).lookup([row["source"]], fuzzy_min=settings.fuzzy_min)[0]
    exact = [m for m in matches if m.score >= 100]
    fuzzy = [m for m in matches if m.score < 100]
    for m in exact:
        out.append({"kind": "memory", "target": m.target, "score": 100.0, "source": m.source, "editor": m.editor})
    draft = mt_draft(row["id"])
    if draft:
        engine = (row["provenance"] or {}).get("engine", "machine")
        out.append({"kind": "mt", "target": draft, "score": None, "source": row["source"], "editor": str(engine)})
    for m in fuzzy:
        out.append({"kind": "memory", "target": m.target, "score": round(m.score, 1), "source": m.source, "editor": m.editor})
    seen: set[str] = set()
    unique = []
    for s in out:
        if s["target"] not in seen:
            seen.add(s["target"])
            unique.append(s)
    return unique[:3]


def terms_for(source: str) -> list[dict[str, str]]:
    g = project().glossary
    out: dict[tuple[str, str], dict[str, str]] = {}
    for m in g.match(source):
        t = m.term
        out.setdefault((t.source, t.kind), {"source": t.source, "target": t.target, "note": t.note, "kind": t.kind})
    for t in g.forbidden_for(source):
        out.setdefault((t.source, t.target), {"source": t.source, "target": t.target, "note": t.note, "kind": "forbidden"})
    return list(out.values())


@dataclass(frozen=True)
class Piece:
    text: str
    term: Term | None = None


def highlighted(glossary: Glossary, source: str) -> list[Piece]:
    """``source`` cut into plain text and glossary terms, for the review page (matches cached per glossary)."""
    cache: dict[str, tuple[tuple[int, int, Term], ...]] | None = getattr(glossary, "_web_matches", None)
    if cache is None:
        cache = {}
        setattr(glossary, "_web_matches", cache)  # noqa: B010 - a cache that lives and dies with this glossary
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


_cedict_lock = threading.Lock()
_cedict: list[Any] = []


def cedict() -> Any:
    """CC-CEDICT, read once per process on first use."""
    with _cedict_lock:
        if not _cedict:
            from translator.engines import cedict as module

            _cedict.append(module.load())
        return _cedict[0]


def lookup(text: str) -> list[dict[str, Any]]:
    """CC-CEDICT entries of ``text``; when it is no headword, of the longest headwords found in it, left to right."""
    text = "".join(text.split())[:40]
    if not text:
        return []
    d = cedict()
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


def _entry(word: str, senses: Any) -> dict[str, Any]:
    return {"word": word, "senses": [{"pinyin": s.pinyin, "definitions": list(s.definitions)} for s in senses]}


# -- the editable glossary ---------------------------------------------------------------

HEADER = "source\ttarget\tnote\tkind"
_glossary_lock = threading.Lock()


def term_key(t: Term) -> tuple[str, str, str]:
    return (t.source, t.kind, t.target if t.kind == "forbidden" else "")


class ProjectGlossary:
    """The glossary TSV the review app edits (the ``glossary_file`` setting), over the shipped and user ones."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.path = Path(project.settings.glossary_file)

    def terms(self) -> list[Term]:
        if not self.path.is_file():
            return []
        try:
            text = self.path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise AppError(500, "glossary", f"cannot read {self.path} ({e}); fix or remove the file") from None
        return list(parse_tsv(text, str(self.path)))

    def add(self, term: Term) -> None:
        with _glossary_lock:
            terms = self.terms()
            if any(term_key(t) == term_key(term) for t in terms):
                raise AppError(409, "exists", f"'{term.source}' is already in the glossary ({term.kind}); edit that entry instead")
            self._write([*terms, term])

    def update(self, key: tuple[str, str, str], term: Term) -> None:
        with _glossary_lock:
            terms = self.terms()
            at = [i for i, t in enumerate(terms) if term_key(t) == key]
            if not at:
                raise AppError(404, "not_found", f"no entry '{key[0]}' ({key[1]}) in the editable glossary; reload the page")
            if term_key(term) != key and any(term_key(t) == term_key(term) for t in terms):
                raise AppError(409, "exists", f"'{term.source}' ({term.kind}) is already in the glossary; edit that entry")
            terms[at[0]] = term
            self._write(terms)

    def delete(self, key: tuple[str, str, str]) -> None:
        with _glossary_lock:
            terms = self.terms()
            kept = [t for t in terms if term_key(t) != key]
            if len(kept) == len(terms):
                raise AppError(404, "not_found", f"no entry '{key[0]}' ({key[1]}) in the editable glossary; reload the page")
            self._write(kept)

    def merge(self, new: list[Term]) -> tuple[int, int]:
        """Add imported terms; one with the same source and kind replaces the entry. Returns (added, replaced)."""
        with _glossary_lock:
            terms = self.terms()
            index = {term_key(t): i for i, t in enumerate(terms)}
            added = replaced = 0
            for t in new:
                k = term_key(t)
                if k in index:
                    terms[index[k]] = t
                    replaced += 1
                else:
                    index[k] = len(terms)
                    terms.append(t)
                    added += 1
            self._write(terms)
            return added, replaced

    def tsv(self, terms: list[Term] | None = None) -> bytes:
        rows = [HEADER] + ["\t".join((t.source, t.target, t.note, t.kind)) for t in (self.terms() if terms is None else terms)]
        return ("\n".join(rows) + "\n").encode("utf-8")

    def _write(self, terms: list[Term]) -> None:
        for t in terms:
            for cell in (t.source, t.target, t.note):
                if any(ch in cell for ch in "\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
                    raise AppError(400, "invalid", f"the entry '{t.source}' has a tab or line break in a field; remove it")
            if t.kind not in KINDS:
                raise AppError(400, "invalid", f"kind '{t.kind}' is not one of {', '.join(KINDS)}")
        data = self.tsv(terms)
        folder = self.path.resolve().parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            self._check_loads(Path(tmp))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.project.reload_glossary()

    def _check_loads(self, candidate: Path) -> None:
        """The glossaries in effect must still load with the new file (no duplicates, no conflicts)."""
        s = self.project.settings
        own = os.path.realpath(self.path)
        others = [p for p in s.glossaries if os.path.realpath(p) != own]
        try:
            Glossary.load([*others, candidate], shipped=s.shipped_glossaries, shipped_dir=s.glossaries_dir or None)
        except TranslatorError as e:
            message = e.message.replace(candidate.name, self.path.name)
            raise AppError(400, "invalid", f"the glossary would not load: {message}") from None


def make_term(source: Any, target: Any, note: Any = "", kind: Any = "term") -> Term:
    """A term from a form or JSON, checked."""
    if not all(isinstance(v, str) for v in (source, target, note or "", kind or "term")):
        raise AppError(400, "invalid", "source, target, note and kind must be strings")
    source, target, note, kind = source.strip(), target.strip(), (note or "").strip(), (kind or "term").strip().lower()
    if kind not in KINDS:
        raise AppError(400, "invalid", f"kind '{kind}' is not one of {', '.join(KINDS)}")
    if kind == "dnt" and not target:
        target = source
    if not source or not target:
        raise AppError(400, "invalid", "a glossary entry needs a source (Chinese) and a target (English)")
    if len(source) > 200 or len(target) > 500 or len(note) > 1000:
        raise AppError(400, "invalid", "too long: a source holds at most 200 characters, a target 500, a note 1,000")
    return Term(source, target, note, kind)


# -- uploads ---------------------------------------------------------------------------------


def ingest_upload(filename: str, data: bytes) -> JobState:
    """Queue an uploaded article as a job (its bytes and name, as a batch sends them); the job's state.

    Only the name and size are checked here: the job prepares, translates
    and stores the article (an article already stored with the same
    settings is found and not translated again), off the request thread.
    """
    name = os.path.basename((filename or "").replace("\\", "/")).strip() or "upload.txt"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise AppError(415, "unsupported", f"'{name}' is not a text or HTML article; upload a .txt or .html file")
    if not data:
        raise AppError(400, "invalid", f"'{name}' is empty; upload the article's text or HTML")
    return worker().submit(TranslateArticle(data, name, job_settings(project())))
