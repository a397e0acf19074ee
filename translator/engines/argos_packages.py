"""Find, list and install Argos Translate model packages (zh→en).

A package is a folder holding ``metadata.json``, a CTranslate2 model in
``model/`` and ``sentencepiece.model``; its file (``.argosmodel``) is a zip of
that folder.  We read, check and unpack packages ourselves, with limits on
what an archive may unpack to, and swap a new package in only once it is
complete, so a bad file never costs the working model.

Where packages live: ``$ARGOS_PACKAGES_DIR`` when set (read at call time, so
tests and users can point elsewhere after start-up), else Argos's own default
(``~/.local/share/argos-translate/packages``).  Only that default and the
package index's address come from ``argostranslate.settings``, which creates
folders under ``$HOME`` when imported: it is imported only through
:func:`argos_settings`, which turns its failure into a :class:`ModelError`.

Folders in the packages directory that are not readable packages (no or bad
``metadata.json``) are skipped with a warning (:func:`scan_installed`, and
the ``translator.models`` logger), never taken for "no model installed"
without saying so.
"""

from __future__ import annotations

import errno
import http.client
import json
import logging
import lzma
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

from translator.errors import ModelError

FROM_CODE = "zh"
TO_CODE = "en"

#: Most bytes a package may unpack to (a real zh→en package is a few hundred MB).
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
#: Most entries (files and folders) a package archive may hold.
MAX_ENTRIES = 10_000
#: Largest metadata.json read, packed or installed.
MAX_METADATA_BYTES = 1024**2
#: Largest package index accepted from the network.
MAX_INDEX_BYTES = 32 * 1024**2

#: Said whenever no package can be had automatically.
HOW_TO_GET = (
    "on a connected machine download translate-zh_en-*.argosmodel (linked from the Argos "
    "package index, {index}), copy it here and run: translator models install --file PATH.argosmodel"
)

_STAGING_PREFIX = ".translator-install-"
_OLD_PREFIX = ".translator-old-"
_DOWNLOAD_PREFIX = ".translator-download-"

log = logging.getLogger("translator.models")

# metadata.json fields argostranslate reads, and the JSON type each must have.
_STRING_FIELDS = (
    "code", "package_version", "argos_version", "from_code", "from_name",
    "to_code", "to_name", "type", "target_prefix",
)  # fmt: skip
_LIST_FIELDS = {  # name: type of the elements (None: anything)
    "links": str,
    "from_codes": str,
    "to_codes": str,
    "languages": dict,
    "source_languages": dict,
    "target_languages": dict,
    "dependencies": None,
}
# Decompression failures zipfile lets through as they are.
_UNPACK_ERRORS = (OSError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class InstalledPackage:
    """An installed Argos package, as ``translator models list`` shows it."""

    code: str  # argospm name, e.g. "translate-zh_en"
    name: str  # e.g. "Chinese → English"
    version: str  # metadata.json "package_version"
    path: Path
    from_code: str
    to_code: str
    type: str
    target_prefix: str  # metadata.json "target_prefix", "" when absent

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"


# -- argostranslate's settings ---------------------------------------------------


def argos_settings() -> ModuleType:
    """``argostranslate.settings``, or a :class:`ModelError` when it cannot be imported.

    Importing it creates Argos's data, config and cache folders under
    ``$HOME`` (or ``$XDG_*_HOME``) and reads its settings file and
    variables; an unwritable home, or a bad setting, makes that import fail.
    """
    try:
        from argostranslate import settings
    except OSError as exc:
        where = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
        raise ModelError(
            f"Argos Translate cannot create its folders ({where}); set HOME to a writable folder, "
            "or set ARGOS_PACKAGES_DIR, XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME to writable folders"
        ) from None
    except (ValueError, KeyError) as exc:
        raise ModelError(
            f"Argos Translate's settings are invalid ({type(exc).__name__}: {exc}); "
            "check the ARGOS_* environment variables and ~/.config/argos-translate/settings.json"
        ) from None
    return settings


def packages_dir() -> Path:
    """The directory packages are installed into and looked up in."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    return Path(argos_settings().package_data_dir)


# -- metadata ---------------------------------------------------------------------------


_JSON_TYPES = {str: "a string", int: "a number", float: "a number", bool: "true or false", list: "an array", dict: "an object", type(None): "null"}


def check_metadata(metadata: Any, where: str) -> dict[str, Any]:
    """``metadata`` (parsed metadata.json) if every field argostranslate reads has its type, else a :class:`ModelError`."""
    if not isinstance(metadata, dict):
        raise ModelError(f"metadata.json is {_JSON_TYPES.get(type(metadata), 'not an object')}, not an object; reinstall the package", path=where)
    for key in _STRING_FIELDS:
        value = metadata.get(key)
        if value is not None and not isinstance(value, str):
            raise ModelError(
                f"metadata.json: '{key}' must be a string, not {_JSON_TYPES.get(type(value), type(value).__name__)}; "
                "this is not a usable Argos package",
                path=where,
            )
    for key, element in _LIST_FIELDS.items():
        if key not in metadata:
            continue
        value = metadata[key]
        if not isinstance(value, list):
            raise ModelError(
                f"metadata.json: '{key}' must be an array, not {_JSON_TYPES.get(type(value), type(value).__name__)}; "
                "this is not a usable Argos package",
                path=where,
            )
        if element is not None:
            for i, item in enumerate(value):
                if not isinstance(item, element):
                    raise ModelError(
                        f"metadata.json: '{key}[{i}]' must be {_JSON_TYPES[element]}, "
                        f"not {_JSON_TYPES.get(type(item), type(item).__name__)}; this is not a usable Argos package",
                        path=where,
                    )
    return metadata


def _parse_metadata(raw: bytes, where: str) -> dict[str, Any]:
    try:
        return check_metadata(json.loads(raw.decode("utf-8")), where)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"metadata.json is not valid JSON ({exc})", path=where) from None
    except RecursionError:
        raise ModelError("metadata.json is nested too deeply to be package metadata", path=where) from None


def _package(path: Path, metadata: dict[str, Any]) -> InstalledPackage:
    kind = metadata.get("type") or "translate"
    from_code, to_code = metadata.get("from_code") or "", metadata.get("to_code") or ""
    from_name, to_name = metadata.get("from_name") or "", metadata.get("to_name") or ""
    code = metadata.get("code") or (f"{kind}-{from_code}_{to_code}" if from_code and to_code else kind)
    return InstalledPackage(
        code=code,
        name=f"{from_name} → {to_name}" if from_name and to_name else kind,
        version=metadata.get("package_version") or "",
        path=path,
        from_code=from_code,
        to_code=to_code,
        type=kind,
        target_prefix=metadata.get("target_prefix") or "",
    )


def read_installed(path: Path) -> InstalledPackage:
    """The installed package in folder ``path``, its metadata checked."""
    path = Path(path)
    meta = path / "metadata.json"
    if not meta.is_file():
        raise ModelError(
            "not an installed Argos package (no metadata.json); "
            "install one with: translator models install --file PATH.argosmodel",
            path=str(path),
        )
    try:
        with meta.open("rb") as f:
            raw = f.read(MAX_METADATA_BYTES + 1)
    except OSError as exc:
        raise ModelError(f"cannot read metadata.json ({exc.strerror}); reinstall the package", path=str(path)) from None
    if len(raw) > MAX_METADATA_BYTES:
        raise ModelError(f"metadata.json is over {_size(MAX_METADATA_BYTES)}; reinstall the package", path=str(path))
    return _package(path, _parse_metadata(raw, str(path)))


# -- listing -------------------------------------------------------------------------


def scan_installed(directory: Path | None = None) -> tuple[list[InstalledPackage], list[str]]:
    """Installed packages in ``directory`` (default :func:`packages_dir`), sorted by
    code and version, and one warning for each folder skipped as unreadable."""
    directory = packages_dir() if directory is None else Path(directory)
    if not directory.is_dir():
        return [], []
    try:
        entries = sorted(directory.iterdir())
    except OSError as exc:
        raise ModelError(f"cannot list the packages directory ({exc.strerror})", path=str(directory)) from None
    found: list[InstalledPackage] = []
    warnings: list[str] = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue  # our unfinished installs and hidden files; packages are folders
        try:
            found.append(read_installed(entry))
        except ModelError as exc:
            reason = exc.message.split("; ")[0]  # our messages are "what; what to do"
            warnings.append(f"skipped {entry}: {reason}; remove that folder, or reinstall the package")
    return sorted(found, key=lambda p: (p.code, _version_key(p.version))), warnings


def list_installed(directory: Path | None = None) -> list[InstalledPackage]:
    """Installed packages in ``directory`` (default :func:`packages_dir`), sorted by code and version.

    Unreadable folders are skipped; each is logged as a warning on the
    ``translator.models`` logger (see :func:`scan_installed` to get them).
    """
    found, warnings = scan_installed(directory)
    for warning in warnings:
        log.warning("%s", warning)
    return found


def _version_key(version: str) -> tuple:
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:  # pragma: no cover - packaging comes with argostranslate
        return (0, version)
    try:
        return (1, Version(version.replace("_", ".")))
    except InvalidVersion:
        return (0, version)


def find_zh_en(directory: Path | None = None) -> InstalledPackage:
    """The newest installed zh→en translate package, or a :class:`ModelError` saying how to get one."""
    directory = packages_dir() if directory is None else Path(directory)
    installed, warnings = scan_installed(directory)
    for warning in warnings:
        log.warning("%s", warning)
    candidates = [p for p in installed if p.from_code == FROM_CODE and p.to_code == TO_CODE and p.type == "translate"]
    if not candidates:
        skipped = f" (skipped {len(warnings)} unreadable folder(s) there: see the warnings)" if warnings else ""
        raise ModelError(
            f"no zh→en Argos package installed in {directory}{skipped}; "
            "run: translator models install --file PATH.argosmodel "
            "(or translator models install, when online)"
        )
    best = max(candidates, key=lambda p: _version_key(p.version))
    missing = [
        name
        for name, ok in (
            ("model/model.bin", (best.model_dir / "model.bin").is_file()),
            ("sentencepiece.model", best.sentencepiece_model.is_file()),
        )
        if not ok
    ]
    if missing:
        raise ModelError(
            f"package {best.code} {best.version} lacks {', '.join(missing)}; "
            "reinstall it with: translator models install --file PATH.argosmodel",
            path=str(best.path),
        )
    return best


# -- installing -----------------------------------------------------------------------


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


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
