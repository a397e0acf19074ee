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
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("block_attrs")
