"""Glossaries as TSV, the format the glossary files themselves are in: one writer, one reader.

The header is ``source<TAB>target<TAB>note<TAB>kind``, one row per term.  The
reader is :func:`translator.store.glossary.parse_tsv` (the one that loads
glossary files), so a file written here loads exactly as written.  A row
ends only at ``\\n``, ``\\r\\n`` or ``\\r`` and a cell cannot hold a tab, so
:func:`export_glossary_tsv` refuses a term with a tab, CR or LF in a field
(other separators such as U+2028 stay inside their field, as the reader
keeps them), a kind that is not ``term``, ``dnt`` or ``forbidden``, and a
source the reader would take for a comment (starting with ``#``).  Cells are
written without the spaces around them, which the reader would drop.  A
cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) gets a
leading apostrophe, as in the CSV export, and the reader takes it off
(:func:`translator.store.glossary.guard_cell`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..store.glossary import KINDS, Glossary, Term, guard_cell, parse_tsv
from . import FormatError

HEADER = "source\ttarget\tnote\tkind"
#: What a TSV cell cannot hold: the reader splits rows at CR and LF and cells at tabs.
UNWRITABLE = "\t\r\n"


def _terms(terms: Glossary | Iterable[Term]) -> list[Term]:
    if isinstance(terms, Glossary):
        return list(terms.terms.values()) + [t for ts in terms.forbidden.values() for t in ts]
    return list(terms)


def check_term(t: Term) -> None:
    """Raise :class:`FormatError` when ``t`` cannot be written as one TSV row that reads back as ``t``."""
    for what, cell in (("source", t.source), ("target", t.target), ("note", t.note)):
        if any(ch in cell for ch in UNWRITABLE):
            raise FormatError(f"the entry '{t.source}' has a tab or line break in its {what}, which a glossary TSV cannot hold; remove it")
    if not t.source.strip():
        raise FormatError("an entry has an empty source; give the Chinese term")
    if t.source.strip().startswith("#"):
        raise FormatError(f"the entry '{t.source}' starts with '#', which a glossary TSV reads as a comment; remove it")
    if t.kind not in KINDS:
        raise FormatError(f"the entry '{t.source}': kind '{t.kind}' is not one of {', '.join(KINDS)}")


def export_glossary_tsv(terms: Glossary | Iterable[Term]) -> bytes:
    """The terms as a UTF-8 glossary TSV (LF line ends), after :func:`check_term` on each."""
    rows = [HEADER]
    for t in _terms(terms):
        check_term(t)
        rows.append("\t".join(guard_cell(cell.strip()) for cell in (t.source, t.target, t.note)) + "\t" + t.kind)
    return ("\n".join(rows) + "\n").encode("utf-8")


def read_glossary_tsv(data: bytes, *, path: str = "<tsv>") -> list[Term]:
    """Terms from a glossary TSV (UTF-8, a BOM allowed); each term's ``origin`` is ``FILE:LINE``.  Errors name the file and line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8; save the glossary as UTF-8 TSV", path=path) from None
    return list(parse_tsv(text, path))
