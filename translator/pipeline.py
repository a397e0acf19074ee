"""Wires the stages; the only module that knows their order.

``normalize_bytes``: ingest → repair → strip annotations → OpenCC →
punctuation → classify lines → segment → flag garbled spans.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from . import clean, garble, ingest, normalize, segment
from .document import Block, Document, Flag, Metadata, Removed, Segment
from .normalize import OpenCCConfig


@dataclass
class _Line:
    raw: str
    original: str
    artefacts: list[Removed] = field(default_factory=list)
    marked_heading: bool = False


def normalize_bytes(data: bytes, *, name: str = "<input>", opencc: OpenCCConfig = "t2s") -> Document:
    """Turn one scraped article (text or HTML bytes) into a :class:`Document`."""
    raw = ingest.read(data, name=name)
    return normalize_text(raw.text, name=name, opencc=opencc, encoding=raw.encoding, fmt=raw.format, html_meta=raw.metadata)


def normalize_text(
    text: str,
    *,
    name: str = "<input>",
    opencc: OpenCCConfig = "t2s",
    encoding: str = "utf-8",
    fmt: str = "text",
    html_meta: dict[str, str] | None = None,
) -> Document:
    html_meta = html_meta or {}
    text = unicodedata.normalize("NFC", text)
    text, removed = clean.repair_text(text)
    doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]

    lines: list[_Line] = []
    for rawline in text.split("\n"):
        marked = rawline.startswith("\x1e")
        stripped = rawline.lstrip("\x1e").strip(" \t\u3000")
        if not stripped:
            continue
        original, artefacts = clean.strip_pinyin(stripped)
        lines.append(_Line(stripped, original, artefacts, marked))

    originals = [ln.original for ln in lines]
    converted = normalize.to_simplified("\n".join(originals), opencc).split("\n")
    if len(converted) != len(lines):  # a conversion touched a newline: convert line by line
        converted = [normalize.to_simplified(o, opencc) for o in originals]

    cls_lines: list[clean.Line] = []
    offset_maps: list[list[int] | None] = []
    for ln, conv in zip(lines, converted):
        norm, offsets = normalize.punctuation_map(conv)
        offset_maps.append(offsets)
        cls_lines.append(clean.Line(norm, ln.original, marked_heading=ln.marked_heading))

    known_title = html_meta.get("title")
    if known_title:
        known_title = normalize.fullwidth_punctuation(normalize.to_simplified(clean.strip_pinyin(known_title)[0], opencc))
    classified = clean.classify(cls_lines, title=known_title)

    meta = Metadata(
        original_script=normalize.detect_script("\n".join(originals), "\n".join(converted)),
        url=html_meta.get("url"),
        date=html_meta.get("date"),
        author=html_meta.get("author"),
    )
    for key, value in classified.metadata.items():
        if getattr(meta, key, None) is None:
            setattr(meta, key, value)
    if html_meta.get("date") and not meta.date:
        meta.date = clean.parse_date(html_meta["date"])

    title_block: Block | None = None
    blocks: list[Block] = []
    for ln, cl, conv, offsets in zip(lines, classified.lines, converted, offset_maps):
        if cl.kind in ("metadata", "boilerplate"):
            removed.append(Removed(cl.kind, ln.raw, cl.reason))
            continue
        removed.extend(ln.artefacts)
        index = 0 if cl.kind == "title" else len(blocks) + 1
        block = Block(
            "title" if cl.kind == "title" else cl.kind,  # type: ignore[arg-type]
            _segments(doc_id, index, cl.text, ln.original, conv, offsets, opencc, single=cl.kind != "paragraph"),
        )
        if cl.kind == "title":
            title_block = block
            meta.title = cl.text
        else:
            blocks.append(block)
    if title_block is None and known_title:
        title_block = Block("title", _segments(doc_id, 0, known_title, known_title, known_title, None, "none", single=True))
        meta.title = known_title

    return Document(
        id=doc_id,
        metadata=meta,
        blocks=blocks,
        title=title_block,
        removed=removed,
        input={"name": name, "encoding": encoding, "format": fmt, "opencc": opencc},
    )


def _segments(
    doc_id: str,
    block_index: int,
    norm: str,
    original: str,
    converted: str,
    offsets: list[int] | None,
    opencc: OpenCCConfig,
    *,
    single: bool = False,
) -> list[Segment]:
    """Segments of one block, each with its original span and garble flags."""
    spans = [segment.Span(0, len(norm))] if single else segment.sentences(norm)
    aligned = len(converted) == len(original)
    out: list[Segment] = []
    for k, sp in enumerate(spans):
        source = norm[sp.start : sp.end]
        if aligned:
            a, b = (sp.start, sp.end) if offsets is None else (offsets[sp.start], offsets[sp.end])
            orig = original[a:b].strip()
        else:
            orig = _unconverted(original, source, opencc)
        out.append(Segment(f"{doc_id}-{block_index}-{k}", source, orig, joins_next=sp.joins_next))
    for a, b in garble.find_garbled(norm):
        for sp, seg in zip(spans, out):
            lo, hi = max(a, sp.start), min(b, sp.end)
            if lo < hi:
                bad = norm[lo:hi]
                seg.flags.append(
                    Flag(
                        "mojibake",
                        f"garbled text (wrong-encoding round trip, not repairable): '{bad}'; "
                        "check the original article and retype this part",
                        (lo - sp.start, hi - sp.start),
                    )
                )
    return out


def _unconverted(original: str, source: str, opencc: OpenCCConfig) -> str:
    """The original span of ``source`` when OpenCC changed the text's length.

    Rare (phrase conversions such as 記憶體 → 内存 under ``tw2sp``): find the
    shortest stretch of the original whose conversion gives ``source``.
    """
    conv = normalize.fullwidth_punctuation(normalize.to_simplified(original, opencc))
    start = conv.find(source)
    if start < 0:
        return source
    # Convert growing prefixes of the original to find where the span begins and ends.
    def prefix_len(n_conv: int) -> int:
        lo, hi = 0, len(original)
        while lo < hi:
            mid = (lo + hi) // 2
            if len(normalize.fullwidth_punctuation(normalize.to_simplified(original[:mid], opencc))) < n_conv:
                lo = mid + 1
            else:
                hi = mid
        return lo

    return original[prefix_len(start) : prefix_len(start + len(source))].strip()
