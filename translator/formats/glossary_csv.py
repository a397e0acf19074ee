"""Glossaries as CSV: a header ``source,target,note,kind``, one row per term.

The same columns and rules as the glossary TSV files (``kind`` is ``term``,
``dnt`` or ``forbidden``; empty means ``term``; a ``dnt`` row's empty target
is its source).  A cell that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with
a leading apostrophe, as are cells that already start with one; import takes
one leading apostrophe off, so the round trip is exact (the rule is
:func:`translator.store.glossary.guard_cell`, which the TSV export shares).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import PurePath

from ..store.glossary import KINDS, Glossary, Term, guard_cell, unguard_cell
from . import FormatError

COLUMNS = ("source", "target", "note", "kind")


def _terms(terms: Glossary | Iterable[Term]) -> list[Term]:
    if isinstance(terms, Glossary):
        return list(terms.terms.values()) + [t for ts in terms.forbidden.values() for t in ts]
    return list(terms)


def export_glossary_csv(terms: Glossary | Iterable[Term]) -> bytes:
    """The terms as UTF-8 CSV (RFC 4180: CRLF line ends, quotes where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for t in _terms(terms):
        writer.writerow([guard_cell(t.source), guard_cell(t.target), guard_cell(t.note), t.kind])
    return out.getvalue().encode("utf-8")


def read_glossary_csv(data: bytes, *, path: str = "<csv>") -> list[Term]:
    """Terms from CSV; each term's ``origin`` is ``FILE:LINE``.  Errors name the file and line."""
    name = PurePath(path).name
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8; save the CSV as UTF-8", path=path) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as e:
        raise FormatError(f"line {reader.line_num}: not valid CSV ({e})", path=path) from None
    rows = [(no, row) for no, row in rows if any(c.strip() for c in row)]
    if not rows:
        raise FormatError("empty; a glossary CSV needs the header 'source,target,note,kind'", path=path)
    header_no, header = rows[0]
    header = [h.strip().lower() for h in header]
    missing = [c for c in ("source", "target") if c not in header]
    if missing:
        raise FormatError(f"line {header_no}: header lacks {', '.join(missing)}; the first row must be 'source,target,note,kind'", path=path)
    col = {h: i for i, h in enumerate(header)}
    out: list[Term] = []
    for no, row in rows[1:]:
        cells = {column: row[i] if i < len(row) else "" for column, i in col.items()}
        source, target, note = (unguard_cell(cells.get(c, "")) for c in ("source", "target", "note"))
        kind = cells.get("kind", "").strip().lower() or "term"
        if not source.strip():
            raise FormatError(f"line {no}: empty source", path=path)
        if kind not in KINDS:
            raise FormatError(f"line {no}: kind '{kind}' is not one of {', '.join(KINDS)}", path=path)
        if kind == "dnt" and not target:
            target = source
        if not target.strip():
            raise FormatError(f"line {no}: '{source}' has an empty target", path=path)
        out.append(Term(source, target, note, kind, f"{name}:{no}"))  # type: ignore[arg-type]
    return out
