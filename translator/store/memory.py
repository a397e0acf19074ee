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
from dataclasses import dataclass
from typing import Any, Sequence

from .database import Store, now

FUZZY_MIN = 75.0
MAX_SUGGESTIONS = 3
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "score": round(self.score, 1),
            "origin": self.origin,
            "editor": self.editor,
        }


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
        import sqlalchemy as sa

        tm = self.store.tm
        key = source_key(source)
        stamp = now()
        with self.store.begin() as conn:
            row = conn.execute(sa.select(tm.c.id).where(tm.c.source_key == key)).first()
            values = dict(source=source, target=target, origin=origin, editor=editor, provenance=provenance, updated_at=stamp)
            if row is None:
                conn.execute(tm.insert().values(source_key=key, length=len(key), created_at=stamp, **values))
            else:
                conn.execute(tm.update().where(tm.c.id == row.id).values(**values))

    def lookup(self, sources: Sequence[str], *, fuzzy_min: float = FUZZY_MIN) -> list[list[MemoryMatch]]:
        """For each source, its matches best first: an exact one (score 100) or fuzzy ones."""
        import sqlalchemy as sa
        from rapidfuzz import fuzz, process

        tm = self.store.tm
        keys = [source_key(s) for s in sources]
        out: list[list[MemoryMatch]] = [[] for _ in sources]
        with self.store.connect() as conn:
            exact: dict[str, Any] = {}
            unique = sorted(set(keys))
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                for row in conn.execute(sa.select(tm).where(tm.c.source_key.in_(chunk))):
                    exact[row.source_key] = row
            missing = [k for k in keys if k and k not in exact]
            candidates: list[Any] = []
            if missing:
                # fuzz.ratio = 2·matches / (len a + len b) ≥ r needs len b within [a·r/(2−r), a·(2−r)/r]
                lo = int(min(len(k) for k in missing) * fuzzy_min / (200 - fuzzy_min))
                hi = int(max(len(k) for k in missing) * (200 - fuzzy_min) / fuzzy_min) + 1
                candidates = list(conn.execute(sa.select(tm).where(tm.c.length.between(lo, hi))))
        # Candidates sorted by length: each source is compared only with keys
        # whose length could reach the threshold (Indel similarity bounds it).
        candidates.sort(key=lambda r: r.length)
        lengths = [r.length for r in candidates]
        cand_keys = [r.source_key for r in candidates]
        for i, key in enumerate(keys):
            if not key:
                continue
            row = exact.get(key)
            if row is not None:
                out[i] = [_match(row, 100.0)]
                continue
            lo_i = bisect.bisect_left(lengths, len(key) * fuzzy_min / (200 - fuzzy_min))
            hi_i = bisect.bisect_right(lengths, len(key) * (200 - fuzzy_min) / fuzzy_min)
            if lo_i >= hi_i:
                continue
            found = process.extract(
                key, cand_keys[lo_i:hi_i], scorer=fuzz.ratio, score_cutoff=fuzzy_min, limit=MAX_SUGGESTIONS
            )
            out[i] = [_match(candidates[lo_i + idx], score) for _, score, idx in found]
        return out

    def __len__(self) -> int:
        import sqlalchemy as sa

        with self.store.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(self.store.tm)).scalar_one())


def _match(row: Any, score: float) -> MemoryMatch:
    return MemoryMatch(row.id, row.source, row.target, float(score), row.origin or "", row.editor or "")
