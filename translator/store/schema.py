"""The project database's tables, defined once (SQLAlchemy Core).

The migrations in ``migrations/versions/`` create and change these tables;
:data:`HEAD` is the revision this code expects.  Every change to a table
here comes with a new migration, so an upgrade keeps users' data.

* ``tm``: the translation memory (approved translations by normalized source);
* ``documents``: each stored article, its input, metadata, what was removed,
  its document-level flags (e.g. ``cleaning_kept``) and the signature of its
  last translation;
* ``segments``: the translation units of each document, in order, with their
  current target, status, provenance, QA findings and an edit ``version``
  (for optimistic locking: an edit names the version it started from), and
  an index on the first characters of its source (0012: the same source elsewhere);
* ``revisions``: every change to a segment's target or status: who, when,
  old and new value;
* ``comments``: threaded remarks on a segment (a reply names its ``parent``),
  resolvable; a rejection's note is one, linked to its revision (0008);
* ``assignments``: a document's translator, reviewer and stage (0008);
* ``qa_ignores``: QA findings a reviewer marked "ignore, with reason" (by segment, check code and
  message): an ignored finding no longer gates confirming, approving or approved-only exports;
* ``replacements``: each find-and-replace applied to a document, with every
  change it made (segment, the version it left, the target, status, QA and
  provenance before), so it is undone in one step (0009);
* ``segment_time``: the active time each person spent in each segment, in
  milliseconds, summed from the review page's saves (0009);
* ``users``: the review app's accounts: name, password hash (werkzeug),
  role, whether active, and a ``session_version`` that changes whenever the
  password or role does (signing every open session out).
"""

from __future__ import annotations

import sqlalchemy as sa

#: The newest migration; a database at another revision is upgraded on opening.
HEAD = "0013"

metadata = sa.MetaData()

tm = sa.Table(
    "tm",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_key", sa.Text, nullable=False, unique=True, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("length", sa.Integer, nullable=False, index=True),
    sa.Column("origin", sa.Text, nullable=False, default=""),  # document/segment it came from
    sa.Column("editor", sa.Text, nullable=False, default=""),
    sa.Column("provenance", sa.JSON, nullable=True),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # the document id: a hash of the decoded article
    sa.Column("name", sa.Text, nullable=False),  # the file it came from
    sa.Column("input_sha256", sa.Text, nullable=False, default=""),  # of the input bytes
    sa.Column("input", sa.JSON, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("removed", sa.JSON, nullable=False),
    sa.Column("flags", sa.JSON, nullable=False, server_default=sa.text("'[]'")),  # notes on the whole article (0006)
    sa.Column("signature", sa.Text, nullable=True),  # of its last machine translation
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("deleted_at", sa.Text, nullable=True),  # soft delete
)

segments = sa.Table(
    "segments",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # <document id>-<block>-<segment>
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("block", sa.Integer, nullable=False),  # 0 is the title
    sa.Column("block_kind", sa.Text, nullable=False),
    sa.Column("block_attrs", sa.JSON, nullable=True),  # the block's attrs: an image's src, a cell's row (0013)
    sa.Column("position", sa.Integer, nullable=False),  # within the block
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("original", sa.Text, nullable=False),
    sa.Column("flags", sa.JSON, nullable=False),
    sa.Column("joins_next", sa.Boolean, nullable=False, default=False),
    sa.Column("target", sa.Text, nullable=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("provenance", sa.JSON, nullable=True),
    sa.Column("qa", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("updated_by", sa.Text, nullable=False, default=""),
    sa.UniqueConstraint("document_id", "block", "position", name="uq_segments_place"),
)

#: Characters of a source the ``ix_segments_source_prefix`` index holds (migration 0012): look-ups by source
#: compare ``substr(source, 1, SOURCE_PREFIX)`` first, then the whole source.
SOURCE_PREFIX = 100
sa.Index("ix_segments_source_prefix", sa.func.substr(segments.c.source, 1, SOURCE_PREFIX))

revisions = sa.Table(
    "revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("document_id", sa.Text, nullable=False, index=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("by", sa.Text, nullable=False),  # a user name, or "machine" for an engine
    sa.Column("old_target", sa.Text, nullable=True),
    sa.Column("new_target", sa.Text, nullable=True),
    sa.Column("old_status", sa.Text, nullable=True),
    sa.Column("new_status", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),  # a reviewer's comment, the import it came from ...
)

comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("document_id", sa.Text, nullable=False, index=True),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),  # a reply
    sa.Column("kind", sa.Text, nullable=False, default="comment"),  # vocabulary.COMMENT_KINDS
    sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id", ondelete="SET NULL"), nullable=True),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("resolved_at", sa.Text, nullable=True),  # set on a thread's first comment
    sa.Column("resolved_by", sa.Text, nullable=True),
)

assignments = sa.Table(
    "assignments",
    metadata,
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("translator", sa.Text, nullable=True, index=True),  # a user name
    sa.Column("reviewer", sa.Text, nullable=True, index=True),
    sa.Column("stage", sa.Text, nullable=False),  # vocabulary.STAGES
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("updated_by", sa.Text, nullable=False),
)

qa_ignores = sa.Table(
    "qa_ignores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
    sa.Column("document_id", sa.Text, nullable=False, index=True),
    sa.Column("code", sa.Text, nullable=False),  # the QA check's code
    sa.Column("message", sa.Text, nullable=False),  # the finding's message: another message is another finding
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("at", sa.Text, nullable=False),
    sa.UniqueConstraint("segment_id", "code", "message", name="uq_qa_ignores_finding"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),  # translator | reviewer | admin
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("session_version", sa.Integer, nullable=False, default=1),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)

replacements = sa.Table(
    "replacements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.Text, nullable=False, index=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("find", sa.Text, nullable=False),
    sa.Column("replace", sa.Text, nullable=False),
    sa.Column("options", sa.JSON, nullable=False),  # whole_word, match_case
    sa.Column("changes", sa.JSON, nullable=False),  # [{segment_id, version, old_target, old_status, old_qa, old_provenance}]
    sa.Column("undone_at", sa.Text, nullable=True),
    sa.Column("undone_by", sa.Text, nullable=True),
)

segment_time = sa.Table(
    "segment_time",
    metadata,
    sa.Column("segment_id", sa.Text, sa.ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user", sa.Text, primary_key=True),
    sa.Column("document_id", sa.Text, nullable=False, index=True),
    sa.Column("ms", sa.BigInteger, nullable=False, default=0),
    sa.Column("updated_at", sa.Text, nullable=False),
)

publications = sa.Table(
    "publications",
    metadata,
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("base_url", sa.Text, primary_key=True),  # the site's address, ending in "/"
    sa.Column("path", sa.Text, nullable=False),  # the page, relative to the site ("articles/slug-id.html")
    sa.Column("url", sa.Text, nullable=False),  # base_url + path
    sa.Column("content_hash", sa.Text, nullable=False),  # of the page as last written
    sa.Column("published_at", sa.Text, nullable=False),  # first published there
    sa.Column("updated_at", sa.Text, nullable=False),  # the page last written
)
