"""Translation memory: approved translations, found again exactly or fuzzily.

Sources are compared on a key (NFKC, no whitespace) of the normalized
Simplified source.  A 100% match is reused as is; fuzzy matches at or above
:data:`FUZZY_MIN` (rapidfuzz's normalized Indel similarity, 0-100) are
offered with their score.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import sqlalchemy as sa

from ..errors import StoreError
from . import fuzzy, schema
from .database import Store, now

FUZZY_MIN = 75.0
MAX_SUGGESTIONS = 3
#: Deepest nesting of arrays and objects accepted in a provenance (an imported file's included).
MAX_JSON_DEPTH = 64
_SPACE = re.compile(r"\s+")


def source_key(source: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", source))


@dataclass(frozen=True)
class MemoryMatch:
    id: int
    source: str
    target: str
    score: float  # 100.0 for an exact match
    origin: str = ""
    editor: str = ""
    updated_at: str = ""  # when it was approved (last written)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "score": round(self.score, 1),
            "origin": self.origin,
            "editor": self.editor,
        }


@dataclass(frozen=True)
class MemoryEntry:
    """One approved translation to record."""

    source: str
    target: str
    origin: str = ""
    editor: str = ""
    provenance: dict[str, Any] | None = None


class Memory:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(
        self,
        source: str,
        target: str,
        *,
        origin: str = "",
        editor: str = "",
        provenance: dict[str, Any] | None = None,
    ) -> None:
        """Record an approved translation (the newest approval of a source wins)."""
        self.add_many([MemoryEntry(source, target, origin, editor, provenance)])

    def add_many(self, entries: Iterable[MemoryEntry]) -> int:
        """Record approved translations in one transaction: all of them or, on any error, none.

        Safe while other processes write the same database: each entry is an
        upsert on its source key, so the newest approval of a source wins and
        no source is stored twice.  An entry with a blank target is not a
        translation and is not stored.  Returns how many entries were given.
        """
        batch = list(entries)
        for i, entry in enumerate(batch):
            _check_entry(entry, f"entry {i}")
        if not batch:
            return 0
        with self.store.begin() as conn:
            _Counter(conn, self.store.tm).write(batch)
        return len(batch)

    def add_stream(self, entries: Iterable[MemoryEntry], *, chunk: int = 5000) -> ImportCounts:
        """:meth:`add_many` for entries read one at a time (a big TMX file): constant memory, one transaction.

        Entries are written ``chunk`` at a time inside one transaction, so an
        error anywhere (a bad entry, a malformed end of the file) adds none of
        them.  Returns what became of them (:class:`ImportCounts`): entries
        with a blank target are skipped, and a source given twice is counted
        once, as a duplicate the second time (the last one is kept).
        """
        n = 0
        batch: list[MemoryEntry] = []
        with self.store.begin() as conn:
            counter = _Counter(conn, self.store.tm)
            for entry in entries:
                _check_entry(entry, f"entry {n}")
                batch.append(entry)
                n += 1
                if len(batch) >= chunk:
                    counter.write(batch)
                    batch = []
            if batch:
                counter.write(batch)
        return counter.counts

    def import_json(self, data: bytes | str, name: str, *, editor: str = "") -> int:
        """Add the approved segments of one file of document JSON, in one transaction.

        ``data`` is the file's content (the output of ``translator translate
        --json``: one document or a list of them), ``name`` the file name for
        messages, ``editor`` who approved them when a segment's provenance
        does not say.  The whole file is checked first (:func:`approved_entries`),
        so a bad file adds nothing.  Returns how many segments were added.
        """
        return self.add_many(approved_entries(parse_json(data, name), name, editor=editor))

    def import_file(self, source: Any, name: str, *, editor: str = "") -> ImportCounts:
        """Add one file to the memory, in one transaction: TMX (``name`` ends in ``.tmx``) or document JSON.

        ``source`` is the file's bytes, or (TMX only) a path or binary stream
        read in constant memory.  Every failure is one
        :class:`~translator.errors.TranslatorError` naming ``name``; nothing of
        that file is added then.
        """
        import io

        if not name.lower().endswith(".tmx"):
            if not isinstance(source, (bytes, str)):
                raise TypeError("document JSON is given as its bytes")
            entries = approved_entries(parse_json(source, name), name, editor=editor)
            return self.add_stream(entries)
        from ..formats.tmx import iter_tmx

        stream = io.BytesIO(source) if isinstance(source, bytes) else source
        tmx = (
            MemoryEntry(e.source, e.target, origin=str(e.metadata.get("origin", "")),
                        editor=str(e.metadata.get("editor") or editor), provenance={"imported_from": PurePath(name).name})
            for e in iter_tmx(stream, path=name)
        )
        try:
            return self.add_stream(tmx)
        except OSError as e:
            raise StoreError(f"cannot read the file ({e.strerror})", path=name) from None
        except StoreError as e:
            if e.path is None:
                e.path = name
            raise

    def lookup(
        self, sources: Sequence[str], *, fuzzy_min: float = FUZZY_MIN, exclude_origin: str | None = None,
        fuzzy_too: bool = False,
    ) -> list[list[MemoryMatch]]:
        """For each source, its matches best first: an exact one (score 100) or fuzzy ones.

        ``fuzzy_too``: fuzzy matches are looked for even where there is an exact one, and listed after it
        (what a translator is offered); otherwise an exact match is the only one (what translation reuses).

        ``exclude_origin``: entries that came from this segment are not matches (a segment never
        offers its own approved English); when its own entry is the exact one, fuzzy ones are looked for.

        Exact matches come by the key index.  Fuzzy candidates come from the
        trigram index by a bounded search (:mod:`.fuzzy`): the rows among the
        newest holding each of the source's trigrams that hold the most of
        them, within the length window a match needs; rapidfuzz scores them.
        Sources shorter than a trigram, small memories (up to :data:`SCAN_BELOW`
        rows) and databases without the index (a read-only older schema) scan
        the length window instead.
        """
        tm = self.store.tm
        keys = [source_key(s) for s in sources]
        out: list[list[MemoryMatch]] = [[] for _ in sources]
        if not self.store.has_schema:  # a read-only store over a missing database: empty
            return out
        revision = self.store.revision or ""
        indexed = revision.isdigit() and revision >= _NGRAM_REVISION.get(self.store.engine.dialect.name, schema.HEAD)
        with self.store.connect() as conn:
            exact: dict[str, Any] = {}
            unique = sorted(set(keys))
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                for row in conn.execute(sa.select(tm).where(tm.c.source_key.in_(chunk))):
                    if (row.target or "").strip() and (exclude_origin is None or row.origin != exclude_origin):
                        exact[row.source_key] = row  # a blank one (an older import's) is no translation
            missing = sorted({k for k in keys if k and (fuzzy_too or k not in exact)})
            if indexed and missing:
                # A small memory is scanned as it always was (one query, cheaper than one index query per
                # source); max(id), read off the primary key, bounds its size without counting.
                size = conn.execute(sa.select(sa.func.max(tm.c.id))).scalar() or 0
                indexed = size > SCAN_BELOW
            by_ngrams = [k for k in missing if indexed and len(k) >= 3]
            scanned = [k for k in missing if k not in set(by_ngrams)]
            found: dict[str, list[MemoryMatch]] = {}
            for key in by_ngrams:
                found[key] = _search(conn, tm, key, fuzzy_min)
            if scanned:
                found.update(_scan(conn, tm, scanned, fuzzy_min))
        for i, key in enumerate(keys):
            if not key:
                continue
            row = exact.get(key)
            if fuzzy_too:
                out[i] = ([_match(row, 100.0)] if row is not None else []) + [
                    m for m in found.get(key, []) if m.score < 100 or row is None
                ]
            else:
                out[i] = [_match(row, 100.0)] if row is not None else found.get(key, [])
            if exclude_origin is not None:
                out[i] = [m for m in out[i] if m.origin != exclude_origin]
        return out

    def after_bulk_load(self) -> None:
        """Make look-ups fast right after a large import (what autovacuum would do some minutes later).

        PostgreSQL: ``VACUUM (ANALYZE)`` of ``tm`` and ``tm_grams``.  Until a
        vacuum marks the new rows visible, every trigram entry a look-up reads
        costs a visit to the table as well (a million fresh rows: look-ups
        p95 83 ms, 22 ms after).  SQLite needs nothing.
        """
        if self.store.engine.dialect.name != "postgresql" or not self.store.has_schema:
            return
        with self.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE) tm, tm_grams")

    def entries(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every entry as ``(source, target, metadata)``, oldest first (what a TMX export takes)."""
        tm = self.store.tm
        with self.store.connect() as conn:
            rows = conn.execute(sa.select(tm).order_by(tm.c.id)).all()
        for r in rows:
            meta: dict[str, Any] = {"created_at": r.created_at, "updated_at": r.updated_at}
            if r.editor:
                meta["editor"] = r.editor
            if r.origin:
                meta["origin"] = r.origin
            yield r.source, r.target, meta

    def __len__(self) -> int:
        if not self.store.has_schema:
            return 0
        with self.store.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(self.store.tm)).scalar_one())


#: Entries one import adds above which :meth:`Memory.after_bulk_load` runs.
BULK_LOAD = 10_000
#: The first revision with the trigram index this code reads, by database.
_NGRAM_REVISION = {"sqlite": "0004", "postgresql": "0005"}
#: Memories with at most this many rows (by their largest id) are scanned, not looked up in the n-gram index.
SCAN_BELOW = 20_000


def _window(key: str, fuzzy_min: float) -> tuple[int, int]:
    """The key lengths that could reach ``fuzzy_min`` against ``key``.

    fuzz.ratio = 2·matches / (len a + len b) ≥ r needs len b within [a·r/(2−r), a·(2−r)/r].
    """
    lo = int(len(key) * fuzzy_min / (200 - fuzzy_min))
    hi = int(len(key) * (200 - fuzzy_min) / fuzzy_min) + 1
    return lo, hi


def _top(key: str, keys: list[str], fuzzy_min: float) -> list[tuple[str, float, int]]:
    """The :data:`MAX_SUGGESTIONS` ``keys`` most like ``key``, at ``fuzzy_min`` or above: (key, score, index)."""
    from rapidfuzz import fuzz, process

    if not keys:
        return []
    return process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=fuzzy_min, limit=MAX_SUGGESTIONS)


def _best(key: str, rows: list[Any], fuzzy_min: float) -> list[MemoryMatch]:
    rows = [r for r in rows if (r.target or "").strip()]  # a blank target (an older import's) is no suggestion
    return [_match(rows[idx], score) for _, score, idx in _top(key, [r.source_key for r in rows], fuzzy_min)]


def _search(conn: Any, tm: Any, key: str, fuzzy_min: float) -> list[MemoryMatch]:
    """Fuzzy matches of ``key`` among the candidates the trigram index gives (:mod:`.fuzzy`)."""
    lo, hi = _window(key, fuzzy_min)
    found = fuzzy.candidates(conn, key, lo, hi)
    best = _top(key, [k for _, k in found], fuzzy_min)
    if not best:
        return []
    if fuzzy.REFINE:  # a look inside the best match's family (never an exact copy: those come by the key)
        found += fuzzy.refine(conn, key, best[0][0], lo, hi, {i for i, _ in found})
        best = _top(key, [k for _, k in found], fuzzy_min)
    ids = [found[idx][0] for _, _, idx in best]
    rows = {r.id: r for r in conn.execute(sa.select(tm).where(tm.c.id.in_(ids)))}
    return [_match(rows[found[idx][0]], score) for _, score, idx in best
            if found[idx][0] in rows and (rows[found[idx][0]].target or "").strip()]


def _scan(conn: Any, tm: Any, keys: list[str], fuzzy_min: float) -> dict[str, list[MemoryMatch]]:
    """Fuzzy matches by scanning the length window (short keys; databases without the n-gram index)."""
    lo = min(_window(k, fuzzy_min)[0] for k in keys)
    hi = max(_window(k, fuzzy_min)[1] for k in keys)
    candidates = list(conn.execute(sa.select(tm).where(tm.c.length.between(lo, hi))))
    # Candidates sorted by length: each source is compared only with keys
    # whose length could reach the threshold (Indel similarity bounds it).
    candidates.sort(key=lambda r: r.length)
    lengths = [r.length for r in candidates]
    out: dict[str, list[MemoryMatch]] = {}
    for key in keys:
        lo_i = bisect.bisect_left(lengths, len(key) * fuzzy_min / (200 - fuzzy_min))
        hi_i = bisect.bisect_right(lengths, len(key) * (200 - fuzzy_min) / fuzzy_min)
        out[key] = _best(key, candidates[lo_i:hi_i], fuzzy_min) if lo_i < hi_i else []
    return out


@dataclass
class ImportCounts:
    """What one import did with the entries it was given."""

    added: int = 0  # sources new to the memory
    updated: int = 0  # sources already in the memory, their translation replaced
    duplicates: int = 0  # entries repeating a source given earlier in the same import (the last one is kept)
    empty: int = 0  # entries with a blank target: not a translation, skipped

    @property
    def stored(self) -> int:
        return self.added + self.updated

    def summary(self) -> str:
        """``1 approved segment(s) added, 2 duplicate(s) in the file (the last one kept)``: the parts that are not zero."""
        parts = [f"{self.added} approved segment(s) added"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s) in the file (the last one kept)")
        if self.empty:
            parts.append(f"{self.empty} skipped (empty English target)")
        return ", ".join(parts)


class _Counter:
    """Writes batches of entries in one transaction and counts them: added, updated, duplicates, empty.

    A row whose id is above the largest id before the first batch was
    inserted by this import, and the sources it updated are remembered (by
    hash, 8 bytes or so each): meeting one of them again is a duplicate, not
    another addition or update.
    """

    def __init__(self, conn: Any, tm: Any) -> None:
        self.conn, self.tm = conn, tm
        self.counts = ImportCounts()
        self.before = conn.execute(sa.select(sa.func.max(tm.c.id))).scalar() or 0
        self.updated: set[int] = set()

    def write(self, batch: list[MemoryEntry]) -> None:
        kept = [e for e in batch if e.target.strip()]
        self.counts.empty += len(batch) - len(kept)
        rows = _rows(kept)
        self.counts.duplicates += len(kept) - len(rows)
        keys = [r["source_key"] for r in rows]
        ids: dict[str, int] = {}
        tm = self.tm
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            ids.update((k, i) for k, i in self.conn.execute(sa.select(tm.c.source_key, tm.c.id).where(tm.c.source_key.in_(part))))
        for key in keys:
            found = ids.get(key)
            if found is None:
                self.counts.added += 1
            elif found > self.before or hash(key) in self.updated:
                self.counts.duplicates += 1
            else:
                self.updated.add(hash(key))
                self.counts.updated += 1
        if rows:
            _upsert(self.conn, tm, rows)


def _match(row: Any, score: float) -> MemoryMatch:
    return MemoryMatch(row.id, row.source, row.target, float(score), row.origin or "", row.editor or "", row.updated_at or "")


def _rows(batch: list[MemoryEntry]) -> list[dict[str, Any]]:
    """The table rows of ``batch``: one per key, the last one winning, as sequential adds would."""
    stamp = now()
    rows: dict[str, dict[str, Any]] = {}
    for e in batch:
        key = source_key(e.source)
        rows.pop(key, None)
        rows[key] = {
            "source_key": key,
            "source": e.source,
            "target": e.target,
            "length": len(key),
            "origin": e.origin,
            "editor": e.editor,
            "provenance": e.provenance,
            "created_at": stamp,
            "updated_at": stamp,
        }
    return list(rows.values())


def _upsert(conn: Any, tm: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows``, or update the row already there with the same source key."""
    name = conn.dialect.name
    if name in ("sqlite", "postgresql"):
        from sqlalchemy.dialects import postgresql, sqlite

        stmt: Any = sqlite.insert(tm) if name == "sqlite" else postgresql.insert(tm)
        changed = ("source", "target", "origin", "editor", "provenance", "updated_at")
        stmt = stmt.on_conflict_do_update(
            index_elements=[tm.c.source_key], set_={c: stmt.excluded[c] for c in changed}
        )
        conn.execute(stmt, rows)
        return
    for row in rows:  # other databases: look, then write, inside the caller's transaction
        found = conn.execute(sa.select(tm.c.id).where(tm.c.source_key == row["source_key"])).first()
        if found is None:
            conn.execute(tm.insert().values(**row))
        else:
            update = {k: v for k, v in row.items() if k not in ("source_key", "length", "created_at")}
            conn.execute(tm.update().where(tm.c.id == found.id).values(**update))


# -- importing document JSON --------------------------------------------------------


def parse_json(data: bytes | str, name: str) -> Any:
    """The JSON value in ``data`` (UTF-8, a BOM allowed), or a :class:`StoreError` naming ``name``."""
    import json

    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise StoreError(
                f"not document JSON (not UTF-8 at byte {e.start}); give the output of 'translator translate --json'",
                path=name,
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise StoreError(
            f"not document JSON (line {e.lineno}, column {e.colno}: {e.msg}); "
            "give the output of 'translator translate --json'",
            path=name,
        ) from None
    except RecursionError:
        raise StoreError(
            "not document JSON (arrays or objects nested thousands of levels deep); "
            "give the output of 'translator translate --json'",
            path=name,
        ) from None


def approved_entries(payload: Any, name: str, *, editor: str = "") -> list[MemoryEntry]:
    """The approved segments of parsed document JSON, checked field by field.

    ``payload`` is one document object or a list of them, as ``translator
    translate --json`` writes.  Every field the import reads is checked
    (``id``, ``source``, ``target``, ``status``, ``provenance`` and its
    ``editor``); a wrong one raises a :class:`StoreError` naming ``name`` and
    the field, e.g. ``blocks[2].segments[0].target: expected a string, got an
    integer``.  Text that cannot be stored (lone surrogates) and nesting deeper
    than :data:`MAX_JSON_DEPTH` are refused the same way.  A segment is
    approved when its ``status`` is ``"approved"`` and its target is not blank;
    its editor is ``provenance.editor`` or, failing that, ``editor``.
    """
    docs = payload if isinstance(payload, list) else [payload]
    multi = isinstance(payload, list)
    out: list[MemoryEntry] = []
    for d, doc in enumerate(docs):
        where = f"[{d}]" if multi else ""
        _expect(doc, dict, where or "the document", name)
        blocks: list[tuple[str, Any]] = []
        title = doc.get("title")
        if title is not None:
            blocks.append((_join(where, "title"), title))
        body = doc.get("blocks", [])
        _expect(body, list, _join(where, "blocks"), name)
        blocks += [(_join(where, f"blocks[{b}]"), block) for b, block in enumerate(body)]
        for bwhere, block in blocks:
            _expect(block, dict, bwhere, name)
            segments = block.get("segments", [])
            _expect(segments, list, f"{bwhere}.segments", name)
            for s, seg in enumerate(segments):
                swhere = f"{bwhere}.segments[{s}]"
                _expect(seg, dict, swhere, name)
                for key in ("id", "source"):
                    if key not in seg:
                        raise StoreError(f"{swhere}: '{key}' is missing; give the output of 'translator translate --json'", path=name)
                    _expect(seg[key], str, f"{swhere}.{key}", name)
                target = seg.get("target")
                status = seg.get("status", "new")
                provenance = seg.get("provenance")
                _expect(target, (str, type(None)), f"{swhere}.target", name)
                _expect(status, str, f"{swhere}.status", name)
                _expect(provenance, (dict, type(None)), f"{swhere}.provenance", name)
                seg_editor = editor
                if provenance is not None and "editor" in provenance:
                    seg_editor = provenance["editor"]
                    _expect(seg_editor, str, f"{swhere}.provenance.editor", name)
                if status != "approved" or target is None or not target.strip():
                    continue
                entry = MemoryEntry(seg["source"], target, seg["id"], seg_editor, provenance)
                _check_entry(entry, swhere, name)
                out.append(entry)
    return out


def _join(where: str, field: str) -> str:
    return f"{where}.{field}" if where else field


_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


def _expect(value: Any, types: type | tuple[type, ...], where: str, name: str) -> None:
    if isinstance(value, types):
        return
    wanted = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in (types if isinstance(types, tuple) else (types,)))
    got = _TYPE_NAMES.get(type(value), type(value).__name__)
    raise StoreError(
        f"{where}: expected {wanted}, got {got}; give the output of 'translator translate --json'", path=name
    )


def _check_entry(entry: MemoryEntry, where: str, name: str | None = None) -> None:
    """Refuse what the database cannot store: non-strings, lone surrogates, absurd nesting."""
    for field in ("source", "target", "origin", "editor"):
        value = getattr(entry, field)
        if not isinstance(value, str):
            raise StoreError(f"{where}.{field}: expected a string, got {_TYPE_NAMES.get(type(value), type(value).__name__)}", path=name)
        _check_text(value, f"{where}.{field}", name)
    if entry.provenance is None:
        return
    if not isinstance(entry.provenance, dict):
        raise StoreError(f"{where}.provenance: expected an object or null", path=name)
    # Walk the provenance without recursion: every key and string storable,
    # every value plain JSON, nesting bounded.
    stack: list[tuple[Any, str, int]] = [(entry.provenance, f"{where}.provenance", 1)]
    while stack:
        value, at, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise StoreError(f"{at}: nested deeper than {MAX_JSON_DEPTH} levels; not importing it", path=name)
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str):
                    raise StoreError(f"{at}: keys must be strings", path=name)
                _check_text(k, f"{at} (a key)", name)
                stack.append((v, f"{at}.{k}", depth + 1))
        elif isinstance(value, list):
            stack.extend((v, f"{at}[{i}]", depth + 1) for i, v in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, at, name)
        elif value is not None and not isinstance(value, (bool, int, float)):
            raise StoreError(f"{at}: {type(value).__name__} is not JSON", path=name)


def _check_text(value: str, where: str, name: str | None) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise StoreError(
            f"{where}: contains a lone surrogate (U+{ord(value[e.start]):04X} at character {e.start}), "
            "which is not text and cannot be stored; fix the file",
            path=name,
        ) from None
