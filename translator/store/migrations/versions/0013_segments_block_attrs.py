"""The article's structure: each segment's block keeps its attrs (an image's src and alt, a list item's list,
a table cell's table, row and column).

A block is stored through its segments (``block``, ``block_kind``); an
image caption, a list item, a quote or a table cell also has attrs
(:class:`translator.document.Block`), stored on each of its segments as
``block_attrs``.  Null for a heading or paragraph, and for every segment
stored before this revision (they had no structure).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("segments", sa.Column("block_attrs", sa.JSON, nullable=True))


def downgrade() -> None:
    # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later, PostgreSQL): a batch rebuild of the table
    # would lose 0012's expression index, which SQLAlchemy cannot reflect.
    op.drop_column("segments", "block_attrs")
