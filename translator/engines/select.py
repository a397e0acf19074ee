"""Which base engine the settings select: auto, argos, gloss, llm or ct2.

:class:`~translator.project.Project` calls :func:`select_engine` once and wraps
the result in the cache, glossary and memory wrappers; nothing is loaded or
contacted here (each engine does that on first use).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import EngineError, ModelError
from ..settings import Settings
from ..store.glossary import Glossary
from .base import Engine

ENGINES = ("auto", "argos", "gloss", "llm", "ct2")

GLOSS_FALLBACK_WARNING = (
    "no Argos zh→en model installed: drafting with the CC-CEDICT word gloss instead "
    "(install one with 'translator models install --file PATH.argosmodel')"
)


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
