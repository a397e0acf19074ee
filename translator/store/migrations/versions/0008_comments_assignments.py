"""Segment comments (threaded, resolvable; a rejection's note is one) and document assignments (translator, reviewer, stage).

Two new tables; nothing existing changes.  A document without an
``assignments`` row is unassigned and in its first stage (translation).
A rejection stored before this revision keeps its note in its revision
only (the history shows it).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id", ondelete="SET NULL"), nullable=True),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("resolved_at", sa.Text, nullable=True),
        sa.Column("resolved_by", sa.Text, nullable=True),
    )
    op.create_index("ix_comments_segment_id", "comments", ["segment_id"])
    op.create_index("ix_comments_document_id", "comments", ["document_id"])
    op.create_table(
        "assignments",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("translator", sa.Text, nullable=True),
        sa.Column("reviewer", sa.Text, nullable=True),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
    )
    op.create_index("ix_assignments_translator", "assignments", ["translator"])
    op.create_index("ix_assignments_reviewer", "assignments", ["reviewer"])


def downgrade() -> None:
    op.drop_table("assignments")
    op.drop_table("comments")
