"""``translator terms mine``, ``translator qa consistency`` and ``translator glossary check`` through the CLI, on real
files and a real SQLite project database."""

from __future__ import annotations

import json

from translator.prepare.pipeline import prepare_text
from translator.project import Project
from translator.settings import Settings
from translator.store.glossary import Glossary

ARTICLES = [
    "扶贫车间开工\n\n今年全县新建扶贫车间十二个，吸纳贫困劳动力就业。工业园区引进企业五家。",
    "扶贫车间见闻\n\n走进扶贫车间，工人们正在忙碌。工业园区的扶贫车间生产服装。",
    "工业园区建设\n\n工业园区基础设施不断完善，扶贫车间达到三十个。",
]


def files(tmp_path):
    out = []
    for i, text in enumerate(ARTICLES):
        p = tmp_path / f"a{i}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(str(p))
    return out


def opts(tmp_path):
    """The shipped glossaries off: they cover 扶贫车间 and 工业园区 already (and then neither is proposed)."""
    return ["--set", f"glossary_file={tmp_path / 'editable.tsv'}", "--set", "shipped_glossaries=false"]


def test_terms_mine_files_as_json_and_as_a_tsv_that_glossary_import_reads(cli, tmp_path):
    out = tmp_path / "mined.tsv"
    r = cli(*opts(tmp_path), "terms", "mine", *files(tmp_path), "--db", str(tmp_path / "p.sqlite"), "--json",
            "--out", str(out))
    assert r.returncode == 0, r.stderr.decode()
    rows = json.loads(r.stdout)
    top = {row["source"]: row for row in rows}
    assert top["扶贫车间"]["count"] == 6 and top["扶贫车间"]["documents"] == 3
    assert {"source", "count", "documents", "candidates", "example"} <= set(top["工业园区"])
    assert top["工业园区"]["candidates"][0] == {"target": "industrial park", "origin": "cedict", "uses": 0}
    assert not (tmp_path / "p.sqlite").exists()  # mining files reads the database, never creates it
    # the TSV, edited by a reviewer, is a glossary the existing import reads
    text = out.read_text(encoding="utf-8")
    assert text.startswith("source\ttarget\tnote\tkind\n")
    assert "工业园区\tindustrial park\tmined: " in text
    back = tmp_path / "glossary.tsv"
    r = cli("glossary", "import", str(out), "--out", str(back))
    assert r.returncode == 0, r.stderr.decode()
    assert Glossary.load([back], shipped=False).terms["工业园区"].target == "industrial park"
    # the text table
    r = cli(*opts(tmp_path), "terms", "mine", *files(tmp_path), "--db", str(tmp_path / "p.sqlite"))
    assert r.returncode == 0 and "扶贫车间" in r.stdout.decode() and "example" in r.stdout.decode().splitlines()[0]
    # with the shipped glossaries, which cover both, neither is proposed
    r = cli("--set", f"glossary_file={tmp_path / 'editable.tsv'}", "terms", "mine", *files(tmp_path), "--db",
            str(tmp_path / "p.sqlite"), "--json")
    assert r.returncode == 0 and not {"扶贫车间", "工业园区"} & {row["source"] for row in json.loads(r.stdout)}


def test_terms_mine_the_stored_documents_and_the_errors(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(db), "glossary_file": str(tmp_path / "e.tsv")})
    project = Project(settings)
    for i, text in enumerate(ARTICLES):
        project.documents.save(prepare_text(text, name=f"a{i}.txt"))
    project.close()
    r = cli(*opts(tmp_path), "terms", "mine", "--db", str(db), "--json", "--min-count", "2")
    assert r.returncode == 0, r.stderr.decode()
    assert {"扶贫车间", "工业园区"} <= {row["source"] for row in json.loads(r.stdout)}
    r = cli(*opts(tmp_path), "terms", "mine", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and r.stderr.decode().count("translator: error:") == 2  # the file, then "nothing to mine"
    r = cli(*opts(tmp_path), "terms", "mine", "--db", str(db), "--min-count", "0")
    assert r.returncode == 1 and r.stderr.decode() == "translator: error: --min-count must be 1 or more, not 0\n"


def test_qa_consistency_and_glossary_check(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    house = tmp_path / "house.tsv"
    house.write_text("source\ttarget\tnote\n脱贫攻坚\tthe fight against poverty\t\n脱贫攻坚战\tthe battle against poverty\t\n"
                     "赣州\tGanzhou\t\n", encoding="utf-8")
    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(db), "glossary_file": str(tmp_path / "e.tsv")})
    project = Project(settings)
    for name, english in (("a.txt", "Poverty alleviation workshops create jobs."),
                          ("b.txt", "Poverty-relief workshops provide employment.")):
        doc = prepare_text(f"扶贫车间带动就业。全县脱贫攻坚取得成效。{name[0]}县报道。", name=name)
        for seg in doc.segments():
            seg.status = "approved"
            seg.target = (english if seg.source.startswith("扶贫") else "The county's fight against poverty paid off."
                          if seg.source.startswith("全县") else f"Reported by county {name[0]}.")
        project.documents.save(doc, by="rita")
    project.close()
    common = [*opts(tmp_path), "--set", f"glossaries={house}"]
    r = cli(*common, "qa", "consistency", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr.decode()
    [finding] = json.loads(r.stdout)
    assert finding["kind"] == "same_source" and len(finding["documents"]) == 2
    assert {p["target"] for p in finding["places"]} == {"Poverty alleviation workshops create jobs.",
                                                       "Poverty-relief workshops provide employment."}
    r = cli(*common, "qa", "consistency", "--db", str(db))
    assert r.returncode == 0 and r.stdout.decode().startswith("Same source, different English (1):\n")

    r = cli(*common, "glossary", "check", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr.decode()
    kinds = {(f["kind"], f["terms"][0]["source"]) for f in json.loads(r.stdout)}
    assert ("overlap", "脱贫攻坚") in kinds and ("unused", "赣州") in kinds and ("unused", "脱贫攻坚") not in kinds
    r = cli(*common, "glossary", "check", "--db", str(tmp_path / "none.sqlite"))
    assert r.returncode == 0
    text = r.stdout.decode()
    assert "Overlapping terms whose English conflicts (1):" in text and "unused" not in text.lower()
    assert not (tmp_path / "none.sqlite").exists()
