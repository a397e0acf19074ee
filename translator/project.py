"""The translation side of a project: engine choice, the wrapper stack, translation and QA of documents."""

from __future__ import annotations

from .document import Document
from .engines.base import Engine
from .store.glossary import Glossary
from .store.memory import Memory

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
        from .engines.argos_packages import find_zh_en

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
    from .quality import checks as qa

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
