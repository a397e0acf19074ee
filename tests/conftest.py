"""Shared fixtures: the sample article, a runner for the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def sample_doc(sample_bytes: bytes):
    from translator.prepare.pipeline import prepare_bytes

    return prepare_bytes(sample_bytes, name=str(SAMPLE))


def run_cli(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the installed ``translator`` console script as a user would."""
    exe = Path(sys.executable).with_name("translator")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "translator.cli"]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*cmd, *args], input=input, capture_output=True, env=full_env, timeout=300)


@pytest.fixture
def cli():
    return run_cli
