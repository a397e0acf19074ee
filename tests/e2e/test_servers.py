"""The throwaway servers the store and queue tests run on: really started, really answering."""

from __future__ import annotations


def test_postgres_server_answers_on_loopback(postgres_url: str) -> None:
    """No extension is needed (the memory's trigram index is a plain table since migration 0005)."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        assert conn.execute(sa.text("SELECT current_setting('listen_addresses')")).scalar() == "127.0.0.1"
        conn.execute(sa.text("CREATE TABLE t (k text PRIMARY KEY)"))
        conn.execute(sa.text("INSERT INTO t VALUES ('记忆')"))
        assert conn.execute(sa.text("SELECT k FROM t")).scalar() == "记忆"
    engine.dispose()


def test_redis_server_answers_on_loopback(redis_server) -> None:
    import redis

    client = redis.Redis.from_url(redis_server.url(15))
    client.set("k", "v")
    assert client.get("k") == b"v"
    assert client.config_get("bind")["bind"] == "127.0.0.1"
    client.flushdb()
