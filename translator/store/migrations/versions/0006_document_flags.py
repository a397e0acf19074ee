"""The document-level flags (e.g. ``cleaning_kept``): a reviewer must see them, so they are stored.

``Document.flags`` are notes on the article as a whole (cleaning held back,
...).  Until now only segment flags were stored, so a document read back
from the database had lost them.  Documents stored before this revision
get an empty list: their flags were never kept, and translating the
article again stores them.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("flags", sa.JSON, nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("flags")
