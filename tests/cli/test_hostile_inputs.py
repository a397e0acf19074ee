"""Hostile input, second round (issue 21, section 4), through the real CLI, store and readers.

Each test has the shape of the probe that found the problem: a batch folder
holding a file whose name is not UTF-8, a FIFO and a dangling link; TMX files
with an empty English target, duplicate units or a property nested 100,000
levels deep; a glossary file giving one source two targets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from translator.store.database import Store
from translator.store.memory import Memory

ARTICLE = "标题{n}\n\n第{n}篇文章的第一句话。这是第二句话。\n"


@pytest.fixture
def no_models(tmp_path):
    return {"ARGOS_PACKAGES_DIR": str(tmp_path / "no-models"), "HOME": str(tmp_path)}


def _errors(stderr: bytes) -> list[str]:
    return [line for line in stderr.decode("utf-8").splitlines() if line.startswith("translator: error: ")]


def test_batch_reports_a_non_utf8_name_a_fifo_and_a_dangling_link_and_goes_on(cli, tmp_path, no_models):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE.format(n=1), encoding="utf-8")
    gbk = os.fsdecode(os.path.join(os.fsencode(folder), "你好".encode("gbk") + b".txt"))  # b'\xc4\xe3\xba\xc3.txt'
    Path(gbk).write_text(ARTICLE.format(n=2), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # opening it would block until a writer comes: it must never be opened
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    (folder / "z.html").write_text(
        "<!doctype html><html><head><title>标题3</title></head><body><article><p>第三篇文章的第一句话。</p>"
        "<p>这是第二句话。</p></article></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    r = cli("batch", str(folder), "--out", str(out), "--db", str(tmp_path / "p.sqlite"), "--engine", "gloss", env=no_models)
    assert r.returncode == 1
    errors = _errors(r.stderr)
    shown = str(folder / "\\xc4\\xe3\\xba\\xc3.txt")
    assert f"translator: error: {shown}: the file name is not UTF-8" in "\n".join(errors), errors
    assert any(e.startswith(f"translator: error: {folder / 'pipe.txt'}: not a regular file") for e in errors), errors
    assert any(e.startswith(f"translator: error: {folder / 'gone.txt'}: a symbolic link to a file that does not exist")
               for e in errors), errors
    assert len(errors) == 3, errors
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"] == {"articles": 5, "done": 2, "skipped": 0, "failed": 3}
    failed = {a["input"] for a in report["articles"] if a["status"] == "failed"}
    assert failed == {shown, str(folder / "pipe.txt"), str(folder / "gone.txt")}
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "report.json", "z.json"]


def test_translate_names_a_non_utf8_file_with_escapes(cli, tmp_path, no_models):
    bad = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"\xc4\xe3.txt"))
    Path(bad).write_text(ARTICLE.format(n=1), encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE.format(n=2), encoding="utf-8")
    r = cli("normalize", "--json", bad, str(good), env=no_models)
    assert r.returncode == 1
    assert _errors(r.stderr) == [f"translator: error: {tmp_path}/\\xc4\\xe3.txt: the file name is not UTF-8 (its undecodable "
                                 "bytes are shown as \\x escapes); rename the file with a UTF-8 name"]
    assert json.loads(r.stdout)[0]["input"]["name"] == str(good)


def _tmx(*units: tuple[str, str], props: str = "") -> str:
    tus = "".join(
        f'<tu>{props}<tuv xml:lang="zh-Hans"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        for zh, en in units
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-Hans"/><body>{tus}</body></tmx>'


def test_an_empty_english_target_in_a_tmx_is_skipped_and_never_a_memory_translation(cli, tmp_path, no_models):
    tmx = tmp_path / "tm.tmx"
    tmx.write_text(_tmx(("这是第二句话。", ""), ("这是第三句话。", "  "), ("第一篇文章的第一句话。", "The first sentence.")),
                   encoding="utf-8")
    db = tmp_path / "p.sqlite"
    r = cli("memory", "import", "--db", str(db), str(tmx), env=no_models)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode() == f"{tmx}: 1 approved segment(s) added, 2 skipped (empty English target)\n"
    article = tmp_path / "a.txt"
    article.write_text("标题\n\n第一篇文章的第一句话。这是第二句话。\n", encoding="utf-8")
    r = cli("translate", "--json", "--db", str(db), "--engine", "gloss", str(article), env=no_models)
    segs = [s for b in json.loads(r.stdout)["blocks"] for s in b["segments"]]
    by_source = {s["source"]: s for s in segs}
    assert (by_source["第一篇文章的第一句话。"]["status"], by_source["第一篇文章的第一句话。"]["target"]) == ("memory", "The first sentence.")
    second = by_source["这是第二句话。"]
    assert second["status"] != "memory" and second["target"].strip() and second["provenance"]["engine"] == "gloss"


def test_a_blank_target_already_in_the_memory_is_never_a_match(db_url):
    """An older database may hold a blank translation (imported before this rule): look-ups pass it over."""
    store = Store(db_url)
    memory = Memory(store)
    memory.add("江西扶贫成果显著。", "Jiangxi's results are clear.")
    with store.begin() as conn:
        conn.execute(store.tm.update().values(target=""))
    assert memory.lookup(["江西扶贫成果显著。", "江西扶贫成果很显著。"]) == [[], []]
    store.close()


def test_a_tmx_with_duplicate_units_reports_the_true_counts(cli, tmp_path, db_url):
    tmx = tmp_path / "dup.tmx"
    tmx.write_text(_tmx(("你好。", "Hello."), ("你好。", "Hi."), ("你好。", "Hello there.")), encoding="utf-8")
    r = cli("memory", "import", "--db", db_url, str(tmx))
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode() == f"{tmx}: 1 approved segment(s) added, 2 duplicate(s) in the file (the last one kept)\n"
    assert b": 1 entries" in cli("memory", "stats", "--db", db_url).stdout
    # again: nothing new; the one source is updated once, its two repeats are duplicates
    r = cli("memory", "import", "--db", db_url, str(tmx))
    assert r.stdout.decode() == f"{tmx}: 0 approved segment(s) added, 1 updated, 2 duplicate(s) in the file (the last one kept)\n"
    store = Store(db_url)
    assert Memory(store).lookup(["你好。"])[0][0].target == "Hello there."
    store.close()


def test_duplicates_across_the_chunks_of_a_big_import_are_counted(tmp_path):
    from translator.store.memory import MemoryEntry

    store = Store(tmp_path / "p.sqlite")
    memory = Memory(store)
    memory.add("旧的。", "Old.")
    entries = [MemoryEntry(f"第{i % 7}句。", f"Sentence {i}.") for i in range(20)] + [MemoryEntry("旧的。", "Older."),
                                                                                    MemoryEntry("旧的。", "Oldest.")]
    counts = memory.add_stream(entries, chunk=3)
    assert (counts.added, counts.updated, counts.duplicates, counts.empty) == (7, 1, 14, 0)
    assert len(memory) == 8
    store.close()


def test_a_deeply_nested_json_property_is_one_line_and_the_next_tmx_is_imported(cli, tmp_path):
    deep = tmp_path / "deep.tmx"
    deep.write_text(_tmx(("你好。", "Hello."), props='<prop type="x-json-origin">' + "[" * 100_000 + "</prop>"), encoding="utf-8")
    good = tmp_path / "good.tmx"
    good.write_text(_tmx(("再见。", "Goodbye.")), encoding="utf-8")
    db = tmp_path / "p.sqlite"
    r = cli("memory", "import", "--db", str(db), str(deep), str(good))
    assert r.returncode == 1
    errors = _errors(r.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"translator: error: {deep}: line 1: <prop type='x-json-origin'> holds JSON "
                                                     "nested thousands of levels deep"), errors
    assert r.stdout.decode() == f"{good}: 1 approved segment(s) added\n"
    store = Store(db)
    assert [m[0].target if m else None for m in Memory(store).lookup(["你好。", "再见。"])] == [None, "Goodbye."]
    store.close()


def test_a_lone_surrogate_code_point_in_an_xliff_target_is_one_line(cli, tmp_path, no_models):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE.format(n=1), encoding="utf-8")
    db = tmp_path / "p.sqlite"
    r = cli("batch", str(article), "--out", str(tmp_path / "out"), "--db", str(db), "--engine", "gloss", "--format", "xliff",
            env=no_models)
    assert r.returncode == 0, r.stderr.decode()
    xlf = tmp_path / "out" / "a.xlf"
    text = xlf.read_text(encoding="utf-8")
    start = text.index("<target xml:space=\"preserve\">") + len("<target xml:space=\"preserve\">")
    for hex_ in ("D800", "DFFF", "110000", "-1", "zz"):
        edited = tmp_path / f"edited-{hex_}.xlf"
        edited.write_text(text[:start] + f'<cp hex="{hex_}"/>' + text[start:], encoding="utf-8")
        r = cli("documents", "import", "--db", str(db), str(edited), env=no_models)
        assert r.returncode == 1 and "Traceback" not in r.stderr.decode()
        errors = _errors(r.stderr)
        assert len(errors) == 1 and errors[0].startswith(f"translator: error: {edited}: line "), errors
        assert f"<cp hex='{hex_}'>" in errors[0]
        if hex_.startswith("D"):
            assert "is a lone surrogate" in errors[0]


def test_a_glossary_import_with_two_targets_for_one_source_is_refused(cli, tmp_path):
    csv = tmp_path / "two.csv"
    csv.write_text("source,target,note,kind\n吉安,Ji'an,,term\n吉安,Jian,,term\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text("source,target,note,kind\n江西,Jiangxi,,term\n", encoding="utf-8")
    r = cli("glossary", "import", str(csv), str(good), "--out", str(tmp_path / "g.tsv"))
    assert r.returncode == 1
    assert _errors(r.stderr) == [f"translator: error: {csv}: line 3: '吉安' conflicts with line 2 ('Jian' here, 'Ji'an' there); "
                                 "keep one row per source"]
    assert (tmp_path / "g.tsv").read_text(encoding="utf-8") == "source\ttarget\tnote\tkind\n江西\tJiangxi\t\tterm\n"
