"""The project database: bad files and URLs give one-line StoreErrors; writes are upserts in one transaction."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from translator.errors import StoreError, TranslatorError
from translator.store.database import Store
from translator.store.memory import Memory, MemoryEntry


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real memory database with a few hundred entries."""
    path = tmp_path_factory.mktemp("good") / "good.sqlite"
    memory = Memory(Store(path))
    memory.add_many(MemoryEntry(f"第{i}句很长的句子。" * 10, f"sentence {i}") for i in range(300))
    memory.store.close()
    data = path.read_bytes()
    assert data.startswith(b"SQLite format 3\x00") and len(data) > 16384
    return data


def _assert_one_line(err: TranslatorError, *fragments: str) -> None:
    text = str(err)
    assert "\n" not in text
    assert "Traceback" not in text
    for fragment in fragments:
        assert fragment in text


DAMAGED = {
    "text": lambda good: b"source\ttarget\n" * 50,
    "zeros": lambda good: b"\0" * 4096,
    "header truncated to 50 bytes": lambda good: good[:50],
    "header only": lambda good: good[:100],
    "first page truncated": lambda good: good[:1000],
    "bad magic": lambda good: b"SQLite format 4\x00" + good[16:],
    "bad page size": lambda good: good[:16] + b"\x00\x03" + good[18:],
}


@pytest.mark.parametrize("shape", sorted(DAMAGED))
def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path, good_db: bytes, shape: str) -> None:
    path = tmp_path / "memory.sqlite"
    content = DAMAGED[shape](good_db)
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(path)
    _assert_one_line(info.value, str(path), "not a SQLite database")
    with pytest.raises(StoreError):
        Store(path, readonly=True)
    assert path.read_bytes() == content  # not "repaired" or converted behind the user's back


def test_a_database_damaged_past_its_first_page_fails_on_use_with_a_store_error(tmp_path: Path, good_db: bytes) -> None:
    path = tmp_path / "memory.sqlite"
    # Keep the pages the schema is on (the first ones: tables and the memory's n-gram index are
    # created before any row), damage every page after them.
    for keep in range(8192, len(good_db), 4096):
        path.write_bytes(good_db[:keep] + bytes(range(256)) * ((len(good_db) - keep) // 256))
        try:
            memory = Memory(Store(path))  # the schema reads fine
            break
        except StoreError:
            continue
    else:
        pytest.fail("no database whose schema pages are intact")
    assert keep < len(good_db) // 2
    with pytest.raises(StoreError) as info:
        memory.lookup(["第1句很长的句子。" * 10])
    _assert_one_line(info.value, str(path), "damaged")
    with pytest.raises(StoreError) as info:
        memory.add("新的句子。", "A new sentence.")
    _assert_one_line(info.value, str(path))


@pytest.mark.parametrize(
    ("db", "fragment"),
    [
        ("sqlite:///%00", "NUL"),
        ("nosuchdialect://x/y", "not a database URL"),
        ("sqlite:///{tmp}", "is a folder"),
    ],
)
def test_bad_urls_and_paths_are_store_errors(tmp_path: Path, db: str, fragment: str) -> None:
    with pytest.raises(StoreError) as info:
        Store(db.format(tmp=tmp_path))
    _assert_one_line(info.value, fragment)


def test_password_in_a_url_is_not_shown(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store("nosuchdialect://user:s3cret@host/db")
    assert "s3cret" not in str(info.value)


def test_a_path_with_url_characters_is_that_file(tmp_path: Path) -> None:
    path = tmp_path / "a?b%20c#d.sqlite"
    Memory(Store(path)).add("你好。", "Hello.")
    assert path.is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite") == ["a?b%20c#d.sqlite"]
    [[m]] = Memory(Store(path)).lookup(["你好。"])
    assert m.target == "Hello."


def test_add_many_is_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    memory = Memory(Store(path))
    memory.add("旧句子。", "old target")
    # A real failure half-way through the batch, raised by the database itself.
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON tm WHEN NEW.source = '坏。' "
            "BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END"
        )
    batch = [
        MemoryEntry("旧句子。", "new target"),
        MemoryEntry("一。", "one"),
        MemoryEntry("坏。", "bad"),
        MemoryEntry("二。", "two"),
    ]
    with pytest.raises(StoreError) as info:
        memory.add_many(batch)
    _assert_one_line(info.value, "refused by trigger")
    assert len(memory) == 1
    [[old]] = memory.lookup(["旧句子。"])
    assert old.target == "old target"  # the update earlier in the batch was rolled back too
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER refuse")
    assert memory.add_many(batch) == 4
    assert len(memory) == 4
    assert [m[0].target for m in memory.lookup(["旧句子。", "一。", "坏。", "二。"])] == ["new target", "one", "bad", "two"]


def test_add_many_upserts_and_the_last_of_a_key_wins(db_url: str) -> None:
    memory = Memory(Store(db_url))
    memory.add("你好。", "Hello.", origin="a", editor="ann", provenance={"engine": "memory"})
    memory.add_many([MemoryEntry("你 好。", "Hi."), MemoryEntry("你好。", "Hey.", origin="b", editor="bob")])
    assert len(memory) == 1
    [[m]] = memory.lookup(["你好。"])
    assert (m.source, m.target, m.origin, m.editor) == ("你好。", "Hey.", "b", "bob")
    assert memory.add_many([]) == 0


def test_add_many_refuses_unstorable_text_before_writing(db_url: str) -> None:
    memory = Memory(Store(db_url))
    with pytest.raises(StoreError, match=r"entry 1\.target: contains a lone surrogate \(U\+D800"):
        memory.add_many([MemoryEntry("一。", "one"), MemoryEntry("二。", "t\ud800wo")])
    with pytest.raises(StoreError, match=r"entry 0\.provenance\.note\[1\]: contains a lone surrogate"):
        memory.add_many([MemoryEntry("一。", "one", provenance={"note": ["ok", "\udfff"]})])
    with pytest.raises(StoreError, match=r"entry 0\.target: expected a string, got an integer"):
        memory.add_many([MemoryEntry("一。", 1)])  # type: ignore[arg-type]
    assert len(memory) == 0


def test_project_database_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The db setting reads $TRANSLATOR_DB; the store itself reads no environment."""
    from translator.project import Project
    from translator.settings import Settings

    monkeypatch.setenv("TRANSLATOR_DB", str(tmp_path / "env.sqlite"))
    monkeypatch.chdir(tmp_path)
    store = Project(Settings.load()).store
    assert store.path == tmp_path / "env.sqlite"
    assert Store().path == tmp_path / "translator.sqlite"  # the store's own default, in the working directory
    Memory(store).add("你好。", "Hello.")
    assert os.path.getsize(tmp_path / "env.sqlite") > 0
