"""translator engines / translator engines test: every configured engine, reachable or not, and three sentences each."""

from __future__ import annotations

import re

from helpers.llmserver import ScriptedServer
from helpers.tinyct2 import build_tiny_ct2


def _out(r) -> str:
    return r.stdout.decode() if isinstance(r.stdout, bytes) else r.stdout


def test_engines_lists_each_configured_engine_and_whether_it_works(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    model = build_tiny_ct2(tmp_path / "opus-mt-zh-en", "marian")
    with ScriptedServer(lambda b, n: "Win the battle.") as server:
        r = cli("--set", f"llm_url={server.url}", "--set", f"ct2_model_dir={model}", "--set", "engine=llm", "engines")
        t = cli("--set", f"llm_url={server.url}", "--set", f"ct2_model_dir={model}", "--set", "engine=llm", "engines", "test")
        url = server.url
    assert r.returncode == 0, r.stderr
    lines = _out(r).splitlines()
    assert lines == ["  gloss  ok      cc-cedict@2020-12-21", "* llm    ok      stand-in-7b", "  ct2    ok      opus-mt-zh-en (marian)"]
    assert t.returncode == 0, t.stderr
    out = _out(t)
    assert "== llm (in use): stand-in-7b" in out and "== ct2: opus-mt-zh-en (marian)" in out and "== gloss: cc-cedict@2020-12-21" in out
    assert out.count("→ Win the battle.") == 3
    assert len(re.findall(r"^\s+\d+\.\d{3} s  打赢脱贫攻坚战是全面建成小康社会的关键。$", out, re.M)) == 3
    gone = cli("--set", f"llm_url={url}", "--set", "engine=llm", "engines")
    assert gone.returncode == 1
    (llm_line,) = [ln for ln in _out(gone).splitlines() if " llm " in ln]
    assert llm_line.startswith("* llm    FAILED  cannot reach the LLM server at " + url)
