"""The memory's n-gram index (migration 0004) and TMX import as a stream."""

from __future__ import annotations

import io
import sqlite3

import pytest

from translator.formats import FormatError
from translator.formats.tmx import export_tmx, iter_tmx
from translator.store.database import Store
from translator.store.memory import Memory

LONG = "江西省工信厅积极开展工业设计扶贫工作"


@pytest.fixture(autouse=True)
def _always_the_index(monkeypatch):
    monkeypatch.setattr("translator.store.memory.SCAN_BELOW", 0)  # these small memories go through the index too


def test_upgrading_indexes_the_rows_already_there(tmp_path):
    """A 0003 database's memory rows are in the index after the upgrade: fuzzy look-ups find them."""
    from test_store_documents import _previous_schema_database

    path = tmp_path / "old.sqlite"
    _previous_schema_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO tm (source_key, source, target, length, origin, editor, created_at, updated_at) "
            "VALUES (?, ?, 'Design-led poverty relief.', ?, '', '', 'x', 'x')", (LONG, LONG, len(LONG)),
        )
    memory = Memory(Store(path))
    [[m]] = memory.lookup([LONG.replace("工作", "任务")])
    assert m.target == "Design-led poverty relief." and 75 <= m.score < 100
    with sqlite3.connect(path) as conn:  # the index itself holds it (not a fallback scan)
        assert conn.execute("SELECT count(*) FROM tm_ngrams WHERE tm_ngrams MATCH '\"工信厅\"'").fetchone() == (1,)


def test_index_follows_updates_and_deletes(db_url):
    memory = Memory(Store(db_url))
    memory.add(LONG, "first")
    memory.add(LONG, "second")  # an upsert: the same row, updated
    [[m]] = memory.lookup([LONG + "了"])
    assert m.target == "second"
    import sqlalchemy as sa

    with memory.store.begin() as conn:
        conn.execute(sa.delete(memory.store.tm))
    assert memory.lookup([LONG + "了"]) == [[]]


def _tmx(n: int) -> bytes:
    return export_tmx((f"第{i}条{LONG}", f"unit {i}", {"editor": "ann"}) for i in range(n))


def test_tmx_is_read_as_a_stream():
    """Entries come out one by one while the file is read: the first before a broken end is reached."""
    data = _tmx(50)
    broken = data[: data.rindex(b"</tu>")]  # the last unit and the end of the file cut off
    entries = iter_tmx(io.BytesIO(broken), path="big.tmx")
    first = next(entries)
    assert (first.source, first.target, first.metadata["editor"]) == (f"第0条{LONG}", "unit 0", "ann")
    with pytest.raises(FormatError, match="not a well-formed TMX file"):
        list(entries)


def test_tmx_import_is_one_transaction_and_streams_from_the_file(tmp_path, cli, db_url):
    good, bad = tmp_path / "good.tmx", tmp_path / "bad.tmx"
    good.write_bytes(_tmx(120))
    data = _tmx(120)
    bad.write_bytes(data[: data.rindex(b"</tu>")])
    r = cli("memory", "import", str(bad), str(good), "--db", db_url)
    assert r.returncode == 1
    assert b"bad.tmx" in r.stderr and b"not a well-formed TMX file" in r.stderr
    assert f"{good}: 120 approved segment(s) added".encode() in r.stdout
    memory = Memory(Store(db_url))
    assert len(memory) == 120  # nothing of the broken file
    [[m]] = memory.lookup([f"第7条{LONG}"])
    assert m.target == "unit 7"
