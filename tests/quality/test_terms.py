"""Term mining (translator/quality/terms.py) through the real parts: the prepare pipeline, jieba, CC-CEDICT and a real
project database (its memory), on articles built here."""

from __future__ import annotations

import pytest

from translator.engines.gloss import load_resources
from translator.prepare.pipeline import prepare_text
from translator.quality.terms import TextSegment, mine_terms, renderings_of, spot_rendering
from translator.store.glossary import Glossary

ARTICLES = [
    "扶贫车间开工\n\n今年全县新建扶贫车间十二个，吸纳贫困劳动力就业。工业园区引进企业五家。脱贫攻坚取得成效。",
    "扶贫车间见闻\n\n走进扶贫车间，工人们正在忙碌。工业园区的扶贫车间生产服装。脱贫攻坚进入关键阶段。",
    "工业园区建设\n\n工业园区基础设施不断完善，扶贫车间达到三十个。脱贫攻坚目标如期完成。",
]


def segments(texts=ARTICLES):
    out = []
    for i, text in enumerate(texts):
        doc = prepare_text(text, name=f"a{i}.txt")
        out.extend(TextSegment(f"a{i}.txt", s.id, s.source) for s in doc.segments())
    return out


@pytest.fixture(scope="module")
def resources():
    return load_resources()


def test_recurring_terms_are_ranked_with_counts_documents_and_an_example(resources):
    rows = mine_terms(segments(), resources=resources, min_count=3)
    by = {r.source: r for r in rows}
    assert "扶贫车间" in by and "工业园区" in by
    r = by["扶贫车间"]
    assert (r.count, r.documents) == (6, 3)
    assert "扶贫车间" in r.example and r.example_document.startswith("a")
    assert rows.index(r) < 3  # spread over every document and specific: near the top
    # function words and bare numbers never start or end a term
    assert not any(x.source.startswith(("的", "了", "在")) or x.source in ("十二个", "三十个", "今年") for x in rows)
    d = r.to_dict()
    assert set(d) >= {"source", "count", "documents", "candidates", "example"}


def test_a_term_the_glossary_covers_is_not_proposed_nor_its_pieces(tmp_path, resources):
    tsv = tmp_path / "g.tsv"
    tsv.write_text("source\ttarget\tnote\n脱贫攻坚\tthe fight against poverty\t\n", encoding="utf-8")
    glossary = Glossary.load([tsv], shipped=False)
    rows = {r.source for r in mine_terms(segments(), resources=resources, glossary=glossary, min_count=2)}
    assert "扶贫车间" in rows
    assert not {"脱贫攻坚", "脱贫", "攻坚"} & rows
    without = {r.source for r in mine_terms(segments(), resources=resources, min_count=2)}
    assert "脱贫攻坚" in without


def test_a_fragment_that_only_occurs_inside_a_longer_term_drops_out(resources):
    texts = ["中药材种植基地扩大。中药材种植基地增收。", "中药材种植基地建成。", "发展中药材种植基地。"]
    rows = {r.source: r for r in mine_terms(segments(texts), resources=resources, min_count=3)}
    longest = max((s for s in rows if "中药材" in s), key=len)
    assert "种植基地" in longest or longest == "中药材"
    # C-value: a piece with no occurrence outside its container scores nothing
    assert all(r.cvalue > 0 for r in rows.values())


def test_candidates_come_from_the_memory_first_then_cc_cedict_then_pinyin(resources):
    memory = [
        ("全县新建扶贫车间十二个。", "The county built twelve new poverty alleviation workshops."),
        ("扶贫车间生产服装。", "Poverty alleviation workshops make clothes."),
        ("工业园区引进企业五家。", "The industrial park brought in five companies."),
    ]
    rows = {r.source: r for r in mine_terms(segments(), resources=resources, memory=memory, min_count=3)}
    first = rows["扶贫车间"].candidates[0]
    assert (first.origin, first.uses) == ("memory", 2)
    assert first.target.lower() == "poverty alleviation workshops"
    park = rows["工业园区"].candidates
    assert (park[0].target, park[0].origin, park[0].uses) == ("industrial park", "memory", 1)
    assert park[-1].origin == "pinyin" and park[-1].target == "Gongyeyuanqu"


def test_renderings_of_a_name_are_spotted_however_they_are_written(resources):
    known = renderings_of("杨贵平", resources)
    assert ("Yang Guiping", "pinyin") in known
    assert spot_rendering("Director Yang Guiping said", known) == "Yang Guiping"
    assert spot_rendering("Director Yang Gui-ping said", known) == "Yang Gui-ping"
    assert spot_rendering("Guiping Yang said", known) == "Guiping Yang"
    assert spot_rendering("Young said", known) is None


def test_a_word_cc_cedict_defines_as_a_verb_is_no_term_but_a_policy_noun_is(resources):
    texts = ["工人检测产品。扶贫成效明显。", "专家检测水质。扶贫取得进展。", "机构检测空气。扶贫任务完成。"]
    rows = {r.source for r in mine_terms(segments(texts), resources=resources, min_count=3)}
    assert "扶贫" in rows  # "assistance to the poor; poverty alleviation"
    assert "检测" not in rows  # "to detect; to test"
