"""The real ``translator`` executable: output, exit codes, one-line errors."""

from __future__ import annotations

import json


def test_normalize_json_single(cli, sample_path):
    r = cli("normalize", "--json", str(sample_path))
    assert r.returncode == 0, r.stderr.decode()
    doc = json.loads(r.stdout)
    assert doc["metadata"]["title"] == "江西：特色产业扛起扶贫重任"
    assert len(doc["blocks"]) == 16
    seg = doc["blocks"][0]["segments"][0]
    assert set(seg) >= {"id", "source", "original", "flags"}
    assert {r["reason"] for r in doc["removed"]} == {"boilerplate", "metadata", "artefact"}


def test_normalize_text_output(cli, sample_path):
    r = cli("normalize", str(sample_path))
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "title: 江西：特色产业扛起扶贫重任" in out
    assert "## [" in out and "! mojibake:" in out


def test_bad_files_get_one_line_each_and_others_still_print(cli, sample_path, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    missing = tmp_path / "missing.txt"
    r = cli("normalize", "--json", str(empty), str(sample_path), str(binary), str(missing))
    assert r.returncode == 1
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 3, err
    assert err[0].startswith(f"translator: error: {empty}: file is empty")
    assert err[1].startswith(f"translator: error: {binary}: ") and "binary" in err[1]
    assert err[2].startswith(f"translator: error: {missing}: no such file")
    assert "Traceback" not in r.stderr.decode()
    docs = json.loads(r.stdout)
    assert isinstance(docs, list) and len(docs) == 1
    assert docs[0]["metadata"]["editor"] == "王磊"


def test_stdin(cli):
    r = cli("normalize", "--json", "-", input="標題\n\n產業(yè)發展很好。".encode("gb18030"))
    assert r.returncode == 0, r.stderr.decode()
    doc = json.loads(r.stdout)
    assert doc["input"]["name"] == "<stdin>"
    assert doc["blocks"][0]["segments"][0]["source"] == "产业发展很好。"


def test_opencc_option(cli, tmp_path):
    f = tmp_path / "tw.txt"
    f.write_text("標題\n\n這個軟體很好用。", encoding="utf-8")
    r = cli("normalize", "--json", "--opencc", "tw2sp", str(f))
    assert json.loads(r.stdout)["blocks"][0]["segments"][0]["source"] == "这个软件很好用。"
    r = cli("normalize", "--opencc", "bogus", str(f))
    assert r.returncode == 2 and b"bogus" in r.stderr
