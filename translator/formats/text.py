"""The English text: the title, then one paragraph per block, blank lines between them.

Pieces of one long sentence (``joins_next``) are rejoined with a space, as
are the sentences of a block.  A sentence without a translation, or (with
``approved_only``) one not approved, or approved with a QA error still open
(:attr:`~translator.document.Segment.publishable`), is written as a bracketed
placeholder, so nothing unreviewed passes for finished copy.
"""

from __future__ import annotations

from ..document import Block, Document
from .base import join_target, sentences

UNTRANSLATED = "[not translated]"
AWAITING_REVIEW = "[awaiting review]"
HELD = "[held back: QA errors open]"


def block_text(block: Block, *, approved_only: bool = False) -> str:
    """One block's English, sentences joined with a space."""
    out = []
    for pieces in sentences(block):
        if approved_only and any(p.status != "approved" for p in pieces):
            out.append(AWAITING_REVIEW)
            continue
        if approved_only and not all(p.publishable for p in pieces):
            out.append(HELD)
            continue
        out.append(join_target(pieces) or UNTRANSLATED)
    return " ".join(out)


def export_text(doc: Document, *, approved_only: bool = False) -> bytes:
    """The English of ``doc`` as UTF-8 text."""
    paragraphs = [block_text(b, approved_only=approved_only) for b in doc.all_blocks() if b.segments]
    return ("\n\n".join(paragraphs) + "\n").encode("utf-8")
