"""Model packages that are damaged, malformed or hostile: refused cleanly, never costing the working model.

Real packages built by tests/tinyargos.py, real zip archives (some with
forged headers), a real packages directory; no network (the index is a
socket on this machine).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.tinyargos import argos_env, build_tiny_package, write_zip

from translator.engines import argos_install
from translator.engines import argos_packages as model_store
from translator.errors import ModelError

ROOT = Path(__file__).resolve().parents[2]
TOP = "translate-zh_en-0_0_1"


@pytest.fixture(scope="module")
def tiny_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_package(tmp_path_factory.mktemp("tinyargos-hostile"))


@pytest.fixture(scope="module")
def unpacked(tiny_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny package's folder, to build variants from."""
    work = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(tiny_package) as zf:
        zf.extractall(work)
    return work / TOP


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in argos_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    return Path(os.environ["ARGOS_PACKAGES_DIR"])


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def _variant(unpacked: Path, dest: Path, metadata: dict[str, Any] | bytes) -> Path:
    """A copy of the tiny package with another metadata.json."""
    work = dest.parent / (dest.stem + "-work") / TOP
    work.parent.mkdir(parents=True)
    shutil.copytree(unpacked, work)
    raw = metadata if isinstance(metadata, bytes) else json.dumps(metadata).encode()
    (work / "metadata.json").write_bytes(raw)
    write_zip(work, dest)
    return dest


def _good_metadata(unpacked: Path) -> dict[str, Any]:
    return json.loads((unpacked / "metadata.json").read_text(encoding="utf-8"))


# -- wrongly typed metadata ---------------------------------------------------------------

BAD_FIELDS = {
    "languages a number": ({"languages": 7}, "'languages' must be an array, not a number"),
    "languages of numbers": ({"languages": [1]}, "'languages[0]' must be an object, not a number"),
    "links a string": ({"links": "http://example.com/x.argosmodel"}, "'links' must be an array, not a string"),
    "version a number": ({"package_version": 1.5}, "'package_version' must be a string, not a number"),
    "code a list": ({"code": ["translate-zh_en"]}, "'code' must be a string, not an array"),
    "from_code a number": ({"from_code": 7}, "'from_code' must be a string, not a number"),
    "target_prefix true": ({"target_prefix": True}, "'target_prefix' must be a string, not true or false"),
    "to_name an object": ({"to_name": {}}, "'to_name' must be a string, not an object"),
    "dependencies a string": ({"dependencies": "x"}, "'dependencies' must be an array, not a string"),
}


@pytest.mark.parametrize("shape", sorted(BAD_FIELDS))
def test_install_refuses_wrongly_typed_metadata(
    packages: Path, unpacked: Path, tmp_path: Path, shape: str
) -> None:
    change, message = BAD_FIELDS[shape]
    bad = _variant(unpacked, tmp_path / "bad.argosmodel", {**_good_metadata(unpacked), **change})
    with pytest.raises(ModelError) as info:
        argos_install.install_from_file(bad)
    assert message in str(info.value) and str(bad) in str(info.value)
    assert not packages.exists() or list(packages.iterdir()) == []


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({"languages": 7}, "'languages' must be an array"),
        (b"[1, 2]", "metadata.json is an array, not an object"),
        (b"{not json", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"from_code": "zh", "pad": "' + b" " * (1024**2) + b'"}', "metadata.json is over 1 MiB"),
    ],
    ids=["wrong type", "a list", "not JSON", "deeply nested", "over 1 MiB"],
)
def test_listing_skips_an_installed_folder_with_bad_metadata(
    packages: Path, tiny_package: Path, unpacked: Path, metadata: dict[str, Any] | bytes, message: str
) -> None:
    """As left by another tool or an older version: skipped with a warning, the good package still found."""
    bad = packages / "translate-zh_en-9_9"  # a newer version: it would win were it read
    shutil.copytree(unpacked, bad)
    (bad / "metadata.json").write_bytes(
        metadata if isinstance(metadata, bytes) else json.dumps({**_good_metadata(unpacked), "package_version": "9.9", **metadata}).encode()
    )
    with pytest.raises(ModelError, match=r"skipped 1 unreadable folder"):
        model_store.find_zh_en()
    argos_install.install_from_file(tiny_package)
    found, warnings = model_store.scan_installed()
    assert [p.path.name for p in found] == [TOP]
    assert len(warnings) == 1 and warnings[0].startswith(f"skipped {bad}: ") and message in warnings[0]
    assert model_store.find_zh_en().path == packages / TOP
    assert [p.version for p in model_store.list_installed()] == ["0.0.1"]


def test_installed_packages_stay_readable_by_argostranslate(packages: Path, tiny_package: Path) -> None:
    from argostranslate import package as argos_package

    installed = argos_install.install_from_file(tiny_package)
    [pkg] = argos_package.get_installed_packages(path=[packages])
    assert (pkg.from_code, pkg.to_code, pkg.package_version) == ("zh", "en", "0.0.1")
    assert Path(pkg.package_path) == installed.path


# -- damaged packages -------------------------------------------------------------------


def _data_offset(archive: Path, name: str) -> tuple[int, int]:
    """Where member ``name``'s (stored) data starts in ``archive``, and its size."""
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(name)
    with open(archive, "rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


def test_a_damaged_package_keeps_the_working_model(packages: Path, tiny_package: Path, tmp_path: Path) -> None:
    working = argos_install.install_from_file(tiny_package)
    before = _snapshot(working.path)
    damaged = tmp_path / "damaged.argosmodel"
    data = bytearray(tiny_package.read_bytes())
    start, size = _data_offset(tiny_package, f"{TOP}/model/model.bin")
    data[start + size // 2] ^= 0xFF  # the archive's directory is intact; model.bin fails its CRC
    damaged.write_bytes(bytes(data))
    argos_install.validate_package_file(damaged)  # nothing to see before unpacking

    with pytest.raises(ModelError, match="damaged package .*download it again") as info:
        argos_install.install_from_file(damaged)
    assert str(damaged) in str(info.value)
    assert _snapshot(working.path) == before
    assert sorted(p.name for p in packages.iterdir()) == [TOP]  # no half-extracted or temporary folder
    assert model_store.find_zh_en() == working


def _set_member_size(data: bytearray, name: str, size: int) -> None:
    """Forge the uncompressed size of member ``name`` in its local header and central directory entry."""
    encoded = name.encode()
    for signature, header_len, name_len_at, size_at in ((b"PK\x03\x04", 30, 26, 22), (b"PK\x01\x02", 46, 28, 24)):
        pos = data.find(signature)
        while pos != -1:
            (n,) = struct.unpack("<H", data[pos + name_len_at : pos + name_len_at + 2])
            if bytes(data[pos + header_len : pos + header_len + n]) == encoded:
                data[pos + size_at : pos + size_at + 4] = struct.pack("<I", size)
            pos = data.find(signature, pos + 4)


def test_a_member_longer_than_its_header_says_is_refused(packages: Path, tiny_package: Path, tmp_path: Path) -> None:
    """A forged header claiming fewer bytes than the member holds: unpacking stops at the claim, then refuses."""
    data = bytearray(tiny_package.read_bytes())
    name = f"{TOP}/sentencepiece.model"
    with zipfile.ZipFile(tiny_package) as zf:
        real = zf.getinfo(name).file_size
    _set_member_size(data, name, real // 2)
    lying = tmp_path / "lying.argosmodel"
    lying.write_bytes(bytes(data))
    with zipfile.ZipFile(lying) as zf:
        assert zf.getinfo(name).file_size == real // 2
    with pytest.raises(ModelError, match="damaged package .*CRC") as info:
        argos_install.install_from_file(lying)
    assert str(info.value).startswith(f"{lying}: ")
    assert not packages.exists() or list(packages.iterdir()) == []


# -- size limits ------------------------------------------------------------------------


def _minimal_members(zf: zipfile.ZipFile, unpacked: Path, top: str = TOP) -> None:
    zf.writestr(f"{top}/metadata.json", (unpacked / "metadata.json").read_bytes())
    zf.writestr(f"{top}/model/model.bin", b"model")
    zf.writestr(f"{top}/sentencepiece.model", b"spm")


def test_too_many_entries(packages: Path, unpacked: Path, tmp_path: Path) -> None:
    many = tmp_path / "many.argosmodel"
    with zipfile.ZipFile(many, "w") as zf:
        _minimal_members(zf, unpacked)
        for i in range(argos_install.MAX_ENTRIES):
            zf.writestr(f"{TOP}/extra/{i}", b"")
    with pytest.raises(ModelError, match=r"holds 10,003 entries, more than the 10,000"):
        argos_install.install_from_file(many)
    assert not packages.exists()


def test_declared_size_over_the_limit_is_refused_before_unpacking(packages: Path, unpacked: Path, tmp_path: Path) -> None:
    """A few KB of archive that says it unpacks to 4 GiB (the real limit, 2 GiB, applies)."""
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w") as zf:
        _minimal_members(zf, unpacked)
    data = bytearray(bomb.read_bytes())
    for member in ("metadata.json", "model/model.bin", "sentencepiece.model"):
        if member != "metadata.json":  # each of the two others claims just under 2 GiB
            _set_member_size(data, f"{TOP}/{member}", 2**31 - 1)
    bomb.write_bytes(bytes(data))
    assert bomb.stat().st_size < 10_000
    with pytest.raises(ModelError, match=r"unpacks to 4 GiB, over the 2 GiB a package may take"):
        argos_install.install_from_file(bomb)
    assert not packages.exists()


def test_a_real_zip_bomb_is_refused(packages: Path, unpacked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(argos_install, "MAX_UNCOMPRESSED_BYTES", 32 * 1024**2)
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        _minimal_members(zf, unpacked)
        zf.writestr(f"{TOP}/model/weights.bin", b"\0" * (64 * 1024**2))
    assert bomb.stat().st_size < 1024**2
    with pytest.raises(ModelError, match=r"unpacks to 64 MiB, over the 32 MiB"):
        argos_install.install_from_file(bomb)
    assert not packages.exists()


def test_a_metadata_bomb_is_refused_without_reading_it(packages: Path, unpacked: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "meta-bomb.argosmodel"
    meta = _good_metadata(unpacked)
    padded = json.dumps(meta)[:-1].encode() + b', "pad": "' + b" " * (200 * 1024**2) + b'"}'
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(f"{TOP}/metadata.json", padded)
        zf.writestr(f"{TOP}/model/model.bin", b"model")
        zf.writestr(f"{TOP}/sentencepiece.model", b"spm")
    del padded
    assert bomb.stat().st_size < 1024**2
    with pytest.raises(ModelError, match=r"metadata\.json is 200 MiB, over the 1 MiB package metadata may take"):
        argos_install.install_from_file(bomb)
    assert not packages.exists()


@pytest.mark.parametrize("name", [f"{TOP}/../evil.txt", "/etc/evil", f"{TOP}/model\\..\\..\\evil"])
def test_paths_leaving_the_package_folder_are_refused(packages: Path, unpacked: Path, tmp_path: Path, name: str) -> None:
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as zf:
        _minimal_members(zf, unpacked)
        zf.writestr(name, b"pwned")
    with pytest.raises(ModelError, match="unsafe path in archive"):
        argos_install.install_from_file(evil)
    assert not (tmp_path / "evil.txt").exists()
    assert not packages.exists()


def test_a_hidden_package_folder_is_refused(packages: Path, unpacked: Path, tmp_path: Path) -> None:
    hidden = tmp_path / "hidden.argosmodel"
    with zipfile.ZipFile(hidden, "w") as zf:
        _minimal_members(zf, unpacked, top=".translator-old-x")
    with pytest.raises(ModelError, match="is hidden"):
        argos_install.install_from_file(hidden)


# -- the package index: timeouts without touching the process ---------------------------


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    host, port = sock.getsockname()
    try:
        yield f"http://{host}:{port}/index.json"
    finally:
        sock.close()


def test_index_download_times_out_without_changing_the_process_timeout(
    packages: Path, monkeypatch: pytest.MonkeyPatch, silent_server: str
) -> None:
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", silent_server)
    before = socket.getdefaulttimeout()
    seen_during: list[float | None] = []
    outcome: list[BaseException] = []

    def watch() -> None:  # what another thread of the web app would see meanwhile
        seen_during.append(socket.getdefaulttimeout())

    def run() -> None:
        try:
            argos_install.install_from_index(timeout=0.5)
        except ModelError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    watcher = threading.Thread(target=watch)
    watcher.start()
    watcher.join()
    worker.join(timeout=120)  # a guard against hanging the suite, not a timing check
    assert not worker.is_alive()
    [error] = outcome
    message = str(error)
    assert "cannot reach the Argos package index (timed out" in message
    assert "translator models install --file PATH.argosmodel" in message
    assert "\n" not in message
    assert socket.getdefaulttimeout() == before and seen_during == [before]


# -- an unusable $HOME ----------------------------------------------------------------


def test_unwritable_home_gives_a_model_error_and_the_gloss_fallback(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_"))}
    env["HOME"] = str(blocker / "home")  # no folder can be made under a file, not even by root
    code = textwrap.dedent(
        """
        from translator.engines.argos_packages import find_zh_en, packages_dir
        from translator.errors import ModelError
        for call in (find_zh_en, packages_dir):
            try:
                call()
                print("no error")
            except ModelError as exc:
                print("ModelError:", exc)
        from translator.project import Project
        project = Project()  # the default settings: engine "auto"
        print("engine:", project.base_engine.name)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3, done.stdout
    for line in lines[:2]:
        assert line.startswith("ModelError: Argos Translate cannot create its folders (Not a directory: ")
        assert "set HOME to a writable folder" in line
    assert lines[2] == "engine: gloss"
    assert "Traceback" not in done.stderr

    listed = subprocess.run(
        [str(Path(sys.executable).with_name("translator")), "models", "list"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert listed.returncode == 1
    assert "Traceback" not in listed.stderr
    assert listed.stderr.strip().splitlines()[-1].startswith("translator: error: Argos Translate cannot create its folders")


def test_argos_packages_dir_works_without_a_usable_home(tmp_path: Path, tiny_package: Path) -> None:
    """With ARGOS_PACKAGES_DIR set, installing and finding never touch argostranslate's settings."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_"))}
    env.update(HOME=str(blocker / "home"), ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
    code = textwrap.dedent(
        f"""
        import sys
        from translator.engines.argos_packages import find_zh_en
        from translator.engines.argos_install import install_from_file
        install_from_file({str(tiny_package)!r})
        print(find_zh_en().version, "argostranslate.settings" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0.0.1", "False"]
