"""Exports and imports: one module per format behind one registry.

As translate-toolkit's ``translate/storage/factory.py`` maps a format to a
module it imports only when asked, :data:`EXPORTERS` and :data:`IMPORTERS`
map a format name to a module and a function; nothing is imported until a
format is used.  An exporter takes a :class:`~translator.document.Document`,
translation-memory entries or glossary terms (its ``takes``) and returns
UTF-8 bytes.

==========  ===========================  ==========  =====================================
name        module                       takes       what
==========  ===========================  ==========  =====================================
html        formats/html.py              document    bilingual page, three layouts
xliff       formats/xliff.py             document    XLIFF 2.1, one unit per segment
xliff12     formats/xliff.py             document    XLIFF 1.2, for older tools
tmx         formats/tmx.py               entries     TMX 1.4b translation memory
tbx         formats/tbx.py               glossary    TBX-Basic termbase
csv         formats/glossary_csv.py      glossary    glossary as CSV
tsv         formats/glossary_tsv.py      glossary    glossary as TSV (the glossary files' own format)
json        formats/document_json.py     document    the document's own JSON
txt         formats/text.py              document    the English text, blocks as paragraphs
==========  ===========================  ==========  =====================================
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

from ..errors import TranslatorError

__all__ = ["EXPORTERS", "IMPORTERS", "Exporter", "FormatError", "Importer", "exporter", "importer", "importer_for_path"]

Takes = Literal["document", "entries", "glossary"]


class FormatError(TranslatorError):
    """A file could not be exported or imported (malformed, unsafe, from another document)."""



@dataclass(frozen=True)
class Exporter:
    name: str
    module: str  # relative to this package
    function: str
    takes: Takes  # a Document; (source, target, metadata) entries; a Glossary or Terms
    extension: str
    media_type: str
    description: str

    def load(self) -> Callable[..., bytes]:
        """The export function (imports its module on first use)."""
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.function)

    def __call__(self, obj: Any, **options: Any) -> bytes:
        return self.load()(obj, **options)


@dataclass(frozen=True)
class Importer:
    name: str
    module: str
    function: str
    gives: Literal["edits", "entries", "terms", "document"]
    extensions: tuple[str, ...]
    description: str

    def load(self) -> Callable[..., Any]:
        """The import function (imports its module on first use)."""
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.function)


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("html", "html", "export_html", "document", ".html", "text/html; charset=utf-8",
                 "bilingual HTML page (side-by-side, interleaved or English with the Chinese on hover)"),
        Exporter("xliff", "xliff", "export_xliff", "document", ".xlf", "application/xliff+xml",
                 "XLIFF 2.1, one unit per segment, for CAT tools"),
        Exporter("xliff12", "xliff", "export_xliff12", "document", ".xlf", "application/x-xliff+xml",
                 "XLIFF 1.2, for older CAT tools"),
        Exporter("tmx", "tmx", "export_tmx", "entries", ".tmx", "application/x-tmx+xml",
                 "TMX 1.4b translation memory (approved segments or memory rows)"),
        Exporter("tbx", "tbx", "export_tbx", "glossary", ".tbx", "application/x-tbx+xml", "TBX-Basic termbase of a glossary"),
        Exporter("csv", "glossary_csv", "export_glossary_csv", "glossary", ".csv", "text/csv; charset=utf-8",
                 "glossary as CSV: source, target, note, kind"),
        Exporter("tsv", "glossary_tsv", "export_glossary_tsv", "glossary", ".tsv", "text/tab-separated-values; charset=utf-8",
                 "glossary as TSV, the glossary files' own format: source, target, note, kind"),
        Exporter("json", "document_json", "export_json", "document", ".json", "application/json", "the document's own JSON"),
        Exporter("txt", "text", "export_text", "document", ".txt", "text/plain; charset=utf-8",
                 "the English text, one paragraph per block"),
    )
}

IMPORTERS: dict[str, Importer] = {
    i.name: i
    for i in (
        Importer("xliff", "xliff", "read_xliff", "edits", (".xlf", ".xliff"),
                 "edited targets and statuses from XLIFF 2.1 or 1.2 (apply them with formats.xliff.apply)"),
        Importer("tmx", "tmx", "read_tmx", "entries", (".tmx",), "translation-memory entries from TMX"),
        Importer("tbx", "tbx", "read_tbx", "terms", (".tbx",), "glossary terms from TBX"),
        Importer("csv", "glossary_csv", "read_glossary_csv", "terms", (".csv",), "glossary terms from CSV"),
        Importer("tsv", "glossary_tsv", "read_glossary_tsv", "terms", (".tsv",), "glossary terms from a glossary TSV"),
        Importer("json", "document_json", "read_json", "document", (".json",), "a document from its JSON"),
    )
}


def _unknown(kind: str, name: str, choices: dict[str, Any]) -> FormatError:
    return FormatError(f"unknown {kind} format '{name}'; choose one of {', '.join(choices)}")


def exporter(name: str) -> Exporter:
    """The exporter called ``name``; an unknown name is a :class:`FormatError` listing the choices."""
    try:
        return EXPORTERS[name.lower()]
    except KeyError:
        raise _unknown("export", name, EXPORTERS) from None


def importer(name: str) -> Importer:
    """The importer called ``name``; an unknown name is a :class:`FormatError` listing the choices."""
    try:
        return IMPORTERS[name.lower()]
    except KeyError:
        raise _unknown("import", name, IMPORTERS) from None


def importer_for_path(path: str) -> Importer:
    """The importer for a file, by its extension."""
    suffix = PurePath(path).suffix.lower()
    for imp in IMPORTERS.values():
        if suffix in imp.extensions:
            return imp
    known = sorted({e for i in IMPORTERS.values() for e in i.extensions})
    raise FormatError(f"cannot tell the format from the extension '{suffix}'; use one of {', '.join(known)}", path=path)
