"""Glossary enforcement, memory and cache wrappers around a deterministic fake engine."""

from __future__ import annotations

import re

import pytest
from helpers.fakes import FakeEngine

from translator.engines.wrappers import STYLES, CachedEngine, GlossaryEngine, MemoryEngine, mask, restore
from translator.store.database import Store
from translator.store.glossary import Glossary
from translator.store.memory import Memory, MemoryEntry

ROWS = (
    "source\ttarget\tnote\tkind\n"
    "吉安\tJi'an\tcity\tterm\n"
    "脱贫攻坚\tthe fight against poverty\tpolicy\tterm\n"
    "APP\tAPP\tkeep\tdnt\n"
    "摘帽\tlifted out of poverty\t\tterm\n"
    "摘帽\ttake off the hat\tcalque\tforbidden\n"
)


@pytest.fixture
def glossary(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text(ROWS, encoding="utf-8")
    return Glossary.load([p], shipped=False)


def test_terms_masked_copied_and_restored(glossary):
    inner = FakeEngine()
    eng = GlossaryEngine(inner, glossary)
    [t] = eng.translate_batch(["吉安推进脱贫攻坚，开发APP。"])
    assert t.text.startswith("Ji'an word the fight against poverty, word APP.")
    assert not t.notes
    sent = inner.calls[0][0][0]
    assert "吉安" not in sent and "脱贫攻坚" not in sent and re.search(r"ZQ1X", sent)
    assert t.provenance["glossary_strategy"] == "latin"
    assert [x["source"] for x in t.provenance["terms"]] == ["吉安", "脱贫攻坚", "APP"]
    assert "glossary" not in t.provenance  # the glossary's versions are the signature's, added once per run


def test_tolerant_restore_of_spaced_lowercased_sentinel(glossary):
    ms = glossary.match("吉安很好")
    out = restore("zq 1 x is fine", ms, STYLES["latin"])
    assert out.text == "Ji'an is fine" and not out.lost


def test_lost_placeholder_retried_with_next_style(glossary):
    inner = FakeEngine(mangle=lambda s: re.sub(r"ZQ\d+X", "", s))  # drops Latin sentinels only
    eng = GlossaryEngine(inner, glossary)
    [t] = eng.translate_batch(["吉安很好。"])
    assert "Ji'an" in t.text and not t.notes
    assert t.provenance["glossary_strategy"] == "retry:digits"
    assert len(inner.calls) == 2 and "90001" in inner.calls[1][0][0]


def test_injection_when_every_sentinel_is_lost(glossary):
    inner = FakeEngine(mangle=lambda s: re.sub(r"ZQ\d+X|900\d\d", "", s))
    [t] = GlossaryEngine(inner, glossary).translate_batch(["吉安很好。"])
    assert "Ji'an" in t.text and not t.notes
    assert t.provenance["glossary_strategy"] == "inject"
    assert "Ji'an" in inner.calls[2][0][0]


def test_flagged_when_nothing_works(glossary):
    inner = FakeEngine(mangle=lambda s: re.sub(r"ZQ\d+X|900\d\d|Ji'an", "", s))
    [t, u] = GlossaryEngine(inner, glossary).translate_batch(["吉安很好。", "没有术语。"])
    assert [n["code"] for n in t.notes] == ["placeholder_lost"]
    assert "吉安" in t.notes[0]["message"] and "Ji'an" in t.notes[0]["message"]
    assert not u.notes
    # the segment without terms was translated once, not retried
    assert [c[0].count("没有术语。") for c in inner.calls] == [1, 0, 0]


def test_forbidden_targets_passed_as_suppress(glossary):
    inner = FakeEngine()
    GlossaryEngine(inner, glossary).translate_batch(["已摘帽贫困县。", "其他。"])
    assert inner.calls[0][1] == ["take off the hat"]


def test_duplicated_sentinel_noted(glossary):
    inner = FakeEngine(mangle=lambda s: s + " ZQ1X")
    [t] = GlossaryEngine(inner, glossary).translate_batch(["吉安。"])
    assert [n["code"] for n in t.notes] == ["placeholder_duplicated"]


def test_styles_the_tokenizer_cannot_spell_are_skipped(glossary):
    inner = FakeEngine()
    eng = GlossaryEngine(inner, glossary, representable=lambda text: "ZQ" not in text)
    [t] = eng.translate_batch(["吉安很好。"])
    assert [s.name for s in eng.styles] == ["digits", "bracket"]
    assert t.provenance["glossary_strategy"] == "digits" and "Ji'an" in t.text


@pytest.mark.parametrize("out", ["90001 is", "90,001 is", "9 0 0 0 1 is"])
def test_digit_sentinels_found_when_regrouped(glossary, out):
    ms = glossary.match("吉安很好")
    assert restore(out, ms, STYLES["digits"]).text == "Ji'an is"
    assert restore("190001 is", ms, STYLES["digits"]).lost


def test_restored_article_is_not_doubled(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("source\ttarget\tnote\n国务院\tthe State Council\t\n", encoding="utf-8")
    g = Glossary.load([p], shipped=False)
    out = restore("He told the ZQ1X and the press.", g.match("国务院"), STYLES["latin"])
    assert out.text == "He told the State Council and the press."


def test_mask_keeps_text_between_terms(glossary):
    ms = glossary.match("吉安和吉安")
    assert mask("吉安和吉安", ms, STYLES["bracket"]) == "⟦1⟧ 和 ⟦2⟧"


def test_memory_exact_and_fuzzy(db_url):
    store = Store(db_url)
    mem = Memory(store)
    mem.add("江西省工信厅积极开展工业设计扶贫。", "Jiangxi's industry department promoted design-led poverty relief.", origin="doc-1-0", editor="ann")
    inner = FakeEngine()
    eng = MemoryEngine(inner, mem)
    exact, fuzzy, none = eng.translate_batch(
        ["江西省工信厅积极开展工业设计扶贫。", "江西省工信厅积极开展工业设计帮扶。", "完全不同的句子。"]
    )
    assert exact.text.startswith("Jiangxi's industry department")
    assert exact.provenance["engine"] == "memory" and exact.provenance["memory_score"] == 100.0
    assert exact.provenance["editor"] == "ann"
    assert fuzzy.provenance["engine"] == "fake"
    assert 75 <= fuzzy.provenance["memory_score"] < 100
    assert fuzzy.provenance["memory_suggestions"][0]["target"].startswith("Jiangxi's")
    assert "memory_score" not in none.provenance
    assert inner.calls[0][0] == ["江西省工信厅积极开展工业设计帮扶。", "完全不同的句子。"]


def test_memory_persists_in_a_real_sqlite_file(tmp_path):
    path = tmp_path / "tm.sqlite"
    Memory(Store(path)).add("你好。", "Hello.")
    Memory(Store(path)).add("你好。", "Hi.")  # the newest approval wins
    again = Memory(Store(path))
    assert len(again) == 1
    [[m]] = again.lookup(["你 好。"])  # whitespace does not matter
    assert (m.target, m.score) == ("Hi.", 100.0)
    assert path.stat().st_size > 0


def test_cache_wrapper(glossary):
    inner = FakeEngine()
    eng = CachedEngine(inner)
    a = eng.translate_batch(["一。", "二。", "一。"])
    b = eng.translate_batch(["二。", "三。"])
    assert [t.text for t in a] == ["word ."] * 3 and a[0] is a[2]
    assert inner.calls[0][0] == ["一。", "二。"] and inner.calls[1][0] == ["三。"]
    assert b[0] is a[1]


@pytest.mark.parametrize("path", ["ngram index", "length window"])
def test_fuzzy_lookup_matches_brute_force(db_url, path, monkeypatch):
    """The n-gram index and the length window never hide a match the plain scan would find."""
    if path == "ngram index":
        monkeypatch.setattr("translator.store.memory.SCAN_BELOW", 0)
    import random

    from rapidfuzz import fuzz

    rng = random.Random(7)
    alphabet = "脱贫攻坚工业园区产业扶贫江西省吉安于都项目资金支持"
    entries = ["".join(rng.choice(alphabet) for _ in range(rng.randint(4, 40))) for _ in range(300)]
    mem = Memory(Store(db_url))
    for i, e in enumerate(entries):
        mem.add(e, f"t{i}")
    queries = [e[:-2] + "的" for e in entries[:40]] + ["".join(rng.choice(alphabet) for _ in range(12)) for _ in range(20)]
    stored = {e: f"t{i}" for i, e in enumerate(entries)}  # later duplicates win, as in the store
    for q, found in zip(queries, mem.lookup(queries)):
        best = max((fuzz.ratio(q, e), e) for e in stored)
        if best[0] >= 75:
            assert found and found[0].score == pytest.approx(best[0])
        else:
            assert not found


def test_indexed_lookup_equals_brute_force_on_news_sentences(db_url, sample_doc, monkeypatch):
    """Sentences of the sample with numbers and names varied (what a newsroom's memory holds): the
    n-gram index finds exactly what scoring every stored key with rapidfuzz finds."""
    monkeypatch.setattr("translator.store.memory.SCAN_BELOW", 0)  # the index, even for this small memory
    import random

    from rapidfuzz import fuzz, process

    from translator.store.memory import MAX_SUGGESTIONS, source_key

    rng = random.Random(12)
    sentences = [s.source for s in sample_doc.segments() if len(s.source) >= 8]
    names = ["赣州", "吉安", "于都", "瑞金", "井冈山", "南昌"]

    def vary(sentence: str) -> str:
        out = "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in sentence)
        return out.replace("江西", rng.choice(names), 1) if rng.random() < 0.5 else out + str(rng.randint(1, 999))

    stored = {source_key(vary(s)): None for s in sentences for _ in range(8)}
    mem = Memory(Store(db_url))
    mem.add_many([MemoryEntry(k, f"t{i}") for i, k in enumerate(stored)])
    keys = list(stored)
    queries = [vary(s) for s in sentences] + [k[: len(k) // 2] + "的新闻" + k[len(k) // 2 :] for k in keys[::15]]
    results = mem.lookup(queries)
    compared = 0
    for q, found in zip(queries, results):
        key = source_key(q)
        if key in stored:
            assert found and found[0].score == 100.0
            continue
        brute = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=75.0, limit=MAX_SUGGESTIONS)
        assert [round(m.score, 6) for m in found] == [round(score, 6) for _, score, _ in brute], q
        compared += bool(brute)
    assert compared > len(queries) // 2  # most queries do have fuzzy matches to find
