"""Script conversion (OpenCC) and punctuation normalization.  Pure functions.

Traditional text becomes Simplified through OpenCC with a selectable config;
ASCII punctuation used inside Chinese text becomes its full-width form.
Latin text, numbers (full-width digits included), dates and URLs are left
exactly as they are.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any, Literal

from ..errors import TranslatorError
from ..zh import FULLWIDTH, HAN, PUNCTUATION

OpenCCConfig = Literal["t2s", "tw2sp", "hk2s", "none"]
CONFIGS: tuple[str, ...] = ("t2s", "tw2sp", "hk2s", "none")

_CJK_PUNCT = PUNCTUATION
# The ASCII marks given their full-width form (a "." or a parenthesis is left alone).
_FULLWIDTH = {ch: FULLWIDTH[ch] for ch in ",:;!?"}
# An ASCII mark gets its full-width form when Chinese text is on at least one
# side of it and it is not inside a number or a Latin phrase ("1,000", "10:30",
# "Hello, world", "http://").
_CJK_SIDE = f"[{HAN}{_CJK_PUNCT}]"
# The general form, which also swallows spaces around the mark.  Used only on
# lines that have a space next to one of the marks.
_PUNCT = re.compile(
    # , : ; after Chinese text ("发布日期:2020", "工作,做到"), not inside "10:30" or "http://"
    rf"(?<={_CJK_SIDE})[ \t]*([,:;])[ \t]*(?![/\\])"
    # , : ; before Chinese text after a Latin word or number ("APP,支持")
    rf"|(?<![A-Za-z0-9./])([,:;])[ \t]*(?={_CJK_SIDE})"
    rf"|(?<=[A-Za-z0-9%)])([,;])(?={_CJK_SIDE})"
    # ! ? only with Chinese on both sides: a "?" glued to Latin letters is more
    # often a lost character than a question mark
    rf"|(?<={_CJK_SIDE})[ \t]*([!?])[ \t]*(?={_CJK_SIDE}|$)"
)
# The same rules without spaces, one pattern per mark, each starting with the
# mark itself so the regex engine scans for it: the fast path for the usual
# line, replacing one character with one.
_FAST = [
    (ch, re.compile(rf"{re.escape(ch)}(?:(?<={_CJK_SIDE}.)(?![/\\])|(?<![A-Za-z0-9./].)(?={_CJK_SIDE})"
                + (rf"|(?<=[A-Za-z0-9%)].)(?={_CJK_SIDE})" if ch in ",;" else "") + ")"), full)
    for ch, full in _FULLWIDTH.items() if ch in ",:;"
] + [
    # \n too: the fast path also runs on whole texts, where a line ends at \n
    (ch, re.compile(rf"{re.escape(ch)}(?<={_CJK_SIDE}.)(?={_CJK_SIDE}|\n|$)"), full) for ch, full in _FULLWIDTH.items() if ch in "!?"
]
# A space or tab next to a mark; written to start with one character class so the regex engine skips ahead.
_SPACED = re.compile(r"[ \t,:;!?](?:(?<=[ \t])[,:;!?]|(?<=[,:;!?])[ \t])")
_HAN_RE = re.compile(f"[{HAN}]")
SCRIPT_SAMPLE = 1000  # characters looked at to tell Traditional from Simplified


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
    if "\x00" in text:
        # Some configs (tw2sp, hk2s) stop at a NUL and drop the rest of the text.
        # A NUL is never part of a phrase: convert what lies between them.
        return aspect_zhe("\x00".join(_converter(config).convert(part) for part in text.split("\x00")))
    return aspect_zhe(_converter(config).convert(text))


# 著 after a verb is the aspect particle, written 着 in mainland usage (有著 → 有着, 看著 → 看着,
# 保留著 → 保留着), which OpenCC's t2s leaves as 著 (著 is also "write, notable": 著名, 著作, 显著, 编著,
# which stay).  The verbs are single characters that end common verbs; none of them ends a word
# with the other 著 (显著, 卓著, 编著, 合著, 译著, 名著, 土著, 原著 are left alone).
_ZHE_VERBS = (
    "有看带拿穿等随向朝沿顺照接跟想说笑哭站坐躺走跑写唱听望盯抱握背挂留守藏忙装载记活怀抓扶牵领揣端举提戴闭睁"
    "开亮冒飘响围绕排靠贴压踩躲盼念做干吃喝玩找用试推拉按摸敲扛挑护住叫喊吹忍撑顶含咬叼抬伸弯低仰趴蹲跪骑爬跳"
    "飞游闪烧睡醒瞪瞧盖捧搂拽扯拖挽伴陪迎送赶追紧保存味在征表志临行展注满担历持续待视制现动变生发燃"
)
_ZHE = re.compile(f"(?<=[{_ZHE_VERBS}])著(?![名作称述录书])")


def aspect_zhe(text: str) -> str:
    """The aspect particle 著 after a verb as 着 (see :data:`_ZHE_VERBS`); 著名, 著作 and the like unchanged."""
    return _ZHE.sub("着", text) if "著" in text else text


# --- where converted text came from ------------------------------------------------

PIECE_MAX = 64  # longest piece of a word run converted on its own when mapping positions back
_RUNS = re.compile(r"\w+|\W+")
_REOPEN = 3  # pieces before a mismatch that may belong to the phrase that caused it
_EXTEND = 4  # pieces from a mismatch on that may belong to it
_SEARCH_MAX = 256  # inside a longer stretch, positions are mapped in proportion


class OriginalPositions:
    """Maps positions in ``to_simplified(original, config)`` back to ``original``.

    Needed where a phrase conversion changes the length (記憶體 → 内存 under
    ``tw2sp``).  The original is cut into pieces (runs of word characters,
    at most :data:`PIECE_MAX` long, and runs of the others), all converted in
    one call, and the pieces' conversions are walked along the whole line's
    conversion.  Where a phrase crosses a cut, the pieces around it are
    converted together until they agree again.  Everything is linear in the
    line's length: a bounded number of bounded conversions per mismatch.

    A position inside a piece whose conversion changed its length maps to
    the shortest prefix of the piece whose conversion reaches it.
    """

    def __init__(self, original: str, config: OpenCCConfig) -> None:
        self.original = original
        self.config = config
        converted = to_simplified(original, config)
        pieces = [m.group(0) for m in _RUNS.finditer(original)]
        pieces = [p[i : i + PIECE_MAX] for p in pieces for i in range(0, len(p), PIECE_MAX)]
        convs = to_simplified("\n".join(pieces), config).split("\n") if pieces else []
        if len(convs) != len(pieces):
            convs = [to_simplified(p, config) for p in pieces]
        self.orig_bounds, self.conv_bounds = self._align(original, converted, pieces, convs)

    def _align(self, original: str, converted: str, pieces: list[str], convs: list[str]) -> tuple[list[int], list[int]]:
        ob, cb = [0], [0]
        o = c = i = 0
        n = len(pieces)
        while i < n:
            if converted.startswith(convs[i], c):
                o += len(pieces[i])
                c += len(convs[i])
                ob.append(o)
                cb.append(c)
                i += 1
                continue
            found = self._resync(original, converted, pieces, ob, cb, i)
            if found is None:
                break  # the rest of the line is one stretch
            i, o, c = found
        if ob[-1] != len(original) or cb[-1] != len(converted):
            if ob[-1] == len(original) and len(ob) > 1:
                cb[-1] = len(converted)  # every piece matched, yet the line converts longer: the last takes the rest
            else:
                ob.append(len(original))
                cb.append(len(converted))
        return ob, cb

    def _resync(
        self, original: str, converted: str, pieces: list[str], ob: list[int], cb: list[int], i: int
    ) -> tuple[int, int, int] | None:
        """Convert the pieces around the mismatch at piece ``i`` together; return the new ``(i, o, c)``."""
        for back in range(min(_REOPEN, len(ob) - 1) + 1):
            go, gc = ob[len(ob) - 1 - back], cb[len(cb) - 1 - back]
            end = ob[-1]
            for fwd in range(min(_EXTEND, len(pieces) - i)):
                end += len(pieces[i + fwd])
                conv = to_simplified(original[go:end], self.config)
                if converted.startswith(conv, gc):
                    del ob[len(ob) - back :], cb[len(cb) - back :]
                    ob.append(end)
                    cb.append(gc + len(conv))
                    return i + fwd + 1, end, gc + len(conv)
        return None

    def __call__(self, pos: int) -> int:
        """The position in ``original`` where converted position ``pos`` comes from."""
        cb, ob = self.conv_bounds, self.orig_bounds
        k = bisect.bisect_right(cb, pos) - 1
        if k >= len(cb) - 1:
            return ob[-1]
        c0, c1, o0, o1 = cb[k], cb[k + 1], ob[k], ob[k + 1]
        if pos == c0:
            return o0
        if c1 - c0 == o1 - o0:
            return o0 + (pos - c0)
        if o1 - o0 > _SEARCH_MAX:
            return o0 + (pos - c0) * (o1 - o0) // (c1 - c0)
        piece, want = self.original[o0:o1], pos - c0
        lo, hi = 0, len(piece)
        while lo < hi:
            mid = (lo + hi) // 2
            if len(to_simplified(piece[:mid], self.config)) < want:
                lo = mid + 1
            else:
                hi = mid
        return o0 + lo


def fullwidth_punctuation(text: str) -> str:
    """ASCII ``, : ; ! ?`` used as Chinese punctuation → full-width forms.

    Spaces around the mark are dropped with it (Chinese puts none), so the
    result can be shorter than the input; see :func:`punctuation_map`.
    """
    return punctuation_map(text)[0]


def punctuation_map(text: str) -> tuple[str, list[int] | None]:
    """Like :func:`fullwidth_punctuation`, plus where each output character came from.

    ``offsets`` is ``None`` when every replacement was one character for one
    (positions are unchanged); otherwise it has one entry per output
    character and a final one for the end, so a span ``[a, b)`` of the
    output is ``text[offsets[a]:offsets[b]]``.
    """
    if not _SPACED.search(text):
        return _one_for_one(text), None
    return _spaced(text)


def punctuation_lines(text: str) -> tuple[str, dict[int, list[int]]]:
    """:func:`punctuation_map` on every line of ``text`` at once.

    Returns the text and, for each line whose length changed, its offsets
    (by line index).  Lines are mapped independently, exactly as if each
    were given to :func:`punctuation_map` alone.
    """
    spaced: list[int] = []  # lines with a space next to a mark, counted as the matches go
    line = pos = 0
    for m in _SPACED.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if not spaced or spaced[-1] != line:
            spaced.append(line)
    fast = _one_for_one(text)
    if not spaced:
        return fast, {}
    # Lines with a space next to a mark take the general path, from their original text.
    lines = fast.split("\n")
    originals = text.split("\n")
    offsets: dict[int, list[int]] = {}
    for k in spaced:
        lines[k], off = _spaced(originals[k])
        if off is not None:
            offsets[k] = off
    return "\n".join(lines), offsets


def _one_for_one(text: str) -> str:
    """The replacements that put one character for one, on a whole text (line k stays line k)."""
    for ch, pattern, full in _FAST:
        if ch in text:
            text = pattern.sub(full, text)
    return text


def _spaced(text: str) -> tuple[str, list[int] | None]:
    """The general path of :func:`punctuation_map` (``_PUNCT``, which also drops spaces around marks)."""
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
    out = "".join(parts)
    return out, (None if len(out) == len(text) else offsets)


def detect_script(original: str, converted: str) -> Literal["zh-Hant", "zh-Hans"] | None:
    """``zh-Hant`` when conversion changed a noticeable share of the distinct characters.

    OpenCC only rewrites Han characters, so the distinct characters that
    vanished in conversion are the Traditional ones.
    """
    sample = original[:SCRIPT_SAMPLE]
    if not _HAN_RE.search(sample):
        return None
    distinct = set(sample)
    changed = len(distinct.difference(converted[:SCRIPT_SAMPLE]))
    return "zh-Hant" if changed >= max(2, len(distinct) * 0.02) else "zh-Hans"
