"""The optional native scans, and the character bitmaps they take.

``translator/_speedups.c`` holds C versions of the character scans that
dominate ``translator normalize``: pinyin annotations and line splitting
(``clean``), ASCII punctuation and script sampling (``normalize``), garble
windows (``garble``) and sentence spans (``segment``).  Each has a
pure-Python twin in its own module that defines the behaviour; :data:`native`
is the C module when it was built and imported, else ``None``, and the
modules choose per function when they are imported, as the standard
library's C accelerators do.  ``TRANSLATOR_PURE_PYTHON=1`` runs the Python
twins even where the C module exists (for the tests and the benchmark).
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Iterable, Iterator


def _load() -> ModuleType | None:
    if os.environ.get("TRANSLATOR_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from . import _speedups
    except ImportError:
        return None
    return _speedups


native: ModuleType | None = _load()


def bitmap(chars: Iterable[str]) -> bytes:
    """A set of characters as bytes, bit ``c % 8`` of byte ``c // 8`` for code point ``c``."""
    points = [ord(c) for c in chars]
    out = bytearray(max(points, default=0) // 8 + 1)
    for p in points:
        out[p >> 3] |= 1 << (p & 7)
    return bytes(out)


def expand(char_class: str) -> Iterator[str]:
    """The characters of a regex character-class body made of characters and ``a-b`` ranges."""
    i = 0
    while i < len(char_class):
        if i + 2 < len(char_class) and char_class[i + 1] == "-":
            yield from map(chr, range(ord(char_class[i]), ord(char_class[i + 2]) + 1))
            i += 3
        else:
            yield char_class[i]
            i += 1
