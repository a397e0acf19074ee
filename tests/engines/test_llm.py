"""engine llm against the scripted stand-in server: prompts, cleaning, batches, failures, the key.

The stand-in gives the answers a real model cannot be made to give on demand
(reasoning blocks, chatter, numbered-batch mismatches, Chinese, 5xx); the
real llama.cpp server is in tests/e2e/test_llm_server.py.
"""

from __future__ import annotations

import logging
import re

import pytest
from helpers.llmserver import Reply, ScriptedServer, user_text

from translator.engines.llm import LLMEngine, Template, clean_answer, mostly_chinese, parse_numbered
from translator.errors import EngineError
from translator.project import Project
from translator.settings import Settings

KEY = "sk-test-0123456789abcdef-SECRET"


@pytest.mark.parametrize(
    "answer, clean",
    [
        ("<think>The user wants English. 脱贫 means…</think>\n\nPoverty was eliminated.", "Poverty was eliminated."),
        ("<think>unfinished reasoning", ""),
        ("reasoning the template opened</think>Poverty was eliminated.", "Poverty was eliminated."),
        ("Translation: Poverty was eliminated.", "Poverty was eliminated."),
        ("Sure! Here is the translation:\nPoverty was eliminated.", "Poverty was eliminated."),
        ("English: Poverty was eliminated.", "Poverty was eliminated."),
        ("译文：Poverty was eliminated.", "Poverty was eliminated."),
        ('"Poverty was eliminated."', "Poverty was eliminated."),
        ("“Poverty was eliminated.”", "Poverty was eliminated."),
        ("```\nPoverty was eliminated.\n```", "Poverty was eliminated."),
        ("```text\nPoverty was eliminated.\n```", "Poverty was eliminated."),
        ("Poverty was eliminated.\n\nNote: 脱贫 literally means 'shake off poverty'.", "Poverty was eliminated."),
        ("Poverty was eliminated.\n\nThis translation keeps the official term.", "Poverty was eliminated."),
        ("Poverty was eliminated. (Note: literal.)", "Poverty was eliminated."),
        ('He said "we must win" today.', 'He said "we must win" today.'),  # inner quotes stay
        ("", ""),
    ],
)
def test_clean_answer(answer, clean):
    assert clean_answer(answer) == clean


def test_mostly_chinese_and_numbered_lines():
    assert mostly_chinese("打赢脱贫攻坚战 is key") and not mostly_chinese("The 脱贫 campaign was won in full")
    assert not mostly_chinese("GDP grew 8.6%")
    assert parse_numbered("1. One.\n2. Two.\n", 2) == ["One.", "Two."]
    assert parse_numbered("1. One.\n2) Two.", 2) == ["One.", "Two."]
    assert parse_numbered("1. One.", 2) is None
    assert parse_numbered("1. One.\n3. Two.", 2) is None
    assert parse_numbered("One.\nTwo.", 2) is None


def _glossary(tmp_path):
    from translator.store.glossary import Glossary

    path = tmp_path / "g.tsv"
    path.write_text(
        "source\ttarget\tnote\tkind\n脱贫攻坚\tpoverty alleviation\t\tterm\n江西\tJiangxi\t\tterm\n"
        "小康社会\tmoderately prosperous society\t\tterm\n小康社会\twell-off society\t\tforbidden\n"
        "中国电子报\tChina Electronics News\t\tdnt\n",
        encoding="utf-8",
    )
    return Glossary.load([str(path)], shipped=False)


def _project(tmp_path, url, **extra):
    g = tmp_path / "g.tsv"
    if not g.exists():
        _glossary(tmp_path)
    settings = Settings.load(env={}, cwd=tmp_path, overrides={
        "engine": "llm", "llm_url": url, "glossaries": (str(g),), "shipped_glossaries": False, "memory": False,
        "db": str(tmp_path / "p.sqlite"), **extra,
    })
    return Project(settings)


def test_each_request_names_only_its_segments_terms_and_carries_title_and_context(tmp_path, sample_bytes):
    with ScriptedServer(lambda body, n: f"English sentence number {n}.") as server:
        project = _project(tmp_path, server.url, llm_context=2, llm_concurrency=1)
        doc = project.prepare(sample_bytes, name="sample.txt")
        project.translate([doc])
    segments = [s for s in doc.segments() if s.source.strip()]
    chats = server.chats
    assert len(chats) == len(segments)
    glossary = _glossary(tmp_path)
    by_source = {}
    for chat in chats:
        text = user_text(chat)
        source = text.rsplit("Translate into English:\n", 1)[1]
        by_source[source] = text
    title = " ".join(s.source for s in doc.title.segments) if doc.title else ""
    for k, seg in enumerate(segments):
        text = by_source[seg.source]
        found = {m.term.source for m in glossary.match(seg.source)}
        for term in ("脱贫攻坚", "江西", "小康社会"):
            assert (f"- {term} → " in text) == (term in found), (term, seg.source)
        if "小康社会" in found:
            assert 'never write "well-off society"' in text
        if title and seg.source != title:
            assert f"The article's title: {title}" in text
        for prev in segments[max(0, k - 2):k]:
            assert f"Chinese: {prev.source}\nEnglish: " in text
        if k >= 1:  # concurrency 1: the previous segment's English of this run goes along
            assert f"English: {segments[k - 1].target}" in text
        if k > 2:
            assert f"Chinese: {segments[k - 3].source}\n" not in text
    assert all(s.target.startswith("English sentence number") for s in segments)
    assert all(s.provenance["engine"] == "llm" and s.provenance["model"] == "stand-in-7b" for s in segments)
    termed = [s for s in segments if s.provenance.get("terms")]
    assert termed and all(s.provenance["glossary_strategy"] == "prompt" for s in termed)
    # A term the model ignored is flagged as for any engine.
    assert any(q.code.startswith("term") or "glossary" in q.code for s in termed for q in s.qa), [q.code for q in termed[0].qa]
    assert doc.signature.startswith("engine:llm|model:stand-in-7b@?|template:generic|template_hash:")


def test_reasoning_and_chatter_are_removed_and_chinese_or_empty_answers_fail(tmp_path):
    answers = {
        "第一句。": "<think>Let me think about 第一句.</think>Translation: \"The first sentence.\"",
        "第二句。": "这是第二句。",
        "第三句。": "   ",
        "第四句。": "```\nThe fourth sentence.\n```\n\nNote: literal.",
    }

    def script(body, n):
        return answers[user_text(body).rsplit("\n", 1)[1]]

    with ScriptedServer(script) as server:
        engine = LLMEngine(server.url)
        out = engine.translate_batch(list(answers))
    assert [t.text for t in out] == ["The first sentence.", "", "", "The fourth sentence."]
    assert [n["code"] for n in out[1].notes] == ["engine_failed"] and "Chinese" in out[1].notes[0]["message"]
    assert [n["code"] for n in out[2].notes] == ["engine_failed"] and "empty" in out[2].notes[0]["message"]
    assert not out[0].notes and not out[3].notes


def test_failed_segments_are_flagged_for_the_reviewer(tmp_path):
    from translator.prepare.pipeline import prepare_bytes

    with ScriptedServer(lambda body, n: "还是中文。" if "贫困" in user_text(body) else "Fine English.") as server:
        project = _project(tmp_path, server.url)
        doc = prepare_bytes("脱贫工作。\n\n贫困地区要发展。\n".encode(), name="a.txt")
        project.translate([doc])
    failed, ok = [s for s in doc.segments() if "贫困" in s.source], [s for s in doc.segments() if "贫困" not in s.source]
    assert failed and all(s.status == "needs_review" and not s.target for s in failed)
    assert all(any(q.code == "engine_failed" and q.severity == "error" for q in s.qa) for s in failed)
    assert ok and all(s.target == "Fine English." for s in ok)


def test_numbered_batch_in_one_request_and_mismatch_sent_again_one_by_one():
    sources = ["一。", "二。", "三。", "四。", "五。"]
    english = {"一。": "One.", "二。": "Two.", "三。": "Three.", "四。": "Four.", "五。": "Five."}

    def script(body, n):
        text = user_text(body)
        lines = re.findall(r"^(\d+)\. (.+)$", text, re.M)
        if lines:
            if lines[0][1] == "四。":  # the second group comes back one line short
                return "1. Four."
            return "\n".join(f"{k}. {english[s]}" for k, s in lines)
        return english[text.rsplit("\n", 1)[1]]

    with ScriptedServer(script) as server:
        out = LLMEngine(server.url, batch=3, concurrency=1).translate_batch(sources)
    assert [t.text for t in out] == ["One.", "Two.", "Three.", "Four.", "Five."]
    bodies = [user_text(b) for b in server.chats]
    assert len(bodies) == 4  # 1 batch of 3 ok, 1 batch of 2 mismatched, then 2 single requests
    assert "exactly 3 lines" in bodies[0] and "exactly 2 lines" in bodies[1]
    assert not re.search(r"^\d+\. ", bodies[2], re.M) and bodies[2].endswith("四。")


def test_5xx_is_retried_with_backoff_and_a_segment_that_still_fails_is_flagged_while_the_rest_goes_on():
    tries: dict[str, int] = {}

    def script(body, n):
        source = user_text(body).rsplit("\n", 1)[1]
        tries[source] = tries.get(source, 0) + 1
        if source == "坏。":
            return Reply(status=503)
        if source == "慢。" and tries[source] == 1:
            return Reply(status=500)
        return "Good."

    with ScriptedServer(script) as server:
        out = LLMEngine(server.url, retries=2, backoff_s=0.01).translate_batch(["好。", "坏。", "慢。"])
    assert [t.text for t in out] == ["Good.", "", "Good."]
    assert tries == {"好。": 1, "坏。": 3, "慢。": 2}
    assert "after 3 attempts" in out[1].notes[0]["message"] and "HTTP 503" in out[1].notes[0]["message"]


def test_timeouts_are_retried_then_flagged():
    def script(body, n):
        return Reply("Late.", delay_s=0.6) if "慢" in user_text(body) else "Quick."

    with ScriptedServer(script) as server:
        out = LLMEngine(server.url, timeout_s=0.2, retries=1, backoff_s=0.01).translate_batch(["快。", "慢。"])
    assert out[0].text == "Quick." and out[1].text == ""
    assert "no answer within 0.2 s" in out[1].notes[0]["message"]


def test_a_4xx_answer_is_one_line():
    with ScriptedServer(lambda body, n: Reply(status=400, payload={"error": {"message": "model 'x' not found"}})) as server:
        with pytest.raises(EngineError, match=r"HTTP 400: model 'x' not found\); check llm_model") as err:
            LLMEngine(server.url).translate_batch(["一。"])
    assert "\n" not in str(err.value)


def test_unknown_model_and_unreachable_server_are_one_line_before_any_request():
    with ScriptedServer(lambda body, n: "x") as server:
        with pytest.raises(EngineError, match="has no model 'nope' .it serves: stand-in-7b.; set llm_model"):
            LLMEngine(server.url, model="nope").translate_batch(["一。"])
        assert server.chats == []
        url = server.url
    with pytest.raises(EngineError, match=f"cannot reach the LLM server at {re.escape(url)}: .*check that the server runs"):
        LLMEngine(url).translate_batch(["一。"])


def test_several_urls_are_used_in_turn():
    with ScriptedServer(lambda b, n: "A.") as a, ScriptedServer(lambda b, n: "B.") as b:
        out = LLMEngine(f"{a.url}, {b.url}", concurrency=1).translate_batch(["一。", "二。", "三。", "四。"])
    assert sorted(t.text for t in out) == ["A.", "A.", "B.", "B."]
    assert len(a.chats) == len(b.chats) == 2


def test_concurrent_requests_come_back_in_order():
    import time

    def script(body, n):
        source = user_text(body).rsplit("\n", 1)[1]
        time.sleep(0.05 * (5 - int(source[0])))  # the first ones answer last
        return f"Answer {source[0]}."

    with ScriptedServer(script) as server:
        out = LLMEngine(server.url, concurrency=4).translate_batch([f"{k}号。" for k in range(5)])
    assert [t.text for t in out] == [f"Answer {k}." for k in range(5)]


def test_templates_shipped_and_from_a_file(tmp_path):
    for name in ("generic", "hy-mt", "qwen"):
        t = Template.named(name)
        assert t.name == name and len(t.digest) == 12
    hy = Template.named("hy-mt").render("user", {"source": "原文", "terms": "脱贫 翻译成 poverty alleviation", "context": ""})
    assert hy == "参考下面的翻译：\n脱贫 翻译成 poverty alleviation\n将以下文本翻译为英语，注意只需要输出翻译后的结果，不要额外解释：\n原文"
    own = tmp_path / "mine.txt"
    own.write_text("[user]\nEN please: {source}\n", encoding="utf-8")
    with ScriptedServer(lambda b, n: "Mine.") as server:
        engine = LLMEngine(server.url, template=str(own))
        assert engine.translate_batch(["一。"])[0].text == "Mine."
    assert server.chats[0]["messages"] == [{"role": "user", "content": "EN please: 一。"}]
    assert engine.describe()["decoding"]["template"] == "mine.txt"
    (tmp_path / "bad.txt").write_text("[user]\nno source here\n", encoding="utf-8")
    with pytest.raises(EngineError, match="needs a \\[user\\] part with \\{source\\}"):
        Template.named(str(tmp_path / "bad.txt"))
    with pytest.raises(EngineError, match="neither a shipped template"):
        Template.named("no-such-template")


def test_sampling_settings_are_sent_and_described():
    with ScriptedServer(lambda b, n: "X.") as server:
        engine = LLMEngine(server.url, temperature=0.3, seed=7, max_tokens=64)
        engine.translate_batch(["一。"])
    body = server.chats[0]
    assert (body["model"], body["temperature"], body["seed"], body["max_tokens"]) == ("stand-in-7b", 0.3, 7, 64)
    d = engine.describe()
    assert d["model"] == "stand-in-7b"
    assert d["decoding"] == {"template": "generic", "template_hash": Template.named("generic").digest, "temperature": 0.3,
                             "seed": 7, "max_tokens": 64, "context": 3, "batch": 1}


def test_the_key_is_sent_as_a_bearer_token_and_appears_nowhere(tmp_path, sample_bytes, cli, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("TRANSLATOR_LLM_API_KEY", KEY)
    with ScriptedServer(lambda b, n: f"Sentence {n}.", key=KEY) as server:
        sample = tmp_path / "a.txt"
        sample.write_bytes(sample_bytes)
        db = str(tmp_path / "p.sqlite")
        r = cli("--set", f"llm_url={server.url}", "translate", "--engine", "llm", "--db", db, "--json", str(sample))
        assert r.returncode == 0, r.stderr
        stored = cli("--set", f"llm_url={server.url}", "batch", "--engine", "llm", "--db", db, "--out",
                     str(tmp_path / "out"), str(sample))
        assert stored.returncode == 0, stored.stderr
        shown = cli("settings")
        assert all(h["headers"].get("Authorization") == f"Bearer {KEY}" for h in server.requests)
    with ScriptedServer(lambda b, n: "x", key="another-key") as other:
        refused = cli("--set", f"llm_url={other.url}", "translate", "--engine", "llm", str(sample))
    assert refused.returncode == 1 and "refused the API key (HTTP 401)" in _text(refused.stderr)
    dumped = ""
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()] + [p for p in tmp_path.glob("p.sqlite*")]
    assert len(written) > 2
    for path in written:
        dumped += path.read_bytes().decode("latin-1")
    everything = [r.stdout, r.stderr, stored.stdout, stored.stderr, shown.stdout, shown.stderr, refused.stdout,
                  refused.stderr, caplog.text, dumped, repr(Settings.load())]
    assert "llm_api_key = '***'" in _text(shown.stdout)
    for text in everything:
        assert KEY not in _text(text)
    assert "Sentence" in _text(r.stdout)


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def test_memory_cache_and_glossary_wrappers_compose_around_it(tmp_path):
    from translator.project import build_stack
    from translator.store.database import Store
    from translator.store.memory import Memory

    store = Store(str(tmp_path / "m.sqlite"))
    try:
        Memory(store).add("打赢脱贫攻坚战。", "Win the battle against poverty.", editor="ann")
        with ScriptedServer(lambda b, n: "Jiangxi grew.") as server:
            stack = build_stack(LLMEngine(server.url, glossary=_glossary(tmp_path)), _glossary(tmp_path), Memory(store))
            first = stack.translate_batch(["打赢脱贫攻坚战。", "江西增长了。"])
            again = stack.translate_batch(["江西增长了。"])
        assert [t.text for t in first] == ["Win the battle against poverty.", "Jiangxi grew."]
        assert first[0].provenance["engine"] == "memory"
        assert first[1].provenance["glossary_strategy"] == "prompt" and first[1].provenance["terms"][0]["target"] == "Jiangxi"
        assert again[0].text == "Jiangxi grew."
        assert len(server.chats) == 1  # the memory match and the cached one never reached the server
        assert "江西增长了。" in user_text(server.chats[0]) and "- 江西 → Jiangxi" in user_text(server.chats[0])
    finally:
        store.close()
