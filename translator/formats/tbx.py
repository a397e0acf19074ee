"""Glossaries as TBX-Basic (``<martif type="TBX-Basic">``), out and back in.

One ``termEntry`` per Chinese source, with a ``zh-Hans`` and an ``en``
``langSet``.  Each of our terms is an English ``tig``:

* ``term``: ``administrativeStatus`` ``preferredTerm-admn-sts``;
* ``forbidden``: ``administrativeStatus`` ``deprecatedTerm-admn-sts``;
* ``dnt``: preferred, and the entry carries ``<descrip type="Translation
  needed">no</descrip>`` (TBX-Basic has no do-not-translate category; this is
  the convention translate-toolkit and Weblate read as "untranslatable").

A term's note is the tig's ``<note>``.  Import reads TBX-Basic (and TBX v3
``conceptEntry/langSec/termSec``), Chinese (``zh``, ``zh-Hans``, ``zh-CN``…)
to English (``en``, ``en-GB``…); other languages are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from lxml import etree

from ..store.glossary import Glossary, Term
from . import FormatError
from .base import SOURCE_LANG, TARGET_LANG, TOOL, TOOL_VERSION, lang_matches, localname, parse_xml, xml_bytes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
SUPERSEDED = "supersededTerm-admn-sts"
TRANSLATION_NEEDED = "Translation needed"

# TBX v2 (martif) names, and their TBX v3 equivalents
_ENTRY = ("termEntry", "conceptEntry")
_LANGSET = ("langSet", "langSec")
_TIG = ("tig", "ntig", "termSec")


def glossary_terms(terms: Glossary | Iterable[Term]) -> list[Term]:
    """The terms in export order: a glossary's terms, then its forbidden renderings; grouped by source."""
    if isinstance(terms, Glossary):
        flat = list(terms.terms.values()) + [t for ts in terms.forbidden.values() for t in ts]
    else:
        flat = list(terms)
    groups: dict[str, list[Term]] = {}
    for t in flat:
        groups.setdefault(t.source, []).append(t)
    # within an entry: the usable rendering first, then the forbidden ones, as given
    return [t for ts in groups.values() for t in sorted(ts, key=lambda t: t.kind == "forbidden")]


def export_tbx(terms: Glossary | Iterable[Term], *, title: str | None = None) -> bytes:
    """TBX-Basic of a glossary's terms (or any terms), one entry per source."""
    ordered = glossary_terms(terms)
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    if title:
        etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = f"{TOOL} {TOOL_VERSION}"
    if isinstance(terms, Glossary):
        for f in terms.files:
            etree.SubElement(source_desc, "p").text = f"{f.name}@{f.version}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    entries: dict[str, etree._Element] = {}
    for term in ordered:
        entry = entries.get(term.source)
        if entry is None:
            entry = etree.SubElement(body, "termEntry", id=f"e{len(entries) + 1}")
            entries[term.source] = entry
            zh = etree.SubElement(entry, "langSet")
            zh.set(XML_LANG, SOURCE_LANG)
            _text(etree.SubElement(etree.SubElement(zh, "tig"), "term"), term.source, term)
            en = etree.SubElement(entry, "langSet")
            en.set(XML_LANG, TARGET_LANG)
        en = entry[-1]
        if term.kind == "dnt" and entry.find("descrip") is None:
            descrip = etree.Element("descrip", type=TRANSLATION_NEEDED)
            descrip.text = "no"
            entry.insert(0, descrip)
        tig = etree.SubElement(en, "tig")
        _text(etree.SubElement(tig, "term"), term.target, term)
        status = etree.SubElement(tig, "termNote", type="administrativeStatus")
        status.text = DEPRECATED if term.kind == "forbidden" else PREFERRED
        if term.note:
            _text(etree.SubElement(tig, "note"), term.note, term)
    return xml_bytes(root)


def _text(el: etree._Element, text: str, term: Term) -> None:
    try:
        el.text = text
    except ValueError:
        raise FormatError(f"term '{term.source}' ({term.origin or 'no origin'}) holds a character XML cannot carry") from None


def _child(el: etree._Element, names: tuple[str, ...]) -> list[etree._Element]:
    return [c for c in el if localname(c) in names]


def _first_text(el: etree._Element, name: str, *, type_: str | None = None) -> str | None:
    for c in el.iter():
        if localname(c) == name and (type_ is None or c.get("type") == type_):
            return "".join(c.itertext())
    return None


def read_tbx(data: bytes, *, path: str = "<tbx>") -> list[Term]:
    """The zh→en terms of a TBX file, each with ``origin`` ``FILE:LINE`` (of its English term)."""
    try:
        return _read(data, path)
    except FormatError as e:
        if e.path is None:
            e.path = path
        raise


def _read(data: bytes, path: str) -> list[Term]:
    root = parse_xml(data, path, "TBX")
    if localname(root) not in ("martif", "tbx"):
        raise FormatError(f"not a TBX file (root element <{localname(root)}>)")
    name = PurePath(path).name
    out: list[Term] = []
    for entry in root.iter():
        if localname(entry) not in _ENTRY:
            continue
        dnt = any(
            localname(d) == "descrip" and d.get("type") == TRANSLATION_NEEDED and "".join(d.itertext()).strip().lower() == "no"
            for d in entry.iter()
        )
        sources: list[str] = []
        targets: list[tuple[str, str, str, int | None]] = []  # text, status, note, line
        for lang_set in _child(entry, _LANGSET):
            lang = lang_set.get(XML_LANG) or lang_set.get("lang")
            for tig in _child(lang_set, _TIG):
                term_text = _first_text(tig, "term")
                if term_text is None or not term_text.strip():
                    raise FormatError(f"line {tig.sourceline}: a <{localname(tig)}> without a term")
                if lang_matches(lang, "zh"):
                    sources.append(term_text)
                elif lang_matches(lang, "en"):
                    status = (_first_text(tig, "termNote", type_="administrativeStatus") or PREFERRED).strip()
                    notes = [
                        "".join(n.itertext()) for n in tig.iter() if localname(n) == "note"
                    ]
                    targets.append((term_text, status, "\n".join(notes), tig.sourceline))
        if not sources and targets:
            raise FormatError(f"line {entry.sourceline}: entry '{entry.get('id', '')}' has English terms but no Chinese one")
        for source in sources:
            for text, status, note, line in targets:
                if status.lower() in (DEPRECATED.lower(), SUPERSEDED.lower(), "deprecated", "superseded"):
                    kind = "forbidden"
                else:
                    kind = "dnt" if dnt else "term"
                out.append(Term(source, text, note, kind, f"{name}:{line}"))  # type: ignore[arg-type]
    return out
