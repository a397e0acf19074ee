"""Find, list and install Argos Translate model packages (zh→en).

This is the one adapter between us and ``argostranslate.package``.  That
library reads its settings and creates directories when it is *imported*, so
it is imported only inside the functions below, never at module import.

Where packages live: ``$ARGOS_PACKAGES_DIR`` when set (read at call time, so
tests and users can point elsewhere after start-up), else Argos's own default
(``~/.local/share/argos-translate/packages``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from translator.errors import ModelError

FROM_CODE = "zh"
TO_CODE = "en"

#: Said whenever no package can be had automatically.
HOW_TO_GET = (
    "on a connected machine download translate-zh_en-*.argosmodel (linked from the Argos "
    "package index, {index}), copy it here and run: translator models install --file PATH.argosmodel"
)

_INSTALL_LOCK = threading.Lock()


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


def packages_dir() -> Path:
    """The directory packages are installed into and looked up in."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    from argostranslate import settings  # lazy: creates Argos's directories

    return Path(settings.package_data_dir)


def _from_argos(pkg: Any) -> InstalledPackage:
    from argostranslate.package import argospm_package_name

    return InstalledPackage(
        code=pkg.code or argospm_package_name(pkg),
        name=str(pkg),
        version=str(pkg.package_version or ""),
        path=Path(pkg.package_path),
        from_code=pkg.from_code or "",
        to_code=pkg.to_code or "",
        type=pkg.type or "",
        target_prefix=getattr(pkg, "target_prefix", "") or "",
    )


def read_installed(path: Path) -> InstalledPackage:
    """The installed package in folder ``path``."""
    path = Path(path)
    if not (path / "metadata.json").is_file():
        raise ModelError(
            "not an installed Argos package (no metadata.json); "
            "install one with: translator models install --file PATH.argosmodel",
            path=str(path),
        )
    from argostranslate import package as argos_package

    try:
        return _from_argos(argos_package.Package(path))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read metadata.json ({exc}); reinstall the package", path=str(path)) from exc


def list_installed(directory: Path | None = None) -> list[InstalledPackage]:
    """Installed packages in ``directory`` (default :func:`packages_dir`), sorted by code and version."""
    directory = packages_dir() if directory is None else Path(directory)
    if not directory.is_dir():
        return []
    from argostranslate import package as argos_package

    try:
        packages = argos_package.get_installed_packages(path=[directory])
    except (OSError, ValueError) as exc:  # a folder without (valid) metadata.json
        raise ModelError(
            f"cannot read the installed packages ({exc}); remove or reinstall the broken package folder",
            path=str(directory),
        ) from exc
    found = [_from_argos(p) for p in packages]
    return sorted(found, key=lambda p: (p.code, _version_key(p.version)))


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
    candidates = [
        p
        for p in list_installed(directory)
        if p.from_code == FROM_CODE and p.to_code == TO_CODE and p.type == "translate"
    ]
    if not candidates:
        raise ModelError(
            f"no zh→en Argos package installed in {directory}; "
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


def validate_package_file(path: Path) -> tuple[str, dict[str, Any]]:
    """Check an ``.argosmodel`` before installing it; return (top folder, metadata).

    The archive must be a zip with one top-level folder holding
    ``metadata.json`` (zh→en), ``model/model.bin`` and ``sentencepiece.model``.
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
            names = [n for n in zf.namelist() if n]
            for name in names:
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts or "\\" in name:
                    raise ModelError(f"unsafe path in archive: {name!r}; not installing it", path=where)
            tops = {PurePosixPath(n).parts[0] for n in names}
            if len(tops) != 1 or not any("/" in n for n in names):
                raise ModelError(
                    "an Argos package holds exactly one top-level folder; this archive has "
                    f"{len(tops)} top-level entries",
                    path=where,
                )
            (top,) = tops
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
            try:
                metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise ModelError(f"{top}/metadata.json is not valid JSON ({exc})", path=where) from exc
    except zipfile.BadZipFile as exc:
        raise ModelError(f"damaged zip archive ({exc}); download it again", path=where) from exc
    if not isinstance(metadata, dict):
        raise ModelError(f"{top}/metadata.json is not a JSON object", path=where)
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair != (FROM_CODE, TO_CODE) or metadata.get("type", "translate") != "translate":
        raise ModelError(
            f"this package translates {pair[0]}→{pair[1]} (type {metadata.get('type', 'translate')}); "
            "this tool needs a zh→en translate package (translate-zh_en-*.argosmodel)",
            path=where,
        )
    return top, metadata


@contextlib.contextmanager
def _argos_package_dir(directory: Path) -> Iterator[None]:
    """Point argostranslate's install target (fixed at its import) at ``directory`` for a while."""
    from argostranslate import settings

    with _INSTALL_LOCK:
        saved = settings.package_data_dir
        settings.package_data_dir = directory
        try:
            yield
        finally:
            settings.package_data_dir = saved


def install_from_file(path: Path, directory: Path | None = None) -> InstalledPackage:
    """Validate and install an ``.argosmodel`` with ``argostranslate.package.install_from_path``.

    A package of the same name and version already installed is replaced.
    """
    path = Path(path)
    top, _metadata = validate_package_file(path)
    directory = packages_dir() if directory is None else Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the packages directory ({exc.strerror})", path=str(directory)) from exc
    from argostranslate import package as argos_package

    target = directory / top
    with _argos_package_dir(directory):
        try:
            if target.exists():
                shutil.rmtree(target)
            argos_package.install_from_path(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ModelError(f"could not install into {directory} ({exc})", path=str(path)) from exc
        except Exception as exc:  # argostranslate raises bare Exception for bad archives
            raise ModelError(f"argostranslate refused the package ({exc})", path=str(path)) from exc
    return read_installed(target)


def install_from_index(directory: Path | None = None, *, timeout: float = 20.0) -> InstalledPackage:
    """Download and install the zh→en package from the Argos package index.

    Offline (or when the index has no zh→en package) this raises a
    :class:`ModelError` that says how to install from a file instead.
    """
    import logging

    from argostranslate import package as argos_package
    from argostranslate import settings

    directory = packages_dir() if directory is None else Path(directory)
    how = HOW_TO_GET.format(index=settings.remote_package_index)
    argos_log = logging.getLogger("argostranslate.utils")
    saved_timeout, saved_disabled = socket.getdefaulttimeout(), argos_log.disabled
    socket.setdefaulttimeout(timeout)  # argostranslate's urlopen calls have no timeout
    argos_log.disabled = True  # it logs the network error itself; we say it in one line
    try:
        index = Path(settings.local_package_index)
        before = index.stat().st_mtime_ns if index.exists() else None
        argos_package.update_package_index()  # writes the index only when the download worked
        if not index.exists() or index.stat().st_mtime_ns == before:
            raise ModelError(f"cannot reach the Argos package index (offline?); {how}")
        try:
            available = argos_package.get_available_packages()
        except (ValueError, OSError) as exc:
            raise ModelError(f"the Argos package index could not be read ({exc}); {how}") from exc
        wanted = [p for p in available if p.from_code == FROM_CODE and p.to_code == TO_CODE]
        if not wanted:
            raise ModelError(f"the Argos package index lists no zh→en package; {how}")
        best = max(wanted, key=lambda p: _version_key(str(p.package_version)))
        try:
            download = best.download()
        except Exception as exc:  # argostranslate raises bare Exception on failed downloads
            raise ModelError(f"downloading {best.links[:1] or 'the package'} failed ({exc}); {how}") from exc
    finally:
        socket.setdefaulttimeout(saved_timeout)
        argos_log.disabled = saved_disabled
    installed = install_from_file(Path(download), directory)
    Path(download).unlink(missing_ok=True)  # as argostranslate's own AvailablePackage.install does
    return installed
