"""Reading an input file as every command does: regular files and standard input only, with a size limit."""

from __future__ import annotations

import os
import stat
import sys

from ..errors import IngestError
from ..settings import Settings


def read_input(path: str, *, limit: int) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-`` is standard input) and the name to report.

    Only regular files and standard input are read, and at most ``limit``
    bytes: a device, a FIFO or a larger file is refused with one line.
    """
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise IngestError(_too_large(limit), path="<stdin>")
        return data, "<stdin>"
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise IngestError("no such file; check the path", path=path) from None
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror})", path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError("is a directory; give article files (text or HTML)", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise IngestError("not a regular file (a device, pipe or socket); save the article to a file, or pipe it to '-'", path=path)
    if st.st_size > limit:
        raise IngestError(_too_large(limit), path=path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror})", path=path) from None
    if len(data) > limit:  # grew while we read it
        raise IngestError(_too_large(limit), path=path)
    return data, path


def _too_large(limit: int) -> str:
    return f"larger than the {limit / 1e6:g} MB input limit; split it, or raise the max_input_mb setting"


def input_limit(settings: Settings) -> int:
    return int(settings.max_input_mb * 1_000_000)
