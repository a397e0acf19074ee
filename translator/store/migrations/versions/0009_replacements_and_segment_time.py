"""Replacements that can be undone in one step, and the time people spend in each segment.

``replacements`` records each find-and-replace applied to a document: what
was found and put in, the options, and for every segment it changed the
version it left and the segment's target, status, QA findings and
provenance before, so an undo puts exactly those back (if nobody changed
the segment since).  ``segment_time`` sums the active time each person
spent in each segment (the review page reports it with its saves).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "replacements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("find", sa.Text, nullable=False),
        sa.Column("replace", sa.Text, nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("undone_at", sa.Text, nullable=True),
        sa.Column("undone_by", sa.Text, nullable=True),
    )
    op.create_index("ix_replacements_document_id", "replacements", ["document_id"])
    op.create_table(
        "segment_time",
        sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("ms", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("ix_segment_time_document_id", "segment_time", ["document_id"])


def downgrade() -> None:
    op.drop_table("segment_time")
    op.drop_table("replacements")
