"""``translator translate`` end to end with the real gloss engine, memory file and glossaries."""

from __future__ import annotations

import json
import re

import pytest

HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    """An empty Argos packages folder, so 'auto' must fall back to the gloss."""
    d = tmp_path / "argos-packages"
    d.mkdir()
    return {"ARGOS_PACKAGES_DIR": str(d), "HOME": str(tmp_path)}


def test_translate_sample_with_gloss_fallback(cli, sample_path, tmp_path, no_models):
    db = tmp_path / "project.sqlite"
    r = cli("translate", "--json", "--db", str(db), str(sample_path), env=no_models)
    assert r.returncode == 0, r.stderr.decode()
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("translator: warning: no Argos zh→en model installed")
    doc = json.loads(r.stdout)
    segs = [s for b in [doc["title"], *doc["blocks"]] for s in b["segments"]]
    assert len(segs) > 40
    for s in segs:
        assert s["target"] and s["status"] in ("machine", "needs_review")
        assert s["provenance"]["engine"] == "gloss"
        assert s["provenance"]["model"] == "cc-cedict" and s["provenance"]["model_version"]
        assert set(s["provenance"]["glossary"]) >= {"policy.tsv", "places-jiangxi.tsv", "pulp-paper.tsv"}
        assert all(set(q) == {"code", "severity", "message"} for q in s["qa"])
    by_source = {s["source"]: s for s in segs}
    money = next(s for src, s in by_source.items() if "4965万" in src)
    assert "49.65 million" in money["target"]
    assert not [q for q in money["qa"] if q["code"].startswith("number")]
    places = next(s for src, s in by_source.items() if "于都纺织服装" in src)
    for name in ("Yudu", "Ji'an", "Poyang"):
        assert name in places["target"]
    garbled = [s for s in segs if any(f["code"] == "mojibake" for f in s["flags"])]
    assert len(garbled) == 2
    for s in garbled:
        assert s["status"] == "needs_review"
        assert any(q["code"] == "source_mojibake" and q["severity"] == "error" for q in s["qa"])
    assert not db.exists()  # translate only reads the memory: it creates no database


def test_memory_match_reused(cli, tmp_path, no_models):
    from translator.store.database import Store
    from translator.store.memory import Memory

    article = tmp_path / "a.txt"
    article.write_text("标题行\n\n江西省工信厅积极开展工业设计扶贫。今年的工作很好。\n", encoding="utf-8")
    db = tmp_path / "tm.sqlite"
    Memory(Store(db)).add("江西省工信厅积极开展工业设计扶贫。", "The Jiangxi industry department ran design-led poverty relief.", editor="reviewer")
    r = cli("translate", "--json", "--db", str(db), str(article), env=no_models)
    assert r.returncode == 0, r.stderr.decode()
    segs = json.loads(r.stdout)["blocks"][0]["segments"]
    assert segs[0]["status"] == "memory"
    assert segs[0]["target"] == "The Jiangxi industry department ran design-led poverty relief."
    assert segs[0]["provenance"]["engine"] == "memory" and segs[0]["provenance"]["memory_score"] == 100.0
    # QA still reports where the approved wording departs from the glossary
    assert any(q["code"] == "glossary_missing" and "Jiangxi Province" in q["message"] for q in segs[0]["qa"])
    assert segs[1]["provenance"]["engine"] == "gloss"


def test_user_glossary_wins_and_bad_glossary_is_one_line(cli, tmp_path, no_models):
    article = tmp_path / "a.txt"
    article.write_text("标题行\n\n吉安的产业发展很快。\n", encoding="utf-8")
    g = tmp_path / "house.tsv"
    g.write_text("source\ttarget\tnote\n吉安\tJi'an City\thouse style\n", encoding="utf-8")
    r = cli("translate", "--json", "--no-memory", "--glossary", str(g), str(article), env=no_models)
    seg = json.loads(r.stdout)["blocks"][0]["segments"][0]
    assert "Ji'an City" in seg["target"]
    assert seg["provenance"]["glossary"]["house.tsv"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("source\ttarget\tnote\n吉安\t\tno target\n", encoding="utf-8")
    r = cli("translate", "--no-memory", "--glossary", str(bad), str(article), env=no_models)
    assert r.returncode == 1
    assert r.stderr.decode().strip() == f"translator: error: {bad}: line 2: '吉安' has an empty target"


def test_argos_engine_without_a_model_is_a_clear_error(cli, sample_path, no_models):
    r = cli("translate", "--engine", "argos", "--no-memory", str(sample_path), env=no_models)
    assert r.returncode == 1
    lines = r.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "translator models install --file" in lines[0]
    assert "Traceback" not in r.stderr.decode()


def test_approved_segments_feed_the_memory(cli, tmp_path, no_models):
    article = tmp_path / "a.txt"
    article.write_text("标题行\n\n第一句话。第二句话。\n", encoding="utf-8")
    db = tmp_path / "p.sqlite"
    r = cli("translate", "--json", "--db", str(db), str(article), env=no_models)
    doc = json.loads(r.stdout)
    first = doc["blocks"][0]["segments"][0]
    first["target"], first["status"] = "The first sentence.", "approved"
    approved = tmp_path / "approved.json"
    approved.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = cli("memory", "import", "--db", str(db), "--editor", "ann", str(approved), env=no_models)
    assert r.returncode == 0 and b"1 approved segment(s) added" in r.stdout
    assert b"1 entries" in cli("memory", "stats", "--db", str(db), env=no_models).stdout
    r = cli("translate", "--json", "--db", str(db), str(article), env=no_models)
    seg = json.loads(r.stdout)["blocks"][0]["segments"][0]
    assert (seg["target"], seg["status"], seg["provenance"]["editor"]) == ("The first sentence.", "memory", "ann")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    r = cli("memory", "import", "--db", str(db), str(broken), env=no_models)
    assert r.returncode == 1 and r.stderr.decode().startswith(f"translator: error: {broken}: not document JSON")


def test_unusable_database_is_one_line(cli, sample_path, tmp_path, no_models):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("translate", "--db", str(blocker / "sub" / "p.sqlite"), str(sample_path), env=no_models)
    assert r.returncode == 1
    lines = r.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("translator: error: cannot open database"), lines
    r = cli("memory", "stats", "--db", "nosuchdialect://x", env=no_models)
    assert r.returncode == 1 and "not a database URL" in r.stderr.decode()
