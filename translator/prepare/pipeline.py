"""Wires the stages; the only module that knows their order.

``prepare_bytes``: ingest → repair → strip annotations → OpenCC →
punctuation → classify lines → segment → flag garbled spans.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..document import Block, Document, Flag, Metadata, Removed, Segment
from . import convert, furniture, garble, ingest, repair, segment
from .convert import OpenCCConfig
from .html import url_date
from .pinyin import Line as FoundLine
from .pinyin import article_lines, strip_pinyin

Script = Literal["zh-Hant", "zh-Hans"] | None


@dataclass(slots=True)
class _Line:
    """One line of the article on its way through the stages."""

    found: FoundLine
    norm: str = ""  # after OpenCC and punctuation: the segments' source
    offsets: list[int] | None = None  # where each character of ``norm`` came from in the converted line, when lengths differ
    length_changed: bool = False  # OpenCC changed the line's length (a phrase conversion such as 記憶體 → 内存)
    kind: furniture.LineKind = "paragraph"
    reason: str = ""
    structure: dict[str, Any] | None = None  # the page's structure this line is (kind and attrs), if any


# Lines are converted in batches of about this many characters: one OpenCC
# call per batch is as fast as one for the whole text, without holding the
# whole text two more times.
CONVERT_BATCH = 1 << 20
_HASH_CHUNK = 1 << 20


def prepare_bytes(data: bytes, *, name: str = "<input>", opencc: OpenCCConfig = "t2s") -> Document:
    """Turn one scraped article (text or HTML bytes) into a :class:`Document`."""
    raw = ingest.read(data, name=name)
    box = [raw.text]
    raw.text = ""  # the text lives on only in ``box``, which _prepare empties
    return _prepare(
        box, name=name, opencc=opencc, encoding=raw.encoding, fmt=raw.format, html_meta=raw.metadata, headings=raw.headings,
        links=raw.links, structure=raw.structure,
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
    links: Sequence[str] = (),
    structure: Sequence[tuple[str, dict[str, Any]]] = (),
) -> Document:
    """Turn one article's text into a :class:`Document`.

    ``headings`` are the texts an HTML page marked as headings, ``links``
    those of its lines that are nothing but links, ``structure`` its lines
    that are captions, list items, quotes and table cells (see
    :class:`~translator.prepare.ingest.RawText`).
    """
    return _prepare(
        [text], name=name, opencc=opencc, encoding=encoding, fmt=fmt, html_meta=html_meta, headings=headings, links=links,
        structure=structure,
    )


def _prepare(
    box: list[str],
    *,
    name: str,
    opencc: OpenCCConfig,
    encoding: str,
    fmt: str,
    html_meta: dict[str, str] | None,
    headings: Sequence[str],
    links: Sequence[str] = (),
    structure: Sequence[tuple[str, dict[str, Any]]] = (),
) -> Document:
    """:func:`prepare_text` on the text in ``box``, which it takes out so no copy outlives its use.

    Memory: the text is held once or twice at a time (as lines, then as
    segments); conversion runs in batches, and each line's data is let go
    as soon as its segments are made.
    """
    html_meta = html_meta or {}
    text = _nfc(box.pop())
    text, removed = repair.repair_text(text)
    doc_id = _text_id(text)
    marked = {repair.repair_text(_nfc(h))[0].strip(" \t\u3000") for h in headings}
    link_lines = {repair.repair_text(_nfc(h))[0].strip(" \t\u3000") for h in links}

    found = article_lines(text, marked)
    del text
    is_link = [f.raw in link_lines for f in found] if link_lines else None
    lines, script = _convert_lines(found, opencc)
    del found
    if structure:
        _attach_structure(lines, structure)

    known_title = html_meta.get("title")
    if known_title:
        known_title = convert.fullwidth_punctuation(convert.to_simplified(strip_pinyin(known_title)[0], opencc))
    classified = furniture.classify(
        [ln.norm for ln in lines], marked=[ln.found.heading for ln in lines], title=known_title, links=is_link,
        page=fmt == "html",
    )
    for line, kind, reason in zip(lines, classified.kinds, classified.reasons):
        line.kind, line.reason = kind, reason
        if kind not in _CUT:
            line.found.raw = ""  # only cut lines are kept as found

    meta = Metadata(
        original_script=script,
        url=html_meta.get("url"),
        author=html_meta.get("author"),
    )
    for key, value in classified.metadata.items():
        if getattr(meta, key, None) is None:
            setattr(meta, key, value)
    # The article's own date line wins over the date its markup declares, which wins over the
    # extractor's reading of the markup.
    if meta.date:
        meta.date_source = classified.date_line
    elif html_meta.get("declared_date"):
        meta.date, meta.date_source = html_meta["declared_date"], "html meta"
    elif html_meta.get("date"):
        meta.date = furniture.parse_date(html_meta["date"])
        meta.date_source = "html meta" if meta.date else None
    if not meta.date and url_date(meta.url):
        meta.date, meta.date_source = url_date(meta.url), "url"
    flags = [Flag("cleaning_kept", note) for note in classified.notes] + [Flag(c, m) for c, m in classified.flags]

    garbled = _garbled_by_line([ln.norm if ln.kind not in _CUT else "" for ln in lines])
    released = _return_free_memory()
    title_block: Block | None = None
    blocks: list[Block] = []
    del classified
    lines.reverse()  # taken from the end, in order: each line is let go once its segments are made
    for k in range(len(lines)):
        line = lines.pop()
        if line.kind in _CUT:
            removed.append(Removed(line.kind, line.found.raw, line.reason))  # type: ignore[arg-type]
            continue
        removed.extend(line.found.artefacts)
        index = 0 if line.kind == "title" else len(blocks) + 1
        block_kind, attrs = _block_kind(line)
        block = Block(
            block_kind,  # type: ignore[arg-type]
            _segments(
                doc_id, index, line.norm, line.found.original, line.offsets, line.length_changed, opencc,
                garbled=garbled.get(k, ()), single=block_kind in _ONE_SEGMENT,
            ),
            attrs,
        )
        if line.kind == "title":
            title_block = block
            meta.title = line.norm
        else:
            blocks.append(block)
        released += len(line.norm) + len(line.found.original)
        line.norm, line.offsets, line.found.original = "", None, ""  # the segments hold what is needed now
        if released > _TRIM_EVERY:
            released = _return_free_memory()
    if title_block is None and known_title:
        title_block = Block(
            "title",
            _segments(doc_id, 0, known_title, known_title, None, False, "none",
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
        flags=flags,
    )


_CUT = ("metadata", "boilerplate")  # line kinds that are cut from the article, with a trace under ``removed``
_ONE_SEGMENT = ("title", "heading")  # block kinds that are one segment whatever their punctuation


def _attach_structure(lines: list[_Line], structure: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """Give each line that is a caption, list item, quote or table cell of the page its structure.

    The page's structure lines are matched to the article's lines by their
    text (repaired as the text was), in order: the first line with a
    structure line's text takes it.
    """
    waiting: dict[str, list[dict[str, Any]]] = {}
    for text, attrs in structure:
        key = repair.repair_text(_nfc(text))[0].strip(" \t\u3000")
        waiting.setdefault(key, []).append(attrs)
    for line in lines:
        queue = waiting.get(line.found.raw)
        if queue:
            line.structure = queue.pop(0)


def _block_kind(line: _Line) -> tuple[str, dict[str, Any]]:
    """The kind and attrs of the block a kept line makes: its structure's, unless the cleaner read it as the title."""
    if line.structure is None or line.kind == "title":
        return line.kind, {}
    attrs = dict(line.structure)
    return attrs.pop("kind"), attrs


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


_TRIM_EVERY = 8 << 20  # characters of line text let go between two returns of free memory


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None elsewhere."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc; Windows has no CDLL(None)
        return None


def _return_free_memory() -> int:
    """Give the C heap's free pages back to the system; returns 0 (nothing let go since).

    The lines' strings are let go while the segments' (small, from Python's
    own arenas) are made, so the C heap they leave fills with holes nothing
    reuses; without this, those holes add up to twice the input's size.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    return 0


def _text_id(text: str) -> str:
    """The document id: the start of the SHA-1 of the repaired text's UTF-8, hashed a chunk at a time."""
    h = hashlib.sha1()
    for i in range(0, len(text), _HASH_CHUNK):
        h.update(text[i : i + _HASH_CHUNK].encode("utf-8"))
    return h.hexdigest()[:12]


def _convert_lines(found: list[FoundLine], opencc: OpenCCConfig) -> tuple[list[_Line], Script]:
    """OpenCC and punctuation for every line, a batch of lines per call; and the original script.

    Lines are converted and mapped independently of each other (OpenCC
    phrases never cross a line break), so batching changes nothing.
    """
    lines: list[_Line] = []
    script: Script = None
    start = 0
    while start < len(found):
        end, size = start, 0
        while end < len(found) and (size < CONVERT_BATCH or end == start):
            size += len(found[end].original) + 1
            end += 1
        batch = found[start:end]
        originals = [f.original for f in batch]
        joined_original = "\n".join(originals)
        joined_converted = convert.to_simplified(joined_original, opencc)
        converted = joined_converted.split("\n")
        if len(converted) != len(originals):  # a conversion touched a newline: convert line by line
            converted = [convert.to_simplified(o, opencc) for o in originals]
            joined_converted = "\n".join(converted)
        if start == 0:  # the first batch holds the whole sample the script is told from
            script = convert.detect_script(joined_original, joined_converted)
        del joined_original
        norm_text, offset_maps = convert.punctuation_lines(joined_converted)
        del joined_converted
        for k, (f, conv, norm) in enumerate(zip(batch, converted, norm_text.split("\n"))):
            lines.append(_Line(f, norm, offset_maps.get(k), len(conv) != len(f.original)))
        start = end
    return lines, script


HARD_CUT_MESSAGE = (
    "sentence cut mechanically after {n} characters (no punctuation to split it at); "
    "check that the translation joins correctly with the next segment"
)


def _segments(
    doc_id: str,
    block_index: int,
    norm: str,
    original: str,
    offsets: list[int] | None,
    length_changed: bool,
    opencc: OpenCCConfig,
    *,
    garbled: Sequence[tuple[int, int]] = (),
    single: bool = False,
) -> list[Segment]:
    """Segments of one block, each with its original span, garble and hard-cut flags."""
    spans = segment.hard_cut(norm, segment.Span(0, len(norm))) if single else segment.sentences(norm)
    prefix = f"{doc_id}-{block_index}-"
    if length_changed:
        where = convert.OriginalPositions(original, opencc)
        if offsets is None:
            def at(p: int) -> int:
                return where(p)
        else:
            def at(p: int) -> int:
                return where(offsets[p])
        out = [
            Segment(f"{prefix}{k}", norm[s:e], original[at(s) : at(e)].strip(), joins_next=j)
            for k, (s, e, j, _) in enumerate(spans)
        ]
    elif offsets is None:
        out = [Segment(f"{prefix}{k}", norm[s:e], original[s:e].strip(), joins_next=j) for k, (s, e, j, _) in enumerate(spans)]
    else:
        out = [
            Segment(f"{prefix}{k}", norm[s:e], original[offsets[s] : offsets[e]].strip(), joins_next=j)
            for k, (s, e, j, _) in enumerate(spans)
        ]
    # Garbled spans and segments are both in order: one sweep pairs them.
    first = 0
    for a, b in sorted(garbled):
        while first < len(spans) and spans[first].end <= a:
            first += 1
        i = first
        while i < len(spans) and spans[i].start < b:
            start, end = spans[i].start, spans[i].end
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                bad = norm[lo:hi]
                out[i].flags.append(
                    Flag(
                        "mojibake",
                        f"garbled text (wrong-encoding round trip, not repairable): '{bad}'; "
                        "check the original article and retype this part",
                        (lo - start, hi - start),
                    )
                )
            i += 1
    for span, seg in zip(spans, out):
        if span.hard_cut:
            seg.flags.append(Flag("hard_cut", HARD_CUT_MESSAGE.format(n=span.end - span.start)))
    return out


def _garbled_by_line(texts: list[str]) -> dict[int, list[tuple[int, int]]]:
    """Garbled spans of each line, found in one pass over the joined text."""
    joined = "\n".join(texts)
    spans = garble.find_garbled(joined)
    del joined
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
