"""Find-and-replace writes: many segments in one transaction, recorded so that one step undoes them.

:class:`Replacements` reads a document's targets lightly (id, target,
status, version: what a search needs), writes every change of one replace
in one transaction (each segment's version checked under the write lock,
one revision each, the replace's record with every segment's state before
it) and undoes a replace the same way.  The rules (what to change, who may)
are :mod:`translator.replace`'s.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from ..errors import ConflictError, NotFoundError
from . import schema
from .database import Store, now

#: Databases whose driver takes a replace's rows directly: the placeholder, and the placeholder of a JSON value.
_RAW = {"sqlite": ("?", "?"), "postgresql": ("%s", "CAST(%s AS JSON)")}
#: Ids per ``IN (...)`` query (SQLite takes 32,766 parameters a statement, PostgreSQL 65,535).
CHUNK = 2000


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _named(ids: builtins.list[str], n: int = 10) -> str:
    return ", ".join(ids[:n]) + (f" and {len(ids) - n} more" if len(ids) > n else "")


class Replacements:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -------------------------------------------------------------------------

    def targets(self, doc_id: str, only: set[str] | None = None, *,
                keep: dict[str, dict[str, Any]] | None = None) -> builtins.list[tuple[str, int, str | None, str, int]]:
        """``(id, number, target, status, version)`` of a document's segments in order (``number`` from 1), or of ``only`` those.

        With ``only``, only those rows are read (by their key), numbered from the size of each block
        (one index-only count), so naming 8,000 segments of a 77,000-segment document reads 8,000 rows.
        ``keep``: filled with each row's id, target, status, version, QA findings and provenance (what an apply
        writes and keeps for its undo: :meth:`rows` ``slim``), read in the same pass.
        """
        segs = self.store.segments
        columns: tuple[Any, ...] = (segs.c.id, segs.c.block, segs.c.position, segs.c.target, segs.c.status, segs.c.version)
        if keep is not None:
            columns += (segs.c.qa, segs.c.provenance)

        def kept(r: Any) -> bool:
            if keep is not None:
                keep[r[0]] = {"id": r[0], "target": r[3], "status": r[4], "version": r[5], "qa": r[6], "provenance": r[7]}
            return True

        with self.store.connect() as conn:
            if only is None:
                query = sa.select(*columns).where(segs.c.document_id == doc_id).order_by(segs.c.block, segs.c.position)
                return [(r[0], n, r[3], r[4], r[5]) for n, r in enumerate(conn.execute(query), 1) if kept(r)]
            sizes = conn.execute(
                sa.select(segs.c.block, sa.func.count()).where(segs.c.document_id == doc_id).group_by(segs.c.block)
                .order_by(segs.c.block)
            ).all()
            start: dict[int, int] = {}
            before = 0
            for block, n in sizes:
                start[block] = before
                before += int(n)
            out: builtins.list[tuple[str, int, str | None, str, int]] = []
            ids = builtins.list(only)
            for chunk in _chunks(ids):
                # By the primary key alone (a condition on document_id would send the database through the
                # document's index, all of it, for every chunk); rows of another document are dropped here.
                rows = conn.execute(sa.select(segs.c.document_id, *columns).where(segs.c.id.in_(chunk)))
                out.extend((r[1], start[r[2]] + r[3] + 1, r[4], r[5], r[6]) for r in rows if r[0] == doc_id and kept(r[1:]))
        out.sort(key=lambda r: r[1])
        return out

    def rows(self, ids: builtins.list[str], *, slim: bool = False) -> dict[str, dict[str, Any]]:
        """The stored rows of the segments ``ids``; ``slim``: only what a replace writes and keeps for its undo."""
        segs = self.store.segments
        columns = (segs.c.id, segs.c.target, segs.c.status, segs.c.version, segs.c.qa, segs.c.provenance) if slim else (segs,)
        out: dict[str, dict[str, Any]] = {}
        with self.store.connect() as conn:
            for chunk in _chunks(ids):
                for r in conn.execute(sa.select(*columns).where(segs.c.id.in_(chunk))):
                    out[r.id] = dict(r._mapping)
        return out

    def get(self, doc_id: str, replace_id: int) -> dict[str, Any]:
        """One replace of ``doc_id``, with its changes; :class:`NotFoundError` when there is none."""
        t = schema.replacements
        with self.store.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == replace_id, t.c.document_id == doc_id)).first()
        if row is None:
            raise NotFoundError(f"document {doc_id} has no replace #{replace_id}")
        return dict(row._mapping)

    def recent(self, doc_id: str, limit: int = 20) -> builtins.list[dict[str, Any]]:
        t = schema.replacements
        with self.store.connect() as conn:
            rows = conn.execute(
                sa.select(t.c.id, t.c.at, t.c.by, t.c.find, t.c.replace, t.c.options, t.c.changes, t.c.undone_at, t.c.undone_by)
                .where(t.c.document_id == doc_id).order_by(t.c.id.desc()).limit(limit)
            ).all()
        return [{**{k: v for k, v in r._mapping.items() if k != "changes"}, "segments": len(r.changes or [])} for r in rows]

    # -- writing -------------------------------------------------------------------------

    def _lock_versions(self, conn: Any, ids: builtins.list[str]) -> dict[str, int]:
        """The segments' versions now, read in the write transaction (locked against other writers)."""
        segs = self.store.segments
        found: dict[str, int] = {}
        for chunk in _chunks(ids):
            query = sa.select(segs.c.id, segs.c.version).where(segs.c.id.in_(chunk))
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            found.update({r.id: r.version for r in conn.execute(query)})
        return found

    def _write(self, conn: Any, doc_id: str, updates: builtins.list[dict[str, Any]], old: dict[str, dict[str, Any]],
               *, by: str, note: str, stamp: str, checked: bool = False) -> builtins.list[dict[str, Any]]:
        """Write ``updates`` (id, version it starts from, target, status, provenance and, in all or none of them, qa)
        with a revision each; ``checked``: the versions were read (and locked) in this transaction already."""
        segs, revs = self.store.segments, self.store.revisions
        now_versions = {} if checked else self._lock_versions(conn, [u["id"] for u in updates])
        stale = [] if checked else [u["id"] for u in updates if now_versions.get(u["id"]) != u["version"]]
        if stale:
            raise ConflictError(
                f"{len(stale)} segment(s) changed meanwhile ({_named(stale)}); nothing was changed: look again and retry",
                current={"segments": stale},
            )
        with_qa = "qa" in updates[0]  # without: the findings stay until QA runs on the new English
        revisions = [(u["id"], doc_id, stamp, by, old[u["id"]]["target"], u["target"], old[u["id"]]["status"], u["status"], note)
                     for u in updates]
        if conn.dialect.name in _RAW:
            # Thousands of rows: straight to the driver's executemany with the JSON already written (SQLAlchemy's
            # per-row parameter processing costs twice the statement itself).
            p, j = _RAW[conn.dialect.name]
            qa_set = f", qa = {j}" if with_qa else ""
            conn.exec_driver_sql(
                f"UPDATE segments SET target = {p}, status = {p}, provenance = {j}, version = {p}, updated_at = {p}, "
                f"updated_by = {p}{qa_set} WHERE id = {p}",
                [(u["target"], u["status"], json.dumps(u["provenance"]), u["version"] + 1, stamp, by,
                  *((json.dumps(u["qa"]),) if with_qa else ()), u["id"]) for u in updates],
            )
            conn.exec_driver_sql(
                'INSERT INTO revisions (segment_id, document_id, "at", "by", old_target, new_target, old_status, new_status, '
                f"note) VALUES ({', '.join([p] * 9)})",
                revisions,
            )
        else:
            values: dict[str, Any] = {
                "target": sa.bindparam("b_target"), "status": sa.bindparam("b_status"),
                "provenance": sa.bindparam("b_provenance"), "version": sa.bindparam("b_version"), "updated_at": stamp,
                "updated_by": by,
            }
            if with_qa:
                values["qa"] = sa.bindparam("b_qa")
            conn.execute(
                segs.update().where(segs.c.id == sa.bindparam("b_id")).values(**values),
                [{"b_id": u["id"], "b_target": u["target"], "b_status": u["status"], "b_provenance": u["provenance"],
                  "b_version": u["version"] + 1, **({"b_qa": u["qa"]} if with_qa else {})} for u in updates],
            )
            names = ("segment_id", "document_id", "at", "by", "old_target", "new_target", "old_status", "new_status", "note")
            conn.execute(revs.insert(), [dict(zip(names, r, strict=True)) for r in revisions])
        conn.execute(self.store.documents.update().where(self.store.documents.c.id == doc_id).values(updated_at=stamp))
        return [{**old[u["id"]], "target": u["target"], "status": u["status"], "qa": u["qa"] if "qa" in u else old[u["id"]]["qa"],
                 "provenance": u["provenance"], "version": u["version"] + 1, "updated_at": stamp, "updated_by": by}
                for u in updates]

    def apply(self, doc_id: str, find: str, replace: str, options: dict[str, Any], updates: builtins.list[dict[str, Any]],
              old: dict[str, dict[str, Any]], *, by: str, describe: str) -> tuple[int, builtins.list[dict[str, Any]]]:
        """Write one replace's ``updates`` and its record in one transaction; its id and the segments' new rows.

        :class:`ConflictError` naming every segment whose version is not the one its update starts from (nothing written).
        """
        t = schema.replacements
        stamp = now()
        with self.store.begin() as conn:
            replace_id = int(conn.execute(t.insert().values(
                document_id=doc_id, at=stamp, by=by, find=find, replace=replace, options=options, changes=[],
            )).inserted_primary_key[0])
            rows = self._write(conn, doc_id, updates, old, by=by, note=f"replace #{replace_id}: {describe}", stamp=stamp)
            changes = [
                {"segment_id": u["id"], "version": u["version"] + 1, "old_target": old[u["id"]]["target"],
                 "old_status": old[u["id"]]["status"], "old_qa": old[u["id"]]["qa"], "old_provenance": old[u["id"]]["provenance"]}
                for u in updates
            ]
            conn.execute(t.update().where(t.c.id == replace_id).values(changes=changes))
        return replace_id, rows

    def set_qa(self, findings: dict[str, tuple[int, builtins.list[dict[str, Any]]]]) -> int:
        """Write QA findings (segment id -> (its version, findings)) where the segment is still at that version."""
        if not findings:
            return 0
        segs = self.store.segments
        with self.store.begin() as conn:
            result = conn.execute(
                segs.update().where(segs.c.id == sa.bindparam("b_id"), segs.c.version == sa.bindparam("b_version"))
                .values(qa=sa.bindparam("b_qa")),
                [{"b_id": sid, "b_version": v, "b_qa": qa} for sid, (v, qa) in findings.items()],
            )
        return int(result.rowcount or 0)

    def undo(self, record: dict[str, Any], *, by: str) -> builtins.list[dict[str, Any]]:
        """Put back the state before the replace ``record`` (from :meth:`get`), in one transaction; the new rows."""
        t = schema.replacements
        replace_id, doc_id = record["id"], record["document_id"]
        if record["undone_at"] is not None:
            raise ConflictError(f"replace #{replace_id} was already undone (by {record['undone_by']}, {record['undone_at']})")
        changes = record["changes"] or []
        stamp = now()
        with self.store.begin() as conn:
            again = conn.execute(sa.select(t.c.undone_at).where(t.c.id == replace_id)).scalar()
            if again is not None:
                raise ConflictError(f"replace #{replace_id} was already undone")
            segs = self.store.segments
            ids = [c["segment_id"] for c in changes]
            old: dict[str, dict[str, Any]] = {}
            for chunk in _chunks(ids):
                query = sa.select(segs.c.id, segs.c.target, segs.c.status, segs.c.version).where(segs.c.id.in_(chunk))
                if conn.dialect.name == "postgresql":
                    query = query.with_for_update()
                for r in conn.execute(query):
                    old[r.id] = dict(r._mapping)
            gone = [i for i in ids if i not in old]
            if gone:
                raise ConflictError(f"replace #{replace_id} cannot be undone: {len(gone)} of its segments are no longer "
                                    f"in the document ({_named(gone)}); nothing was changed")
            stale = [c["segment_id"] for c in changes if old[c["segment_id"]]["version"] != c["version"]]
            if stale:
                raise ConflictError(
                    f"replace #{replace_id} cannot be undone: {len(stale)} segment(s) changed since ({_named(stale)}); "
                    "nothing was changed: fix those by hand (History) or undo their later edits first",
                    current={"segments": stale},
                )
            updates = [{"id": c["segment_id"], "version": c["version"], "target": c["old_target"], "status": c["old_status"],
                        "qa": c["old_qa"] or [], "provenance": c["old_provenance"]} for c in changes]
            rows = self._write(conn, doc_id, updates, old, by=by, note=f"undo of replace #{replace_id}", stamp=stamp,
                               checked=True) if updates else []
            conn.execute(t.update().where(t.c.id == replace_id).values(undone_at=stamp, undone_by=by))
        return rows
