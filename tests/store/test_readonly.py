"""A memory database that cannot be written still serves look-ups; writes give a StoreError.

Permissions are enforced for real: the checks run in a forked child that,
when the tests run as root (whom chmod does not stop), drops to the
unprivileged user ``nobody`` first.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from translator.errors import StoreError
from translator.store.database import Store
from translator.store.memory import Memory, MemoryEntry

NOBODY = 65534
SOURCE = "江西省工信厅积极开展工业设计扶贫。"
TARGET = "Jiangxi's industry department promoted design-led poverty relief."


def _unprivileged(check: Callable[[], Any]) -> Any:
    """Run ``check`` in a forked child without write access to others' files; return its result.

    Exceptions in the child come back as ``{"error": "Type: message"}``.
    """
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process (3.12+)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result travels through the pipe
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            payload = {"result": check()}
        except BaseException as exc:  # every failure goes back to the parent
            payload = {"error": f"{type(exc).__name__}: {exc}"}
        os.write(write_end, json.dumps(payload).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(b"".join(chunks))


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder the unprivileged child can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="translator-ro-", dir="/tmp"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in [path, *path.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(path)


@pytest.fixture(autouse=True, scope="module")
def _warm_imports(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Import everything a look-up needs before forking: the child may not read the interpreter's folders."""
    memory = Memory(Store(tmp_path_factory.mktemp("warm") / "warm.sqlite"))
    memory.add(SOURCE, TARGET)
    memory.lookup([SOURCE, SOURCE[:-2] + "帮扶。"])
    with pytest.raises(StoreError):
        Store(tmp_path_factory.mktemp("warm2") / "x.sqlite", readonly=True).begin().__enter__()
    len(memory)
    memory.store.close()


def _make_db(folder: Path) -> Path:
    path = folder / "memory.sqlite"
    memory = Memory(Store(path))  # WAL mode, as the store makes it
    memory.add(SOURCE, TARGET, origin="doc-1", editor="ann")
    memory.store.close()
    assert sorted(p.name for p in folder.iterdir()) == ["memory.sqlite"]  # no -wal/-shm left behind
    return path


def _look_up_then_write(path: str, readonly: bool) -> dict[str, Any]:
    store = Store(path, readonly=readonly)
    memory = Memory(store)
    out: dict[str, Any] = {
        "readonly": store.readonly,
        "exact": [(m.target, m.score) for m in memory.lookup([SOURCE])[0]],
        "fuzzy": [round(m.score) for m in memory.lookup([SOURCE[:-3] + "帮扶。"])[0]],
        "len": len(memory),
    }
    try:
        memory.add("新的句子。", "A new sentence.")
        out["write"] = "written"
    except StoreError as exc:
        out["write"] = str(exc)
    return out


@pytest.mark.parametrize(
    ("file_mode", "dir_mode"),
    [(0o444, 0o777), (0o444, 0o555), (0o666, 0o555)],
    ids=["read-only file", "read-only file and folder", "read-only folder"],
)
@pytest.mark.parametrize("readonly", [False, True], ids=["default", "readonly=True"])
def test_read_only_database_serves_look_ups(
    shared_dir: Path, file_mode: int, dir_mode: int, readonly: bool
) -> None:
    path = _make_db(shared_dir)
    before = path.read_bytes()
    path.chmod(file_mode)
    shared_dir.chmod(dir_mode)
    got = _unprivileged(lambda: _look_up_then_write(str(path), readonly))
    assert "error" not in got, got
    result = got["result"]
    assert result["exact"] == [[TARGET, 100.0]]
    assert result["fuzzy"] and result["fuzzy"][0] >= 75
    assert result["len"] == 1
    assert result["readonly"] is True
    assert "\n" not in result["write"]
    assert str(path) in result["write"] and "read-only" in result["write"]
    assert path.read_bytes() == before
    # A WAL reader may add its -shm/-wal files where the folder allows it; nothing else.
    allowed = {"memory.sqlite", "memory.sqlite-wal", "memory.sqlite-shm"} if dir_mode & 0o002 else {"memory.sqlite"}
    assert {p.name for p in shared_dir.iterdir()} <= allowed


def test_writable_database_is_written_by_the_unprivileged_user(shared_dir: Path) -> None:
    """The control case: the same check, with permissions that allow writing, writes."""
    path = _make_db(shared_dir)
    path.chmod(0o666)
    shared_dir.chmod(0o777)
    got = _unprivileged(lambda: _look_up_then_write(str(path), False))
    assert got["result"]["readonly"] is False
    assert got["result"]["write"] == "written"
    assert len(Memory(Store(path))) == 2


def test_readonly_store_over_a_missing_file_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "memory.sqlite"
    store = Store(path, readonly=True)
    memory = Memory(store)
    assert memory.lookup([SOURCE]) == [[]]
    assert len(memory) == 0
    with pytest.raises(StoreError, match="read-only"):
        memory.add_many([MemoryEntry(SOURCE, TARGET)])
    assert not path.parent.exists()


def test_readonly_store_leaves_a_writable_database_untouched(tmp_path: Path) -> None:
    path = _make_db(tmp_path)
    before = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
    memory = Memory(Store(path, readonly=True))
    assert memory.lookup([SOURCE])[0][0].target == TARGET
    with pytest.raises(StoreError, match="read-only"):
        memory.add(SOURCE, "changed")
    memory.store.close()
    assert (path.read_bytes(), stat.S_IMODE(path.stat().st_mode)) == before
