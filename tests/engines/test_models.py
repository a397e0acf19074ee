"""`translator models list|install` and translator.engines.argos_packages, on a real (tiny) Argos package.

No network: installs come from files built by tests/tinyargos.py; the
"install from the index" path is pointed at a closed local port.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.tinyargos import argos_env, build_tiny_package, rezip_without, write_zip

from translator.cli import main
from translator.engines import argos_install
from translator.engines import argos_packages as model_store
from translator.errors import ModelError

ROOT = Path(__file__).resolve().parents[2]


class IndexServer:
    """A package index served over HTTP from this machine: ``files`` maps paths to bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        files = self.files

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = files.get(self.path.lstrip("/"))
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def index_server() -> Iterator[IndexServer]:
    server = IndexServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def tiny_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_package(tmp_path_factory.mktemp("tinyargos-models"))


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh, empty packages dir (and XDG dirs) for each test."""
    env = argos_env(tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def _invoke(*args: str):
    return CliRunner().invoke(main, ["models", *args], catch_exceptions=False)


def _assert_clean_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("translator: error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_install_from_file_then_list(sandbox: dict[str, str], tiny_package: Path) -> None:
    result = _invoke("install", "--file", str(tiny_package))
    assert result.exit_code == 0, result.output
    installed_dir = Path(sandbox["ARGOS_PACKAGES_DIR"]) / "translate-zh_en-0_0_1"
    assert "installed translate-zh_en 0.0.1" in result.stdout
    assert (installed_dir / "model" / "model.bin").is_file()
    assert (installed_dir / "sentencepiece.model").is_file()

    listing = _invoke("list")
    assert listing.exit_code == 0
    header, row = listing.stdout.strip().splitlines()
    assert header.split() == ["code", "name", "version", "path"]
    assert row.split()[0] == "translate-zh_en"
    assert "Chinese → English" in row
    assert "0.0.1" in row.split()
    assert row.endswith(str(installed_dir))


def test_list_when_nothing_installed(sandbox: dict[str, str]) -> None:
    result = _invoke("list")
    assert result.exit_code == 0
    assert "no packages installed" in result.stdout
    assert "translator models install --file" in result.stdout


def test_packages_dir_env_is_read_at_call_time(
    sandbox: dict[str, str], tiny_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argos_install.install_from_file(tiny_package)
    assert [p.version for p in model_store.list_installed()] == ["0.0.1"]
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "elsewhere"))
    assert model_store.list_installed() == []
    with pytest.raises(ModelError, match="translator models install --file"):
        model_store.find_zh_en()


def test_reinstall_replaces_and_newest_version_wins(sandbox: dict[str, str], tiny_package: Path, tmp_path: Path) -> None:
    newer = build_tiny_package(tmp_path / "newer", package_version="1.10")
    argos_install.install_from_file(tiny_package)
    (Path(sandbox["ARGOS_PACKAGES_DIR"]) / "translate-zh_en-0_0_1" / "stale.txt").write_text("old")
    argos_install.install_from_file(tiny_package)
    assert not (Path(sandbox["ARGOS_PACKAGES_DIR"]) / "translate-zh_en-0_0_1" / "stale.txt").exists()
    argos_install.install_from_file(newer)
    assert [p.version for p in model_store.list_installed()] == ["0.0.1", "1.10"]
    assert model_store.find_zh_en().version == "1.10"  # 1.10 > 1.9 > 0.0.1, not string order


def _run_cli(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_install_and_list_as_subprocesses(sandbox: dict[str, str], tiny_package: Path) -> None:
    """The real ``translator`` console script, as a user runs it."""
    base = [str(Path(sys.executable).with_name("translator")), "models"]
    installed = _run_cli(base + ["install", "--file", str(tiny_package)], sandbox)
    assert installed.returncode == 0, installed.stderr
    assert "installed translate-zh_en 0.0.1" in installed.stdout
    listed = _run_cli(base + ["list"], sandbox)
    assert listed.returncode == 0, listed.stderr
    assert "translate-zh_en" in listed.stdout
    assert sandbox["ARGOS_PACKAGES_DIR"] in listed.stdout

    bad = Path(sandbox["ARGOS_PACKAGES_DIR"]).parent / "broken.argosmodel"
    bad.write_bytes(b"not a zip")
    failed = _run_cli(base + ["install", "--file", str(bad)], sandbox)
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        (
            f"translator: error: {bad}: not an Argos package (not a zip archive); "
            "download translate-zh_en-*.argosmodel again"
        )
    ]


@pytest.mark.parametrize(
    ("skip", "missing"),
    [
        (["metadata.json"], "metadata.json"),
        (["model"], "model/model.bin"),
        (["sentencepiece.model"], "sentencepiece.model"),
    ],
)
def test_install_rejects_incomplete_package(
    sandbox: dict[str, str], tiny_package: Path, tmp_path: Path, skip: list[str], missing: str
) -> None:
    broken = rezip_without(tiny_package, tmp_path / "broken.argosmodel", skip)
    result = _invoke("install", "--file", str(broken))
    _assert_clean_error(result, str(broken), f"lacks {missing}")
    assert not Path(sandbox["ARGOS_PACKAGES_DIR"]).exists() or not any(
        Path(sandbox["ARGOS_PACKAGES_DIR"]).iterdir()
    )


def test_install_rejects_non_zip_and_missing_file(sandbox: dict[str, str], tmp_path: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_text("<html>404 Not Found</html>")
    _assert_clean_error(_invoke("install", "--file", str(junk)), str(junk), "not a zip archive")
    absent = tmp_path / "absent.argosmodel"
    _assert_clean_error(_invoke("install", "--file", str(absent)), str(absent), "no such file")


def test_install_rejects_bad_metadata_and_layout(sandbox: dict[str, str], tiny_package: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    with zipfile.ZipFile(tiny_package) as zf:
        zf.extractall(work)
    top = work / "translate-zh_en-0_0_1"

    (top / "metadata.json").write_text("{not json")
    write_zip(top, tmp_path / "badjson.argosmodel")
    _assert_clean_error(_invoke("install", "--file", str(tmp_path / "badjson.argosmodel")), "not valid JSON")

    (top / "metadata.json").write_text(json.dumps({"from_code": "en", "to_code": "de", "type": "translate"}))
    write_zip(top, tmp_path / "en_de.argosmodel")
    _assert_clean_error(_invoke("install", "--file", str(tmp_path / "en_de.argosmodel")), "en→de", "zh→en")

    flat = tmp_path / "flat.argosmodel"
    with zipfile.ZipFile(flat, "w") as zf:
        zf.writestr("metadata.json", "{}")
        zf.writestr("sentencepiece.model", "")
    _assert_clean_error(_invoke("install", "--file", str(flat)), "one top-level folder")


def test_install_without_file_offline(sandbox: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from argostranslate import settings

    # a closed local port: fails at once, and never reaches the real index
    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    monkeypatch.setattr(settings, "local_package_index", tmp_path / "index.json")
    result = _invoke("install")
    _assert_clean_error(result, "cannot reach the Argos package index", "translator models install --file")
    assert "translate-zh_en-*.argosmodel" in result.stderr


def test_install_without_file_when_index_lacks_zh_en(
    sandbox: dict[str, str], monkeypatch: pytest.MonkeyPatch, index_server: IndexServer
) -> None:
    from argostranslate import settings

    index_server.files["index.json"] = json.dumps(
        [{"from_code": "en", "to_code": "de", "package_version": "1.0", "links": []}]
    ).encode()
    monkeypatch.setattr(settings, "remote_package_index", index_server.url("index.json"))
    _assert_clean_error(_invoke("install"), "lists no zh→en package", "--file")


def test_install_without_file_downloads_from_the_index(
    sandbox: dict[str, str], monkeypatch: pytest.MonkeyPatch, index_server: IndexServer, tiny_package: Path
) -> None:
    """The whole online path, against a package index served from this machine."""
    from argostranslate import settings

    index_server.files["pkg.argosmodel"] = tiny_package.read_bytes()
    index_server.files["index.json"] = json.dumps(
        [
            {"from_code": "zh", "to_code": "en", "package_version": "0.0.1", "languages": 7},  # malformed: ignored
            {"from_code": "en", "to_code": "zh", "package_version": "9.0", "links": [index_server.url("x")]},
            {
                "from_code": "zh",
                "to_code": "en",
                "package_version": "0.0.1",
                "links": [index_server.url("missing.argosmodel"), index_server.url("pkg.argosmodel")],
            },
        ]
    ).encode()
    monkeypatch.setattr(settings, "remote_package_index", index_server.url("index.json"))
    result = _invoke("install")
    assert result.exit_code == 0, result.output
    assert "installed translate-zh_en 0.0.1" in result.stdout
    packages = Path(sandbox["ARGOS_PACKAGES_DIR"])
    assert sorted(p.name for p in packages.iterdir()) == ["translate-zh_en-0_0_1"]  # no download left behind
    assert model_store.find_zh_en().path == packages / "translate-zh_en-0_0_1"


def test_list_skips_a_stray_folder_with_a_warning(
    sandbox: dict[str, str], tiny_package: Path, caplog: pytest.LogCaptureFixture
) -> None:
    argos_install.install_from_file(tiny_package)
    stray = Path(sandbox["ARGOS_PACKAGES_DIR"]) / "half-copied"
    stray.mkdir()
    # the real command line: the warning reaches stderr without any logging set up
    listed = _run_cli([str(Path(sys.executable).with_name("translator")), "models", "list"], sandbox)
    assert listed.returncode == 0, listed.stderr
    assert "translate-zh_en" in listed.stdout
    warning = (
        f"skipped {stray}: not an installed Argos package (no metadata.json); "
        "remove that folder, or reinstall the package"
    )
    assert f"translator: warning: {warning}" in listed.stderr.splitlines()
    assert "Traceback" not in listed.stderr
    assert model_store.find_zh_en().version == "0.0.1"  # the stray folder does not hide the model
    assert [r.getMessage() for r in caplog.records] == [warning]


def test_nothing_happens_at_import(tmp_path: Path) -> None:
    """Importing our modules neither imports argostranslate nor creates directories."""
    env = {**os.environ, **argos_env(tmp_path)}
    code = textwrap.dedent(
        """
        import sys
        import translator.engines.argos_packages, translator.engines.argos, translator.cli.models
        heavy = sorted(m for m in ("argostranslate", "ctranslate2", "sentencepiece") if m in sys.modules)
        print(heavy)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
    assert list(tmp_path.iterdir()) == []
