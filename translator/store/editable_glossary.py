"""The glossary file people edit in the review app (the ``glossary_file`` setting), over the shipped and user ones.

Entries are keyed by :func:`term_key` (source and kind, and for a forbidden
rendering its target too).  Every change rewrites the file atomically
through the one TSV writer (:mod:`translator.formats.glossary_tsv`), after
checking that the glossaries in effect still load with it; then
``on_change`` runs (the project reloads its glossary).  Changes by threads
of one process take turns.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import AlreadyExists, GlossaryError, InvalidInput, NotFoundError, TranslatorError
from ..settings import Settings
from .glossary import KINDS, Glossary, Term, check_one_row_per_source

_lock = threading.Lock()

Key = tuple[str, str, str]


def term_key(t: Term) -> Key:
    """What identifies an entry: its source and kind (and, for a forbidden rendering, the rendering)."""
    return (t.source, t.kind, t.target if t.kind == "forbidden" else "")


def make_term(source: Any, target: Any, note: Any = "", kind: Any = "term") -> Term:
    """A term from a form or JSON, checked (:class:`InvalidInput` naming what is wrong)."""
    if not all(isinstance(v, str) for v in (source, target, note or "", kind or "term")):
        raise InvalidInput("source, target, note and kind must be strings")
    source, target, note, kind = source.strip(), target.strip(), (note or "").strip(), (kind or "term").strip().lower()
    if kind not in KINDS:
        raise InvalidInput(f"kind '{kind}' is not one of {', '.join(KINDS)}")
    if kind == "dnt" and not target:
        target = source
    if not source or not target:
        raise InvalidInput("a glossary entry needs a source (Chinese) and a target (English)")
    if len(source) > 200 or len(target) > 500 or len(note) > 1000:
        raise InvalidInput("too long: a source holds at most 200 characters, a target 500, a note 1,000")
    return Term(source, target, note, kind)


def key_of(source: Any, kind: Any = "term", target: Any = "") -> Key:
    """The key of an entry as a form or JSON names it."""
    if not isinstance(source, str):
        raise InvalidInput("name the entry: its source, kind and (for a forbidden one) target")
    kind = str(kind or "term")
    return (source, kind, str(target or "") if kind == "forbidden" else "")


def _origin_file(terms: list[Term]) -> str:
    """The file imported terms came from, as their origins (``file.csv:LINE``) name it."""
    return terms[0].origin.rsplit(":", 1)[0] if terms and terms[0].origin else "the imported file"


class EditableGlossary:
    """The editable glossary TSV of a project."""

    def __init__(self, settings: Settings, *, on_change: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self.path = Path(settings.glossary_file)
        self.on_change = on_change

    def terms(self) -> list[Term]:
        """The file's entries, in file order (none when the file does not exist yet)."""
        from ..formats.glossary_tsv import read_glossary_tsv

        if not self.path.is_file():
            return []
        try:
            data = self.path.read_bytes()
        except OSError as e:
            raise GlossaryError(f"cannot read the editable glossary ({e.strerror}); fix or remove the file", path=str(self.path)) from None
        return read_glossary_tsv(data, path=str(self.path))

    def keys(self) -> set[Key]:
        return {term_key(t) for t in self.terms()}

    def add(self, term: Term) -> None:
        with _lock:
            terms = self.terms()
            if any(term_key(t) == term_key(term) for t in terms):
                raise AlreadyExists(f"'{term.source}' is already in the glossary ({term.kind}); edit that entry instead")
            self._write([*terms, term])

    def update(self, key: Key, term: Term) -> None:
        with _lock:
            terms = self.terms()
            at = [i for i, t in enumerate(terms) if term_key(t) == key]
            if not at:
                raise NotFoundError(f"no entry '{key[0]}' ({key[1]}) in the editable glossary; reload the page")
            if term_key(term) != key and any(term_key(t) == term_key(term) for t in terms):
                raise AlreadyExists(f"'{term.source}' ({term.kind}) is already in the glossary; edit that entry")
            terms[at[0]] = term
            self._write(terms)

    def delete(self, key: Key) -> None:
        with _lock:
            terms = self.terms()
            kept = [t for t in terms if term_key(t) != key]
            if len(kept) == len(terms):
                raise NotFoundError(f"no entry '{key[0]}' ({key[1]}) in the editable glossary; reload the page")
            self._write(kept)

    def merge(self, new: Iterable[Term]) -> tuple[int, int]:
        """Add imported terms; one with the same key replaces the entry.  Returns ``(added, replaced)``.

        The imported terms must give each source one English
        (:func:`~translator.store.glossary.check_one_row_per_source`): a file
        with two targets for one source is refused whole, as
        ``translator glossary import`` refuses it.
        """
        new = list(new)
        check_one_row_per_source(new, _origin_file(new))
        with _lock:
            terms = self.terms()
            index = {term_key(t): i for i, t in enumerate(terms)}
            added = replaced = 0
            for t in new:
                t = Term(t.source, t.target, t.note, t.kind)  # where it came from is not kept in the file
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

    def tsv(self, terms: Iterable[Term] | None = None) -> bytes:
        """``terms`` (default: the file's) as glossary TSV, through the one writer."""
        from ..formats.glossary_tsv import export_glossary_tsv

        return export_glossary_tsv(self.terms() if terms is None else terms)

    def _write(self, terms: list[Term]) -> None:
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
        if self.on_change is not None:
            self.on_change()

    def _check_loads(self, candidate: Path) -> None:
        """The glossaries in effect must still load with the new file (no duplicates, no conflicts)."""
        s = self.settings
        own = os.path.realpath(self.path)
        others = [p for p in s.glossaries if os.path.realpath(p) != own]
        try:
            Glossary.load([*others, candidate], shipped=s.shipped_glossaries, shipped_dir=s.glossaries_dir or None)
        except TranslatorError as e:
            message = e.message.replace(candidate.name, self.path.name)
            raise InvalidInput(f"the glossary would not load: {message}") from None
