"""Property tests of the whole CLI on hostile files: no traceback, exit 0 or 1, the other files still processed.

Random article bytes and HTML shapes go through ``translator normalize``,
random glossary rows through ``translator translate --glossary``, random
memory files through ``translator memory import``.  The CLI runs in-process
with exceptions re-raised, so any traceback fails the test.  The prepare
stage's own invariant (every character in the document or under
``removed``) is checked in tests/prepare/test_fuzz.py.
``HYPOTHESIS_PROFILE=long`` runs many more examples.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
ARTICLE = "標題行\n\n產業(yè)扶貧很好。第二句話，有12345.5畝耕地。\n\n發布日期:2020-06-04 來源:報\n\n版權所有"


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples * 40 if LONG else examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


pieces = st.sampled_from([
    "產業(yè)", "扶貧", "。", "，", "“", "”", "（", "）", "\n", "\n\n", " ", "x0dx0a", "&amp;", "&#0147;", "<p>", "</p>",
    "<!-- c -->", "<script>alert(1)</script>", "<h1>標題</h1>", "\x00", "\ufeff", "\u200b", "\u2028", "苯眨魇」ば艔d",
    "12345.5", "１２３", "第十一届", "百分之三十", "版權所有", "ICP備", "當前位置:首頁 > 新聞", "責任編輯:王", "a" * 50,
])
article_text = st.lists(pieces, max_size=40).map("".join)
article_bytes = st.one_of(
    article_text.map(lambda t: t.encode("utf-8")),
    article_text.map(lambda t: t.encode("gb18030", "replace")),
    article_text.map(lambda t: t.encode("big5", "replace")),
    article_text.map(lambda t: ("<!doctype html><html><body><article>" + t + "</article></body></html>").encode("utf-8")),
    st.binary(max_size=300),
)


def _lines(stderr: bytes) -> list[str]:
    return stderr.decode("utf-8", "replace").splitlines()


@fuzz(30)
@given(st.lists(article_bytes, min_size=1, max_size=3))
def test_normalize_on_random_files(cli, tmp_path_factory, blobs):
    folder = tmp_path_factory.mktemp("fuzz")
    good = folder / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    paths = []
    for i, blob in enumerate(blobs):
        p = folder / f"in{i}.txt"
        p.write_bytes(blob)
        paths.append(str(p))
    r = cli("normalize", "--json", *paths, str(good))
    assert r.returncode in (0, 1)
    errors = _lines(r.stderr)
    assert all(line.startswith("translator: ") for line in errors), errors
    failed = [line for line in errors if line.startswith("translator: error: ")]
    assert all(any(line.startswith(f"translator: error: {p}: ") for p in paths) for line in failed), failed
    docs = json.loads(r.stdout)
    assert len(docs) == len(paths) + 1 - len(failed)  # every other file still processed
    assert docs[-1]["input"]["name"] == str(good) and docs[-1]["metadata"]["date"] == "2020-06-04"
    assert r.returncode == (1 if failed else 0)


cell = st.text(st.sampled_from(list("吉安江西扶贫APPab '\"\\,;|#\t\u2028\u0085\x00\r") + ["\n"]), max_size=12)
row = st.tuples(cell, cell, cell, st.sampled_from(["", "term", "dnt", "forbidden", "bogus"]))


@fuzz(25)
@given(st.lists(row, max_size=6), st.booleans())
def test_translate_with_random_glossary_rows(cli, tmp_path_factory, rows, with_kind):
    folder = tmp_path_factory.mktemp("gloss")
    article = folder / "a.txt"
    article.write_text("吉安江西\n\n吉安的APP很好。", encoding="utf-8")
    g = folder / "g.tsv"
    header = "source\ttarget\tnote" + ("\tkind" if with_kind else "")
    body = "\n".join("\t".join(r if with_kind else r[:3]) for r in rows)
    g.write_bytes((header + "\n" + body + "\n").encode("utf-8", "surrogatepass"))
    env = {"ARGOS_PACKAGES_DIR": str(folder / "none"), "HOME": str(folder)}
    r = cli("translate", "--json", "--engine", "gloss", "--no-memory", "--glossary", str(g), str(article), env=env)
    assert r.returncode in (0, 1)
    errors = [line for line in _lines(r.stderr) if line.startswith("translator: error: ")]
    if r.returncode == 1:
        assert len(errors) == 1 and errors[0].startswith(f"translator: error: {g}: "), errors
    else:
        doc = json.loads(r.stdout)
        assert all(s["target"] is not None for b in doc["blocks"] for s in b["segments"])


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(
        ["id", "source", "target", "status", "provenance", "blocks", "segments", "title", "metadata", "editor"]), children, max_size=5)),
    max_leaves=25,
)
memory_file = st.one_of(json_value.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200),
                        st.just(b"[" * 5000), st.just(b'{"id": "\\ud800"}'))


@fuzz(30)
@given(st.lists(memory_file, min_size=1, max_size=3))
def test_memory_import_of_random_files(cli, tmp_path_factory, blobs):
    folder = tmp_path_factory.mktemp("mem")
    good = folder / "good.json"
    good.write_text(json.dumps({"id": "d", "metadata": {}, "title": None, "blocks": [{"kind": "paragraph", "segments": [
        {"id": "d-1-0", "source": "你好。", "original": "你好。", "flags": [], "target": "Hello.", "status": "approved",
         "provenance": {}, "qa": []}]}], "removed": []}), encoding="utf-8")
    paths = []
    for i, blob in enumerate(blobs):
        p = folder / f"m{i}.json"
        p.write_bytes(blob)
        paths.append(str(p))
    db = folder / "tm.sqlite"
    r = cli("memory", "import", "--db", str(db), *paths, str(good))
    assert r.returncode in (0, 1)
    errors = [line for line in _lines(r.stderr) if line.startswith("translator: error: ")]
    assert all(any(line.startswith(f"translator: error: {p}: ") for p in paths) for line in errors), errors
    assert f"{good}: 1 approved segment(s) added" in r.stdout.decode()
    assert r.returncode == (1 if errors else 0)
    assert Path(db).exists()
