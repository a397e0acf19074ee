"""The numbers check of :mod:`translator.quality.numbers`: does an English
translation keep the numbers of its Chinese source?

:func:`compare` parses the source (:func:`.zh.parse`) and the target
(:func:`.en.extract_english`) and pairs each source number with a target
number of the same value, first exactly, then as rounded to the precision
the target shows.  It returns :class:`~.model.NumberProblem` items: a value
missing or different, a qualifier (多/近/以上 ...) lost or added, a unit or
"percent" missing, and target numbers with no counterpart in the source.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .en import extract_english, to_english
from .model import APPROX_EN, UNITS, Number, NumberProblem
from .zh import parse

__all__ = ["compare"]

# Qualifiers that may stand for each other without a warning.
_APPROX_OK: dict[str | None, set[str | None]] = {
    None: {None},
    "more_than": {"more_than", "at_least"},
    "at_least": {"at_least", "more_than"},
    "nearly": {"nearly", "about"},
    "about": {"about", "nearly"},
    "less_than": {"less_than", "at_most"},
    "at_most": {"at_most", "less_than"},
}

_TEMPORAL = ("year", "date")


# Values are compared as floats, with a relative tolerance of 1e-9.  An int too
# large for a float (a 400-digit run of digits) stays an int (see _fv); _close
# applies the same tolerance to it in integer arithmetic, and _rounded never
# matches it.


def _fv(v: float) -> float:
    """``float(v)``, or ``v`` itself: an int beyond the float range (~1.8e308)."""
    try:
        return float(v)
    except OverflowError:
        return v


def _comparable(a: float, b: float) -> bool:
    """Both are finite floats, so the arithmetic of _close and _rounded applies."""
    if isinstance(a, int) or isinstance(b, int):
        return False
    return math.isfinite(a) and math.isfinite(b)


def _close(a: float, b: float) -> bool:
    if isinstance(a, int) or isinstance(b, int):  # beyond the float range
        x, y = _as_int(a), _as_int(b)
        return x is not None and y is not None and abs(x - y) * 10**9 <= max(abs(x), abs(y))
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _as_int(v: float) -> int | None:
    """An int as is, a finite float truncated (only used beyond 1e308), else None."""
    if isinstance(v, int):
        return v
    return int(v) if math.isfinite(v) else None


def _values(s: Number, t: Number) -> tuple[float, float] | None:
    """The two values to compare, on the target's scale, or None if kinds cannot match."""
    sk, tk = s.kind, t.kind
    if sk in _TEMPORAL or tk == "date":
        return None
    if sk == "fraction" and tk == "percent":
        return _fv(s.value) * 100, _fv(t.value)
    if sk == "percent" and tk == "fraction":
        return _fv(s.value), _fv(t.value) * 100
    if sk == "fraction" and tk not in ("fraction",):
        return None
    if tk == "fraction" and sk != "fraction":
        return None
    return _fv(s.value), _fv(t.value)


def _date_match(s: Number, t: Number) -> bool:
    if s.kind == "year":
        y = int(s.value)
        if t.kind == "date":
            return bool(t.date and t.date[0] == y)
        return t.kind in ("year", "cardinal") and _close(_fv(t.value), float(y))
    sd = s.date or (None, None, None)
    if t.kind == "date" and t.date:
        return all(a is None or a == b for a, b in zip(sd, t.date))
    if sd[0] is None and sd[1] is None and sd[2] is not None:  # day only: 4日
        return t.kind in ("cardinal", "ordinal") and _close(_fv(t.value), float(sd[2]))
    if sd[1] is None and sd[2] is None and sd[0] is not None:
        return t.kind in ("year", "cardinal") and _close(_fv(t.value), float(sd[0]))
    return False


def _exact(s: Number, t: Number) -> bool:
    if s.kind in _TEMPORAL:
        return _date_match(s, t)
    v = _values(s, t)
    return v is not None and _close(*v)


def _rounded(s: Number, t: Number) -> bool:
    if s.kind in _TEMPORAL:
        return False
    v = _values(s, t)
    if v is None:
        return False
    a, b = v
    if not _comparable(a, b):
        return False
    step = t.step if t.kind != "fraction" else 0.0
    if s.kind == "fraction" and t.kind == "percent":
        step = max(step, 0.1)
    diff = abs(a - b)
    return diff <= step / 2 + 1e-9 * max(1.0, abs(a)) and diff <= 0.05 * abs(a)


def _unit_near(target: str, t: Number, unit: str) -> bool:
    info = UNITS.get(unit)
    if info is None or info.pattern is None:
        return True
    pat = re.compile(info.pattern, re.IGNORECASE if unit not in ("kW", "MW", "kWh") else 0)
    start, end = t.span
    after = target[end : end + 80]
    words = re.match(r"(?:[\s-]*[^\s]+){0,6}", after)
    window_after = words.group(0) if words else after
    window_before = target[max(0, start - 24) : start]
    return bool(pat.search(window_after) or re.search(r"(?:" + info.pattern + r")\s*$", window_before))


def _describe(s: Number) -> str:
    return to_english(s, words=False)


def compare(source_zh: str, target_en: str) -> list[NumberProblem]:
    """Problems with the numbers of ``target_en`` as a translation of ``source_zh``.

    Every source number must be in the target with the same value (a value
    rounded to the precision the target shows is a warning), the same
    qualifier (多/余 → more than, 近 → nearly ...) and its unit (亩 → mu);
    a target number with no source counterpart is a warning.
    """
    src = parse(source_zh)
    tgt = extract_english(target_en)
    used = [False] * len(tgt)
    pairing: dict[int, tuple[int, str]] = {}
    order = sorted(range(len(src)), key=lambda i: src[i].soft)  # required first

    def candidates() -> list[int]:  # a target date may serve several source parts
        return [j for j in range(len(tgt)) if not used[j] or tgt[j].kind == "date"]

    for test, how in ((_exact, "exact"), (_rounded, "rounded")):
        for i in order:
            if i in pairing:
                continue
            s = src[i]
            fits = [j for j in candidates() if test(s, tgt[j])]
            good = [j for j in fits if tgt[j].approx in _APPROX_OK[s.approx]]
            best = good[0] if good else fits[0] if fits else None
            if best is not None:
                pairing[i] = (best, how)
                used[best] = True

    problems: list[NumberProblem] = []
    src_len = max(len(source_zh), 1)
    tgt_len = max(len(target_en), 1)
    for i, s in enumerate(src):
        expected = _describe(s)
        if i not in pairing:
            if s.soft:
                continue
            klass = "temporal" if s.kind in _TEMPORAL else "numeric"
            rest = [
                j for j in range(len(tgt))
                if not used[j] and not tgt[j].soft
                and (("temporal" if tgt[j].kind in ("date",) else "numeric") == klass or tgt[j].kind == "year")
                and not _explained(tgt[j], src)
            ]
            if rest:
                pos = s.span[0] / src_len
                j = min(rest, key=lambda j: abs(tgt[j].span[0] / tgt_len - pos))
                used[j] = True
                t = tgt[j]
                problems.append(NumberProblem(
                    "number_mismatch", "error",
                    f"{s.text} ({expected}) does not match {t.text!r} in the target", s, t))
            else:
                problems.append(NumberProblem(
                    "number_mismatch", "error",
                    f"{s.text} ({expected}) is missing from the target", s, None))
            continue
        j, how = pairing[i]
        t = tgt[j]
        if how == "rounded":
            shown = t.text if t.approx is None else f"{APPROX_EN[t.approx]} {t.text}"
            problems.append(NumberProblem(
                "number_mismatch", "warning",
                f"{s.text} ({expected}) appears rounded as {shown!r}", s, t))
        if t.approx not in _APPROX_OK[s.approx] and not (how == "rounded" and s.approx is None):
            if s.approx is not None and t.approx is None:
                msg = (f"{s.text}: the qualifier {APPROX_EN[s.approx]!r} is lost in {t.text!r} "
                       f"(expected {expected!r})")
            elif s.approx is None:
                msg = f"{t.text!r} adds {APPROX_EN[t.approx or 'about']!r}; the source {s.text} is exact"
            else:
                msg = (f"{s.text} means {APPROX_EN[s.approx]!r} but the target says "
                       f"{APPROX_EN[t.approx or 'about']!r} {t.text!r}")
            problems.append(NumberProblem("number_qualifier", "warning", msg, s, t))
        if s.kind == "percent" and t.kind not in ("percent", "fraction"):
            problems.append(NumberProblem(
                "number_unit", "warning",
                f"{s.text}: 'percent' is missing after {t.text!r} (expected {expected!r})", s, t))
        elif s.unit and not _unit_near(target_en, t, s.unit):
            name = UNITS[s.unit].plural
            problems.append(NumberProblem(
                "number_unit", "warning",
                f"{s.text}: the unit {name!r} is missing near {t.text!r} (expected {expected!r})", s, t))
    for j, t in enumerate(tgt):
        if used[j] or t.soft or _explained(t, src):
            continue
        problems.append(NumberProblem(
            "number_extra", "warning",
            f"{t.text!r} in the target has no counterpart in the source", None, t))
    return problems


def _explained(t: Number, src: Sequence[Number]) -> bool:
    """A target number whose value the source has anyway (repeated, or part of a date)."""
    for s in src:
        if _exact(s, t):
            return True
        sd = s.date
        if sd is None:
            continue
        if t.kind in ("year", "cardinal") and sd[0] is not None and _close(_fv(t.value), float(sd[0])):
            return True
        if t.kind == "date" and t.date and all(b is None or a == b for a, b in zip(sd, t.date)):
            return True
    if t.kind == "date" and t.date:  # June 4, 2020 for 2020年 ... 6月4日 given apart
        parts = [p for p in t.date if p is not None]
        have = {p for s in src if s.date for p in s.date if p is not None}
        return all(p in have for p in parts)
    return False
