"""`translator documents analysis` and `translator documents effort`: the reports of a stored document, through the
real CLI (in process), a real SQLite file and a real memory."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers.cli import invoke_cli
from rapidfuzz.distance import Levenshtein

from translator.project import Project
from translator.settings import Settings
from translator.vocabulary import MATCH_BAND_LABELS, MATCH_BAND_NAMES

ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n江西扶贫成果显著。第二段有三个项目。"


def stored(tmp_path: Path) -> tuple[Project, str, list[str]]:
    from translator.prepare.pipeline import prepare_text

    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(tmp_path / "p.sqlite"), "engine": "gloss",
                                                               "packages_dir": "", "glossary_file": ""})
    project = Project(settings)
    doc = prepare_text(ARTICLE, name="article.txt")
    for seg in doc.segments():
        seg.target, seg.status, seg.provenance = f"EN {seg.source}", "machine", {"engine": "fake"}
    project.documents.save(doc)
    project.memory.add("我们继续努力。", "We keep working.")
    return project, str(tmp_path / "p.sqlite"), [s.id for s in doc.segments()]


def test_analysis_as_a_table_and_as_json(tmp_path):
    project, db, ids = stored(tmp_path)
    project.close()
    r = invoke_cli("documents", "analysis", "article.txt", "--db", db)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    lines = out.splitlines()
    assert lines[0].startswith(f"{ids[0][:12]}: 5 segments, 40 source characters")
    rows = {line.split("  ")[0].strip(): line.split() for line in lines[2:]}
    assert list(rows) == [*MATCH_BAND_LABELS.values(), "total"]
    assert rows["Repetitions"][1:3] == ["1", "9"] and rows["100%"][1:3] == ["1", "7"] and rows["New"][1:3] == ["3", "24"]
    assert rows["total"][1:3] == ["5", "40"]
    r = invoke_cli("documents", "analysis", ids[0][:8], "--db", db, "--json")
    data = json.loads(r.stdout)
    assert [b["name"] for b in data["bands"]] == list(MATCH_BAND_NAMES)
    assert sum(b["segments"] for b in data["bands"]) == data["total"]["segments"] == data["counts"]["segments"] == 5
    assert {s["id"]: s["band"] for s in data["segments"]}[ids[2]] == "exact"
    r = invoke_cli("documents", "analysis", "nope", "--db", db)
    assert r.returncode == 1 and "no stored document 'nope'" in r.stderr.decode()


def test_effort_as_csv_to_stdout_and_to_a_file(tmp_path):
    project, db, ids = stored(tmp_path)
    draft = f"EN {project.documents.segment_row(ids[1])['source']}"
    final = "Jiangxi's poverty alleviation is remarkable."
    project.review.edit(ids[1], user="tina", role="translator", version=1, target=final, time_ms=1500)
    project.review.edit(ids[1], user="rita", role="reviewer", version=2, status="approved", time_ms=500)
    project.close()
    r = invoke_cli("documents", "effort", "article.txt", "--db", db)
    assert r.returncode == 0, r.stderr
    table = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert [t["segment_id"] for t in table] == ids
    row = table[1]
    distance = Levenshtein.distance(draft, final)
    assert (row["machine_draft"], row["final"], row["status"]) == (draft, final, "approved")
    assert (row["edit_distance"], row["time_ms"], row["editors"]) == (str(distance), "2000", "tina")
    assert row["edit_share_pct"] == f"{100 * distance / max(len(draft), len(final)):.1f}"
    assert table[2]["edit_distance"] == "0" and table[2]["edit_share_pct"] == "0.0"
    out = tmp_path / "people.csv"
    r = invoke_cli("documents", "effort", "article.txt", "--db", db, "--per", "person", "--out", str(out))
    assert r.returncode == 0 and r.stdout == b""
    people = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert people == [
        {"person": "rita", "segments_edited": "0", "chars_changed": "0", "time_ms": "500", "segments_timed": "1"},
        {"person": "tina", "segments_edited": "1", "chars_changed": str(distance), "time_ms": "1500", "segments_timed": "1"},
    ]
