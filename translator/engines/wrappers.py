"""Wrappers that compose around any engine: glossary enforcement, memory, cache.

Each implements the :class:`~translator.engines.base.Engine` interface and
holds an inner engine, so a stack reads
``MemoryEngine(GlossaryEngine(CachedEngine(ArgosEngine())))``.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..store.glossary import Glossary, Match
from ..store.memory import Memory
from .base import Engine, Translation

# --- glossary enforcement ----------------------------------------------------


@dataclass(frozen=True)
class SentinelStyle:
    """How a glossary term is masked in the source and found again in the output."""

    name: str
    make: Callable[[int], str]
    find: Callable[[int], re.Pattern[str]]


def _digits_pattern(value: int) -> str:
    """``value``'s digits, allowing spaces between them and a thousands separator."""
    d = str(value)
    return r"\s*".join(d[:-3]) + r"\s*[,.]?\s*" + r"\s*".join(d[-3:])


def _latin(n: int) -> str:
    return f"ZQ{n}X"


STYLES: dict[str, SentinelStyle] = {
    # A Latin token no language has: NMT models copy such tokens through, but
    # may space or lowercase them, so the search is tolerant.
    "latin": SentinelStyle("latin", _latin, lambda n: re.compile(rf"z\s*q\s*{n}\s*x", re.I)),
    "bracket": SentinelStyle("bracket", lambda n: f"⟦{n}⟧", lambda n: re.compile(rf"[⟦\[]\s*{n}\s*[⟧\]]")),
    "pua": SentinelStyle("pua", lambda n: chr(0xE000 + n), lambda n: re.compile(re.escape(chr(0xE000 + n)))),
    # Digits are copied by every NMT model, but may come back grouped ("90,001").
    "digits": SentinelStyle(
        "digits", lambda n: f"{90000 + n}", lambda n: re.compile(rf"(?<![\d,.]){_digits_pattern(90000 + n)}(?!\d)")
    ),
}
# Tried in this order, skipping forms the model's tokenizer cannot represent
# (see bench/bench_sentinels.py, which measures survival per style).
DEFAULT_STYLES = ("latin", "digits", "bracket", "pua")


@dataclass
class _Plan:
    source: str
    matches: list[Match]


@dataclass
class _Outcome:
    text: str
    lost: list[Match] = field(default_factory=list)
    duplicated: list[Match] = field(default_factory=list)


def mask(source: str, matches: Sequence[Match], style: SentinelStyle) -> str:
    out: list[str] = []
    pos = 0
    for i, m in enumerate(matches, 1):
        out.append(source[pos : m.start])
        out.append(f" {style.make(i)} ")
        pos = m.end
    out.append(source[pos:])
    return "".join(out).strip()


def restore(text: str, matches: Sequence[Match], style: SentinelStyle) -> _Outcome:
    """Put each term's target where its sentinel came out; report lost or repeated ones."""
    outcome = _Outcome(text)
    for i, m in enumerate(matches, 1):
        pattern = style.find(i)
        found = pattern.findall(outcome.text)
        if not found:
            outcome.lost.append(m)
            continue
        if len(found) > 1:
            outcome.duplicated.append(m)
        outcome.text = pattern.sub(_replacement(m.term.target), outcome.text)
    outcome.text = _tidy(outcome.text)
    return outcome


def _replacement(target: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that inserts ``target`` literally (no backslash processing)."""
    return lambda _m: target


def inject(source: str, matches: Sequence[Match]) -> str:
    """The source with each term's English written in place (code-switching)."""
    out: list[str] = []
    pos = 0
    for m in matches:
        out.append(source[pos : m.start])
        out.append(f" {m.term.target} ")
        pos = m.end
    out.append(source[pos:])
    return "".join(out).strip()


_DOUBLE_ARTICLE = re.compile(r"\b(?:the|a|an)\s+(the)\b", re.I)


def _tidy(text: str) -> str:
    """Spacing and capitals after restoring terms; "the the State Council" → "the State Council"."""
    text = _DOUBLE_ARTICLE.sub(r"\1", text)
    text = re.sub(r"\s+([,.;:!?%)])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text


def contains_target(text: str, target: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(target)}(?!\w)", text, re.I) is not None


class GlossaryEngine:
    """Enforces glossary terms around an inner engine.

    Each term/dnt match in the source is replaced by a sentinel the model
    copies through, and the target is put back after decoding.  Segments
    that lose a sentinel are retried with the next style, then translated
    with the English injected into the source; a term still missing after
    that is reported in ``notes`` (``placeholder_lost``) for QA to flag.
    Forbidden renderings of the source's terms go to the engine's
    ``suppress``.
    """

    def __init__(
        self,
        inner: Engine,
        glossary: Glossary,
        *,
        styles: Sequence[str] = DEFAULT_STYLES,
        inject: bool = True,
        max_styles: int = 2,
        representable: Callable[[str], bool] | None = None,
    ) -> None:
        unknown = [s for s in styles if s not in STYLES]
        if unknown:
            raise ValueError(f"unknown sentinel style(s): {unknown}")
        self.inner = inner
        self.glossary = glossary
        chosen = [STYLES[s] for s in styles]
        if representable is not None:
            # keep forms whose sentinels the model can see at all
            chosen = [st for st in chosen if representable(f"x {st.make(1)} {st.make(12)} x")]
        self.styles = chosen[:max_styles]
        self.inject = inject
        self.name = inner.name

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        plans = [_Plan(s, self.glossary.match(s)) for s in sources]
        if _prompts_glossary(self.inner):
            # The engine puts each segment's terms in its prompt (llm): no masking; QA checks the terms in the output.
            outs = self.inner.translate_batch(sources, suppress=suppress)
            return [
                replace(out, provenance={
                    **out.provenance,
                    "terms": [{"source": m.term.source, "target": m.term.target, "kind": m.term.kind} for m in plan.matches],
                    "glossary_strategy": "prompt",
                }) if plan.matches else out
                for plan, out in zip(plans, outs, strict=True)
            ]
        forbidden = sorted({t.target for s in sources for t in self.glossary.forbidden_for(s)} | set(suppress))
        results: list[Translation | None] = [None] * len(sources)
        outcomes: list[_Outcome | None] = [None] * len(sources)
        strategy: list[str] = ["none"] * len(sources)

        pending = list(range(len(sources)))
        for attempt, style in enumerate(self.styles):
            if not pending:
                break
            batch = [mask(plans[i].source, plans[i].matches, style) for i in pending]
            outs = self.inner.translate_batch(batch, suppress=forbidden)
            still: list[int] = []
            for i, out in zip(pending, outs, strict=True):
                oc = restore(out.text, plans[i].matches, style)
                # Keep the first attempt's result in case nothing does better.
                if results[i] is None or not oc.lost:
                    results[i], outcomes[i] = out, oc
                    strategy[i] = style.name if attempt == 0 else f"retry:{style.name}"
                if oc.lost:  # only segments with terms can lose one, and only they are retried
                    still.append(i)
            pending = still

        if pending and self.inject:
            outs = self.inner.translate_batch([inject(plans[i].source, plans[i].matches) for i in pending], suppress=forbidden)
            for i, out in zip(pending, outs, strict=True):
                missing = [m for m in plans[i].matches if not contains_target(out.text, m.term.target)]
                prior = outcomes[i]
                if prior is None or len(missing) < len(prior.lost):
                    results[i], outcomes[i] = out, _Outcome(_tidy(out.text), missing)
                    strategy[i] = "inject"

        final: list[Translation] = []
        for i, plan in enumerate(plans):
            result, outcome = results[i], outcomes[i]
            assert result is not None and outcome is not None
            out, oc = result, outcome
            notes = list(out.notes)
            for m in oc.lost:
                notes.append(
                    {
                        "code": "placeholder_lost",
                        "message": f"glossary term '{m.term.source}' → '{m.term.target}' was lost in translation",
                        "term": m.term.source,
                    }
                )
            for m in oc.duplicated:
                notes.append(
                    {
                        "code": "placeholder_duplicated",
                        "message": f"glossary term '{m.term.source}' came out more than once",
                        "term": m.term.source,
                    }
                )
            prov: dict[str, Any] = dict(out.provenance)
            if plan.matches:
                prov["terms"] = [{"source": m.term.source, "target": m.term.target, "kind": m.term.kind} for m in plan.matches]
                prov["glossary_strategy"] = strategy[i]
            final.append(replace(out, text=oc.text, provenance=prov, notes=notes))
        return final


def _prompts_glossary(engine: Any) -> bool:
    """Does ``engine`` (or the engine a wrapper holds) give the glossary to its model itself?"""
    while engine is not None:
        if getattr(engine, "prompts_glossary", False):
            return True
        engine = getattr(engine, "inner", None)
    return False


# --- memory --------------------------------------------------------------------


class MemoryEngine:
    """Reuses 100% memory matches; offers fuzzy ones with the inner engine's draft."""

    def __init__(self, inner: Engine, memory: Memory, *, fuzzy_min: float | None = None) -> None:
        self.inner = inner
        self.memory = memory
        self.fuzzy_min = fuzzy_min
        self.name = inner.name

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        kwargs: dict[str, Any] = {} if self.fuzzy_min is None else {"fuzzy_min": self.fuzzy_min}
        found = self.memory.lookup(sources, **kwargs)
        todo = [i for i, ms in enumerate(found) if not (ms and ms[0].score >= 100.0)]
        drafts = self.inner.translate_batch([sources[i] for i in todo], suppress=suppress) if todo else []
        out: list[Translation | None] = [None] * len(sources)
        for i, t in zip(todo, drafts, strict=True):
            if found[i]:
                prov = dict(t.provenance)
                prov["memory_suggestions"] = [m.to_dict() for m in found[i]]
                prov["memory_score"] = round(found[i][0].score, 1)
                t = replace(t, provenance=prov)
            out[i] = t
        for i, ms in enumerate(found):
            if out[i] is None:
                m = ms[0]
                out[i] = Translation(
                    m.target,
                    score=None,
                    provenance={"engine": "memory", "memory_score": 100.0, "memory_id": m.id, "origin": m.origin, "editor": m.editor},
                )
        return [t for t in out if t is not None]


# --- cache -------------------------------------------------------------------------


class CachedEngine:
    """An in-process LRU cache of translations by (source, suppress list); safe to share between threads.

    The inner engine runs outside the lock, so two threads may translate the
    same new source at once; both get a correct result and the cache keeps one.
    """

    def __init__(self, inner: Engine, *, maxsize: int = 20000) -> None:
        self.inner = inner
        self.name = inner.name
        self.maxsize = maxsize
        self._cache: OrderedDict[tuple[str, tuple[str, ...]], Translation] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        sup = tuple(sorted(suppress))
        found: dict[str, Translation] = {}
        with self._lock:
            for s in dict.fromkeys(sources):
                t = self._cache.get((s, sup))
                if t is not None:
                    self._cache.move_to_end((s, sup))
                    found[s] = t
        todo = sorted(set(sources) - found.keys())
        fresh = dict(zip(todo, self.inner.translate_batch(todo, suppress=suppress), strict=True)) if todo else {}
        with self._lock:
            for s, t in fresh.items():
                self._cache[(s, sup)] = t
                if len(self._cache) > self.maxsize:
                    self._cache.popitem(last=False)
            self.hits += sum(1 for s in sources if s not in fresh)
        found.update(fresh)
        return [found[s] for s in sources]
