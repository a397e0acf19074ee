"""The one translation interface every engine implements, and the wrappers.

An engine turns a batch of source strings into :class:`Translation` objects.
Memory look-up, glossary enforcement and caching are *wrappers* around an
engine (they implement the same interface), never branches inside one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass
class Translation:
    """One engine output.

    ``score`` is the engine's own confidence (for Argos: the mean token
    log-probability, <= 0), ``None`` when the engine has none.
    ``provenance`` says how the text was made: at least ``engine``; model name
    and version where there is a model; wrappers add their keys (``glossary``,
    ``memory_score`` ...).  ``notes`` are machine-readable remarks for QA
    (e.g. ``{"code": "placeholder_lost", ...}``).
    """

    text: str
    score: float | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)


@runtime_checkable
class Engine(Protocol):
    """Anything that translates a batch of Simplified Chinese strings to English."""

    name: str

    def describe(self) -> dict[str, Any]:
        """What makes this engine's output what it is: ``engine``, ``model``,
        ``model_version`` and ``decoding`` (every setting that changes the output).

        The one source of an engine's part of the provenance (see
        :class:`~translator.signature.Signature`); wrappers pass their inner
        engine's on.
        """
        ...

    def translate_batch(
        self, sources: Sequence[str], *, suppress: Sequence[str] = ()
    ) -> list[Translation]:
        """Translate ``sources`` in one call; the result has the same length and order.

        ``suppress`` lists English strings the output must not contain
        (forbidden glossary targets); engines that cannot enforce it ignore it
        and QA flags any that slip through.
        """
        ...


def flat_description(description: dict[str, Any]) -> dict[str, Any]:
    """An engine's :meth:`Engine.describe` as the flat provenance of one translation."""
    out = {k: v for k, v in description.items() if k != "decoding"}
    out.update(description.get("decoding") or {})
    return out


# The documents being translated, for engines that send an article's context
# with each segment (the llm engine): set around one translate_batch call by
# translate_documents, read by the engine in the calling thread.
_ARTICLES: ContextVar[tuple[Any, ...]] = ContextVar("translator_articles", default=())


@contextmanager
def article_context(docs: Sequence[Any]) -> Iterator[None]:
    """While the block runs, :func:`current_articles` returns ``docs``."""
    token = _ARTICLES.set(tuple(docs))
    try:
        yield
    finally:
        _ARTICLES.reset(token)


def current_articles() -> tuple[Any, ...]:
    """The documents of the translation in progress in this thread (empty outside :func:`article_context`)."""
    return _ARTICLES.get()
