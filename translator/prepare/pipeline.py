"""Wires the stages; the only module that knows their order.

``prepare_bytes``: ingest → repair → strip annotations → OpenCC →
punctuation → classify lines → segment → flag garbled spans.
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from ..document import Block, Document, Flag, Metadata, Removed, Segment
from . import annotations, convert, furniture, garble, ingest, repair, segment
from .convert import OpenCCConfig


@dataclass
class _Line:
    """One line of the article on its way through the stages."""

    found: annotations.Line
    converted: str  # after OpenCC
    norm: str = ""  # after punctuation: the segments' source
    offsets: list[int] | None = None  # where each character of ``norm`` came from, when lengths differ
    kind: furniture.LineKind = "paragraph"
    reason: str = ""


def prepare_bytes(data: bytes, *, name: str = "<input>", opencc: OpenCCConfig = "t2s") -> Document:
    """Turn one scraped article (text or HTML bytes) into a :class:`Document`."""
    raw = ingest.read(data, name=name)
    return prepare_text(
        raw.text, name=name, opencc=opencc, encoding=raw.encoding, fmt=raw.format, html_meta=raw.metadata, headings=raw.headings
    )


def prepare_text(
    text: str,
    *,
    name: str = "<input>",
    opencc: OpenCCConfig = "t2s",
    encoding: str = "utf-8",
    fmt: str = "text",
    html_meta: dict[str, str] | None = None,
    headings: Sequence[str] = (),
) -> Document:
    """Turn one article's text into a :class:`Document`.

    ``headings`` are the texts an HTML page marked as headings (see
    :class:`~translator.prepare.ingest.RawText`).
    """
    html_meta = html_meta or {}
    text = _nfc(text)
    text, removed = repair.repair_text(text)
    doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    marked = {repair.repair_text(_nfc(h))[0].strip(" \t\u3000") for h in headings}

    found = annotations.article_lines(text, marked)
    originals = [f.original for f in found]
    joined_original = "\n".join(originals)
    joined_converted = convert.to_simplified(joined_original, opencc)
    converted = joined_converted.split("\n")
    if len(converted) != len(originals):  # a conversion touched a newline: convert line by line
        converted = [convert.to_simplified(o, opencc) for o in originals]
        joined_converted = "\n".join(converted)
    lines = [_Line(f, c) for f, c in zip(found, converted)]
    norm_text, offset_maps = convert.punctuation_lines(joined_converted)
    for k, (line, norm) in enumerate(zip(lines, norm_text.split("\n"))):
        line.norm, line.offsets = norm, offset_maps.get(k)

    known_title = html_meta.get("title")
    if known_title:
        known_title = convert.fullwidth_punctuation(convert.to_simplified(annotations.strip_pinyin(known_title)[0], opencc))
    classified = furniture.classify([ln.norm for ln in lines], marked=[ln.found.heading for ln in lines], title=known_title)
    for line, kind, reason in zip(lines, classified.kinds, classified.reasons):
        line.kind, line.reason = kind, reason

    meta = Metadata(
        original_script=convert.detect_script(joined_original, joined_converted),
        url=html_meta.get("url"),
        date=html_meta.get("date"),
        author=html_meta.get("author"),
    )
    for key, value in classified.metadata.items():
        if getattr(meta, key, None) is None:
            setattr(meta, key, value)
    if html_meta.get("date") and not meta.date:
        meta.date = furniture.parse_date(html_meta["date"])

    garbled = _garbled_by_line([ln.norm if ln.kind not in _CUT else "" for ln in lines])
    title_block: Block | None = None
    blocks: list[Block] = []
    for k, line in enumerate(lines):
        if line.kind in _CUT:
            removed.append(Removed(line.kind, line.found.raw, line.reason))  # type: ignore[arg-type]
            continue
        removed.extend(line.found.artefacts)
        index = 0 if line.kind == "title" else len(blocks) + 1
        block = Block(
            line.kind,  # type: ignore[arg-type]
            _segments(
                doc_id, index, line.norm, line.found.original, line.converted, line.offsets, opencc,
                garbled=garbled.get(k, ()), single=line.kind != "paragraph",
            ),
        )
        if line.kind == "title":
            title_block = block
            meta.title = line.norm
        else:
            blocks.append(block)
    if title_block is None and known_title:
        title_block = Block(
            "title",
            _segments(doc_id, 0, known_title, known_title, known_title, None, "none",
                      garbled=garble.find_garbled(known_title), single=True),
        )
        meta.title = known_title

    return Document(
        id=doc_id,
        metadata=meta,
        blocks=blocks,
        title=title_block,
        removed=removed,
        input={"name": name, "encoding": encoding, "format": fmt, "opencc": opencc},
    )


_CUT = ("metadata", "boilerplate")  # line kinds that are cut from the article, with a trace under ``removed``


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _segments(
    doc_id: str,
    block_index: int,
    norm: str,
    original: str,
    converted: str,
    offsets: list[int] | None,
    opencc: OpenCCConfig,
    *,
    garbled: Sequence[tuple[int, int]] = (),
    single: bool = False,
) -> list[Segment]:
    """Segments of one block, each with its original span and garble flags."""
    spans = [(0, len(norm), False)] if single else segment.sentences(norm)
    prefix = f"{doc_id}-{block_index}-"
    if len(converted) != len(original):
        out = [
            Segment(f"{prefix}{k}", norm[s:e], _unconverted(original, norm[s:e], opencc), joins_next=j)
            for k, (s, e, j) in enumerate(spans)
        ]
    elif offsets is None:
        out = [Segment(f"{prefix}{k}", norm[s:e], original[s:e].strip(), joins_next=j) for k, (s, e, j) in enumerate(spans)]
    else:
        out = [
            Segment(f"{prefix}{k}", norm[s:e], original[offsets[s] : offsets[e]].strip(), joins_next=j)
            for k, (s, e, j) in enumerate(spans)
        ]
    for a, b in garbled:
        for (start, end, _), seg in zip(spans, out):
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                bad = norm[lo:hi]
                seg.flags.append(
                    Flag(
                        "mojibake",
                        f"garbled text (wrong-encoding round trip, not repairable): '{bad}'; "
                        "check the original article and retype this part",
                        (lo - start, hi - start),
                    )
                )
    return out


def _garbled_by_line(texts: list[str]) -> dict[int, list[tuple[int, int]]]:
    """Garbled spans of each line, found in one pass over the joined text."""
    joined = "\n".join(texts)
    spans = garble.find_garbled(joined)
    if not spans:
        return {}
    starts = furniture.line_starts(texts)
    out: dict[int, list[tuple[int, int]]] = {}
    for a, b in spans:
        k = bisect.bisect_right(starts, a) - 1
        while k < len(texts) and starts[k] < b:  # a span never joins lines, but be safe
            start, end = starts[k], starts[k] + len(texts[k])
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                out.setdefault(k, []).append((lo - start, hi - start))
            k += 1
    return out


def _unconverted(original: str, source: str, opencc: OpenCCConfig) -> str:
    """The original span of ``source`` when OpenCC changed the text's length.

    Rare (phrase conversions such as 記憶體 → 内存 under ``tw2sp``): find the
    shortest stretch of the original whose conversion gives ``source``.
    """
    conv = convert.fullwidth_punctuation(convert.to_simplified(original, opencc))
    start = conv.find(source)
    if start < 0:
        return source
    # Convert growing prefixes of the original to find where the span begins and ends.
    def prefix_len(n_conv: int) -> int:
        lo, hi = 0, len(original)
        while lo < hi:
            mid = (lo + hi) // 2
            if len(convert.fullwidth_punctuation(convert.to_simplified(original[:mid], opencc))) < n_conv:
                lo = mid + 1
            else:
                hi = mid
        return lo

    return original[prefix_len(start) : prefix_len(start + len(source))].strip()
