"""The document model every stage reads and writes, and its JSON form.

A :class:`Document` is what ``translator normalize --json`` prints and what
``translator translate`` enriches.  The JSON shape is a contract: later
stages (translation, review, export) rely on it, so fields are only ever
added, never renamed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, Literal

BlockKind = Literal["title", "heading", "paragraph"]
RemovedReason = Literal["boilerplate", "metadata", "artefact"]
Status = Literal["new", "machine", "memory", "needs_review", "translated", "approved", "rejected"]


@dataclass
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
        return cls(d["code"], d["message"], tuple(span) if span else None)  # type: ignore[arg-type]


@dataclass
class QAIssue:
    """A finding of a QA check on a translated segment."""

    code: str
    severity: Literal["error", "warning", "info"]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QAIssue:
        return cls(d["code"], d["severity"], d["message"])


@dataclass
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


@dataclass
class Block:
    kind: BlockKind
    segments: list[Segment] = field(default_factory=list)

    @property
    def source(self) -> str:
        return "".join(s.source for s in self.segments)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "segments": [s.to_dict() for s in self.segments]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(d["kind"], [Segment.from_dict(s) for s in d.get("segments", [])])


@dataclass
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
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
