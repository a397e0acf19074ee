"""The document model every stage reads and writes, and its JSON form.

A :class:`Document` is what ``translator normalize --json`` prints and what
``translator translate`` enriches.  The JSON shape is a contract: later
stages (translation, review, export) rely on it, so fields are only ever
added, never renamed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from json.encoder import encode_basestring
from typing import Any, Literal

#: The type of a block's kind; its values are :data:`translator.vocabulary.BLOCK_KINDS`, in that order (a test keeps them equal).
BlockKind = Literal["title", "heading", "paragraph", "image", "list_item", "quote", "table_cell"]
RemovedReason = Literal["boilerplate", "metadata", "artefact"]
#: The type of a segment status; its values are :data:`translator.vocabulary.STATUSES`, in that order (a test keeps them equal).
Status = Literal["approved", "translated", "memory", "machine", "needs_review", "rejected", "new"]


@dataclass(slots=True)  # slots: a long article has hundreds of thousands of these
class Flag:
    """A note on the *source* of a segment a reviewer must see (e.g. ``mojibake``).

    ``span`` is ``[start, end)`` into the segment's ``source`` when the flag
    concerns one stretch of it.
    """

    code: str
    message: str
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.span is not None:
            d["span"] = list(self.span)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Flag:
        span = d.get("span")
        return cls(d["code"], d["message"], tuple(span) if span else None)


@dataclass(slots=True)  # slots: a long article has hundreds of thousands of these
class QAIssue:
    """A finding of a QA check on a translated segment."""

    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    #: A reviewer's "ignore, with reason" ({reason, by, at}); set when read from the project database.
    ignored: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "severity": self.severity, "message": self.message}
        if self.ignored:
            d["ignored"] = dict(self.ignored)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QAIssue:
        ignored = d.get("ignored")
        return cls(d["code"], d["severity"], d["message"], dict(ignored) if isinstance(ignored, dict) else None)

    @property
    def open_error(self) -> bool:
        """An error-severity finding nobody marked ignored: it holds the segment back from approved-only exports."""
        return self.severity == "error" and not self.ignored


@dataclass(slots=True)  # slots: a long article has hundreds of thousands of these
class Segment:
    """One translation unit: a sentence, or part of an over-long sentence.

    ``source`` is normalized Simplified Chinese; ``original`` is the same span
    as it was found (script and punctuation untouched) minus scrape artefacts.
    ``joins_next`` is true when the sentence continues in the next segment of
    the same block (a long sentence split at ，or ；); exports rejoin them.
    """

    id: str
    source: str
    original: str
    flags: list[Flag] = field(default_factory=list)
    joins_next: bool = False
    target: str | None = None
    status: Status = "new"
    provenance: dict[str, Any] | None = None
    qa: list[QAIssue] = field(default_factory=list)

    def has_flag(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)

    @property
    def publishable(self) -> bool:
        """Approved, with no error-severity QA finding still open: what approved-only exports show."""
        return self.status == "approved" and not any(q.open_error for q in self.qa)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "original": self.original,
            "flags": [f.to_dict() for f in self.flags],
        }
        if self.joins_next:
            d["joins_next"] = True
        if self.target is not None or self.status != "new":
            d["target"] = self.target
            d["status"] = self.status
            d["provenance"] = self.provenance
            d["qa"] = [q.to_dict() for q in self.qa]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Segment:
        return cls(
            id=d["id"],
            source=d["source"],
            original=d.get("original", d["source"]),
            flags=[Flag.from_dict(f) for f in d.get("flags", [])],
            joins_next=bool(d.get("joins_next", False)),
            target=d.get("target"),
            status=d.get("status", "new"),
            provenance=d.get("provenance"),
            qa=[QAIssue.from_dict(q) for q in d.get("qa", [])],
        )


@dataclass(slots=True)  # slots: a long article has hundreds of thousands of these
class Block:
    """A title, heading or paragraph, or a piece of the article's structure.

    ``attrs`` says where a structure block stands (:data:`translator.vocabulary.STRUCTURE_KINDS`):
    an ``image``'s ``src`` (absolute, never fetched) and ``alt``, its segments
    the caption's; a ``list_item``'s ``ordered`` and ``list`` (which list of
    the article, from 1); a ``quote``'s ``quote`` (which quote); a
    ``table_cell``'s ``table``, ``row`` and ``col`` (from 1) and ``head``.
    Written in the JSON only when there are any, so prose blocks keep their shape.
    """

    kind: BlockKind
    segments: list[Segment] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return "".join(s.source for s in self.segments)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind}
        if self.attrs:
            d.update((k, v) for k, v in self.attrs.items() if k not in _BLOCK_FIELDS)
        d["segments"] = [s.to_dict() for s in self.segments]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        attrs = {k: v for k, v in d.items() if k not in _BLOCK_FIELDS}
        return cls(d["kind"], [Segment.from_dict(s) for s in d.get("segments", [])], attrs)


_BLOCK_FIELDS = ("kind", "segments")  # a block's own keys in its JSON; every other key is one of its attrs


@dataclass(slots=True)  # slots: a long article has hundreds of thousands of these
class Removed:
    """A piece of the input cut away, kept so nothing disappears without a trace."""

    reason: RemovedReason
    text: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"reason": self.reason, "text": self.text}
        if self.detail:
            d["detail"] = self.detail
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Removed:
        return cls(d["reason"], d["text"], d.get("detail", ""))


@dataclass
class Metadata:
    title: str | None = None
    date: str | None = None  # ISO 8601
    source: str | None = None
    author: str | None = None
    editor: str | None = None
    url: str | None = None
    original_script: Literal["zh-Hant", "zh-Hans"] | None = None
    # Which source gave ``date``: "byline" (a date-first line by the headline), "metadata line"
    # (发布日期：…), "date line" (a date alone in the body, as under a notice's signature),
    # "html meta" (the page's markup, as the extractor read it).
    date_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Metadata:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Document:
    """A cleaned, normalized, segmented article.

    ``title`` is the article's title as its own block (translated like the
    body); ``blocks`` are the body, in order.
    """

    id: str
    metadata: Metadata
    blocks: list[Block]
    title: Block | None = None
    removed: list[Removed] = field(default_factory=list)
    input: dict[str, Any] = field(default_factory=dict)
    # How it was translated: the short form of the run's Signature (None until translated).
    signature: str | None = None
    # Notes on the document as a whole a reviewer must see (e.g. ``cleaning_kept``); omitted when empty.
    flags: list[Flag] = field(default_factory=list)

    def all_blocks(self) -> Iterator[Block]:
        if self.title is not None:
            yield self.title
        yield from self.blocks

    def segments(self) -> Iterator[Segment]:
        for block in self.all_blocks():
            yield from block.segments

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "input": self.input,
            "metadata": self.metadata.to_dict(),
        }
        if self.signature is not None:
            d["signature"] = self.signature
        d.update(
            title=self.title.to_dict() if self.title else None,
            blocks=[b.to_dict() for b in self.blocks],
            removed=[r.to_dict() for r in self.removed],
        )
        if self.flags:
            d["flags"] = [f.to_dict() for f in self.flags]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            id=d["id"],
            metadata=Metadata.from_dict(d.get("metadata", {})),
            blocks=[Block.from_dict(b) for b in d.get("blocks", [])],
            title=Block.from_dict(d["title"]) if d.get("title") else None,
            removed=[Removed.from_dict(r) for r in d.get("removed", [])],
            input=d.get("input", {}),
            signature=d.get("signature"),
            flags=[Flag.from_dict(f) for f in d.get("flags", [])],
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def _lazy_dict(self) -> dict[str, Any]:
        """:meth:`to_dict` with the long lists (segments, removals) left to be converted one item at a time.

        Made from ``to_dict`` of a copy without blocks and removals, so it has
        whatever fields ``to_dict`` has, in its order.
        """
        d = replace(self, blocks=[], removed=[]).to_dict()
        d["blocks"] = _Lazy(self.blocks, _lazy_block)
        d["removed"] = _Lazy(self.removed, Removed.to_dict)
        return d


def _lazy_block(block: Block) -> dict[str, Any]:
    d = replace(block, segments=[]).to_dict()
    d["segments"] = _Lazy(block.segments, Segment.to_dict)
    return d


def json_chunks(docs: Sequence[Document], many: bool, indent: int = 2) -> Iterator[str]:
    """The JSON of one document (or, with ``many``, a list of them), in pieces of about 64K characters.

    The pieces join to exactly ``json.dumps(payload, ensure_ascii=False,
    indent=indent)`` where ``payload`` is ``docs[0].to_dict()`` or the list of
    every document's ``to_dict()``; but only one segment's or one removal's
    dict exists at a time, and the whole text never does.  Printing a long
    article this way costs next to no memory beyond the documents.
    """
    payload: Any = _Lazy(docs, Document._lazy_dict) if many else docs[0]._lazy_dict()
    buffer: list[str] = []
    size = 0
    for piece in _encode(payload, 0, indent):
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(buffer)
            buffer.clear()
            size = 0
    if buffer:
        yield "".join(buffer)


_CHUNK = 1 << 16


class _Lazy:
    """A JSON list whose items are made by ``convert`` as they are written."""

    __slots__ = ("convert", "items")

    def __init__(self, items: Sequence[Any], convert: Callable[[Any], Any]) -> None:
        self.items = items
        self.convert = convert


def _encode(value: Any, level: int, indent: int) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False, indent=indent)`` nested ``level`` deep, in pieces.

    Containers holding a :class:`_Lazy` list are written here, as
    :mod:`json`'s encoder writes containers when ``indent`` is set (items
    separated by ``",\\n"`` and the indentation; ``[]`` and ``{}`` when
    empty); everything else is ``json.dumps`` itself, indented to its level
    (JSON text has no raw line breaks inside strings, so that is exact).
    """
    if isinstance(value, _Lazy):
        items: Any = value.items
        if not items:
            yield "[]"
            return
        inner = "\n" + " " * (indent * (level + 1))
        yield "[" + inner
        for k, item in enumerate(items):
            if k:
                yield "," + inner
            yield from _encode(value.convert(item), level + 1, indent)
        yield "\n" + " " * (indent * level) + "]"
    elif isinstance(value, dict) and any(isinstance(v, _Lazy) for v in value.values()):
        inner = "\n" + " " * (indent * (level + 1))
        yield "{" + inner
        for k, (key, item) in enumerate(value.items()):
            if k:
                yield "," + inner
            yield json.dumps(key, ensure_ascii=False) + ": "
            yield from _encode(item, level + 1, indent)
        yield "\n" + " " * (indent * level) + "}"
    else:
        flat = _flat_dict(value, level, indent) if type(value) is dict else None
        if flat is not None:
            yield flat
            return
        text = json.dumps(value, ensure_ascii=False, indent=indent)
        yield text.replace("\n", "\n" + " " * (indent * level)) if level else text


def _flat_dict(d: dict[str, Any], level: int, indent: int) -> str | None:
    """A dict of strings, numbers, booleans, None and empty lists as ``json.dumps`` writes it, or None for another dict.

    The common segment and removal, written without the general encoder's
    cost per value (its C string encoder does the strings).
    """
    if not d:
        return "{}"
    parts = []
    for key, v in d.items():
        if type(key) is not str:
            return None
        if type(v) is str:
            text = encode_basestring(v)
        elif v is None:
            text = "null"
        elif v is True:
            text = "true"
        elif v is False:
            text = "false"
        elif type(v) is int:
            text = int.__repr__(v)
        elif type(v) is list and not v:
            text = "[]"
        else:
            return None
        parts.append(encode_basestring(key) + ": " + text)
    inner = "\n" + " " * (indent * (level + 1))
    return "{" + inner + ("," + inner).join(parts) + "\n" + " " * (indent * level) + "}"
