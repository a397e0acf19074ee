"""The Argos Translate engine: an installed zh→en Argos package, run directly.

One case of :class:`~translator.engines.ct2.CT2Engine`: we use the package's
files, not argostranslate's translation path: the CTranslate2 model in
``model/`` and ``sentencepiece.model``.  The segments we are given are
translated as they are (no sentence splitting of our own segments, nothing
downloaded at run time), sorted, batched and capped by the ct2 engine's one
code path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from translator.engines.argos_packages import InstalledPackage, find_zh_en
from translator.engines.ct2 import (  # noqa: F401  (the engine's helpers, as they were imported from here)
    DEVICES,
    CT2Engine,
    ModelFiles,
    _suppress_sequences,
    cached_models,
    clear_model_cache,
    resolve_threads,
)

_REINSTALL = "reinstall the package with translator models install --file PATH.argosmodel"


class ArgosEngine(CT2Engine):
    """Translate zh→en with an installed Argos package (CTranslate2 + sentencepiece).

    ``package``: an installed package folder, or ``None`` for the newest zh→en
    package in ``$ARGOS_PACKAGES_DIR`` / Argos's default folder.  The decoding
    options are :class:`~translator.engines.ct2.CT2Engine`'s.
    """

    name = "argos"

    def __init__(self, package: str | Path | InstalledPackage | None = None, **options: Any) -> None:
        super().__init__(None, **options)
        self._package_arg = package
        self._package: InstalledPackage | None = package if isinstance(package, InstalledPackage) else None

    @property
    def package(self) -> InstalledPackage:
        """The package this engine uses (looked up on first access)."""
        if self._package is None:
            arg = self._package_arg
            if arg is None:
                self._package = find_zh_en()
            else:
                assert not isinstance(arg, InstalledPackage)  # an InstalledPackage was kept in __init__
                self._package = _package_at(Path(arg))
        return self._package

    @property
    def model_files(self) -> ModelFiles:
        if self._files is None:
            pkg = self.package
            self._files = ModelFiles(
                pkg.model_dir, "argos", pkg.sentencepiece_model, pkg.sentencepiece_model, pkg.code, pkg.version,
                target_prefix=[pkg.target_prefix] if pkg.target_prefix else [], hint=_REINSTALL,
            )
        return self._files

    def describe(self) -> dict[str, Any]:
        """The engine, its package and every decoding setting that changes the output."""
        pkg = self.package
        decoding = self._decoding()
        decoding["target_prefix"] = pkg.target_prefix or None
        return {"engine": self.name, "model": pkg.code, "model_version": pkg.version, "decoding": decoding}


def _package_at(path: Path) -> InstalledPackage:
    """An installed package folder given by path (it must hold metadata.json)."""
    from translator.engines.argos_packages import read_installed

    return read_installed(path.expanduser())
