"""The translation memory: the only table before migrations existed.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tm",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_key", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("length", sa.Integer, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("editor", sa.Text, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("ix_tm_source_key", "tm", ["source_key"], unique=True)
    op.create_index("ix_tm_length", "tm", ["length"])


def downgrade() -> None:
    op.drop_table("tm")
