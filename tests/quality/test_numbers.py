"""Chinese numbers: parsing, English rendering, and source/target comparison."""

from __future__ import annotations

import pytest
from helpers.number_cases import BAD, GOOD

from translator.quality.numbers import (
    Number,
    compare,
    extract_english,
    format_value,
    parse,
    parse_zh_numeral,
    to_english,
)

# (source, value, kind, approx, unit, English rendering)
PARSE_TABLE = [
    ("4965万", 49_650_000, "cardinal", None, None, "49.65 million"),
    ("４９６５万", 49_650_000, "cardinal", None, None, "49.65 million"),  # full-width digits
    ("660多万", 6_600_000, "cardinal", "more_than", None, "more than 6.6 million"),
    ("7亿", 700_000_000, "cardinal", None, None, "700 million"),
    ("近7亿", 700_000_000, "cardinal", "nearly", None, "nearly 700 million"),
    ("3500多亩", 3500, "cardinal", "more_than", "mu", "more than 3,500 mu"),
    ("1000余农户", 1000, "cardinal", "more_than", "household", "more than 1,000 households"),
    ("760余农户", 760, "cardinal", "more_than", "household", "more than 760 households"),
    ("近1400家", 1400, "cardinal", "nearly", None, "nearly 1,400"),
    ("2000以上", 2000, "cardinal", "more_than", None, "more than 2,000"),
    ("50余个", 50, "cardinal", "more_than", None, "more than 50"),
    ("1/3", 1 / 3, "fraction", None, None, "one third"),
    ("2/3", 2 / 3, "fraction", None, None, "two thirds"),
    ("三分之一", 1 / 3, "fraction", None, None, "one third"),
    ("四分之三", 0.75, "fraction", None, None, "three quarters"),
    ("不低于1/3", 1 / 3, "fraction", "at_least", None, "at least one third"),
    ("百分之三十", 30, "percent", None, None, "30 percent"),
    ("百分之三十五点五", 35.5, "percent", None, None, "35.5 percent"),
    ("30%", 30, "percent", None, None, "30 percent"),
    ("３０％", 30, "percent", None, None, "30 percent"),
    ("三成", 30, "percent", None, None, "30 percent"),
    ("3个百分点", 3, "percent", None, "percentage point", "3 percentage points"),
    ("2019年", 2019, "year", None, None, "2019"),
    ("2018年度", 2018, "year", None, None, "2018"),
    ("二〇一九年", 2019, "year", None, None, "2019"),
    ("2020年6月4日", 2020, "date", None, None, "June 4, 2020"),
    ("2020-06-04", 2020, "date", None, None, "June 4, 2020"),
    ("6月", 6, "date", None, None, "June"),
    ("十二月", 12, "date", None, None, "December"),
    ("12个", 12, "cardinal", None, None, "12"),
    ("27场", 27, "cardinal", None, None, "27"),
    ("5个", 5, "cardinal", None, None, "five"),
    ("两个", 2, "cardinal", None, None, "two"),
    ("三千五百", 3500, "cardinal", None, None, "3,500"),
    ("一百零五", 105, "cardinal", None, None, "105"),
    ("三千五百万", 35_000_000, "cardinal", None, None, "35 million"),
    ("六百多万", 6_000_000, "cardinal", "more_than", None, "more than 6 million"),
    ("十几个", 10, "cardinal", "more_than", None, "more than 10"),
    ("4965万元", 49_650_000, "cardinal", None, "yuan", "49.65 million yuan"),
    ("1.2万亿元", 1_200_000_000_000, "cardinal", None, "yuan", "1.2 trillion yuan"),
    ("12亿元", 1_200_000_000, "cardinal", None, "yuan", "1.2 billion yuan"),
    ("5万吨", 50_000, "cardinal", None, "tonne", "50,000 tonnes"),
    ("20公里", 20, "cardinal", None, "km", "20 km"),
    ("120平方米", 120, "cardinal", None, "square metre", "120 square metres"),
    ("五千瓦", 5, "cardinal", None, "kW", "5 kW"),
    ("三年", 3, "cardinal", None, "year", "three years"),
    ("约3000元", 3000, "cardinal", "about", "yuan", "about 3,000 yuan"),
    ("超过2000人", 2000, "cardinal", "more_than", "person", "more than 2,000 people"),
    ("第十一届", 11, "ordinal", None, None, "11th"),
    ("第11届", 11, "ordinal", None, None, "11th"),
    ("第一", 1, "ordinal", None, None, "first"),
    ("十三五规划", 13, "ordinal", None, None, "13th Five-Year Plan"),
    ("一半", 0.5, "fraction", None, None, "one half"),
]


@pytest.mark.parametrize("zh,value,kind,approx,unit,english", PARSE_TABLE)
def test_parse_and_render(zh, value, kind, approx, unit, english):
    found = parse(zh)
    assert len(found) == 1, found
    n = found[0]
    assert n.value == pytest.approx(value)
    assert (n.kind, n.approx, n.unit) == (kind, approx, unit)
    assert to_english(n) == english
    assert to_english(zh) == english


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("2019年以来，共支持20个贫困县工业项目71个，共投入工业项目资金4965万。",
         ["2019年", "20个", "71个", "4965万"]),
        ("种植面积达到3500多亩，有效带动周边1000余农户种植中药材。", ["3500多亩", "1000余农户"]),
        ("总金额660多万，可撬动工业制造业产值近7亿", ["660多万", "近7亿"]),
        ("在第十一届中国中部投资贸易博览会上", ["第十一"]),
        ("按照支持数量不低于1/3的比例", ["不低于1/3"]),
    ],
)
def test_spans_quote_the_source(sentence, expected):
    found = parse(sentence)
    assert [n.text for n in found] == expected
    for n in found:
        assert sentence[n.span[0] : n.span[1]] == n.text


@pytest.mark.parametrize(
    "text",
    [
        "千万不要", "万一出现问题", "一些企业", "鄱阳五金机电", "“两型三化”", "千方百计", "几十个",
        "数百家", "万安工业园区", "做到‘三高’", "一带一路", "5G网络", "COVID-19疫情", "PM2.5浓度",
        "十分重要", "三三两两", "一直", "统一部署",
    ],
)
def test_words_with_numerals_are_not_numbers(text):
    # 统一部署 has 一部 "one (measure)": soft, so never required in a translation
    assert [n for n in parse(text) if not n.soft] == []


def test_yi_with_measure_word_is_soft():
    (n,) = parse("一个重要突破口")
    assert n.value == 1 and n.soft


def test_qualifier_words_that_are_not_qualifiers():
    (n,) = parse("节约3000元")
    assert n.approx is None
    (n,) = parse("最近3天")
    assert n.approx is None and n.text == "3天"


@pytest.mark.parametrize(
    "text,value",
    [("三千五百", 3500), ("十一", 11), ("一百零五", 105), ("两万五", 25000), ("一亿二千万", 120_000_000),
     ("三十五点五", 35.5), ("4,965", 4965), ("１２", 12), ("万一", None), ("三四", None), ("百姓", None)],
)
def test_parse_zh_numeral(text, value):
    assert parse_zh_numeral(text) == value


@pytest.mark.parametrize(
    "value,words,english",
    [(49_650_000, False, "49.65 million"), (700_000_000, False, "700 million"), (3500, False, "3,500"),
     (1_234_567, False, "1,234,567"), (35.5, False, "35.5"), (5, True, "five"), (5, False, "5"),
     (10, True, "10"), (1_000_000_000, False, "1 billion")],
)
def test_format_value(value, words, english):
    assert format_value(value, words=words) == english


def test_to_english_needs_exactly_one_number():
    with pytest.raises(ValueError, match="no number"):
        to_english("没有数字")
    with pytest.raises(ValueError, match="2 numbers"):
        to_english("3个和5个")
    assert to_english(7) == "seven"
    assert to_english(Number(11, "ordinal")) == "11th"


# (English text, [(value, kind, approx)])
EXTRACT_TABLE = [
    ("49.65 million", [(49_650_000, "cardinal", None)]),
    ("49,650,000", [(49_650_000, "cardinal", None)]),
    ("4.965 million", [(4_965_000, "cardinal", None)]),
    ("more than 6.6 million", [(6_600_000, "cardinal", "more_than")]),
    ("over 2,000 yuan", [(2000, "cardinal", "more_than")]),
    ("upwards of 1,000 households", [(1000, "cardinal", "more_than")]),
    ("1,000-plus households", [(1000, "cardinal", "more_than")]),
    ("1,000 households or more", [(1000, "cardinal", "at_least")]),
    ("nearly 1,400", [(1400, "cardinal", "nearly")]),
    ("almost 700 million", [(700_000_000, "cardinal", "nearly")]),
    ("about 50 million", [(50_000_000, "cardinal", "about")]),
    ("RMB49.65 million", [(49_650_000, "cardinal", None)]),
    ("$5 million and US$3 billion", [(5_000_000, "cardinal", None), (3_000_000_000, "cardinal", None)]),
    ("more than RMB 49.65 million", [(49_650_000, "cardinal", "more_than")]),
    ("one third", [(1 / 3, "fraction", None)]),
    ("a third", [(1 / 3, "fraction", None)]),
    ("two-thirds", [(2 / 3, "fraction", None)]),
    ("1/3", [(1 / 3, "fraction", None)]),
    ("30 percent", [(30, "percent", None)]),
    ("30 per cent", [(30, "percent", None)]),
    ("30%", [(30, "percent", None)]),
    ("thirty percent", [(30, "percent", None)]),
    ("3 percentage points", [(3, "percent", None)]),
    ("11th", [(11, "ordinal", None)]),
    ("eleventh", [(11, "ordinal", None)]),
    ("twenty-first", [(21, "ordinal", None)]),
    ("five", [(5, "cardinal", None)]),
    ("twelve", [(12, "cardinal", None)]),
    ("three thousand five hundred", [(3500, "cardinal", None)]),
    ("one hundred and five", [(105, "cardinal", None)]),
    ("a million", [(1_000_000, "cardinal", None)]),
    ("in 2019", [(2019, "year", None)]),
    ("June 4, 2020", [(2020, "date", None)]),
    ("4 June 2020", [(2020, "date", None)]),
    ("2020-06-04", [(2020, "date", None)]),
    ("in May", [(5, "date", None)]),
    ("COVID-19 and 5G and G20", []),
    ("the 13th Five-Year Plan", [(13, "ordinal", None), (5, "cardinal", None)]),  # the five is soft
    ("two and three", [(2, "cardinal", None), (3, "cardinal", None)]),
]


@pytest.mark.parametrize("text,expected", EXTRACT_TABLE)
def test_extract_english(text, expected):
    got = [(n.value, n.kind, n.approx) for n in extract_english(text)]
    assert len(got) == len(expected), got
    for (v, k, a), (ev, ek, ea) in zip(got, expected):
        assert v == pytest.approx(ev) and (k, a) == (ek, ea)


def test_extract_english_dates_keep_their_parts():
    (d,) = extract_english("Published on June 4, 2020.")
    assert d.date == (2020, 6, 4)
    (d,) = extract_english("4 June 2020")
    assert d.date == (2020, 6, 4)
    assert extract_english("May I help?") == []




@pytest.mark.parametrize("zh,en", GOOD)
def test_compare_accepts_correct_numbers(zh, en):
    assert compare(zh, en) == []




@pytest.mark.parametrize("zh,en,code,severity,quoted", BAD)
def test_compare_reports_problems(zh, en, code, severity, quoted):
    problems = compare(zh, en)
    hits = [p for p in problems if p.code == code]
    assert hits, problems
    assert hits[0].severity == severity
    for q in quoted:
        assert q in hits[0].message, hits[0].message


def test_wrong_number_is_one_problem_not_also_an_extra():
    problems = compare("共投入工业项目资金4965万。", "A total of 4.965 million was invested.")
    assert [p.code for p in problems] == ["number_mismatch"]


def test_repeated_number_in_target_is_not_extra():
    assert compare("2019年以来共支持20个贫困县", "Since 2019, 20 poor counties (all 20 of them) were supported") == []
