"""Every module of ``translator`` and ``webapp`` imports in a fresh interpreter, and importing does nothing else."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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


@pytest.mark.parametrize("module", MODULES)
def test_import_in_fresh_interpreter_has_no_side_effects(module, tmp_path):
    code = (
        "import os, sys; before = set(os.listdir('.'));"
        f"import {module};"
        "after = set(os.listdir('.'));"
        "heavy = [m for m in ('argostranslate', 'ctranslate2', 'jieba', 'opencc', 'trafilatura') if m in sys.modules];"
        "assert after == before, after - before;"
        "assert not heavy, heavy"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, env=env)
    assert r.returncode == 0, r.stderr.decode()
    assert not any((tmp_path / d).exists() for d in (".local", ".cache", ".config")), list(tmp_path.iterdir())


def test_python_dash_m_runs_the_cli(tmp_path):
    r = subprocess.run([sys.executable, "-m", "translator.cli", "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("translator, version "), r.stderr
