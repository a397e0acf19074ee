"""An index on the first 100 characters of each segment's source: "approved differently elsewhere" without a scan.

The review page asks, for the segment being edited, which other approved
segments have the same source (``GET /api/segments/ID``, ``elsewhere``).
Without an index that is a scan of every stored segment (about 0.36 s at
500,000 segments on SQLite, on every row the reviewer opens).  The index is
on an expression, ``substr(source, 1, 100)``, the same in SQLite and
PostgreSQL: a whole source could exceed PostgreSQL's limit for a B-tree
entry (about 2,700 bytes), 100 characters cannot.  The query compares the
prefix (which the index finds) and then the whole source.

Revision ID: 0012
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_segments_source_prefix", "segments", [sa.text("substr(source, 1, 100)")])


def downgrade() -> None:
    op.drop_index("ix_segments_source_prefix", table_name="segments")
