"""Script conversion (OpenCC) and punctuation normalization.  Pure functions.

Traditional text becomes Simplified through OpenCC with a selectable config;
ASCII punctuation used inside Chinese text becomes its full-width form.
Latin text, numbers (full-width digits included), dates and URLs are left
exactly as they are.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

from .errors import TranslatorError

OpenCCConfig = Literal["t2s", "tw2sp", "hk2s", "none"]
CONFIGS: tuple[str, ...] = ("t2s", "tw2sp", "hk2s", "none")

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_PUNCT = "，。、；：？！“”‘’《》（）【】…—「」『』"
_FULLWIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# An ASCII mark gets its full-width form when Chinese text is on at least one
# side of it and it is not inside a number or a Latin phrase ("1,000", "10:30",
# "Hello, world", "http://").
_CJK_SIDE = f"[{HAN}{_CJK_PUNCT}]"
_PUNCT = re.compile(
    # , : ; after Chinese text ("发布日期:2020", "工作,做到"), not inside "10:30" or "http://"
    rf"(?<={_CJK_SIDE})[ \t]*([,:;])[ \t]*(?![/\\])"
    # , : ; before Chinese text after a Latin word or number ("APP,支持")
    rf"|(?<![A-Za-z0-9./])([,:;])[ \t]*(?={_CJK_SIDE})"
    rf"|(?<=[A-Za-z0-9%)])([,;])(?={_CJK_SIDE})"
    # ! ? only with Chinese on both sides: a "?" glued to Latin letters is more
    # often a lost character than a question mark
    rf"|(?<={_CJK_SIDE})[ \t]*([!?])(?=[ \t]*(?:{_CJK_SIDE}|$))"
)
_HAN_RE = re.compile(f"[{HAN}]")
SCRIPT_SAMPLE = 4000  # characters looked at to tell Traditional from Simplified


class NormalizeError(TranslatorError):
    pass


@functools.cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str, config: OpenCCConfig = "t2s") -> str:
    """Convert with OpenCC ``config`` (``none`` leaves the text as it is)."""
    if config == "none":
        return text
    if config not in CONFIGS:
        raise NormalizeError(f"unknown OpenCC config '{config}'; choose one of {', '.join(CONFIGS)}")
    return _converter(config).convert(text)


def fullwidth_punctuation(text: str) -> str:
    """ASCII ``, : ; ! ?`` used as Chinese punctuation → full-width forms.

    Spaces around the mark are dropped with it (Chinese puts none), so the
    result can be shorter than the input; see :func:`punctuation_map`.
    """
    return _PUNCT.sub(lambda m: _FULLWIDTH[m.group(m.lastindex or 0)], text)


def punctuation_map(text: str) -> tuple[str, list[int] | None]:
    """Like :func:`fullwidth_punctuation`, plus where each output character came from.

    ``offsets`` is ``None`` when every replacement was one character for one
    (positions are unchanged); otherwise it has one entry per output
    character and a final one for the end, so a span ``[a, b)`` of the
    output is ``text[offsets[a]:offsets[b]]``.
    """
    shifted = False

    def rep(m: re.Match[str]) -> str:
        nonlocal shifted
        if m.end() - m.start() != 1:
            shifted = True
        return _FULLWIDTH[m.group(m.lastindex or 0)]

    out = _PUNCT.sub(rep, text)
    if not shifted:
        return out, None
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _PUNCT.finditer(text):
        parts.append(text[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        parts.append(_FULLWIDTH[m.group(m.lastindex or 0)])
        offsets.append(m.start())
        pos = m.end()
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text) + 1))
    return "".join(parts), offsets


def han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


def detect_script(original: str, converted: str) -> Literal["zh-Hant", "zh-Hans"] | None:
    """``zh-Hant`` when conversion changed a noticeable share of the Han characters."""
    original, converted = original[:SCRIPT_SAMPLE], converted[:SCRIPT_SAMPLE]
    total = han_count(original)
    if total == 0:
        return None
    if original == converted:
        return "zh-Hans"
    changed = sum(map(str.__ne__, original, converted))
    return "zh-Hant" if changed >= max(2, total * 0.02) else "zh-Hans"
