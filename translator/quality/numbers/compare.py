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

import re

from .en import extract_english, to_english
from .match import _APPROX_OK, _TEMPORAL, _exact, _Nearest, _rounded, _Sources, _Targets
from .model import APPROX_EN, UNITS, Number, NumberProblem
from .zh import parse

__all__ = ["compare"]


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

    # Each source takes the first free target that matches (a target date may
    # serve several source parts), preferring one whose qualifier agrees.
    targets = _Targets(tgt)
    for test, how in ((_exact, "exact"), (_rounded, "rounded")):
        for i in order:
            if i in pairing:
                continue
            best = targets.best(src[i], test, used, rounded=how == "rounded")
            if best is not None:
                pairing[i] = (best, how)
                used[best] = True

    # Targets left over that the source does not have anyway: the one nearest
    # a missing source number is blamed for it, the others are extra.
    sources = _Sources(src)
    tgt_len = max(len(target_en), 1)
    extra = [not used[j] and not t.soft and not sources.explains(t) for j, t in enumerate(tgt)]
    where = [t.span[0] / tgt_len for t in tgt]
    numeric = [j for j, t in enumerate(tgt) if extra[j] and t.kind != "date"]
    temporal = [j for j, t in enumerate(tgt) if extra[j] and t.kind in ("date", "year")]
    free = {
        "numeric": _Nearest(numeric, [where[j] for j in numeric]),
        "temporal": _Nearest(temporal, [where[j] for j in temporal]),
    }

    problems: list[NumberProblem] = []
    src_len = max(len(source_zh), 1)
    for i, s in enumerate(src):
        expected = _describe(s)
        if i not in pairing:
            if s.soft:
                continue
            klass = "temporal" if s.kind in _TEMPORAL else "numeric"
            nearest = free[klass].take(s.span[0] / src_len)
            if nearest is not None:
                used[nearest] = True
                for pool in free.values():
                    pool.discard(nearest)
                t = tgt[nearest]
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
        if used[j] or not extra[j]:
            continue
        problems.append(NumberProblem(
            "number_extra", "warning",
            f"{t.text!r} in the target has no counterpart in the source", None, t))
    return problems
