"""The README's module table names every module of ``translator/``, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _table_modules() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## What it does", 1)[1].split("\n## ", 1)[0]
    return {m for row in table.splitlines() if row.startswith("|") for m in re.findall(r"`([\w/]+\.py)`", row.split("|")[2])}


def test_every_module_is_in_the_readme_table():
    package = ROOT / "translator"
    modules = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py") and "migrations" not in p.parts and "numbers" not in p.parts
    }
    named = _table_modules()
    assert modules - named == set(), "modules missing from the README's table"
    assert named - modules == set(), "the README's table names modules that do not exist"
