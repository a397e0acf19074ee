"""The English text: the title, then one paragraph per block, blank lines between them.

The article's structure shows as text does: an image's caption as
``[Image: caption]``, a list item as ``- item`` (``1. item`` when ordered), a
quote as ``> quote``, a table's row as one line of its cells joined by `` | ``.

Pieces of one long sentence (``joins_next``) are rejoined with a space, as
are the sentences of a block.  Nothing unreviewed passes for finished copy:

* by default every sentence is there, and one not approved yet is marked
  with its status, ``[machine: ...]``, ``[needs review: ...]``,
  ``[rejected: ...]`` (a sentence without English is ``[not translated]``);
* with ``approved_only`` a sentence not approved, or approved with a QA error
  still open (:attr:`~translator.document.Segment.publishable`), is left out (a paragraph
  with nothing approved too), and a last line, set off by a rule, says how
  many sentences were left out.
"""

from __future__ import annotations

from ..document import Block, Document, Segment
from ..vocabulary import STATUS_INFO, STATUS_LABELS
from .base import join_target, sentences

UNTRANSLATED = "[not translated]"
_ORDER = {s.name: i for i, s in enumerate(STATUS_INFO)}


def _mark(pieces: list[Segment], english: str) -> str:
    """``[status: English]`` with the least finished status among the pieces."""
    worst = max((p.status for p in pieces), key=lambda s: _ORDER.get(s, len(_ORDER)))
    return f"[{STATUS_LABELS.get(worst, worst)}: {english}]"


def block_text(block: Block, *, approved_only: bool = False) -> tuple[str, int]:
    """One block's English, sentences joined with a space, and how many sentences were left out."""
    out = []
    left_out = 0
    for pieces in sentences(block):
        english = join_target(pieces)
        approved = all(p.status == "approved" for p in pieces)
        if approved_only:
            if approved and english and all(p.publishable for p in pieces):
                out.append(english)
            else:
                left_out += 1
        elif not english:
            out.append(UNTRANSLATED)
        else:
            out.append(english if approved else _mark(pieces, english))
    return " ".join(out), left_out


def _row_of(block: Block) -> tuple[object, object]:
    return block.attrs.get("table"), block.attrs.get("row")


def _as_structure(block: Block, text: str, numbers: dict[object, int]) -> str:
    """A block's English as the text shows its kind: ``[Image: caption]``, ``- item``, ``1. item``, ``> quote``."""
    if block.kind == "image":
        return f"[Image: {text}]"
    if block.kind == "list_item":
        key = block.attrs.get("list")
        numbers[key] = numbers.get(key, 0) + 1
        return f"{numbers[key]}. {text}" if block.attrs.get("ordered") else f"- {text}"
    if block.kind == "quote":
        return f"> {text}"
    return text


def export_text(doc: Document, *, approved_only: bool = False) -> bytes:
    """The English of ``doc`` as UTF-8 text."""
    paragraphs: list[str | list[str]] = []  # a table's row: its cells' texts, joined at the end
    left_out = 0
    row: tuple[tuple[object, object], list[str]] | None = None
    numbers: dict[object, int] = {}
    for block in doc.all_blocks():
        if not block.segments:
            continue
        text, missing = block_text(block, approved_only=approved_only)
        left_out += missing
        if block.kind == "table_cell" and row is not None and row[0] == _row_of(block):
            row[1].append(text)  # the next cell of the row: on the row's line
            continue
        row = None
        if block.kind == "table_cell":
            row = (_row_of(block), [text])
            paragraphs.append(row[1])
        elif text:
            paragraphs.append(_as_structure(block, text, numbers))
    lines = [" | ".join(p) if isinstance(p, list) else p for p in paragraphs]
    out = [line for line in lines if line.strip(" |")]
    if left_out:
        out.append(f"----\n{left_out} {'sentence' if left_out == 1 else 'sentences'} not approved yet "
                          f"(or with a QA error open) {'is' if left_out == 1 else 'are'} left out.")
    return ("\n\n".join(out) + "\n").encode("utf-8")
