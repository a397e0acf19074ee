"""``translator normalize --json`` on the sample gives exactly the recorded JSON.

tests/golden/sample.normalize.json was recorded before the prepare stage
was restructured (C scans removed, modules split by stage); any change to
it must be a deliberate one, re-recorded with the reason in the commit.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sample_normalize_json_is_unchanged(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    r = cli("normalize", "--json", "examples/jiangxi-poverty-alleviation.txt")
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == (ROOT / "tests" / "golden" / "sample.normalize.json").read_bytes()
