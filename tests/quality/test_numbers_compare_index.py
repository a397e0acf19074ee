"""compare() pairs numbers through indexes (near-linear); the results must be
the ones of the exhaustive pairing it replaced, kept here as the reference."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

import pytest

# tests/ is on sys.path: pytest's rootdir-relative import of a folder with no __init__.py
from helpers.number_cases import BAD, GOOD

from translator.quality.numbers import NumberProblem, compare, extract_english, parse
from translator.quality.numbers.compare import _describe, _unit_near
from translator.quality.numbers.match import (
    _APPROX_OK,
    _TEMPORAL,
    _close,
    _exact,
    _fv,
    _rounded,
)
from translator.quality.numbers.model import APPROX_EN, UNITS, Number


def _explained_reference(t: Number, src: Sequence[Number]) -> bool:
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
    if t.kind == "date" and t.date:
        parts = [p for p in t.date if p is not None]
        have = {p for s in src if s.date for p in s.date if p is not None}
        return all(p in have for p in parts)
    return False


def compare_reference(source_zh: str, target_en: str) -> list[NumberProblem]:
    """The exhaustive compare(): every source against every target."""
    src = parse(source_zh)
    tgt = extract_english(target_en)
    used = [False] * len(tgt)
    pairing: dict[int, tuple[int, str]] = {}
    order = sorted(range(len(src)), key=lambda i: src[i].soft)

    def candidates() -> list[int]:
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
                and not _explained_reference(tgt[j], src)
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
        if used[j] or t.soft or _explained_reference(t, src):
            continue
        problems.append(NumberProblem(
            "number_extra", "warning",
            f"{t.text!r} in the target has no counterpart in the source", None, t))
    return problems


# -- generated segments in the style of the existing cases ----------------------

_ZH_BEFORE = ["", "", "", "近", "约", "超过", "不到", "至少"]
_ZH_AFTER = ["", "", "多", "余", "以上", "左右"]
_ZH_UNIT = ["", "亩", "万", "万元", "个", "家", "人", "吨", "公里", "户", "亿元", "%", "倍", "年"]
_EN_BEFORE = ["", "", "", "nearly ", "about ", "more than ", "over ", "less than ", "at least ", "up to "]
_EN_UNIT = ["", " mu", " yuan", " people", " tonnes", " km", " households", " percent", "%", " million",
            " billion", " thousand"]
_EN_WORDS = ["one", "two", "three", "five", "ten", "twelve", "twenty", "a hundred", "a third", "two-thirds",
             "half", "both"]
_MONTHS = ["January", "February", "March", "May", "June", "December"]


def _value(rnd: random.Random) -> str:
    # few distinct values, so targets collide, round and repeat
    r = rnd.random()
    if r < 0.4:
        return str(rnd.choice([1, 2, 3, 5, 10, 12, 20, 30, 50, 100, 1000, 1400, 3500, 4965]))
    if r < 0.7:
        return str(rnd.randint(0, 60))
    if r < 0.85:
        return f"{rnd.randint(0, 99)}.{rnd.randint(0, 9)}"
    return str(rnd.choice([1990, 2000, 2019, 2020, 2021, 2100]))


def _zh(rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.6:
        return rnd.choice(_ZH_BEFORE) + _value(rnd) + rnd.choice(_ZH_AFTER) + rnd.choice(_ZH_UNIT)
    if r < 0.7:
        return f"{rnd.choice([2019, 2020, 2021])}年{rnd.randint(1, 12)}月{rnd.randint(1, 31)}日"
    if r < 0.75:
        return f"{rnd.randint(1, 12)}月"
    if r < 0.8:
        return f"{rnd.randint(1, 31)}日"
    if r < 0.85:
        return f"{rnd.choice('三四五')}分之{rnd.choice('一二')}"
    if r < 0.9:
        return f"百分之{_value(rnd)}"
    if r < 0.95:
        return f"第{rnd.randint(1, 20)}届"
    return f"{rnd.randint(1, 3)}/{rnd.randint(2, 5)}"


def _en(rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.55:
        v = _value(rnd)
        if rnd.random() < 0.3 and "." not in v:
            v = f"{int(v):,}"
        return rnd.choice(_EN_BEFORE) + v + rnd.choice(_EN_UNIT)
    if r < 0.65:
        return f"{rnd.choice(_MONTHS)} {rnd.randint(1, 31)}, {rnd.choice([2019, 2020, 2021])}"
    if r < 0.7:
        return f"in {rnd.choice(_MONTHS)}"
    if r < 0.8:
        return rnd.choice(_EN_BEFORE) + rnd.choice(_EN_WORDS)
    if r < 0.87:
        return f"the {rnd.randint(1, 20)}th"
    if r < 0.93:
        return f"{rnd.randint(1, 3)}/{rnd.randint(2, 5)}"
    return f"{rnd.choice([2019, 2020, 2021])}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def _generated(seed: int, cases: int) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(cases):
        k = rnd.choice([1, 2, 3, 5, 8, 20, 60])
        zh = "，".join(_zh(rnd) for _ in range(k))
        en = ", ".join(_en(rnd) for _ in range(rnd.randint(max(0, k - 2), k + 2)))
        out.append((zh, en))
    return out


@pytest.mark.parametrize("zh,en", [(zh, en) for zh, en in GOOD] + [(b[0], b[1]) for b in BAD])
def test_existing_cases_unchanged(zh, en):
    assert compare(zh, en) == compare_reference(zh, en)


def test_generated_segments_unchanged():
    pairs = _generated(seed=20240611, cases=300)
    seen: Counter[tuple[str, str]] = Counter()
    for zh, en in pairs:
        expected = compare_reference(zh, en)
        assert compare(zh, en) == expected, (zh, en)
        seen.update((p.code, p.severity) for p in expected)
    # the cases reach every kind of finding, so they test the pairing in full
    assert set(seen) == {
        ("number_mismatch", "error"), ("number_mismatch", "warning"), ("number_qualifier", "warning"),
        ("number_unit", "warning"), ("number_extra", "warning"),
    }, seen
    assert min(seen.values()) >= 20, seen


def test_long_segment_unchanged():
    # one segment of 600 numbers, a third of them repeated, one in seven wrong
    rnd = random.Random(7)
    zh_parts, en_parts = [], []
    for k in range(600):
        v = rnd.choice([5, 12, 20, 1400, 3500]) if k % 3 == 0 else 100 + k
        zh_parts.append(f"{v}亩" if k % 2 else f"近{v}家")
        w = v + (1 if k % 7 == 0 else 0)
        en_parts.append(f"{w:,} mu" if k % 2 else f"nearly {w:,}")
    zh, en = "，".join(zh_parts), ", ".join(en_parts)
    expected = compare_reference(zh, en)
    assert len(expected) > 50
    assert compare(zh, en) == expected


@pytest.mark.parametrize(
    "zh,en",
    [
        ("增长33.3333333333%", "up by one third"),  # a percentage against a fraction ×100
        ("三分之一的企业", "33.3333333333 percent of the enterprises"),  # and the other way round
        ("投资1000000000.1元", "an investment of 1,000,000,000.2 yuan"),  # within 1e-9 of each other
        ("投资1000000000.1元和5元", "5 yuan and 1,000,000,000.2 yuan"),
    ],
)
def test_values_within_the_tolerance_still_match_exactly(zh, en):
    assert compare_reference(zh, en) == []
    assert compare(zh, en) == []
