"""``translator batch`` and ``translator export`` take each format's options and file name from the format registry."""

from __future__ import annotations

import json

from lxml import etree, html

from translator.formats import DOCUMENT_FORMATS

ARTICLE = "江西特色产业\n\n江西省今年脱贫攻坚取得新进展。全省贫困人口减少了十万人。\n"


def test_batch_and_export_write_what_the_registry_says(cli, tmp_path):
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "no-models"), "HOME": str(tmp_path)}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db, out = str(tmp_path / "p.sqlite"), tmp_path / "out"
    r = cli("batch", str(tmp_path / "in"), "--out", str(out), "--db", db, "--engine", "gloss", "--layout", "target",
            "--approved-only", *[a for f in ("html", "xliff12", "txt", "json") for a in ("--format", f)], env=env)
    assert r.returncode == 0, r.stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "a.json", "a.txt", "a.xliff12.xlf", "report.json"]
    page = html.fromstring((out / "a.html").read_bytes())
    assert page.get("class") == "layout-target"  # --layout reached the HTML export
    assert (out / "a.txt").read_text() == "----\n3 sentences not approved yet (or with a QA error open) are left out.\n"  # nothing approved yet
    etree.fromstring((out / "a.xliff12.xlf").read_bytes())  # well-formed XLIFF 1.2

    doc = json.loads((out / "report.json").read_text())["articles"][0]["document"]
    exported = cli("export", doc, "--db", db, "--format", "txt", "--approved-only", env=env)
    assert exported.returncode == 0 and exported.stdout == (out / "a.txt").read_bytes()
    plain = cli("export", doc, "--db", db, "--format", "txt", env=env).stdout.decode()
    assert "left out" not in plain and plain.startswith("[machine: ")  # without --approved-only: the machine English, marked
    page = html.fromstring(cli("export", doc, "--db", db, "--format", "html", "--layout", "interleaved", env=env).stdout)
    assert page.get("class") == "layout-interleaved"
    refused = cli("export", doc, "--db", db, "--format", "tbx", env=env)  # a glossary format: not offered for a document
    assert refused.returncode == 2 and all(f in refused.stderr.decode() for f in DOCUMENT_FORMATS)
