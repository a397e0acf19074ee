"""The two ways tests run the ``translator`` command: a real process, or in-process through click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the installed ``translator`` console script as a user would (a real process)."""
    exe = Path(sys.executable).with_name("translator")
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(exe), *args], input=input, capture_output=True, env=full_env, timeout=300)


def invoke_cli(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the ``translator`` command in this process (click's CliRunner): what most CLI tests use.

    Returns the same shape as :func:`run_cli`: ``returncode``, and ``stdout``
    and ``stderr`` as bytes.  Exceptions other than the CLI's own exit are
    re-raised, so a traceback fails the test instead of hiding in the output.
    """
    from click.testing import CliRunner

    from translator.cli import main

    result = CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False, prog_name="translator")
    return subprocess.CompletedProcess(["translator", *args], result.exit_code, result.stdout_bytes, result.stderr_bytes)
