"""Install Argos Translate model packages: check the archive, unpack with limits, swap in atomically.

A package file (``.argosmodel``) is a zip of one folder.  It is checked
before anything is written (entries, declared sizes, paths, metadata),
unpacked into a hidden folder beside the destination with the bytes
actually written counted, checked again, and only then renamed into place;
the previous version is moved aside first and put back if that fails.  So
a damaged or hostile file never costs the working model.  The index is
fetched with a timeout of its own (the process-wide socket timeout is never
touched).  Limits are in :mod:`.argos_packages`.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from translator.errors import ModelError

from .argos_packages import (
    _DOWNLOAD_PREFIX,
    _OLD_PREFIX,
    _STAGING_PREFIX,
    _UNPACK_ERRORS,
    FROM_CODE,
    HOW_TO_GET,
    MAX_INDEX_BYTES,
    MAX_METADATA_BYTES,
    TO_CODE,
    InstalledPackage,
    _parse_metadata,
    _size,
    _version_key,
    argos_settings,
    check_metadata,
    packages_dir,
    read_installed,
)

#: Most bytes a package may unpack to (a real zh→en package is a few hundred MB).
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
#: Most entries (files and folders) a package archive may hold.
MAX_ENTRIES = 10_000


def validate_package_file(path: Path) -> tuple[str, dict[str, Any]]:
    """Check an ``.argosmodel`` before installing it; return (top folder, metadata).

    The archive must be a zip of at most :data:`MAX_ENTRIES` entries that
    unpack to at most :data:`MAX_UNCOMPRESSED_BYTES`, with one top-level
    folder holding ``metadata.json`` (zh→en, at most :data:`MAX_METADATA_BYTES`,
    fields of the right types), ``model/model.bin`` and ``sentencepiece.model``,
    and no path leaving that folder.
    """
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise ModelError("no such file; give the path of a translate-zh_en-*.argosmodel", path=where)
    if not zipfile.is_zipfile(path):
        raise ModelError(
            "not an Argos package (not a zip archive); download translate-zh_en-*.argosmodel again",
            path=where,
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise ModelError(
                    f"the archive holds {len(infos):,} entries, more than the {MAX_ENTRIES:,} a package may have; "
                    "not installing it",
                    path=where,
                )
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise ModelError(
                    f"the archive unpacks to {_size(total)}, over the {_size(MAX_UNCOMPRESSED_BYTES)} a package may "
                    "take; not installing it",
                    path=where,
                )
            names = [i.filename for i in infos if i.filename]
            for name in names:
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts or "\\" in name or "\x00" in name:
                    raise ModelError(f"unsafe path in archive: {name!r}; not installing it", path=where)
            tops = {PurePosixPath(n).parts[0] for n in names}
            if len(tops) != 1 or not any("/" in n for n in names):
                raise ModelError(
                    "an Argos package holds exactly one top-level folder; this archive has "
                    f"{len(tops)} top-level entries",
                    path=where,
                )
            (top,) = tops
            if top.startswith("."):
                raise ModelError(f"the package folder {top!r} is hidden; not a usable Argos package", path=where)
            members = set(names)
            missing = [
                want
                for want in ("metadata.json", "model/model.bin", "sentencepiece.model")
                if f"{top}/{want}" not in members
            ]
            if missing:
                raise ModelError(
                    f"not a usable Argos package: {top}/ lacks {', '.join(missing)}",
                    path=where,
                )
            info = zf.getinfo(f"{top}/metadata.json")
            if info.file_size > MAX_METADATA_BYTES:
                raise ModelError(
                    f"{top}/metadata.json is {_size(info.file_size)}, over the {_size(MAX_METADATA_BYTES)} "
                    "package metadata may take; not installing it",
                    path=where,
                )
            with zf.open(info) as f:
                raw = f.read(MAX_METADATA_BYTES + 1)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"damaged zip archive ({exc}); download it again", path=where) from None
    except _UNPACK_ERRORS as exc:
        raise ModelError(f"cannot read the archive ({type(exc).__name__}: {exc}); download it again", path=where) from None
    metadata = _parse_metadata(raw, where)
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    kind = metadata.get("type") or "translate"
    if pair != (FROM_CODE, TO_CODE) or kind != "translate":
        raise ModelError(
            f"this package translates {pair[0]}→{pair[1]} (type {kind}); "
            "this tool needs a zh→en translate package (translate-zh_en-*.argosmodel)",
            path=where,
        )
    return top, metadata


def _unpack(zf: zipfile.ZipFile, dest: Path, where: str) -> None:
    """Extract every member of ``zf`` under ``dest``, counting the bytes really written."""
    root = dest.resolve()
    written = 0
    for info in zf.infolist():
        target = (dest / info.filename).resolve()
        if target != root and root not in target.parents:
            raise ModelError(f"unsafe path in archive: {info.filename!r}; not installing it", path=where)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        member = 0
        with zf.open(info) as src, open(target, "wb") as out:
            while chunk := src.read(1024 * 1024):
                member += len(chunk)
                written += len(chunk)
                if member > info.file_size or written > MAX_UNCOMPRESSED_BYTES:
                    raise ModelError(
                        f"{info.filename} unpacks to more than the archive says; not installing it", path=where
                    )
                out.write(chunk)


def _swap_in(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target`` (same file system), replacing what is there.

    The old folder is renamed aside first and removed only once ``new`` is in
    place; if that fails, it is put back.
    """
    for _attempt in range(5):
        aside: Path | None = None
        if target.exists() or target.is_symlink():
            aside = Path(tempfile.mkdtemp(prefix=_OLD_PREFIX, dir=target.parent)) / target.name
            os.rename(target, aside)
        try:
            os.rename(new, target)
        except OSError as exc:
            if aside is not None and not target.exists():
                os.rename(aside, target)  # the working model goes back
                aside = None
            if aside is not None:
                shutil.rmtree(aside.parent, ignore_errors=True)
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                continue  # another install put its folder there meanwhile: replace that one
            raise
        if aside is not None:
            shutil.rmtree(aside.parent, ignore_errors=True)
        return
    raise ModelError("another install keeps replacing this package; try again", path=str(target))


def install_from_file(path: Path, directory: Path | None = None) -> InstalledPackage:
    """Validate and install an ``.argosmodel``.

    The archive is checked (:func:`validate_package_file`), unpacked into a
    hidden folder beside its destination, checked again, and only then put in
    place of any package of the same name, which is kept if anything fails.
    """
    path = Path(path)
    top, _metadata = validate_package_file(path)
    directory = packages_dir() if directory is None else Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=directory))
    except OSError as exc:
        raise ModelError(f"cannot create the packages directory ({exc.strerror})", path=str(directory)) from None
    try:
        with zipfile.ZipFile(path) as zf:
            _unpack(zf, staging, str(path))
        unpacked = read_installed(staging / top)
        for needed in (unpacked.model_dir / "model.bin", unpacked.sentencepiece_model):
            if not needed.is_file():
                raise ModelError(f"not a usable Argos package: {needed.name} did not unpack as a file", path=str(path))
        _swap_in(staging / top, directory / top)
    except ModelError:
        raise
    except zipfile.BadZipFile as exc:
        raise ModelError(f"damaged package ({exc}); download it again", path=str(path)) from None
    except _UNPACK_ERRORS as exc:
        reason = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        raise ModelError(f"could not install into {directory} ({reason})", path=str(path)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_installed(directory / top)


# -- the package index ----------------------------------------------------------------


def _fetch(url: str, timeout: float, limit: int, out: Any = None) -> bytes:
    """GET ``url`` with a timeout on every socket operation; the body (or write it to ``out``), at most ``limit`` bytes."""
    request = urllib.request.Request(url, headers={"User-Agent": "zh-news-translator"})
    chunks: list[bytes] = []
    size = 0
    with urllib.request.urlopen(request, timeout=timeout) as response:
        while chunk := response.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise ModelError(f"{url} sends more than {_size(limit)}; not using it")
            if out is None:
                chunks.append(chunk)
            else:
                out.write(chunk)
    return b"".join(chunks)


_NET_ERRORS = (OSError, http.client.HTTPException, ValueError)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def install_from_index(directory: Path | None = None, *, timeout: float = 20.0) -> InstalledPackage:
    """Download and install the zh→en package from the Argos package index.

    The index and the package are fetched with ``timeout`` seconds for each
    network operation (nothing process-wide is changed).  Offline, or when
    the index has no zh→en package, this raises a :class:`ModelError` that
    says how to install from a file instead.
    """
    index_url = str(argos_settings().remote_package_index)
    how = HOW_TO_GET.format(index=index_url)
    directory = packages_dir() if directory is None else Path(directory)
    try:
        raw = _fetch(index_url, timeout, MAX_INDEX_BYTES)
    except ModelError as exc:
        raise ModelError(f"{exc.message}; {how}") from None
    except _NET_ERRORS as exc:
        raise ModelError(f"cannot reach the Argos package index ({_reason(exc)}; offline?); {how}") from None
    try:
        index = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ModelError(f"the Argos package index could not be read ({type(exc).__name__}); {how}") from None
    wanted: list[dict[str, Any]] = []
    for entry in index if isinstance(index, list) else []:
        try:
            meta = check_metadata(entry, index_url)
        except ModelError:
            continue  # one malformed entry does not hide the others
        if (meta.get("from_code"), meta.get("to_code"), meta.get("type") or "translate") == (FROM_CODE, TO_CODE, "translate"):
            wanted.append(meta)
    if not wanted:
        raise ModelError(f"the Argos package index lists no zh→en package; {how}")
    best = max(wanted, key=lambda m: _version_key(m.get("package_version") or ""))
    links = [u for u in best.get("links", []) if u.startswith(("http://", "https://"))]
    if not links:
        raise ModelError(f"the Argos package index gives no download link for the zh→en package; {how}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=_DOWNLOAD_PREFIX, suffix=".argosmodel", dir=directory)
        os.close(fd)
    except OSError as exc:
        raise ModelError(f"cannot create the packages directory ({exc.strerror})", path=str(directory)) from None
    download = Path(name)  # hidden, so listing never takes it for a package
    try:
        failures: list[str] = []
        for link in links:
            try:
                with open(download, "wb") as out:
                    _fetch(link, timeout, MAX_UNCOMPRESSED_BYTES, out)
                break
            except ModelError as exc:
                failures.append(f"{link}: {exc.message}")
            except _NET_ERRORS as exc:
                failures.append(f"{link}: {_reason(exc)}")
        else:
            raise ModelError(f"downloading the zh→en package failed ({'; '.join(failures)}); {how}")
        return install_from_file(download, directory)
    finally:
        download.unlink(missing_ok=True)
