"""A deterministic stand-in engine for unit tests of the wrappers and QA."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from translator.engines.base import Translation, flat_description

HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
PUNCT = str.maketrans({"，": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?", "、": ","})


class FakeEngine:
    """Replaces each run of Chinese with 'word', keeps everything Latin.

    ``mangle`` post-processes each output (e.g. to drop a sentinel), so tests
    can play a model that loses placeholders.  Every call is recorded.
    """

    name = "fake"

    def __init__(self, mangle: Callable[[str], str] | None = None) -> None:
        self.mangle = mangle or (lambda s: s)
        self.calls: list[tuple[list[str], list[str]]] = []

    def describe(self) -> dict[str, Any]:
        return {"engine": "fake", "model": "fake-1", "model_version": "1", "decoding": {"mangled": self.mangle("x") != "x"}}

    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        self.calls.append((list(sources), list(suppress)))
        out = []
        for s in sources:
            text = HAN_RUN.sub(" word ", s).translate(PUNCT)
            text = re.sub(r"\s+", " ", self.mangle(text)).strip()
            out.append(Translation(text, score=-0.5, provenance=flat_description(self.describe())))
        return out
