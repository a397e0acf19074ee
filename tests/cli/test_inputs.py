"""How the CLI reads its inputs: one bad path never stops the others, no hang, no unbounded read."""

from __future__ import annotations

import json
import os
import threading

import pytest

import translator.cli.group as cli_main


def test_directory_and_unreadable_paths_among_files_are_reported_and_the_rest_processed(cli, sample_path, tmp_path):
    r = cli("normalize", "--json", str(tmp_path), str(sample_path), str(tmp_path / "nope.txt"))
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        f"translator: error: {tmp_path}: is a directory; give article files (text or HTML)",
        f"translator: error: {tmp_path / 'nope.txt'}: no such file; check the path",
    ]
    assert len(json.loads(r.stdout)) == 1


def test_devices_and_fifos_are_refused_without_reading(cli, sample_path, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(cli("normalize", "/dev/zero", str(fifo), str(sample_path))))
    worker.start()
    worker.join(timeout=60)
    assert done, "reading a FIFO or /dev/zero hung"
    r = done[0]
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    assert lines[0].startswith("translator: error: /dev/zero: not a regular file")
    assert lines[1].startswith(f"translator: error: {fifo}: not a regular file")
    assert "title: 江西：特色产业扛起扶贫重任" in r.stdout.decode()


def test_input_size_limit_is_configurable_and_clear(cli, sample_path, tmp_path):
    r = cli("normalize", "--max-input-mb", "0.001", str(sample_path))
    assert r.returncode == 1
    assert r.stderr.decode() == (
        f"translator: error: {sample_path}: larger than the 0.001 MB input limit; "
        "split it, or raise the max_input_mb setting\n"
    )
    r = cli("--set", "max_input_mb=0.001", "normalize", "-", input=b"\xe6\xa0\x87" * 2000)
    assert r.returncode == 1 and r.stderr.decode().startswith("translator: error: <stdin>: larger than the 0.001 MB")


def test_glossary_that_is_a_directory_is_one_line(cli, sample_path, tmp_path):
    r = cli("translate", "--engine", "gloss", "--no-memory", "--glossary", str(tmp_path), str(sample_path))
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"translator: error: {tmp_path}: cannot read glossary")


def test_a_command_whose_module_is_broken_is_listed_and_reported(cli, monkeypatch):
    monkeypatch.setitem(cli_main.COMMANDS, "export", "translator.cli.no_such_module:export")
    listing = cli("--help")
    assert listing.returncode == 0
    assert "export" in listing.stdout.decode() and "unavailable" in listing.stdout.decode()
    r = cli("export")
    assert r.returncode == 1
    assert r.stderr.decode().startswith("translator: error: the 'export' command is unavailable (ModuleNotFoundError: ")


@pytest.mark.parametrize("command", list(cli_main.COMMANDS))
def test_every_command_has_help(cli, command):
    r = cli(command, "--help")
    assert r.returncode == 0 and r.stdout.decode().startswith(f"Usage: translator {command}")
