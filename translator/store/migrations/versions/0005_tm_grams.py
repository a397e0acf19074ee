"""PostgreSQL: the memory's trigrams in a table read newest first, in place of the pg_trgm index.

A fuzzy look-up reads, for each trigram of the source, the newest rows
holding it (``translator.store.fuzzy``).  A GIN index cannot give that
without reading the trigram's whole posting list: on a million-row memory a
look-up through it took 60-70 ms at the median even with no ranking.  The
``tm_grams`` table holds one (trigram, row id) pair per distinct trigram of
each source key; its primary key answers "the newest 64 rows holding this
trigram" from one index page or two.  Triggers keep it in step with ``tm``.
Trigrams are every three consecutive characters of the key, exactly what
SQLite's FTS5 trigram index holds, so both databases find the same
candidates (pg_trgm's trigrams depend on the server's locale and skip
punctuation).

SQLite keeps the FTS5 index of revision 0004: nothing changes there.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The distinct trigrams of each row of a set of tm rows called "rows".
_GRAMS = "SELECT DISTINCT substr(r.source_key, i, 3) AS gram, r.id FROM {rows} AS r, generate_series(1, char_length(r.source_key) - 2) AS i"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The rows already there first, then the key: one sorted index build, far faster than a
    # million rows' worth of index inserts (a 1 M-row memory: ~80 s + ~70 s here).
    op.execute("CREATE TABLE tm_grams (gram text NOT NULL, tm_id integer NOT NULL)")
    op.execute(f"INSERT INTO tm_grams (gram, tm_id) {_GRAMS.format(rows='tm')}")
    op.execute("ALTER TABLE tm_grams ADD PRIMARY KEY (gram, tm_id)")
    # Look-ups read the newest entries, so they live on the pages written last; until a vacuum marks
    # those all-visible, every entry read costs a table visit too (20 k fresh segments on a 200 k memory:
    # p95 17 -> 30 ms).  Vacuum after every ~100 k new entries (~1,500 segments), not 20 % of the table.
    op.execute(
        "ALTER TABLE tm_grams SET (autovacuum_vacuum_insert_threshold = 100000, "
        "autovacuum_vacuum_insert_scale_factor = 0)"
    )
    op.execute(
        "CREATE FUNCTION tm_grams_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO tm_grams (gram, tm_id) {_GRAMS.format(rows='added')} ON CONFLICT DO NOTHING; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE FUNCTION tm_grams_drop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM tm_grams USING ({_GRAMS.format(rows='dropped')}) AS d "
        "WHERE tm_grams.gram = d.gram AND tm_grams.tm_id = d.id; "
        "RETURN NULL; END $$"
    )
    # Statement-level triggers with transition tables: a batch of upserts adds its trigrams in one statement.
    op.execute(
        "CREATE TRIGGER tm_grams_insert AFTER INSERT ON tm REFERENCING NEW TABLE AS added "
        "FOR EACH STATEMENT EXECUTE FUNCTION tm_grams_add()"
    )
    op.execute(
        "CREATE TRIGGER tm_grams_delete AFTER DELETE ON tm REFERENCING OLD TABLE AS dropped "
        "FOR EACH STATEMENT EXECUTE FUNCTION tm_grams_drop()"
    )
    # An update that changes a source key (none of this code does; a hand-made one might): its old
    # trigrams out, its new ones in.  Upserts that keep the key (all of ours) touch nothing.
    rekeyed = "(SELECT n.* FROM {side} AS n JOIN {other} AS o ON o.id = n.id WHERE o.source_key <> n.source_key)"
    op.execute(
        "CREATE FUNCTION tm_grams_rekey() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM tm_grams USING ({_GRAMS.format(rows=rekeyed.format(side='dropped', other='added'))}) AS d "
        "WHERE tm_grams.gram = d.gram AND tm_grams.tm_id = d.id; "
        f"INSERT INTO tm_grams (gram, tm_id) {_GRAMS.format(rows=rekeyed.format(side='added', other='dropped'))} "
        "ON CONFLICT DO NOTHING; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER tm_grams_update AFTER UPDATE ON tm REFERENCING OLD TABLE AS dropped NEW TABLE AS added "
        "FOR EACH STATEMENT EXECUTE FUNCTION tm_grams_rekey()"
    )
    op.execute("DROP INDEX IF EXISTS ix_tm_source_key_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for trigger in ("tm_grams_insert", "tm_grams_delete", "tm_grams_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON tm")
    for function in ("tm_grams_add", "tm_grams_drop", "tm_grams_rekey"):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.execute("DROP TABLE IF EXISTS tm_grams")
