"""Building the static site: which documents are published, their pages, the index, feed and sitemap, incrementally.

:func:`refusal` is the one publish filter: a stored document is published
when every segment is approved (``include_unapproved``: whatever its
segments) and it has no open QA errors (:func:`qa_refusal`, where the review
workflow's predicate plugs in).

:func:`publish_site` writes into ``out``:

* ``articles/<english-title-slug>-<document id>.html``, one page per article;
* ``index.html`` (and ``page-2.html`` ...): fifty articles a page, newest first;
* ``feed.xml`` (Atom) and ``sitemap.xml``;
* ``assets/reader.css`` and ``assets/reader.js``: the pages' style and script;
* ``manifest.json``: each article's page, content hash, the document's
  ``updated_at`` and change key when it was written, and what the index says of it.

A rerun renders only the documents whose ``updated_at`` or change key (the
newest revision of its segments: :meth:`~translator.store.publications.Publications.change_keys`)
changed since the manifest (or whose page is missing), removes the pages of documents no
longer published, and rewrites the index pages, feed and sitemap whose
content changed (the manifest keeps a digest of what each one shows).  A change of
base URL, layout, ``include_unapproved`` or tool version rebuilds every page.
Each page written is recorded in the project database
(:class:`~translator.store.publications.Publications`), which the review app
shows on the document's page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import TranslatorError
from ..formats.html import web_url
from ..formats.reader import CSS, SCRIPT
from ..store.database import now
from ..store.documents import DocumentSummary
from ..store.publications import Publication
from ..vocabulary import DEFAULT_LAYOUT, LAYOUTS
from . import feeds, pages

if TYPE_CHECKING:
    from ..project import Project

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
DEFAULT_TITLE = "Chinese news in English"


class PublishError(TranslatorError):
    """The site cannot be built as asked (a base URL that is not a web address, an output folder that cannot be written)."""


@dataclass
class PublishResult:
    out: Path
    base_url: str
    published: list[str] = field(default_factory=list)  # document ids on the site, newest first
    written: list[str] = field(default_factory=list)  # article pages written this run (paths in the site)
    unchanged: int = 0  # article pages left as they were
    removed: list[str] = field(default_factory=list)  # pages of documents no longer published
    refused: dict[str, str] = field(default_factory=dict)  # document id -> why it is not published
    index_pages: int = 1


def qa_refusal(project: Project, doc_id: str) -> str | None:
    """Why the document's open QA errors keep it off the site, or None.

    An open error is an error-severity finding nobody fixed or ignored with a
    reason (:meth:`translator.qa_gate.QAGate.open_errors`, the QA panel's count).
    """
    found = project.qa_gate.open_errors(doc_id)
    return f"{found} open QA error(s): fix them or ignore them with a reason in the QA panel" if found else None


def refusal(project: Project, summary: DocumentSummary, *, include_unapproved: bool = False) -> str | None:
    """Why a stored document is not published, or None when it is: the one publish filter."""
    if summary.deleted:
        return "deleted"
    if not summary.total:
        return "no segments"
    if include_unapproved:
        return None
    pending = summary.total - summary.counts.get("approved", 0)
    if pending:
        return f"{pending} of {summary.total} segments not approved"
    return qa_refusal(project, summary.id)


def normalise_base_url(url: str) -> str:
    """``url`` ending in ``/``; :class:`PublishError` unless it is an absolute http(s) address."""
    url = (url or "").strip()
    if not web_url(url) or any(c in url for c in '?#"<>\\^`{|}') or any(c.isspace() or ord(c) < 32 for c in url):
        raise PublishError(f"--base-url '{url}' is not the web address of the site (e.g. https://news.example.org/); give one")
    return url if url.endswith("/") else url + "/"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a reader never sees half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    _write(path, data)
    return True


def _load_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}


def _sort_key(e: pages.Entry) -> tuple[str, str, str]:
    return (e.date or e.published_at, e.updated_at, e.id)


def publish_site(
    project: Project,
    out: str | os.PathLike[str],
    base_url: str,
    *,
    layout: str = DEFAULT_LAYOUT,
    include_unapproved: bool = False,
    title: str = DEFAULT_TITLE,
) -> PublishResult:
    """Build (or bring up to date) the static site of ``project``'s publishable documents in ``out``."""
    if layout not in LAYOUTS:
        raise PublishError(f"unknown layout '{layout}'; choose one of {', '.join(LAYOUTS)}")
    base = normalise_base_url(base_url)
    title = " ".join((title or DEFAULT_TITLE).split()) or DEFAULT_TITLE
    root = Path(out)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PublishError(f"cannot create the output folder ({e.strerror}); check --out", path=str(root)) from None
    result = PublishResult(root, base)
    approved_only = not include_unapproved
    settings = {"format": MANIFEST_FORMAT, "tool": __version__, "base_url": base, "layout": layout,
                "include_unapproved": include_unapproved, "title": title,
                "assets": _digest((CSS + SCRIPT).encode("utf-8"))[:16]}
    manifest = _load_manifest(root)
    same_site = all(manifest.get(k) == v for k, v in settings.items())
    before: dict[str, dict[str, Any]] = manifest.get("articles", {}) if same_site else {}
    # Pages the manifest knows, whatever the settings: removed when their document is gone or moved.
    known_paths = {str(a.get("path")) for a in (manifest.get("articles") or {}).values() if isinstance(a, dict)}

    documents = project.documents
    records = project.publications.for_site(base)
    keys = project.publications.change_keys()
    stamp = now()
    articles: dict[str, dict[str, Any]] = {}
    written_records: list[Publication] = []
    for summary in project.publications.candidates():
        why = refusal(project, summary, include_unapproved=include_unapproved)
        if why is not None:
            result.refused[summary.id] = why
            continue
        old = before.get(summary.id)
        change = f"{summary.updated_at}|{keys.get(summary.id, '')}"
        if old and old.get("change") == change and (root / str(old.get("path"))).is_file():
            articles[summary.id] = old
            result.unchanged += 1
            continue
        doc = documents.get(summary.id)
        record = records.get(summary.id)
        published_at = record.published_at if record else str((old or {}).get("published_at") or stamp)
        entry = pages.entry_of(doc, base_url=base, published_at=published_at, updated_at=summary.updated_at,
                               approved_only=approved_only)
        data = pages.article_html(doc, entry, layout=layout, approved_only=approved_only, site_title=title)
        digest = _digest(data)
        target = root / entry.path
        if old and old.get("path") != entry.path:  # the English title changed: its slug moved the page
            (root / str(old["path"])).unlink(missing_ok=True)
        if not (old and old.get("hash") == digest and target.is_file()):
            _write(target, data)
            result.written.append(entry.path)
        else:
            result.unchanged += 1
        articles[summary.id] = {"path": entry.path, "hash": digest, "updated_at": summary.updated_at, "change": change,
                                "published_at": published_at, "entry": entry.to_dict()}
        if record is None or record.content_hash != digest or record.path != entry.path:
            written_records.append(Publication(doc.id, base, entry.path, entry.url, digest, published_at, stamp))

    live_paths = {str(a["path"]) for a in articles.values()}
    for path in sorted(known_paths - live_paths):
        if path.startswith("articles/") and (root / path).is_file():
            (root / path).unlink()
            result.removed.append(path)
    gone = [doc_id for doc_id in records if doc_id not in articles]

    entries = sorted((pages.Entry.from_dict(a["entry"]) for a in articles.values()), key=_sort_key, reverse=True)
    result.published = [e.id for e in entries]
    count = max(1, -(-len(entries) // pages.PAGE_SIZE))
    result.index_pages = count
    old_keys: dict[str, str] = manifest.get("rendered", {}) if same_site else {}
    rendered: dict[str, str] = {}

    def render(name: str, what: Any, make: Callable[[], bytes]) -> None:
        """Write file ``name`` from ``make()`` unless what it shows (``what``) is what it showed last time."""
        key = _digest(json.dumps(what, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        rendered[name] = key
        if old_keys.get(name) == key and (root / name).is_file():
            return
        _write_if_changed(root / name, make())

    for page in range(1, count + 1):
        chunk = entries[(page - 1) * pages.PAGE_SIZE: page * pages.PAGE_SIZE]
        render(pages.index_name(page), [page, count, [e.index_fields() for e in chunk]],
               functools.partial(pages.index_html, chunk, page=page, pages=count, base_url=base, site_title=title))
    old_count = int(manifest.get("index_pages") or 1)
    for page in range(count + 1, old_count + 1):
        (root / pages.index_name(page)).unlink(missing_ok=True)
    everything = [articles[e.id]["entry"] for e in entries]
    render("feed.xml", everything, lambda: feeds.atom_feed(entries, base_url=base, site_title=title, updated=stamp))
    render("sitemap.xml", [count, everything], lambda: feeds.sitemap(entries, base_url=base, pages=count, updated=stamp))
    _write_if_changed(root / pages.ASSETS / "reader.css", CSS.encode("utf-8"))
    _write_if_changed(root / pages.ASSETS / "reader.js", SCRIPT.encode("utf-8"))
    _write(root / MANIFEST, json.dumps({**settings, "index_pages": count, "articles": articles, "rendered": rendered}, ensure_ascii=False,
                                       separators=(",", ":"), sort_keys=True).encode("utf-8"))
    project.publications.record(base, written_records, gone)
    return result
