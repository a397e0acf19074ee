"""Which base engine the settings select: auto, argos, gloss, llm or ct2.

:class:`~translator.project.Project` calls :func:`select_engine` once and wraps
the result in the cache, glossary and memory wrappers; nothing is loaded or
contacted here (each engine does that on first use).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EngineError, ModelError, TranslatorError
from ..settings import Settings
from ..store.glossary import Glossary
from .base import Engine

ENGINES = ("auto", "argos", "gloss", "llm", "ct2")

GLOSS_FALLBACK_WARNING = (
    "no Argos zh→en model installed: drafting with the CC-CEDICT word gloss instead "
    "(install one with 'translator models install --file PATH.argosmodel')"
)


#: Said of a document whose drafts came from the word gloss, whoever made them (a batch run, an upload).
GLOSS_DRAFT_WARNING = (
    "drafted with the CC-CEDICT word gloss, not a translation model: every segment needs translating "
    "(install an Argos zh→en model with 'translator models install --file PATH.argosmodel' and translate again)"
)


def draft_warnings(signature: str | None, warnings: list[str]) -> list[str]:
    """What to tell the people working on a document drafted under ``signature`` (its short form,
    ``engine:gloss|…``): the project's own ``warnings``, and the word gloss's when it made the drafts."""
    out = list(warnings)
    engine = next((p.partition(":")[2] for p in (signature or "").split("|") if p.startswith("engine:")), "")
    if engine == "gloss" and GLOSS_FALLBACK_WARNING not in out:
        out.append(GLOSS_DRAFT_WARNING)
    return out


def select_engine(settings: Settings, glossary: Glossary, warnings: list[str]) -> Engine:
    """The base engine of the ``engine`` setting; ``auto`` falls back to the gloss and appends a warning to ``warnings``."""
    from .gloss import GlossEngine

    kind = settings.engine
    if kind in ("auto", "argos"):
        from .argos import ArgosEngine
        from .argos_packages import find_zh_en

        try:
            package = find_zh_en(packages_dir(settings))
        except ModelError:
            if kind == "argos":
                raise
            warnings.append(GLOSS_FALLBACK_WARNING)
            return GlossEngine(glossary)
        return ArgosEngine(package=package, **ct2_options(settings))
    if kind == "gloss":
        return GlossEngine(glossary)
    if kind == "llm":
        from .llm import LLMEngine

        return LLMEngine.from_settings(settings, glossary)
    if kind == "ct2":
        from .ct2 import CT2Engine

        if not settings.ct2_model_dir:
            raise EngineError("engine ct2 needs a model folder: set ct2_model_dir (or --set ct2_model_dir=PATH)")
        return CT2Engine(settings.ct2_model_dir, **ct2_options(settings))
    raise EngineError(f"unknown engine '{kind}'; choose one of {', '.join(ENGINES)}")


def packages_dir(settings: Settings) -> Path | None:
    return Path(settings.packages_dir) if settings.packages_dir else None


def ct2_options(settings: Settings) -> dict[str, Any]:
    """The decoding settings, as :class:`~translator.engines.argos.ArgosEngine` and the ct2 engine take them."""
    s = settings
    return {
        "device": s.device,
        "compute_type": s.compute_type or None,
        "beam_size": s.beam_size,
        "intra_threads": s.threads,
        "max_batch_size": s.max_batch_size or None,
        "max_input_length": s.max_input_length,
        "max_decoding_length": s.max_decoding_length,
        "length_ratio": s.length_ratio or None,
        "length_extra": s.length_extra,
        "no_repeat_ngram_size": s.no_repeat_ngram_size,
        "repetition_penalty": s.repetition_penalty,
    }


# -- what `translator engines` lists and tests --------------------------------------------------

#: Three sentences of the sample article (examples/jiangxi-poverty-alleviation.txt), as prepared (Simplified).
TEST_SENTENCES = (
    "江西：特色产业扛起扶贫重任",
    "打赢脱贫攻坚战是全面建成小康社会的关键。",
    "经过连年的努力奋战，脱贫攻坚工作取得了很好成效，尤其产业扶贫亮点纷呈。",
)


@dataclass
class EngineStatus:
    """One configured engine: ``ok`` when it could be reached and loaded; ``detail`` the model or what went wrong."""

    name: str
    selected: bool
    ok: bool
    detail: str
    engine: Engine | None = None


def configured_engines(settings: Settings, glossary: Glossary) -> list[EngineStatus]:
    """Every engine the settings make usable, each reached and loaded now (a server is asked for its models).

    The gloss always; argos when a zh→en package is installed or ``engine`` asks for it; llm when ``llm_url``
    is set; ct2 when ``ct2_model_dir`` is.  The one the ``engine`` setting selects is marked.
    """
    from dataclasses import replace

    from .argos_packages import find_zh_en

    kinds = ["gloss"]
    try:
        find_zh_en(packages_dir(settings))
        kinds.insert(0, "argos")
    except ModelError:
        if settings.engine == "argos":
            kinds.insert(0, "argos")
    if settings.llm_url:
        kinds.append("llm")
    if settings.ct2_model_dir:
        kinds.append("ct2")
    if settings.engine in ("llm", "ct2") and settings.engine not in kinds:
        kinds.append(settings.engine)
    chosen = settings.engine
    if chosen == "auto":
        chosen = "argos" if "argos" in kinds else "gloss"
    out = []
    for kind in kinds:
        warnings: list[str] = []
        try:
            engine = select_engine(replace(settings, engine=kind), glossary, warnings)
            load = getattr(engine, "load", None)
            if callable(load):
                load()
            described = engine.describe()
            model = described.get("model") or "CC-CEDICT"
            version = described.get("model_version")
            out.append(EngineStatus(kind, kind == chosen, True, f"{model}{'@' + version if version else ''}", engine))
        except TranslatorError as exc:
            out.append(EngineStatus(kind, kind == chosen, False, str(exc)))
    return out


@dataclass
class SentenceResult:
    source: str
    english: str
    seconds: float
    problems: list[str]


def try_engine(engine: Engine, sentences: tuple[str, ...] = TEST_SENTENCES) -> list[SentenceResult]:
    """Translate each sentence on its own and time it (the first includes any model load)."""
    import time

    results = []
    for sentence in sentences:
        start = time.perf_counter()
        (t,) = engine.translate_batch([sentence])
        elapsed = time.perf_counter() - start
        problems = [str(n.get("message", n.get("code"))) for n in t.notes if n.get("code") == "engine_failed"]
        results.append(SentenceResult(sentence, t.text, elapsed, problems))
    return results
