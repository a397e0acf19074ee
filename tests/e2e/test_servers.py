"""The throwaway servers the store and queue tests run on: really started, really answering."""

from __future__ import annotations


def test_postgres_server_answers_and_has_pg_trgm(postgres_url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT current_setting('listen_addresses')")).scalar() == "127.0.0.1"
        names = conn.execute(sa.text("SELECT name FROM pg_available_extensions")).scalars().all()
    engine.dispose()
    assert "pg_trgm" in names


def test_redis_server_answers_on_loopback(redis_server) -> None:
    import redis

    client = redis.Redis.from_url(redis_server.url(15))
    client.set("k", "v")
    assert client.get("k") == b"v"
    assert client.config_get("bind")["bind"] == "127.0.0.1"
    client.flushdb()
