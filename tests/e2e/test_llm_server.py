"""engine llm through a real llama.cpp server (llama-cpp-python) serving a tiny GGUF model the tests build.

The model answers English-looking nonsense; what is real is the HTTP path:
the OpenAI-compatible API, the chat template from the GGUF metadata,
concurrency and ordering, timeouts, a server killed in the middle of an
article, a wrong model name and a wrong key.
"""

from __future__ import annotations

import json
import time

import pytest
from helpers.tinyllm import MODEL_NAME, LlamaServer

from translator.engines.llm import LLMEngine, mostly_chinese
from translator.errors import EngineError

ARGS = ("--set", "llm_max_tokens=32", "--set", "memory=false")


def _segments(stdout: bytes | str) -> list[dict]:
    doc = json.loads(stdout)
    return [s for b in ([doc["title"]] if doc.get("title") else []) + doc["blocks"] for s in b["segments"]]


def _err(r) -> str:
    return r.stderr.decode() if isinstance(r.stderr, bytes) else r.stderr


def test_translate_the_sample_through_the_real_server(llama_server, cli, sample_path, tmp_path):
    r = cli("--set", f"llm_url={llama_server.url}", *ARGS, "translate", "--engine", "llm", "--db", str(tmp_path / "p.sqlite"),
            "--json", str(sample_path))
    assert r.returncode == 0, _err(r)
    segments = _segments(r.stdout)
    assert len(segments) > 10
    for s in segments:
        assert s["provenance"]["engine"] == "llm" and s["provenance"]["model"] == MODEL_NAME
        assert s["target"] and not mostly_chinese(s["target"]) or any(q["code"] == "engine_failed" for q in s["qa"])
    assert sum(1 for s in segments if s["target"]) >= len(segments) * 0.8
    assert len({s["target"] for s in segments}) > len(segments) // 2  # the answers follow the prompts
    assert json.loads(r.stdout)["signature"].startswith(f"engine:llm|model:{MODEL_NAME}@?|template:generic|")
    assert "Traceback" not in _err(r)


def test_concurrent_requests_come_back_in_order(llama_server, sample_doc):
    sources = [s.source for s in sample_doc.segments() if s.source.strip()][:16]
    one = LLMEngine(llama_server.url, concurrency=1, context=0, max_tokens=16).translate_batch(sources)
    four = LLMEngine(llama_server.url, concurrency=4, context=0, max_tokens=16).translate_batch(sources)
    assert [t.text for t in four] == [t.text for t in one]
    assert len({t.text for t in one}) > 8


def test_a_timeout_is_retried_then_flagged_and_the_call_returns(llama_server):
    engine = LLMEngine(llama_server.url, timeout_s=0.05, retries=1, backoff_s=0.01, max_tokens=3000, concurrency=2)
    start = time.monotonic()
    out = engine.translate_batch(["江西省工业和信息化厅。", "打赢脱贫攻坚战。"])
    assert time.monotonic() - start < 30
    assert [t.text for t in out] == ["", ""]
    for t in out:
        assert t.notes[0]["code"] == "engine_failed" and "no answer within 0.05 s" in t.notes[0]["message"]


def test_wrong_model_name_is_one_line(llama_server, cli, sample_path):
    r = cli("--set", f"llm_url={llama_server.url}", "--set", "llm_model=qwen3-72b", *ARGS, "translate", "--engine", "llm",
            str(sample_path))
    assert r.returncode == 1
    assert _err(r).strip().splitlines() == [
        f"translator: error: the LLM server at {llama_server.url} has no model 'qwen3-72b' (it serves: {MODEL_NAME}); "
        "set llm_model to one of them"
    ]


def test_server_killed_in_the_middle_of_an_article(llama_installed, tiny_gguf, tmp_path, sample_doc):
    sources = [s.source for s in sample_doc.segments() if s.source.strip()]
    with LlamaServer(tiny_gguf, tmp_path / "server.log") as server:
        engine = LLMEngine(server.url, concurrency=1, retries=1, backoff_s=0.01, max_tokens=16)
        real_call = engine.client.call
        sent = []

        def call(srv, method, path, body=None):
            if path == "/chat/completions":
                sent.append(body)
                if len(sent) == 6:
                    server.stop()  # the real server dies before the sixth request
            return real_call(srv, method, path, body)

        engine.client.call = call  # type: ignore[method-assign]
        out = engine.translate_batch(sources)
    assert all(t.text for t in out[:5])
    assert all(not t.text for t in out[5:])
    for t in out[5:]:
        assert t.notes[0]["code"] == "engine_failed" and "connection failed" in t.notes[0]["message"]
    with pytest.raises(EngineError, match=f"cannot reach the LLM server at {server.url}.*check that the server runs"):
        LLMEngine(server.url).translate_batch(sources[:1])


def test_unreachable_server_is_one_line_before_any_work(llama_installed, tiny_gguf, tmp_path, cli, sample_path):
    with LlamaServer(tiny_gguf, tmp_path / "server.log") as server:
        url = server.url
    r = cli("--set", f"llm_url={url}", *ARGS, "translate", "--engine", "llm", str(sample_path))
    assert r.returncode == 1 and r.stdout in (b"", "")
    (line,) = _err(r).strip().splitlines()
    assert line.startswith(f"translator: error: cannot reach the LLM server at {url}: connection failed")
    assert "check that the server runs" in line


def test_right_and_wrong_key(llama_installed, tiny_gguf, tmp_path, cli, sample_path, monkeypatch):
    key = "sk-real-server-key-42"
    with LlamaServer(tiny_gguf, tmp_path / "server.log", api_key=key) as server:
        monkeypatch.setenv("TRANSLATOR_LLM_API_KEY", "sk-wrong")
        wrong = cli("--set", f"llm_url={server.url}", *ARGS, "translate", "--engine", "llm", str(sample_path))
        monkeypatch.setenv("TRANSLATOR_LLM_API_KEY", key)
        right = cli("--set", f"llm_url={server.url}", *ARGS, "translate", "--engine", "llm", "--json", str(sample_path))
    assert wrong.returncode == 1
    assert _err(wrong).strip().splitlines() == [
        f"translator: error: the LLM server at {server.url} refused the API key (HTTP 401); check TRANSLATOR_LLM_API_KEY "
        "or llm_api_key_file"
    ]
    assert "sk-wrong" not in _err(wrong)
    assert right.returncode == 0, _err(right)
    assert key not in (right.stdout.decode() if isinstance(right.stdout, bytes) else right.stdout)
    assert any(s["target"] for s in _segments(right.stdout))


def test_engines_test_through_the_real_server(llama_server, cli):
    r = cli("--set", f"llm_url={llama_server.url}", "--set", "engine=llm", "--set", "llm_max_tokens=16", "engines", "test")
    out = r.stdout.decode() if isinstance(r.stdout, bytes) else r.stdout
    assert r.returncode == 0, _err(r)
    assert f"== llm (in use): {MODEL_NAME}" in out
    llm_part = out.split("== llm")[1].split("==")[0]
    assert len([ln for ln in llm_part.splitlines() if ln.strip().startswith("→") and ln.strip() != "→ (nothing)"]) == 3
