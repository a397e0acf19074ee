"""QA findings a reviewer ignored, with the reason; a word index of the memory's English for concordance search.

The QA gate (``translator/qa_gate.py``) stops confirming or approving a
segment with an error-severity finding (or a word-gloss draft) unless a
reason is given.  A reviewer may instead mark one finding "ignore, with
reason" in the document's QA panel; that is stored here, keyed by segment,
check code and the finding's message (a different message, e.g. another
number, is another finding and gates again).

SQLite also gets ``tm_words``, an FTS5 table (``unicode61`` tokenizer, external
content: the text stays in ``tm``) over ``tm.target``, kept in step by
triggers, so an English concordance query ("tax", whole words) reads the
index rather than every row.  Chinese queries use the trigram table of 0004.
PostgreSQL gets a GIN index of the English's words (``to_tsvector('simple',
target)``, built in, no extension); Chinese queries there use ``tm_grams`` (0005).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qa_ignores",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.UniqueConstraint("segment_id", "code", "message", name="uq_qa_ignores_finding"),
    )
    op.create_index("ix_qa_ignores_document_id", "qa_ignores", ["document_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE tm_words USING fts5(target, content='tm', content_rowid='id', "
                   "tokenize='unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER tm_words_insert AFTER INSERT ON tm BEGIN "
                   "INSERT INTO tm_words(rowid, target) VALUES (new.id, new.target); END")
        op.execute("CREATE TRIGGER tm_words_delete AFTER DELETE ON tm BEGIN "
                   "INSERT INTO tm_words(tm_words, rowid, target) VALUES ('delete', old.id, old.target); END")
        op.execute("CREATE TRIGGER tm_words_update AFTER UPDATE OF target ON tm BEGIN "
                   "INSERT INTO tm_words(tm_words, rowid, target) VALUES ('delete', old.id, old.target); "
                   "INSERT INTO tm_words(rowid, target) VALUES (new.id, new.target); END")
        op.execute("INSERT INTO tm_words(tm_words) VALUES ('rebuild')")  # the rows already there
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_tm_target_words ON tm USING gin (to_tsvector('simple', target))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("tm_words_insert", "tm_words_delete", "tm_words_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS tm_words")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_tm_target_words")
    op.drop_index("ix_qa_ignores_document_id", table_name="qa_ignores")
    op.drop_table("qa_ignores")
