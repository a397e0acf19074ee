"""The installed ``translator`` executable, as a user runs it: a few real-process smoke tests.

Most CLI behaviour is tested in-process (tests/cli/); these check
that the console script, its exit codes and its streams work end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "sample.normalize.json"


def test_normalize_prints_the_golden_json(cli_process, monkeypatch):
    monkeypatch.chdir(ROOT)
    r = cli_process("normalize", "--json", "examples/jiangxi-poverty-alleviation.txt")
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == GOLDEN.read_bytes()


def test_translate_falls_back_to_the_gloss_with_one_warning(cli_process, sample_path, tmp_path):
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "none"), "HOME": str(tmp_path), "TRANSLATOR_DB": str(tmp_path / "p.sqlite")}
    r = cli_process("translate", "--json", str(sample_path), env=env)
    assert r.returncode == 0, r.stderr.decode()
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("translator: warning: no Argos zh→en model installed")
    doc = json.loads(r.stdout)
    assert doc["signature"].startswith("engine:gloss|model:cc-cedict@")
    assert all(s["target"] for b in doc["blocks"] for s in b["segments"])


def test_bad_inputs_one_line_each_exit_1(cli_process, sample_path, tmp_path):
    missing = tmp_path / "missing.txt"
    r = cli_process("normalize", "--json", str(tmp_path), str(sample_path), str(missing))
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        f"translator: error: {tmp_path}: is a directory; give article files (text or HTML)",
        f"translator: error: {missing}: no such file; check the path",
    ]
    assert json.loads(r.stdout)[0]["metadata"]["editor"] == "王磊"
