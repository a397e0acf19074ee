"""Exports and imports: one module per format behind one registry.

As translate-toolkit's ``translate/storage/factory.py`` maps a format to a
module it imports only when asked, :data:`EXPORTERS` and :data:`IMPORTERS`
map a format name to a module and a function; nothing is imported until a
format is used.  An exporter takes a :class:`~translator.document.Document`,
translation-memory entries or glossary terms (its ``takes``) and returns
UTF-8 bytes.

Each exporter also carries what callers would otherwise decide by its name:
the options it takes (``layout``, ``approved_only``; :meth:`Exporter.options_for`
builds them from what a user asked), its file name
(:meth:`Exporter.filename`) and how a stored document becomes its input
(:meth:`Exporter.export_document`).

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

from ..errors import TranslatorError
from ..vocabulary import DEFAULT_LAYOUT, LAYOUTS

if TYPE_CHECKING:
    from ..document import Document

__all__ = [
    "DOCUMENT_FORMATS", "EXPORTERS", "IMPORTERS", "OPTIONS", "Exporter", "FormatError", "Importer", "exporter", "importer",
    "importer_for_path",
]

Takes = Literal["document", "entries", "glossary"]
Option = Literal["layout", "approved_only"]
#: Every option an exporter can take, and what it does.
OPTIONS: dict[str, str] = {
    "layout": f"the layout the HTML page opens in ({', '.join(LAYOUTS)})",
    "approved_only": "leave out English not approved yet (without it, such English is marked)",
}


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
    options: tuple[Option, ...] = ()  # the keyword options the export function takes
    infix: str = ""  # between the file's stem and its extension ("name.xliff12.xlf")
    from_document: str = ""  # for takes="entries": the module's function turning a Document into them

    def load(self) -> Callable[..., bytes]:
        """The export function (imports its module on first use)."""
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.function)

    def __call__(self, obj: Any, **options: Any) -> bytes:
        return self.load()(obj, **options)

    @property
    def exports_documents(self) -> bool:
        """True when a stored document can be exported in this format (directly or as its entries)."""
        return self.takes == "document" or bool(self.from_document)

    def options_for(self, *, layout: str | None = None, approved_only: bool = False) -> dict[str, Any]:
        """The options this format takes, from what a user asked; the rest are dropped.

        ``layout`` (``None``: the default one) is checked only where the format takes it.
        """
        asked: dict[str, Any] = {"layout": layout or DEFAULT_LAYOUT, "approved_only": bool(approved_only)}
        if "layout" in self.options and asked["layout"] not in LAYOUTS:
            raise FormatError(f"unknown layout '{layout}'; choose one of {', '.join(LAYOUTS)}")
        return {k: asked[k] for k in self.options}

    def filename(self, stem: str, options: Mapping[str, Any] | None = None) -> str:
        """The file name of an export of ``stem``; with ``options``, the name also tells them apart
        (``article.interleaved.approved.html``), for downloads of one document in several variants."""
        parts = [stem]
        if self.infix:
            parts.append(self.infix)
        if options:
            if "layout" in self.options and options.get("layout"):
                parts.append(str(options["layout"]))
            if "approved_only" in self.options and options.get("approved_only"):
                parts.append("approved")
        return ".".join(parts) + self.extension

    def export_document(self, doc: Document, options: Mapping[str, Any] | None = None) -> bytes:
        """``doc`` in this format, with ``options`` (from :meth:`options_for`)."""
        if self.takes == "document":
            return self(doc, **(options or {}))
        if self.from_document:
            entries = getattr(importlib.import_module(f"{__name__}.{self.module}"), self.from_document)(doc)
            return self(entries, **(options or {}))
        raise FormatError(f"the {self.name} format exports a {self.takes}, not a document; choose one of {', '.join(DOCUMENT_FORMATS)}")


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
                 "bilingual HTML page (side-by-side, interleaved or English with the Chinese on hover)",
                 options=("layout", "approved_only")),
        Exporter("xliff", "xliff", "export_xliff", "document", ".xlf", "application/xliff+xml",
                 "XLIFF 2.1, one unit per segment, for CAT tools"),
        Exporter("xliff12", "xliff", "export_xliff12", "document", ".xlf", "application/x-xliff+xml",
                 "XLIFF 1.2, for older CAT tools", infix="xliff12"),
        Exporter("tmx", "tmx", "export_tmx", "entries", ".tmx", "application/x-tmx+xml",
                 "TMX 1.4b translation memory (approved segments or memory rows)", from_document="document_entries"),
        Exporter("tbx", "tbx", "export_tbx", "glossary", ".tbx", "application/x-tbx+xml", "TBX-Basic termbase of a glossary"),
        Exporter("csv", "glossary_csv", "export_glossary_csv", "glossary", ".csv", "text/csv; charset=utf-8",
                 "glossary as CSV: source, target, note, kind"),
        Exporter("tsv", "glossary_tsv", "export_glossary_tsv", "glossary", ".tsv", "text/tab-separated-values; charset=utf-8",
                 "glossary as TSV, the glossary files' own format: source, target, note, kind"),
        Exporter("json", "document_json", "export_json", "document", ".json", "application/json", "the document's own JSON"),
        Exporter("txt", "text", "export_text", "document", ".txt", "text/plain; charset=utf-8",
                 "the English text, one paragraph per block", options=("approved_only",)),
    )
}
#: The formats a document exports to directly (what ``translator export`` and ``batch --format`` offer).
DOCUMENT_FORMATS: tuple[str, ...] = tuple(name for name, e in EXPORTERS.items() if e.takes == "document")

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
