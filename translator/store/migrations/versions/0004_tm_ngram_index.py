"""An n-gram index over the memory's source keys, for fuzzy look-ups without a scan.

SQLite: an FTS5 table with the trigram tokenizer over ``tm.source_key``
(external content: the text stays in ``tm``), kept in step by triggers.

PostgreSQL: this revision first made a ``pg_trgm`` GIN index; 0005 replaced
it with the ``tm_grams`` table (see there why).  It now does nothing on
PostgreSQL, so a new database needs no extension; a database that went
through the old 0004 has the index dropped by 0005.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE tm_ngrams USING fts5(source_key, content='tm', content_rowid='id', tokenize='trigram')")
        op.execute(
            "CREATE TRIGGER tm_ngrams_insert AFTER INSERT ON tm BEGIN "
            "INSERT INTO tm_ngrams(rowid, source_key) VALUES (new.id, new.source_key); END"
        )
        op.execute(
            "CREATE TRIGGER tm_ngrams_delete AFTER DELETE ON tm BEGIN "
            "INSERT INTO tm_ngrams(tm_ngrams, rowid, source_key) VALUES ('delete', old.id, old.source_key); END"
        )
        op.execute(
            "CREATE TRIGGER tm_ngrams_update AFTER UPDATE OF source_key ON tm BEGIN "
            "INSERT INTO tm_ngrams(tm_ngrams, rowid, source_key) VALUES ('delete', old.id, old.source_key); "
            "INSERT INTO tm_ngrams(rowid, source_key) VALUES (new.id, new.source_key); END"
        )
        op.execute("INSERT INTO tm_ngrams(tm_ngrams) VALUES ('rebuild')")  # the rows already there


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("tm_ngrams_insert", "tm_ngrams_delete", "tm_ngrams_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS tm_ngrams")
