"""QA findings a reviewer ignored, with the reason: an ignored finding no longer gates an approval.

The QA gate (``translator/qa_gate.py``) stops confirming or approving a
segment with an error-severity finding (or a word-gloss draft) unless a
reason is given.  A reviewer may instead mark one finding "ignore, with
reason" in the document's QA panel; that is stored here, keyed by segment,
check code and the finding's message (a different message, e.g. another
number, is another finding and gates again).

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


def downgrade() -> None:
    op.drop_index("ix_qa_ignores_document_id", table_name="qa_ignores")
    op.drop_table("qa_ignores")
