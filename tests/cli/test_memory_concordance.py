"""``translator memory concordance TEXT``: the same search as the review app's, on a real SQLite file."""

from __future__ import annotations

import json

from helpers.cli import invoke_cli
from helpers.web import make_project


def test_the_cli_concordance_command(tmp_path):
    project = make_project(tmp_path)
    m = project.memory
    m.add("坚持精准施策。", "Adhere to targeted policies.", origin="a-1-0", editor="ann")
    m.add("企业所得税。", "Corporate income tax.", origin="b-1-1", editor="bo")
    m.add("税收制度改革。", "Reform of the taxation system.", origin="b-1-2", editor="bo")
    db = project.settings.db
    project.close()
    r = invoke_cli("memory", "concordance", "精准施策", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [(h["target"], h["origin"], h["by"]) for h in data["hits"]] == [("Adhere to targeted policies.", "memory", "ann")]
    r = invoke_cli("memory", "concordance", "tax", "--db", db)
    assert r.returncode == 0 and r.stdout.decode() == "企业所得税。\tCorporate income tax.\tmemory\n"
    r = invoke_cli("memory", "concordance", "没有这个词", "--db", db)
    assert r.returncode == 0 and "no approved translation" in r.stdout.decode()
    r = invoke_cli("memory", "concordance", "  ", "--db", db)
    assert r.returncode == 1 and b"'q'" in r.stderr
