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
    shown = display_name(path)
    if shown != path:
        raise IngestError("the file name is not UTF-8 (its undecodable bytes are shown as \\x escapes); "
                          "rename the file with a UTF-8 name", path=shown)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise IngestError("a symbolic link to a file that does not exist; fix or remove the link", path=path) from None
        raise IngestError("no such file; check the path", path=path) from None
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror})", path=path) from None
    _check_kind(st, path)
    if st.st_size > limit:
        raise IngestError(_too_large(limit), path=path)
    try:
        # O_NONBLOCK: a FIFO put in the file's place after the check above is opened without waiting for a
        # writer, and refused by the second check on what was actually opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise IngestError(f"cannot read file ({e.strerror})", path=path) from None
    with os.fdopen(fd, "rb") as fh:
        _check_kind(os.fstat(fh.fileno()), path)
        try:
            data = fh.read(limit + 1)
        except OSError as e:
            raise IngestError(f"cannot read file ({e.strerror})", path=path) from None
    if len(data) > limit:  # grew while we read it
        raise IngestError(_too_large(limit), path=path)
    return data, path


def display_name(path: str) -> str:
    """``path`` as it can be shown and written (UTF-8): bytes of a name that is not UTF-8 as ``\\xNN`` escapes.

    Python gives such bytes as lone surrogates (``os.fsdecode``), which no
    terminal, JSON file or database takes.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _check_kind(st: os.stat_result, path: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise IngestError("is a directory; give article files (text or HTML)", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise IngestError("not a regular file (a device, pipe or socket); save the article to a file, or pipe it to '-'", path=path)


def _too_large(limit: int) -> str:
    return f"larger than the {limit / 1e6:g} MB input limit; split it, or raise the max_input_mb setting"


def input_limit(settings: Settings) -> int:
    return int(settings.max_input_mb * 1_000_000)
