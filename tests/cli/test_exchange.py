"""Memory as TMX and glossaries as TBX/CSV through the CLI: out to a CAT tool's format and back."""

from __future__ import annotations

from translator.store.database import Store
from translator.store.glossary import Glossary
from translator.store.memory import Memory


def test_memory_tmx_export_then_import_into_another_database(cli, tmp_path):
    first = tmp_path / "a.sqlite"
    memory = Memory(Store(first))
    memory.add("江西省工信厅开展扶贫。", "The Jiangxi department ran poverty relief.", editor="ann", origin="doc-1-0")
    memory.add("第二句 <b>&amp;</b>。", "Second & <b>bold</b>.", editor="bob")
    tmx = tmp_path / "tm.tmx"
    r = cli("memory", "export", "--db", str(first), "--out", str(tmx))
    assert r.returncode == 0, r.stderr.decode()
    second = tmp_path / "b.sqlite"
    r = cli("memory", "import", "--db", str(second), str(tmx))
    assert r.returncode == 0 and r.stdout.decode() == f"{tmx}: 2 approved segment(s) added\n"
    matches = Memory(Store(second)).lookup(["江西省工信厅开展扶贫。", "第二句 <b>&amp;</b>。"])
    assert [(m[0].target, m[0].editor, m[0].score) for m in matches] == [
        ("The Jiangxi department ran poverty relief.", "ann", 100.0),
        ("Second & <b>bold</b>.", "bob", 100.0),
    ]
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x "y">]><tmx version="1.4"><body/></tmx>')
    r = cli("memory", "import", "--db", str(second), str(bad))
    assert r.returncode == 1 and r.stderr.decode().startswith(f"translator: error: {bad}: ") and len(r.stderr.decode().splitlines()) == 1


def test_glossary_export_tbx_and_csv_and_import_back_to_tsv(cli, tmp_path):
    house = tmp_path / "house.tsv"
    house.write_text("source\ttarget\tnote\tkind\n吉安\tJi'an City\thouse style\tterm\nAPP\tAPP\tkeep\tdnt\n摘帽\ttake off the hat\tcalque\tforbidden\n",
                     encoding="utf-8")
    for fmt in ("tbx", "csv"):
        out = tmp_path / f"g.{fmt}"
        r = cli("glossary", "export", "--format", fmt, "--no-shipped-glossaries", "--glossary", str(house), "--out", str(out))
        assert r.returncode == 0, r.stderr.decode()
        back = tmp_path / f"back-{fmt}.tsv"
        r = cli("glossary", "import", str(out), "--out", str(back))
        assert r.returncode == 0, r.stderr.decode()
        g = Glossary.load([back], shipped=False)
        assert g.terms["吉安"].target == "Ji'an City" and g.terms["APP"].kind == "dnt"
        assert [t.target for t in g.forbidden["摘帽"]] == ["take off the hat"]
    shipped = tmp_path / "shipped.tbx"
    assert cli("glossary", "export", "--out", str(shipped)).returncode == 0
    r = cli("glossary", "import", str(shipped), str(tmp_path / "g.csv"), "--out", str(tmp_path / "both.tsv"))
    assert r.returncode == 1 and "do not make a valid glossary" in r.stderr.decode()  # 吉安 twice, two targets
    notes = tmp_path / "notes.txt"
    notes.write_text("吉安 Ji'an\n", encoding="utf-8")
    r = cli("glossary", "import", str(tmp_path / "nope.tbx"), str(notes), str(house), "--out", "-")
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    assert lines[0].startswith(f"translator: error: {tmp_path / 'nope.tbx'}: no such file")
    assert lines[1].startswith(f"translator: error: {notes}: cannot tell the format")
    # A glossary TSV is read by the same reader the glossary files load with, and written back by the one writer.
    assert r.stdout.decode() == house.read_text(encoding="utf-8")
