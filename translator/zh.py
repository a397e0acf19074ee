"""Facts about written Chinese, defined once for every stage.

Han characters, the marks that end sentences and clauses, the quote and
bracket pairs, and the full-width forms of ASCII punctuation, as
translate-toolkit keeps ``translate/lang/zh.py`` (``sentenceend``,
``puncdict``, ``listseperator``).  The stages compose what they need from
these (segmentation, for one, also ends a sentence at ；); none spells a
mark set of its own.  Code points outside the BMP are written as
``\\U000xxxxx`` escapes.
"""

from __future__ import annotations

import re

#: Unicode Script=Han, as a regex character-class body (for ``re`` and ``regex`` alike): CJK radicals
#: and Kangxi radicals, 々 (iteration mark), 〇 (ideographic zero, as in 二〇二〇年), the Hangzhou
#: numerals, the CJK Unified Ideographs and Extension A, the Compatibility Ideographs, two ideographic
#: marks of the Tangut block, and the supplementary ideographic planes (Extensions B-J, U+20000-U+3347F,
#: unassigned code points in them included, so a newer character still counts).  ``tests/test_zh.py``
#: checks it against the ``regex`` module's ``\p{Han}``.
HAN = (
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5"  # CJK Radicals Supplement, Kangxi Radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # 々 〇 〡-〩 〸-〻
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Extension A, Unified Ideographs, Compatibility Ideographs
    "\U00016fe2\U00016fe3\U00016ff0-\U00016ff6"  # ideographic marks beside Tangut
    "\U00020000-\U0003347f"  # Extensions B-J, Compatibility Supplement
)
#: The everyday ideographs (Extension A and the Unified Ideographs, U+3400-U+9FFF), first and last: what
#: character-frequency statistics (jieba's dictionary) cover.  The garble and encoding heuristics count
#: only these, never radicals or the supplementary planes; a character-class body is ``f"{FIRST}-{LAST}"``.
COMMON_HAN_FIRST, COMMON_HAN_LAST = "\u3400", "\u9fff"
COMMON_HAN = f"{COMMON_HAN_FIRST}-{COMMON_HAN_LAST}"

#: Marks that end a sentence: full stop, exclamation and question marks.
SENTENCE_END = "。！？"
#: The ellipsis character (written doubled in Chinese, ……).
ELLIPSIS = "…"
#: Marks that end a clause inside a sentence.
COMMA = "，"
SEMICOLON = "；"
COLON = "："
#: The enumeration comma between the items of a list (translate-toolkit's ``listseperator``).
LIST_SEPARATOR = "、"
CLAUSE_END = COMMA + SEMICOLON + COLON + LIST_SEPARATOR

#: Quotes and brackets, each opener with its closer.
QUOTES: dict[str, str] = {"“": "”", "‘": "’", "「": "」", "『": "』"}
BRACKETS: dict[str, str] = {"《": "》", "（": "）", "【": "】", "〈": "〉"}
PAIRS: dict[str, str] = {**QUOTES, **BRACKETS}
OPENERS = "".join(PAIRS)
CLOSERS = "".join(PAIRS.values())
#: The dash (written doubled, ——).
DASH = "—"

#: The punctuation of running Chinese text.
PUNCTUATION = "，。、；：？！“”‘’《》（）【】…—「」『』"

#: ASCII punctuation and its full-width Chinese form; :data:`TO_ASCII` the other way.
FULLWIDTH: dict[str, str] = {
    ",": COMMA, ".": "。", ":": COLON, ";": SEMICOLON, "!": "！", "?": "？", "(": "（", ")": "）",
}
TO_ASCII: dict[str, str] = {full: ascii_ for ascii_, full in FULLWIDTH.items()}

#: The vowels that carry a tone mark, each with its marks for tones 1–4 (tone 5, neutral, has none).
_TONED = {
    "a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ",
    "A": "ĀÁǍÀ", "E": "ĒÉĚÈ", "I": "ĪÍǏÌ", "O": "ŌÓǑÒ", "U": "ŪÚǓÙ", "Ü": "ǕǗǙǛ",
}


def _mark_syllable(match: re.Match[str]) -> str:
    body, tone = match.group(1), int(match.group(2))
    body = body.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    if tone == 5 or tone == 0:
        return body
    lower = body.lower()
    # The rule of Hanyu Pinyin: a or e takes the mark; in "ou" the o; otherwise the last vowel.
    if "a" in lower:
        at = lower.index("a")
    elif "e" in lower:
        at = lower.index("e")
    elif "ou" in lower:
        at = lower.index("o")
    else:
        at = max(lower.rfind(v) for v in "iouü")
    if at < 0:
        return body
    return body[:at] + _TONED[body[at]][tone - 1] + body[at + 1 :]


_NUMBERED = re.compile(r"\b([A-Za-z:]*?[aeiouvüAEIOUVÜ][A-Za-z:]*?)([0-5])\b")


def tone_marks(pinyin: str) -> str:
    """Numbered pinyin (CC-CEDICT's ``jing1 zhun3``, ``nu:3``) with tone marks instead (``jīng zhǔn``, ``nǚ``)."""
    return _NUMBERED.sub(_mark_syllable, pinyin)
