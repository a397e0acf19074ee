"""The English side of :mod:`translator.quality.numbers`: rendering numbers in
English news style, and finding the numbers of an English text.

:func:`to_english` renders a :class:`~.model.Number` (or a Chinese expression,
parsed with :func:`.zh.parse`): ``4965万`` → ``49.65 million``, ``3500多亩`` →
``more than 3,500 mu``; :func:`format_value` renders a bare value.

:func:`extract_english` is the reverse, for QA of a translation: digits
(``49,650,000``, ``49.65 million``), number words (``five``, ``three
thousand``), fractions (``one third``, ``a third``), percentages (``30%``,
``30 percent``), ordinals (``11th``, ``eleventh``), dates (``June 4, 2020``,
``4 June 2020``, ``2020-06-04``) and qualifiers (``more than``, ``nearly``
...).  Pure: no I/O, nothing loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from .model import (
    _DIV,
    _EXACT,
    APPROX_EN,
    UNITS,
    Approx,
    DateParts,
    Kind,
    Number,
    _digits,
    _plain,
    _power10,
)
from .zh import parse

__all__ = ["extract_english", "format_value", "to_english"]

# ---------------------------------------------------------------------------
# English rendering
# ---------------------------------------------------------------------------

_SMALL_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
]
_TENS_WORDS = [
    "_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"
]
_ORD_WORDS = [
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth"
]
_TENS_ORD = [
    "_", "_", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
    "eightieth", "ninetieth"
]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"
]
_FRACTION_NAMES = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}


def format_value(value: float | Decimal, *, words: bool = False) -> str:
    """English digits for ``value``: ``49650000`` → ``49.65 million``, ``3500`` → ``3,500``,
    ``35.5`` → ``35.5``; with ``words``, 1–9 as words (``five``)."""
    if isinstance(value, Decimal):
        d = value
    else:  # an int directly: str() of an int over 4300 digits raises
        d = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    if words and d == d.to_integral_value() and 1 <= d <= 9:
        return _SMALL_WORDS[int(d)]
    if abs(d) >= 10**6:
        for scale, name in ((12, "trillion"), (9, "billion"), (6, "million")):
            if d.adjusted() >= scale:
                q = _EXACT.scaleb(d, -scale).normalize(_EXACT)
                exp = q.as_tuple().exponent
                if isinstance(exp, int) and exp >= -3:
                    return f"{_group(q)} {name}"
                break
    return _group(d)


def _group(d: Decimal) -> str:
    d = d.normalize(_EXACT)
    if d.adjusted() > 3000:  # int() and str() would pass 4300 digits
        return format(d, ",f")
    if d == d.to_integral_value():
        return f"{int(d):,}"
    s = format(d, "f")
    whole, _, frac = s.partition(".")
    return f"{int(whole):,}.{frac}" if whole not in ("-0",) else f"-0.{frac}"


def _ordinal(n: int, *, words: bool = True) -> str:
    if words and 1 <= n <= 9:
        return _ORD_WORDS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{_digits(n)}{suffix}"


def _fraction_words(value: float) -> str:
    if not math.isfinite(value * 100):
        return format_value(value)  # 1分之<400 digits> is no fraction to name
    for den in range(2, 11):
        num = round(value * den)
        if num and abs(num / den - value) < 1e-9:
            if den in _FRACTION_NAMES:
                one, many = _FRACTION_NAMES[den]
            else:
                one = _ORD_WORDS[den]
                many = one + "s"
            return f"{_SMALL_WORDS[num]} {one if num == 1 else many}" if num < 20 else f"{num}/{den}"
    return format_value(round(value * 100, 2)) + " percent"


def _date_english(parts: DateParts) -> str:
    y, mo, d = parts
    if mo is None:
        if y is not None:
            return str(y)
        return _ordinal(d or 0, words=False)
    name = _MONTHS[mo - 1]
    if d is not None and y is not None:
        return f"{name} {d}, {y}"
    if d is not None:
        return f"{name} {d}"
    if y is not None:
        return f"{name} {y}"
    return name


def to_english(expr: Number | str | float, *, words: bool = True) -> str:
    """English news rendering: ``4965万`` → ``49.65 million``, ``660多万`` →
    ``more than 6.6 million``, ``3500多亩`` → ``more than 3,500 mu``, ``1/3`` →
    ``one third``, ``百分之三十`` → ``30 percent``, ``第十一届`` → ``11th``,
    ``2020年6月4日`` → ``June 4, 2020``.

    A string is parsed with :func:`parse` and must hold exactly one number
    (``ValueError`` otherwise).  With ``words``, counts 1–9 without a
    physical unit and ordinals 1st–9th are words (``five``, ``first``).
    """
    if isinstance(expr, bool):
        raise TypeError("to_english() takes a Number, a Chinese string or a number, not bool")
    if isinstance(expr, (int, float)):
        return format_value(expr, words=words)
    if isinstance(expr, str):
        found = parse(expr)
        if len(found) != 1:
            what = "no number" if not found else f"{len(found)} numbers"
            raise ValueError(f"to_english() needs one numeric expression; {expr!r} has {what}")
        expr = found[0]
    num = expr
    if num.kind == "date" and num.date is not None:
        text = _date_english(num.date)
    elif num.kind == "year":
        text = _digits(int(num.value))
    elif num.kind == "ordinal":
        text = _ordinal(int(num.value), words=words)
        if num.note == "plan":
            text += " Five-Year Plan"
    elif num.kind == "fraction":
        text = _fraction_words(float(num.value))
    elif num.kind == "percent":
        text = format_value(num.value)
        text += " percentage points" if num.unit == "percentage point" else " percent"
    else:
        info = UNITS.get(num.unit or "")
        use_words = words and (info is None or not info.measure)
        text = format_value(num.value, words=use_words)
        if info is not None:
            one = num.value == 1 and num.approx is None
            text += " " + (info.singular if one else info.plural)
    if num.approx:
        text = f"{APPROX_EN[num.approx]} {text}"
    return text


# ---------------------------------------------------------------------------
# English extraction
# ---------------------------------------------------------------------------

_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_SMALL_WORDS)}
_WORD_VALUES.update({w: 10 * i for i, w in enumerate(_TENS_WORDS) if w != "_"})
_SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_ORD_WORDS) if i}
_ORD_VALUES.update({w: 10 * i for i, w in enumerate(_TENS_ORD) if w != "_"})
_DEN_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
              "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
              "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
              "tenth": 10, "tenths": 10}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_INDEX = {m[:3].lower(): i + 1 for i, m in enumerate(_MONTHS)}
_ORDSFX = r"(?:st|nd|rd|th)"
_NOT_BEFORE = r"(?:(?<=RMB)|(?<=CNY)|(?<=USD)|(?<=US\$)|(?<=HK\$)|(?<![A-Za-z0-9_.,]))(?<![A-Za-z]-)"

_EN_DATE = re.compile(
    rf"""
    (?P<iso>{_NOT_BEFORE}(?P<iy>[12][0-9]{{3}})-(?P<im>[01][0-9])-(?P<id>[0-3][0-9])(?![0-9]))
  | (?P<md>\b(?P<m1>{_MONTH_RE})\s+(?P<d1>[0-3]?[0-9]){_ORDSFX}?\b(?:,?\s+(?P<y1>[12][0-9]{{3}})\b)?)
  | (?P<dm>{_NOT_BEFORE}(?P<d2>[0-3]?[0-9]){_ORDSFX}?\s+(?:of\s+)?(?P<m2>{_MONTH_RE})(?:,?\s+(?P<y2>[12][0-9]{{3}})\b)?)
  | (?P<my>\b(?P<m3>{_MONTH_RE}),?\s+(?P<y3>[12][0-9]{{3}})\b)
  | (?P<mo>\b(?P<m4>January|February|March|April|June|July|August|September|October|November|December)\b)
  | (?P<may>\b(?:[Ii]n|of|[Ss]ince|from|until|till|by|through|to|between|and|early|late|mid|before|after|last|next|this)[\s-]+(?P<m5>May)\b)
    """,
    re.VERBOSE,
)
_EN_DIGITS = re.compile(
    rf"""
    {_NOT_BEFORE}
    (?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
    (?:
        (?P<ordsfx>{_ORDSFX})\b
      | /(?P<den>[0-9]+)\b
      | (?:(?:\s+|-)(?P<scale>(?i:hundred|thousand|million|billion|trillion))\b|(?P<abbr>bn|mn)\b)?
        (?:\s*(?P<pct>%|(?i:percent|per\s+cent|pct)\b)|\s+(?P<pp>(?i:percentage[- ]points?))\b)?
        (?P<plus>\+|-plus\b)?
    )
    (?![A-Za-z0-9])
    """,
    re.VERBOSE,
)
_NUMWORD = r"(?:" + "|".join(sorted(list(_WORD_VALUES) + list(_SCALE_WORDS), key=len, reverse=True)) + r")"
_EN_WORDS = re.compile(
    rf"(?i:\b(?P<a>a\s+)?(?P<run>{_NUMWORD}(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|(?<=million)\s+and\s+|\s+|-){_NUMWORD})*)\b)"
    rf"(?P<frac>(?i:[\s-]+(?:{'|'.join(_DEN_WORDS)})\b))?"
    r"(?:\s*(?P<pct>%|(?i:percent|per\s+cent)\b))?"
)
_EN_AFRAC = re.compile(r"(?i:\b(?:a|one)[\s-]+(?P<den>half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b)")
_EN_HALF = re.compile(r"(?i:\bhalf\b)")
_EN_ORDWORD = re.compile(
    r"(?i:\b(?:(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?P<w>"
    + "|".join(sorted(_ORD_VALUES, key=len, reverse=True))
    + r")\b)"
)
# "one third", "a third", "two-thirds": the ordinal word is a denominator
_EN_FRACTION_HEAD = re.compile(
    r"(?i:\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+)$"
)
_EN_SOFT = re.compile(r"(?i:\b(?P<w>both|twice|double|doubled|twin|triple|tripled|threefold|twofold)\b)")
_SOFT_VALUES = {"both": 2, "twice": 2, "double": 2, "doubled": 2, "twin": 2, "twofold": 2,
                "triple": 3, "tripled": 3, "threefold": 3}
_EN_QUAL_BEFORE = re.compile(
    r"(?i:\b(?P<q>more\s+than|over|upwards\s+of|in\s+excess\s+of|above|exceeding|exceeded|surpassing|"
    r"nearly|almost|close\s+to|approaching|just\s+under|just\s+below|about|around|approximately|roughly|some|"
    r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|not\s+fewer\s+than|a\s+minimum\s+of|"
    r"less\s+than|fewer\s+than|under|below|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|"
    r"a\s+maximum\s+of)"
    r"[\s-]+(?:(?:the|an?)\s+)?(?:(?:RMB|CNY|US\$|HK\$|\$|¥|￥|€|£)\s*)?$)"
)
_EN_QUAL_AFTER = re.compile(
    r"(?i:^(?:-(?P<q1>odd|plus)\b|\s*(?:[A-Za-z-]+\s+){0,3}?(?P<q>or\s+more|or\s+above|and\s+above|and\s+more|or\s+so|or\s+less|or\s+fewer)\b))"
)
_QUAL_MAP: dict[str, Approx] = {
    "more than": "more_than", "over": "more_than", "upwards of": "more_than", "in excess of": "more_than",
    "above": "more_than", "exceeding": "more_than", "exceeded": "more_than", "surpassing": "more_than",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "approaching": "nearly",
    "just under": "nearly", "just below": "nearly",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "at least": "at_least", "no less than": "at_least", "not less than": "at_least",
    "no fewer than": "at_least", "not fewer than": "at_least", "a minimum of": "at_least",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most", "not more than": "at_most",
    "a maximum of": "at_most",
    "or more": "at_least", "or above": "at_least", "and above": "at_least", "and more": "at_least",
    "or so": "about", "odd": "more_than", "or less": "at_most", "or fewer": "at_most",
    "plus": "more_than", "+": "more_than", "-plus": "more_than",
}
_FIVE_YEAR_PLAN = re.compile(r"(?i:\bfive[- ]year\s+plans?)")


def _word_run_value(run: str) -> int | None:
    total = 0
    current = 0
    seen = False
    for w in re.split(r"[\s-]+", run.lower()):
        if w == "and" or not w:
            continue
        if w in _WORD_VALUES:
            current += _WORD_VALUES[w]
            seen = True
        elif w == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif w in _SCALE_WORDS:
            total += max(current, 1) * _SCALE_WORDS[w]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def extract_english(text: str) -> list[Number]:
    """Numbers in an English ``text``, left to right, each with its qualifier."""
    found: list[Number] = []
    taken = bytearray(len(text))  # 1 where a number already found stands

    def free(a: int, b: int) -> bool:  # no number found overlaps text[a:b]
        return taken.find(1, a, b) == -1

    def add(num: Number) -> None:
        a, b = num.span
        taken[a:b] = b"\x01" * (b - a)
        found.append(num)

    for m in _FIVE_YEAR_PLAN.finditer(text):  # 13th Five-Year Plan: the five is a name, 五年 may use it
        add(Number(5, "cardinal", unit="year", span=(m.start(), m.start() + 4), text=text[m.start() : m.start() + 4], soft=True))

    for m in _EN_DATE.finditer(text):
        if not free(*m.span()):
            continue
        g = m.group
        if g("iso"):
            y, mo, d = int(g("iy")), int(g("im")), int(g("id"))
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            parts: DateParts = (y, mo, d)
        else:
            mname = g("m1") or g("m2") or g("m3") or g("m4") or g("m5")
            mo = _MONTH_INDEX[mname[:3].lower()]
            dd = g("d1") or g("d2")
            yy = g("y1") or g("y2") or g("y3")
            if dd is not None and not 1 <= int(dd) <= 31:
                continue
            parts = (int(yy) if yy else None, mo, int(dd) if dd else None)
        value = parts[0] if parts[0] is not None else parts[1]
        span = (m.start("m5"), m.end()) if g("may") else m.span()
        add(Number(value or 0, "date", span=span, text=text[span[0] : span[1]], date=parts))

    for m in _EN_DIGITS.finditer(text):
        if not free(*m.span()):
            continue
        g = m.group
        raw = g("n")
        try:
            dec = Decimal(raw.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits digits
            continue
        if g("ordsfx"):
            add(Number(int(dec), "ordinal", span=m.span(), text=m.group(0)))
            continue
        if g("den"):
            den_d = Decimal(g("den"))
            ratio = float(_DIV.divide(dec, den_d)) if den_d else math.inf
            if not math.isinf(ratio):
                add(Number(ratio, "fraction", span=m.span(), text=m.group(0), step=0.0))
            continue
        scale = 1
        if g("scale"):
            scale = _SCALE_WORDS[g("scale").lower()]
        elif g("abbr"):
            scale = 10**9 if g("abbr") == "bn" else 10**6
        amount = _EXACT.multiply(dec, Decimal(scale))
        if "." in raw:
            # from dec, not raw: "12,345.5" has a thousands separator Decimal() rejects
            step = float(_EXACT.multiply(_power10(int(dec.as_tuple().exponent)), Decimal(scale)))
        else:
            digits = raw.replace(",", "")
            zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
            step = float(_EXACT.multiply(_power10(zeros), Decimal(scale)))  # inf past 1e308
        kind: Kind = "cardinal"
        unit = None
        if g("pct"):
            kind = "percent"
        elif g("pp"):
            kind, unit = "percent", "percentage point"
        elif scale == 1 and "," not in raw and "." not in raw and 1000 <= dec <= 2199 and len(raw) == 4:
            kind = "year"
        approx: Approx | None = "more_than" if g("plus") else None
        add(Number(_plain(amount), kind, approx, unit, span=m.span(), text=m.group(0), step=step,
                   date=(int(dec), None, None) if kind == "year" else None))

    for m in _EN_ORDWORD.finditer(text):
        if free(*m.span()) and not _EN_FRACTION_HEAD.search(text[max(0, m.start() - 12) : m.start()]):
            v = _ORD_VALUES[m.group("w").lower()] + (_WORD_VALUES[m.group("tens").lower()] if m.group("tens") else 0)
            add(Number(v, "ordinal", span=m.span(), text=m.group(0), soft=v <= 3))

    for m in _EN_WORDS.finditer(text):
        if not free(m.start("run"), m.end()):
            continue
        run = m.group("run")
        value = _word_run_value(run)
        if value is None:
            continue
        start = m.start("a") if m.group("a") and run.split()[0].lower() in _SCALE_WORDS else m.start("run")
        if m.group("frac"):
            den = _DEN_WORDS[m.group("frac").strip(" -").lower()]
            if value < 10**300:  # "nine hundred hundred ... thirds" would overflow a float
                add(Number(value / den, "fraction", span=(start, m.end()), text=text[start : m.end()], step=0.0))
            continue
        kind = "percent" if m.group("pct") else "cardinal"
        end = m.end()
        soft = value <= 1 and kind == "cardinal"
        add(Number(value, kind, span=(start, end), text=text[start:end], soft=soft))

    for m in _EN_AFRAC.finditer(text):
        if free(*m.span()):
            add(Number(1 / _DEN_WORDS[m.group("den").lower()], "fraction", span=m.span(), text=m.group(0), step=0.0))
    for m in _EN_HALF.finditer(text):
        if free(*m.span()):
            add(Number(0.5, "fraction", span=m.span(), text=m.group(0), step=0.0, soft=True))
    for m in _EN_SOFT.finditer(text):
        if free(*m.span()):
            add(Number(_SOFT_VALUES[m.group("w").lower()], "cardinal", span=m.span(), text=m.group(0), soft=True))

    out = []
    for num in sorted(found, key=lambda n: n.span):
        out.append(_english_qualifier(text, num))
    return out


def _english_qualifier(text: str, num: Number) -> Number:
    if num.approx is not None or num.kind in ("date", "ordinal"):
        return num
    start, end = num.span
    q = None
    before = _EN_QUAL_BEFORE.search(text[max(0, start - 40) : start])
    if before:
        q = before.group("q")
    else:
        after = _EN_QUAL_AFTER.match(text[end : end + 40])
        if after:
            q = after.group("q") or after.group("q1")
    if q is None:
        return num
    approx = _QUAL_MAP[re.sub(r"\s+", " ", q.lower())]
    kind = "cardinal" if num.kind == "year" else num.kind  # "over 2000 yuan" is no year
    return replace(num, approx=approx, kind=kind, date=None if kind == "cardinal" else num.date)
