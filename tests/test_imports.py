"""Every module of ``translator`` and ``webapp`` imports in a fresh interpreter, and importing does nothing else."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import translator
import webapp

# The library and the review app, each package itself included.
MODULES = sorted(
    [package.__name__ for package in (translator, webapp)]
    + [
        m.name
        for package in (translator, webapp)
        for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        if not m.name.endswith(".__main__")  # runs the program by design; tested below
    ]
)


def test_every_package_is_walked():
    assert {"translator.cli", "translator.store.database", "webapp.api", "webapp.services"} <= set(MODULES)


CODE = (
    "import os, sys; before = set(os.listdir('.'));"
    "import {module};"
    "after = set(os.listdir('.'));"
    "heavy = [m for m in ('argostranslate', 'ctranslate2', 'jieba', 'opencc', 'trafilatura') if m in sys.modules];"
    "assert after == before, after - before;"
    "assert not heavy, heavy"
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess[bytes], Path]]:
    """Each module imported in its own fresh interpreter, with its own empty HOME and working folder;
    the interpreters run a few at a time (one per core), each test below reads its module's result."""
    from concurrent.futures import ThreadPoolExecutor

    def one(module: str) -> tuple[subprocess.CompletedProcess[bytes], Path]:
        home = tmp_path_factory.mktemp("import")
        env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
        return subprocess.run([sys.executable, "-c", CODE.format(module=module)], cwd=home, capture_output=True, env=env), home

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(MODULES, pool.map(one, MODULES), strict=True))


@pytest.mark.parametrize("module", MODULES)
def test_import_in_fresh_interpreter_has_no_side_effects(module, imported):
    r, home = imported[module]
    assert r.returncode == 0, r.stderr.decode()
    assert not any((home / d).exists() for d in (".local", ".cache", ".config")), list(home.iterdir())


def test_python_dash_m_runs_the_cli(tmp_path):
    r = subprocess.run([sys.executable, "-m", "translator.cli", "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("translator, version "), r.stderr
