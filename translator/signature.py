"""How a translation was made, in one object, as sacrebleu's ``Signature`` says how a score was.

A :class:`Signature` holds every setting that changes a translation: the
engine and its model, the decoding settings the engine reports, the
glossaries' versions, the OpenCC conversion, the memory settings and the
tool's own version.  It is built once per run, from the engine's
:meth:`~translator.engines.base.Engine.describe` and the settings, and is
the one source of the provenance every translated segment carries; its
short form is printed in every translated document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import __version__

# Short keys of the short form, in the order they are printed.
_ABBREVIATIONS = {
    "beam_size": "beam",
    "compute_type": "ct",
    "no_repeat_ngram_size": "nrns",
    "repetition_penalty": "rp",
    "max_input_length": "maxin",
    "max_decoding_length": "maxout",
    "length_ratio": "lr",
    "length_extra": "lx",
    "target_prefix": "prefix",
}


@dataclass(frozen=True)
class Signature:
    engine: str
    model: str | None
    model_version: str | None
    decoding: tuple[tuple[str, Any], ...]  # (name, value), as the engine reports them
    glossaries: tuple[tuple[str, str], ...]  # (file name, content hash)
    opencc: str
    memory: str  # "off", or the fuzzy threshold offered ("fuzzy>=75")
    tool_version: str = __version__

    @classmethod
    def build(
        cls,
        engine: Mapping[str, Any],
        *,
        glossaries: Mapping[str, str],
        opencc: str,
        memory: bool,
        fuzzy_min: float,
    ) -> Signature:
        """From an engine's ``describe()`` (``engine``, ``model``, ``model_version``, ``decoding``) and the settings."""
        decoding = engine.get("decoding") or {}
        return cls(
            engine=str(engine["engine"]),
            model=engine.get("model"),
            model_version=engine.get("model_version"),
            decoding=tuple(decoding.items()),
            glossaries=tuple(sorted(glossaries.items())),
            opencc=opencc,
            memory=f"fuzzy>={fuzzy_min:g}" if memory else "off",
        )

    def short(self) -> str:
        """One line, ``key:value`` pairs joined by ``|``, e.g.
        ``engine:argos|model:translate-zh_en@1.9|beam:4|ct:int8|…|opencc:t2s|tm:fuzzy>=75|version:0.1.0``."""
        parts = [f"engine:{self.engine}"]
        if self.model:
            parts.append(f"model:{self.model}@{self.model_version or '?'}")
        parts += [f"{_ABBREVIATIONS.get(k, k)}:{_fmt(v)}" for k, v in self.decoding]
        if self.glossaries:
            parts.append("glossary:" + ",".join(f"{name}@{version[:8]}" for name, version in self.glossaries))
        parts += [f"opencc:{self.opencc}", f"tm:{self.memory}", f"version:{self.tool_version}"]
        return "|".join(parts)

    def provenance(self) -> dict[str, Any]:
        """The provenance keys every segment translated under this signature carries."""
        out: dict[str, Any] = {"engine": self.engine}
        if self.model:
            out["model"] = self.model
            out["model_version"] = self.model_version
        out.update(self.decoding)
        out["glossary"] = dict(self.glossaries)
        out["signature"] = self.short()
        return out


def _fmt(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
