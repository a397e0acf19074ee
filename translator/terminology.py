"""A project's terminology work: mining terms, consistency QA across documents, glossary hygiene, accepting a term.

:class:`Terminology` (a project's ``project.terminology``) reads the
project's stored documents, memory and glossaries and hands them to the pure
functions of :mod:`translator.quality.terms`, :mod:`translator.quality.consistency`
and :mod:`translator.quality.glossary_hygiene`; the CLI (``translator terms``,
``translator qa``, ``translator glossary check``) and the review app (the
Terms and Consistency pages, the glossary page, a segment's ``elsewhere``)
call it and only render.  Mining the stored documents and the glossary
check are cached until a segment, a document or a glossary changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .document import Document
from .errors import InvalidInput, TranslatorError

if TYPE_CHECKING:
    from .engines.gloss import GlossResources
    from .project import Project
    from .quality.consistency import Finding
    from .quality.glossary_hygiene import HygieneFinding
    from .quality.terms import MinedTerm, TextSegment
    from .store.corpus import CorpusSegment

#: Rows the Terms page and ``terms mine`` show unless told otherwise.
DEFAULT_LIMIT = 100
#: Mined terms whose renderings the consistency QA compares across documents.
CONSISTENCY_TERMS = 200


class Terminology:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()
        self._cache: dict[Any, list[MinedTerm]] = {}
        self._checked: dict[Any, list[HygieneFinding]] = {}

    @property
    def resources(self) -> GlossResources:
        from .engines.gloss import load_resources

        return load_resources()

    # -- reading --------------------------------------------------------------------------------

    def stored_segments(self, *, statuses: frozenset[str] | None = None) -> list[CorpusSegment]:
        from .store.corpus import live_segments

        return list(live_segments(self.project.store, statuses=statuses))

    def memory_pairs(self) -> list[tuple[str, str]]:
        """The memory's approved ``(source, target)`` pairs; none when the project database cannot be read."""
        try:
            return [(s, t) for s, t, _ in self.project.memory.entries()]
        except TranslatorError:
            return []

    # -- term mining ----------------------------------------------------------------------------

    def mine(
        self, segments: Iterable[TextSegment], *, min_count: int = 3, limit: int | None = DEFAULT_LIMIT
    ) -> list[MinedTerm]:
        """Terms of ``segments`` no glossary in effect covers, best first, with English candidates from the memory."""
        from .quality.terms import mine_terms

        if min_count < 1:
            raise InvalidInput(f"--min-count must be 1 or more, not {min_count}")
        return mine_terms(segments, resources=self.resources, glossary=self.project.glossary, memory=self.memory_pairs(),
                          min_count=min_count, limit=limit)

    def mine_documents(self, docs: Sequence[Document], **options: Any) -> list[MinedTerm]:
        """Mine prepared documents (files read through the prepare pipeline)."""
        from .quality.terms import TextSegment

        name = lambda d: str(d.input.get("name") or d.id)  # noqa: E731
        return self.mine((TextSegment(name(d), s.id, s.source) for d in docs for s in d.segments()), **options)

    def mine_stored(self, *, min_count: int = 3, limit: int | None = DEFAULT_LIMIT) -> list[MinedTerm]:
        """Mine every stored document (cached until a segment, document or glossary changes)."""
        from .quality.terms import TextSegment
        from .store.corpus import corpus_stamp

        key = (corpus_stamp(self.project.store), tuple(sorted(self.project.glossary.versions.items())), min_count, limit,
               len(self.project.memory))
        with self._lock:
            found = self._cache.get(key)
        if found is not None:
            return found
        rows = self.stored_segments()
        terms = self.mine((TextSegment(r.document_name or r.document_id, r.segment_id, r.source) for r in rows),
                          min_count=min_count, limit=limit)
        with self._lock:
            self._cache.clear()
            self._cache[key] = terms
        return terms

    def accept(self, source: Any, target: Any, note: Any = "") -> None:
        """Add a mined term with the English a reviewer chose to the editable glossary (a ``term`` entry)."""
        from .store.editable_glossary import make_term

        self.project.editable_glossary.add(make_term(source, target, note or "accepted from term mining", "term"))

    # -- consistency ----------------------------------------------------------------------------

    def consistency(self) -> list[Finding]:
        """The four kinds of finding over the approved segments of every stored document."""
        from .quality.consistency import consistency_findings
        approved = "approved"
        rows = self.stored_segments(statuses=frozenset({approved}))
        mined = [t.source for t in self.mine_stored(min_count=2, limit=CONSISTENCY_TERMS)] if rows else []
        return consistency_findings(rows, glossary=self.project.glossary, resources=self.resources, mined=mined,
                                    approved_status=approved)

    def elsewhere(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """Other approved segments with ``row``'s source and different English (the review page shows them)."""
        from .quality.consistency import same_source_elsewhere
        from .store.corpus import live_segments

        others = live_segments(self.project.store, statuses=frozenset({"approved"}), source=row["source"])
        return same_source_elsewhere(row, others)

    # -- glossary hygiene -----------------------------------------------------------------------

    def glossary_files(self) -> list[tuple[str, str]]:
        """``(path, text)`` of every glossary file in effect, in the order they load."""
        from .errors import GlossaryError
        from .store.glossary import shipped_glossaries

        s = self.project.settings
        out: list[tuple[str, str]] = []
        sources: list[Any] = list(shipped_glossaries(s.glossaries_dir or None)) if s.shipped_glossaries else []
        from pathlib import Path

        sources += [Path(p) for p in self.project.glossary_paths()]
        for f in sources:
            try:
                out.append((str(f), f.read_bytes().decode("utf-8-sig")))
            except (OSError, UnicodeDecodeError) as e:
                raise GlossaryError(f"cannot read the glossary ({e}); fix or remove it", path=str(f)) from None
        return out

    def glossary_check(self, *, stored: bool = True) -> list[HygieneFinding]:
        """Overlapping terms that conflict, duplicates across files, and (``stored``) terms no stored document holds."""
        import hashlib

        from .quality.glossary_hygiene import glossary_findings
        from .store.corpus import corpus_stamp

        files = self.glossary_files()
        key = ("check", stored, corpus_stamp(self.project.store) if stored else None,
               tuple((p, hashlib.sha256(t.encode("utf-8")).hexdigest()) for p, t in files))
        with self._lock:
            found = self._checked.get(key)
        if found is not None:
            return found
        sources = [r.source for r in self.stored_segments()] if stored else None
        # Read from the files, not the project's glossary: two files that conflict are reported, not refused.
        found = glossary_findings(None, files, stored_sources=sources)
        with self._lock:
            self._checked = {key: found}
        return found
