"""Domain glossaries: load, validate, match.

A glossary is a UTF-8 TSV file with a header ``source``, ``target``, ``note``
and an optional ``kind`` (``term`` | ``dnt`` | ``forbidden``).  Lines starting
with ``#`` are comments.  ``term`` rows give the English to use; ``dnt`` rows
are kept verbatim; ``forbidden`` rows name an English rendering that must not
appear for that source.

Glossaries load from the shipped ones (package data, ``translator/glossaries/``,
or another folder given as a setting) and then from user files; a user row overrides a shipped row with the same source.  Matching is
longest-match by substring on the Simplified source (Chinese has no word
boundaries).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.resources
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from ..errors import GlossaryError
from ..quality.numbers.zh import parse as parse_numbers

TermKind = Literal["term", "dnt", "forbidden"]
KINDS: tuple[str, ...] = ("term", "dnt", "forbidden")
REQUIRED_COLUMNS = ("source", "target", "note")


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    note: str = ""
    kind: TermKind = "term"
    origin: str = ""  # "file.tsv:LINE", for messages


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term

    @property
    def text(self) -> str:
        return self.term.source


@dataclass
class GlossaryFile:
    path: str
    name: str
    version: str  # content hash: changes whenever the file does
    user: bool


@dataclass
class Glossary:
    """All loaded terms, indexed for longest-match look-up."""

    terms: dict[str, Term] = field(default_factory=dict)  # source -> term/dnt
    forbidden: dict[str, list[Term]] = field(default_factory=dict)  # source -> bad renderings
    files: list[GlossaryFile] = field(default_factory=list)
    _max_len: int = 0
    _from_user: dict[str, bool] = field(default_factory=dict)

    # -- loading ---------------------------------------------------------
    @classmethod
    def load(
        cls,
        user_paths: Sequence[str | os.PathLike[str]] = (),
        *,
        shipped: bool = True,
        shipped_dir: str | os.PathLike[str] | None = None,
    ) -> Glossary:
        """The shipped glossaries (or those in ``shipped_dir``), then ``user_paths`` over them."""
        g = cls()
        if shipped:
            for f in shipped_glossaries(shipped_dir):
                g.add_file(f, user=False)
        for p in user_paths:
            g.add_file(Path(p), user=True)
        return g

    def add_file(self, path: Path | Traversable, *, user: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise GlossaryError(f"cannot read glossary ({e.strerror}); check the path", path=str(path)) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise GlossaryError("glossary is not UTF-8; save it as UTF-8 TSV", path=str(path)) from None
        rows = list(parse_tsv(text, str(path)))
        self.files.append(
            GlossaryFile(str(path), path.name, hashlib.sha256(data).hexdigest()[:12], user)
        )
        check_one_row_per_source(rows, str(path))
        for term in rows:
            if term.kind == "forbidden":
                self.forbidden.setdefault(term.source, []).append(term)
                continue
            existing = self.terms.get(term.source)
            # A user file overrides the shipped ones; two files of the same layer must agree.
            if existing is not None and existing.target != term.target and self._from_user.get(term.source) == user:
                raise GlossaryError(
                    f"line {term.origin.rsplit(':', 1)[1]}: '{term.source}' → '{term.target}' "
                    f"conflicts with {existing.origin} ('{existing.target}'); "
                    "remove one, or override it in a user glossary",
                    path=str(path),
                )
            self.terms[term.source] = term  # user files come last and win
            self._from_user[term.source] = user
            self._max_len = max(self._max_len, len(term.source))
        for src, bad in self.forbidden.items():
            good = self.terms.get(src)
            for b in bad:
                if good is not None and good.target.casefold() == b.target.casefold():
                    raise GlossaryError(
                        f"'{src}' has the same target as a term and as a forbidden rendering "
                        f"({good.origin} and {b.origin}); fix one of them",
                        path=str(path),
                    )

    # -- matching --------------------------------------------------------
    def match(self, text: str) -> list[Match]:
        """Non-overlapping longest matches of term/dnt sources in ``text``, left to right.

        A term that starts inside a number's expression (万元 in 2300万元, 亿元 in
        180亿元) is left out: the unit after a number belongs to the numbers
        module, which renders "23 million yuan" (see :func:`outside_numbers`).
        """
        return outside_numbers(text, self._longest(text))

    def _longest(self, text: str) -> list[Match]:
        out: list[Match] = []
        terms = self.terms
        if not terms:
            return out
        n = len(text)
        i = 0
        max_len = self._max_len
        while i < n:
            for length in range(min(max_len, n - i), 0, -1):
                term = terms.get(text[i : i + length])
                if term is not None:
                    out.append(Match(i, i + length, term))
                    i += length
                    break
            else:
                i += 1
        return out

    def names(self) -> set[str]:
        """The capitalised words of the terms' English (Jiangxi, Nanchang, Council): names,
        which keep their capital where a piece of a split sentence starts with one."""
        return {w.strip("(),") for t in self.terms.values() for w in t.target.split() if w[:1].isupper()}

    def forbidden_for(self, text: str) -> list[Term]:
        """Forbidden renderings whose source occurs in ``text``."""
        return [t for src, ts in self.forbidden.items() if src in text for t in ts]

    @property
    def versions(self) -> dict[str, str]:
        """``{file name: content hash}``, for provenance."""
        return {f.name: f.version for f in self.files}

    def __len__(self) -> int:
        return len(self.terms) + sum(len(v) for v in self.forbidden.values())


#: How a cell starts when a spreadsheet would run it as a formula (CSV injection), or when it starts with the
#: apostrophe that guards one.  Both glossary exports (CSV and TSV) write such a cell with one more leading
#: apostrophe (:func:`guard_cell`); both readers take it off again (:func:`unguard_cell`), so round trips are exact.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def guard_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it without running it: ``'=1+1`` for ``=1+1``."""
    return "'" + value if value.startswith(FORMULA_START) else value


def unguard_cell(value: str) -> str:
    """The value :func:`guard_cell` guarded: one apostrophe off, only where it guards (``'=1`` → ``=1``).

    An apostrophe that guards nothing stays (a note written ``'pandemic' when…``).
    """
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def check_one_row_per_source(terms: Iterable[Term], path: str) -> None:
    """One glossary file (or one imported one) gives each source one English: a second row for it is a
    :class:`GlossaryError` naming both lines (forbidden renderings excepted: a source may have several).

    The one rule for loading a glossary file, ``translator glossary import`` and the review app's import.
    """
    seen: dict[str, Term] = {}
    for term in terms:
        if term.kind == "forbidden":
            continue
        prior = seen.get(term.source)
        if prior is not None:
            what = "duplicate of" if prior.target == term.target else "conflicts with"
            targets = "" if prior.target == term.target else f" ('{term.target}' here, '{prior.target}' there)"
            raise GlossaryError(
                f"{_line(term)}: '{term.source}' {what} {_line(prior)}{targets}; keep one row per source", path=path,
            )
        seen[term.source] = term


def _line(term: Term) -> str:
    """``line 12`` from a term's origin ``file.tsv:12`` (or the origin as it is)."""
    where = term.origin.rsplit(":", 1)
    return f"line {where[1]}" if len(where) == 2 and where[1].isdigit() else (term.origin or "a row")


_NUMERAL_BEFORE = frozenset("0123456789０１２３４５６７８９零〇○一二两三四五六七八九十百千万亿多余几")


def outside_numbers(text: str, matches: list[Match]) -> list[Match]:
    """``matches`` without those that start inside a numeric expression of ``text``.

    ``2300万元`` is one number, 23 million yuan: its 万元 is no glossary term
    there, neither for the draft ("2300 10,000 yuan") nor as a QA requirement.
    A term that only follows a number (贫困县 in 20个贫困县) is kept.  Soft
    numbers (三 in 三高, 一 in 一批) claim nothing.
    """
    if not any(m.start > 0 and text[m.start - 1] in _NUMERAL_BEFORE for m in matches):
        return matches
    spans = [n.span for n in parse_numbers(text) if not n.soft]
    return [m for m in matches if not any(a < m.start < b for a, b in spans)]


def shipped_glossaries(folder: str | os.PathLike[str] | None = None) -> list[Traversable]:
    """The ``*.tsv`` files of ``folder``, or of the glossaries shipped in the package, by name."""
    if folder is not None:
        if not Path(folder).is_dir():
            raise GlossaryError("no such glossary folder; check the glossaries_dir setting", path=str(folder))
        root: Traversable = Path(folder)
    else:
        root = importlib.resources.files("translator") / "glossaries"
    return sorted((f for f in root.iterdir() if f.name.endswith(".tsv")), key=lambda f: f.name)


def parse_tsv(text: str, path: str) -> Iterable[Term]:
    """Rows of one glossary file, validated; errors name the file and line.

    The file is read with the csv module's rules (tab-separated, no quoting):
    a row ends only at ``\\n``, ``\\r\\n`` or ``\\r``, so characters such as
    U+2028 or U+0085 stay inside their field.  A row with more (non-empty)
    cells than the header has columns is an error, never silently cut.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    header: list[str] | None = None
    header_no = 0
    col: dict[str, int] = {}
    try:
        for raw in reader:
            no = reader.line_num
            if not any(c.strip() for c in raw) or "\t".join(raw).lstrip().startswith("#"):
                continue
            if header is None:
                header, header_no = _parse_header(raw, no, path), no
                col = {}
                for i, name in enumerate(header):
                    col.setdefault(name, i)
                continue
            yield _parse_row(raw, no, header, header_no, col, path)
    except csv.Error as e:
        limit = csv.field_size_limit()
        what = (
            f"a field is longer than {limit:,} characters; a glossary cell holds a term, its translation or a short note"
            if "field limit" in str(e)
            else f"not a tab-separated row ({e})"
        )
        raise GlossaryError(f"line {reader.line_num}: {what}", path=path) from None
    if header is None:
        raise GlossaryError("glossary is empty; it needs a header 'source<TAB>target<TAB>note'", path=path)


def _parse_header(raw: list[str], no: int, path: str) -> list[str]:
    header = [h.strip().lower() for h in raw]
    while header and not header[-1]:  # trailing tabs
        header.pop()
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise GlossaryError(
            f"line {no}: header lacks {', '.join(missing)}; "
            "the first line must be 'source<TAB>target<TAB>note[<TAB>kind]'",
            path=path,
        )
    return header


def _parse_row(
    raw: list[str], no: int, header: list[str], header_no: int, col: dict[str, int], path: str
) -> Term:
    cells = [c.strip() for c in raw]
    if len(cells) > len(header) and any(cells[len(header) :]):
        raise GlossaryError(
            f"line {no}: {len(cells)} tab-separated cells, but the header (line {header_no}) has "
            f"{len(header)} columns ({', '.join(header)}); a field cannot contain a tab: "
            "remove the extra tab, or add a column to the header",
            path=path,
        )
    if len(cells) < len(REQUIRED_COLUMNS) - 1:  # note may be absent at the end
        raise GlossaryError(f"line {no}: expected tab-separated source, target, note", path=path)

    def cell(name: str) -> str:
        i = col.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    source, target, note = (unguard_cell(cell(c)) for c in ("source", "target", "note"))
    kind = cell("kind").lower() or "term"
    if not source:
        raise GlossaryError(f"line {no}: empty source", path=path)
    if kind not in KINDS:
        raise GlossaryError(f"line {no}: kind '{kind}' is not one of {', '.join(KINDS)}", path=path)
    if kind == "dnt" and not target:
        target = source
    if not target:
        raise GlossaryError(f"line {no}: '{source}' has an empty target", path=path)
    return Term(source, target, note, kind, f"{Path(path).name}:{no}")  # type: ignore[arg-type]
