"""Documents, their segments and every revision of a segment.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("input_sha256", sa.Text, nullable=False),
        sa.Column("input", sa.JSON, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("removed", sa.JSON, nullable=False),
        sa.Column("signature", sa.Text, nullable=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("deleted_at", sa.Text, nullable=True),
    )
    op.create_table(
        "segments",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("block", sa.Integer, nullable=False),
        sa.Column("block_kind", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("original", sa.Text, nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("joins_next", sa.Boolean, nullable=False),
        sa.Column("target", sa.Text, nullable=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=True),
        sa.Column("qa", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "block", "position", name="uq_segments_place"),
    )
    op.create_index("ix_segments_document_id", "segments", ["document_id"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("old_target", sa.Text, nullable=True),
        sa.Column("new_target", sa.Text, nullable=True),
        sa.Column("old_status", sa.Text, nullable=True),
        sa.Column("new_status", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_revisions_segment_id", "revisions", ["segment_id"])
    op.create_index("ix_revisions_document_id", "revisions", ["document_id"])


def downgrade() -> None:
    op.drop_table("revisions")
    op.drop_table("segments")
    op.drop_table("documents")
