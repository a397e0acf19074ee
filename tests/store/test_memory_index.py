"""The memory's n-gram index (migration 0004) and TMX import as a stream."""

from __future__ import annotations

import io
import sqlite3

import pytest
from helpers.databases import database_at

from translator.formats import FormatError
from translator.formats.tmx import export_tmx, iter_tmx
from translator.store.database import Store
from translator.store.memory import Memory, MemoryEntry

LONG = "江西省工信厅积极开展工业设计扶贫工作"


@pytest.fixture(autouse=True)
def _always_the_index(monkeypatch):
    monkeypatch.setattr("translator.store.memory.SCAN_BELOW", 0)  # these small memories go through the index too


def test_upgrading_indexes_the_rows_already_there(tmp_path):
    """A 0003 database's memory rows are in the index after the upgrade: fuzzy look-ups find them."""
    from helpers.databases import previous_schema_database

    path = tmp_path / "old.sqlite"
    previous_schema_database(path)
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


def _grams_of(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(len(key) - 2)}



def _trigram_table(store: Store) -> set[tuple[str, int]]:
    import sqlalchemy as sa

    with store.connect() as conn:
        return {(g, i) for g, i in conn.execute(sa.text("SELECT gram, tm_id FROM tm_grams"))}


def _expected_trigrams(store: Store) -> set[tuple[str, int]]:
    import sqlalchemy as sa

    with store.connect() as conn:
        rows = conn.execute(sa.select(store.tm.c.id, store.tm.c.source_key)).all()
    return {(g, i) for i, key in rows for g in _grams_of(key)}


def test_postgres_upgrade_indexes_the_rows_already_there(postgres_url):
    """A 0004 PostgreSQL memory upgraded to the trigram table: its rows are found, the pg_trgm index that
    0004 used to make is gone."""
    import sqlalchemy as sa

    database_at(postgres_url, "0004")
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))  # what 0004 did on PostgreSQL before 0005
        conn.execute(sa.text("CREATE INDEX ix_tm_source_key_trgm ON tm USING gin (source_key gin_trgm_ops)"))
        for i, src in enumerate([LONG, "脱贫攻坚取得决定性进展"]):
            conn.execute(
                sa.text(
                    "INSERT INTO tm (source_key, source, target, length, origin, editor, created_at, updated_at) "
                    "VALUES (:k, :k, :t, :n, '', '', 'x', 'x')"
                ),
                {"k": src, "t": f"target {i}", "n": len(src)},
            )
    engine.dispose()
    store = Store(postgres_url)  # upgrades to the head
    [[m]] = Memory(store).lookup([LONG.replace("工作", "任务")])
    assert m.target == "target 0" and 75 <= m.score < 100
    assert _trigram_table(store) == _expected_trigrams(store) != set()
    with store.connect() as conn:
        indexes = {r[0] for r in conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'tm'"))}
        options = conn.execute(sa.text("SELECT reloptions FROM pg_class WHERE relname = 'tm_grams'")).scalar()
    assert "ix_tm_source_key_trgm" not in indexes
    # autovacuum keeps the newest entries' pages all-visible (index-only reads) long before 20 % of the table
    assert set(options) == {"autovacuum_vacuum_insert_threshold=100000", "autovacuum_vacuum_insert_scale_factor=0"}
    store.close()


def test_postgres_trigram_table_follows_every_change(postgres_url):
    """Inserts, upserts, a source key changed by hand and deletes: tm_grams always holds exactly the keys' trigrams."""
    import sqlalchemy as sa

    store = Store(postgres_url)
    memory = Memory(store)
    memory.add(LONG, "first")
    memory.add("脱贫攻坚取得决定性进展", "x")
    assert _trigram_table(store) == _expected_trigrams(store)
    memory.add(LONG, "second")  # an upsert keeps the key: nothing to change
    memory.add_many([MemoryEntry(f"第{i}批{LONG}", str(i)) for i in range(30)])
    assert _trigram_table(store) == _expected_trigrams(store)
    with store.begin() as conn:  # a key changed outside this code
        conn.execute(sa.text("UPDATE tm SET source_key = '乡村振兴战略全面推进' WHERE target = 'x'"))
    assert _trigram_table(store) == _expected_trigrams(store)
    assert ("乡村振", 2) in _trigram_table(store) and not any(g == "脱贫攻" for g, _ in _trigram_table(store))
    with store.begin() as conn:
        conn.execute(sa.delete(store.tm).where(store.tm.c.target != "second"))
    assert _trigram_table(store) == _expected_trigrams(store) == {(g, 1) for g in _grams_of(LONG)}
    store.close()


def test_search_reads_a_bounded_number_of_index_entries(db_url, monkeypatch):
    """With a few postings per trigram, a memory where every row shares common trigrams with the source:
    the row sharing an uncommon one is still found, the newest of a family of near-copies is offered,
    and no more than trigrams x postings index entries are read."""
    from translator.store import fuzzy

    monkeypatch.setattr(fuzzy, "POSTINGS", 4)
    read: list[int] = []
    original = fuzzy._postings

    def counting(conn, grams, **within):
        out = original(conn, grams, **within)
        read.append(sum(len(ids) for ids in out))
        return out

    monkeypatch.setattr(fuzzy, "_postings", counting)
    memory = Memory(Store(db_url))
    family = [MemoryEntry(f"张某表示，全省工业设计扶贫项目共计{i}个", f"family {i}") for i in range(40)]
    unique = MemoryEntry("张某表示，鹰潭铜产业集群年内突破千亿", "the copper cluster")
    memory.add_many([*family[:20], unique, *family[20:]])
    [[m]] = memory.lookup(["张某表示，鹰潭铜产业集群年内突破百亿"])
    assert m.target == "the copper cluster"
    matches = memory.lookup(["李某表示，全省工业设计扶贫项目共计7个"])[0]
    assert matches and all(x.target.startswith("family ") for x in matches) and matches[0].score >= 80
    assert read and max(read) <= len(fuzzy.trigrams("张某表示，鹰潭铜产业集群年内突破百亿")) * 4


def test_search_finds_the_closest_member_of_a_big_family(db_url, monkeypatch):
    """Forty near-copies, four postings read per trigram, the speaker's trigrams held by newer,
    unrelated rows: the oldest copy, the one closest to the source (the same speaker), is found
    by looking again inside the family for what the newest copies lack."""
    from rapidfuzz import fuzz

    from translator.store import fuzzy

    monkeypatch.setattr(fuzzy, "POSTINGS", 4)
    sentence = "表示，全省工业设计扶贫项目共计九十五个"
    family = ["王某" + sentence] + [f"{name}某{sentence}" for name in "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜戚谢邹喻柏水窦章云"]
    others = [f"王某表示，{place}的春茶已经上市" for place in "赣州吉安于都瑞金南昌九江上饶抚州宜春萍乡"]
    stored = family + others
    memory = Memory(Store(db_url))
    memory.add_many([MemoryEntry(src, f"row {i}") for i, src in enumerate(stored)])
    query = "王某" + sentence + "了"
    [matches] = memory.lookup([query])
    assert matches[0].target == "row 0"
    assert matches[0].score == pytest.approx(max(fuzz.ratio(query, s) for s in stored))
    monkeypatch.setattr(fuzzy, "REFINE", 0)  # without the second look: a newer, farther copy
    [matches] = memory.lookup([query])
    assert matches and matches[0].target != "row 0" and matches[0].score < fuzz.ratio(query, family[0])


def test_a_large_import_vacuums_the_postgresql_index(tmp_path, cli, db_url, monkeypatch):
    """After an import above BULK_LOAD entries, tm and tm_grams are vacuumed and analysed (look-ups read the
    index alone at once); a small import leaves that to autovacuum.  On SQLite the call does nothing."""
    import sqlalchemy as sa

    calls: list[int] = []
    original = Memory.after_bulk_load

    def spy(self: Memory) -> None:
        calls.append(len(self))
        original(self)

    def vacuumed() -> dict[str, bool]:
        engine = sa.create_engine(db_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(sa.text(
                    "SELECT relname, last_vacuum IS NOT NULL AND last_analyze IS NOT NULL FROM pg_stat_user_tables "
                    "WHERE relname IN ('tm', 'tm_grams')"
                ))
                return {name: bool(done) for name, done in rows}
        finally:
            engine.dispose()

    monkeypatch.setattr("translator.cli.memory.BULK_LOAD", 100)
    monkeypatch.setattr(Memory, "after_bulk_load", spy)
    small, large = tmp_path / "small.tmx", tmp_path / "large.tmx"
    small.write_bytes(_tmx(99))
    large.write_bytes(export_tmx((f"第{i}号{LONG}", f"unit {i}", {}) for i in range(100)))
    assert cli("memory", "import", str(small), "--db", db_url).returncode == 0
    assert calls == []
    postgres = db_url.startswith("postgresql")
    if postgres:
        assert vacuumed() == {"tm": False, "tm_grams": False}
    assert cli("memory", "import", str(large), "--db", db_url).returncode == 0
    assert calls == [199]
    if postgres:
        assert vacuumed() == {"tm": True, "tm_grams": True}


def test_query_syntax_in_sources_is_only_text(db_url):
    """Quotes, FTS5 operators, LIKE wildcards and backslashes in a source are matched as characters."""
    hostile = ['他说"AND"或者OR NEAR(1 2)*', "百分之%_50\\折扣'；--", 'x"y"z^取消NOT吗']
    memory = Memory(Store(db_url))
    memory.add_many([MemoryEntry(h, f"t{i}") for i, h in enumerate(hostile)])
    found = memory.lookup([h + "了" for h in hostile])
    assert [m[0].target if m else None for m in found] == ["t0", "t1", "t2"]


def test_a_read_only_0004_sqlite_memory_is_read_through_its_index(tmp_path, monkeypatch):
    """0005 changed nothing on SQLite: a 0004 file opened read-only (translate does) still uses its FTS5 index."""
    from translator.store import fuzzy

    path = tmp_path / "m.sqlite"
    memory = Memory(Store(path))
    memory.add(LONG, "by the index")
    memory.store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
    searched: list[str] = []
    original = fuzzy.candidates
    monkeypatch.setattr(fuzzy, "candidates", lambda conn, key, lo, hi: searched.append(key) or original(conn, key, lo, hi))
    store = Store(path, readonly=True)
    assert store.revision == "0004"
    [[m]] = Memory(store).lookup([LONG + "了"])
    assert m.target == "by the index" and searched == [LONG + "了"]
