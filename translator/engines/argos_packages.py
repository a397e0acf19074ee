"""Find and list Argos Translate model packages (zh→en); installing them is :mod:`.argos_install`.

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

import json
import logging
import lzma
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from translator.errors import ModelError

FROM_CODE = "zh"
TO_CODE = "en"

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
