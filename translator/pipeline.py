"""Wires the stages; the only module that knows their order.

``normalize_bytes``: ingest → repair → strip annotations → OpenCC →
punctuation → classify lines → segment → flag garbled spans.
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from typing import Sequence

from . import clean, garble, ingest, normalize, segment
from .document import Block, Document, Flag, Metadata, Removed, Segment
from .engines.base import Engine
from .glossary import Glossary
from .memory import Memory
from .normalize import OpenCCConfig


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
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text, removed = clean.repair_text(text)
    doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]

    lines = clean.article_lines(text)
    raws, originals, marked = lines.raws, lines.originals, lines.marked

    joined_original = "\n".join(originals)
    joined_converted = normalize.to_simplified(joined_original, opencc)
    converted = joined_converted.split("\n")
    if len(converted) != len(originals):  # a conversion touched a newline: convert line by line
        converted = [normalize.to_simplified(o, opencc) for o in originals]
        joined_converted = "\n".join(converted)
    norm_text, offset_maps = normalize.punctuation_lines(joined_converted)
    norms = norm_text.split("\n") if originals else []

    known_title = html_meta.get("title")
    if known_title:
        known_title = normalize.fullwidth_punctuation(normalize.to_simplified(clean.strip_pinyin(known_title)[0], opencc))
    classified = clean.classify(norms, marked=marked, title=known_title)

    meta = Metadata(
        original_script=normalize.detect_script(joined_original, joined_converted),
        url=html_meta.get("url"),
        date=html_meta.get("date"),
        author=html_meta.get("author"),
    )
    for key, value in classified.metadata.items():
        if getattr(meta, key, None) is None:
            setattr(meta, key, value)
    if html_meta.get("date") and not meta.date:
        meta.date = clean.parse_date(html_meta["date"])

    kinds = classified.kinds
    garbled = _garbled_by_line([t if kind not in ("metadata", "boilerplate") else "" for t, kind in zip(norms, kinds)])
    title_block: Block | None = None
    blocks: list[Block] = []
    for k, kind in enumerate(kinds):
        if kind in ("metadata", "boilerplate"):
            removed.append(Removed(kind, raws[k], classified.reasons[k]))
            continue
        if lines.artefacts[k]:
            removed.extend(lines.artefacts[k])  # type: ignore[arg-type]
        index = 0 if kind == "title" else len(blocks) + 1
        block = Block(
            kind,  # type: ignore[arg-type]
            _segments(
                doc_id, index, norms[k], originals[k], converted[k], offset_maps.get(k), opencc,
                garbled=garbled.get(k, ()), single=kind != "paragraph",
            ),
        )
        if kind == "title":
            title_block = block
            meta.title = norms[k]
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
    spans = [(0, len(norm), False)] if single else segment.sentence_spans(norm)
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
    starts = clean.line_starts(texts)
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


# --- translation -----------------------------------------------------------------

ENGINES = ("auto", "argos", "gloss")


def select_engine(
    kind: str = "auto", *, glossary: Glossary | None = None, argos_options: dict[str, object] | None = None
) -> tuple[Engine, str | None]:
    """The base engine to use, and a one-line warning when ``auto`` fell back to the gloss.

    The gloss engine applies ``glossary`` itself (terms first, then the dictionary).
    """
    from .engines.gloss import GlossEngine
    from .errors import EngineError, ModelError

    if kind not in ENGINES:
        raise EngineError(f"unknown engine '{kind}'; choose one of {', '.join(ENGINES)}")
    if kind in ("auto", "argos"):
        from .engines.argos import ArgosEngine
        from .models import find_zh_en

        try:
            package = find_zh_en()
        except ModelError:
            if kind == "argos":
                raise
            return GlossEngine(glossary), (
                "no Argos zh→en model installed: drafting with the CC-CEDICT word gloss instead "
                "(install one with 'translator models install --file PATH.argosmodel')"
            )
        return ArgosEngine(package=package, **(argos_options or {})), None  # type: ignore[arg-type]
    return GlossEngine(glossary), None


def build_stack(base: Engine, glossary: Glossary, memory: Memory | None) -> Engine:
    """Cache, glossary enforcement and memory, wrapped around ``base``.

    The gloss engine applies the glossary itself (see :func:`select_engine`),
    so its output is not masked again.
    """
    from .engines.wrappers import CachedEngine, GlossaryEngine, MemoryEngine

    engine: Engine = CachedEngine(base)
    if base.name != "gloss":
        engine = GlossaryEngine(engine, glossary, representable=getattr(base, "can_represent", None))
    if memory is not None:
        engine = MemoryEngine(engine, memory)
    return engine


def translate_documents(docs: list[Document], engine: Engine, glossary: Glossary) -> None:
    """Translate every segment of ``docs`` in one batch, then run QA on each.

    Sets ``target``, ``status`` (``memory`` / ``machine`` / ``needs_review``),
    ``provenance`` and ``qa`` on each segment, in place.
    """
    from . import qa

    segments = [s for d in docs for s in d.segments() if s.source.strip()]
    unique = list(dict.fromkeys(s.source for s in segments))
    results = dict(zip(unique, engine.translate_batch(unique))) if unique else {}
    for seg in segments:
        t = results[seg.source]
        seg.target = t.text
        prov = dict(t.provenance)
        if t.score is not None:
            prov["score"] = round(float(t.score), 4)
        prov.setdefault("glossary", glossary.versions)
        seg.provenance = prov
        terms = [m.term for m in glossary.match(seg.source)]
        seg.qa = qa.run_checks(seg, terms=terms, forbidden=glossary.forbidden_for(seg.source), notes=t.notes)
        # An approved translation from memory stays "memory" even where QA
        # finds it departs from the glossary (a reviewer chose that wording);
        # the findings stay on the segment for the next reviewer to see.
        if seg.flags:
            seg.status = "needs_review"
        elif prov.get("engine") == "memory":
            seg.status = "memory"
        elif any(q.severity == "error" for q in seg.qa):
            seg.status = "needs_review"
        else:
            seg.status = "machine"


def record_approved(docs: list[Document], memory: Memory, *, editor: str = "") -> int:
    """Feed every approved segment of ``docs`` to the memory; return how many."""
    n = 0
    for doc in docs:
        for seg in doc.segments():
            if seg.status == "approved" and seg.target and seg.target.strip():
                prov = seg.provenance or {}
                memory.add(seg.source, seg.target, origin=seg.id, editor=prov.get("editor", editor), provenance=prov)
                n += 1
    return n
