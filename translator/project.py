"""One project: its settings, database, documents, memory, users, glossaries, QA thresholds, review rules and engine stack.

``Project(settings)`` is the core object the CLI builds and hands to every
command; the review app and the workers receive one the same way, and
nobody else builds its parts (as datasette's ``Datasette`` owns its
databases).  Parts are made on first use (nothing is opened or loaded by the
constructor) and then kept, so one project translates any number of
documents with one engine load.  :meth:`Project.warm_up` loads the heavy
resources (CC-CEDICT, jieba) before the first request needs them.  Safe to
share between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .document import Document
from .engines.base import Engine
from .settings import Settings
from .signature import Signature
from .store.database import Store
from .store.glossary import Glossary
from .store.memory import Memory

if TYPE_CHECKING:
    from .counts import Reports
    from .publish.site import PublishResult
    from .qa_gate import QAGate
    from .quality.checks import QAThresholds
    from .review import Review
    from .store.documents import Documents
    from .store.editable_glossary import EditableGlossary
    from .store.publications import Publications
    from .store.users import Users
    from .terminology import Terminology
    from .workflow import Workflow

T = TypeVar("T")


class Project:
    """``read_only``: the database is only read (a translation run's memory look-ups): nothing is created or changed."""

    def __init__(self, settings: Settings | None = None, *, read_only: bool = False) -> None:
        self.settings = settings if settings is not None else Settings.load()
        self.read_only = read_only
        self._lock = threading.RLock()
        self._store: Store | None = None
        self._glossary: Glossary | None = None
        self._base: Engine | None = None
        self._stack: Engine | None = None
        self._parts: dict[str, Any] = {}  # documents, memory, users, review: made once, dropped by close()
        self.warnings: list[str] = []  # one line each, for the user (e.g. the gloss fallback)

    # -- parts, made on first use -------------------------------------------------

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = Store(self.settings.db, readonly=self.read_only)
            return self._store

    def _part(self, name: str, make: Callable[[], T]) -> T:
        with self._lock:
            part = self._parts.get(name)
            if part is None:
                part = self._parts[name] = make()
            return part

    @property
    def documents(self) -> Documents:
        """The documents in the project database."""
        from .store.documents import Documents

        return self._part("documents", lambda: Documents(self.store))

    @property
    def memory(self) -> Memory:
        """The translation memory (approvals go in whatever the ``memory`` setting; it decides whether translation uses it)."""
        return self._part("memory", lambda: Memory(self.store))

    @property
    def users(self) -> Users:
        """The review app's accounts."""
        from .store.users import Users

        return self._part("users", lambda: Users(self.store))

    @property
    def publications(self) -> Publications:
        """Where documents are published (``translator publish`` records each page it writes)."""
        from .store.publications import Publications

        return self._part("publications", lambda: Publications(self.store))

    def publish(self, out: str, base_url: str, *, layout: str | None = None, include_unapproved: bool = False,
                title: str | None = None) -> PublishResult:
        """Build or update the static site of the publishable documents in ``out`` (:mod:`translator.publish.site`)."""
        from .publish.site import DEFAULT_TITLE, publish_site
        from .vocabulary import DEFAULT_LAYOUT

        return publish_site(self, out, base_url, layout=layout or DEFAULT_LAYOUT, include_unapproved=include_unapproved,
                            title=title or DEFAULT_TITLE)

    @property
    def review(self) -> Review:
        """The review rules: segment edits, suggestions, terms, dictionary look-up, XLIFF import."""
        from .review import Review

        return self._part("review", lambda: Review(self))

    @property
    def workflow(self) -> Workflow:
        """Segment comments, document assignments and stages, "My work" (:mod:`translator.workflow`)."""
        from .workflow import Workflow

        return self._part("workflow", lambda: Workflow(self))

    @property
    def qa_gate(self) -> QAGate:
        """The QA gate: what confirming or approving needs, ignored findings, "has open QA errors"."""
        from .qa_gate import QAGate

        return self._part("qa_gate", lambda: QAGate(self))

    @property
    def reports(self) -> Reports:
        """Reports on the documents: counts, match analysis, post-editing effort."""
        from .counts import Reports

        return self._part("reports", lambda: Reports(self))

    @property
    def terminology(self) -> Terminology:
        """Term mining, consistency QA across documents, glossary hygiene (:mod:`translator.terminology`)."""
        from .terminology import Terminology

        return self._part("terminology", lambda: Terminology(self))

    @property
    def editable_glossary(self) -> EditableGlossary:
        """The glossary file the review app edits (the ``glossary_file`` setting); a change reloads :attr:`glossary`."""
        from .store.editable_glossary import EditableGlossary

        return self._part("editable_glossary", lambda: EditableGlossary(self.settings, on_change=self.reload_glossary))

    @property
    def qa_thresholds(self) -> QAThresholds:
        """The QA checks' thresholds, from the settings."""
        from .quality.checks import QAThresholds

        def make() -> QAThresholds:
            s = self.settings
            return QAThresholds(
                length_ratio_band=(s.qa_length_ratio_low, s.qa_length_ratio_high),
                length_ratio_min_source=s.qa_length_ratio_min_source,
                repeat_word=s.qa_repeat_word,
                repeat_phrase=s.qa_repeat_phrase,
            )

        return self._part("qa_thresholds", make)

    def warm_up(self) -> None:
        """Load what the first request would otherwise wait for: the database, the glossaries, CC-CEDICT and jieba.

        CC-CEDICT and jieba are read once per process (:func:`translator.engines.gloss.load_resources`);
        the review app's dictionary look-up and the gloss engine share them.
        """
        from .engines.gloss import load_resources

        self.documents  # noqa: B018 - opens (creates or migrates) the database
        self.glossary  # noqa: B018
        load_resources()

    @property
    def glossary(self) -> Glossary:
        with self._lock:
            if self._glossary is None:
                s = self.settings
                self._glossary = Glossary.load(
                    self.glossary_paths(), shipped=s.shipped_glossaries, shipped_dir=s.glossaries_dir or None
                )
            return self._glossary

    def glossary_paths(self) -> list[str]:
        """The user glossaries in effect: the ``glossaries`` setting, then the review app's ``glossary_file`` when it exists."""
        import os

        paths = list(self.settings.glossaries)
        own = self.settings.glossary_file
        if own and os.path.isfile(own) and not any(os.path.realpath(p) == os.path.realpath(own) for p in paths):
            paths.append(own)
        return paths

    def reload_glossary(self) -> None:
        """Read the glossaries again (after the review app changed one); the engine stack is rebuilt on next use."""
        with self._lock:
            self._glossary = None
            self._stack = None
            if self._base is not None and self._base.name == "gloss":
                self._base = None  # the gloss engine holds the glossary; it is cheap to make again

    @property
    def base_engine(self) -> Engine:
        """The engine the ``engine`` setting selects; ``auto`` falls back to the gloss with a warning."""
        with self._lock:
            if self._base is None:
                self._base = self._select_engine()
            return self._base

    @property
    def engine(self) -> Engine:
        """The base engine wrapped in cache, glossary enforcement and memory."""
        with self._lock:
            if self._stack is None:
                memory = self.memory if self.settings.memory else None
                self._stack = build_stack(self.base_engine, self.glossary, memory, fuzzy_min=self.settings.fuzzy_min)
            return self._stack

    def _select_engine(self) -> Engine:
        from .engines.select import select_engine

        return select_engine(self.settings, self.glossary, self.warnings)

    def argos_options(self) -> dict[str, Any]:
        """The decoding settings, as :class:`~translator.engines.argos.ArgosEngine` takes them."""
        from .engines.select import ct2_options

        return ct2_options(self.settings)

    # -- work -----------------------------------------------------------------------

    def prepare(self, data: bytes, *, name: str = "<input>", opencc: str | None = None) -> Document:
        """Ingest through segmentation (what ``translator normalize`` prints); ``opencc`` overrides the setting."""
        from .prepare.pipeline import prepare_bytes

        return prepare_bytes(data, name=name, opencc=opencc or self.settings.opencc)  # type: ignore[arg-type]

    def signature(self, *, opencc: str | None = None) -> Signature:
        """The signature translations made now get (loads the engine: it reports what it really runs).

        ``opencc``: the conversion the articles were prepared with, when not the setting's.
        """
        load = getattr(self.base_engine, "load", None)
        if callable(load):
            load()
        s = self.settings
        return Signature.build(
            self.engine.describe(), glossaries=self.glossary.versions, opencc=opencc or s.opencc, memory=s.memory,
            fuzzy_min=s.fuzzy_min,
        )

    def translate(self, docs: list[Document]) -> Signature:
        """Translate and QA every segment of ``docs`` in one batch; returns the run's signature."""
        opencc = _opencc_of(docs) if docs else None  # the conversion they were prepared with (a batch's own, on a worker)
        return translate_documents(docs, self.engine, self.glossary, signature=lambda: self.signature(opencc=opencc),
                                   thresholds=self.qa_thresholds)

    def close(self) -> None:
        with self._lock:
            self._parts.clear()
            if self._store is not None:
                self._store.close()
                self._store = None


def build_stack(base: Engine, glossary: Glossary, memory: Memory | None, *, fuzzy_min: float | None = None) -> Engine:
    """Cache, glossary enforcement and memory, wrapped around ``base``.

    The gloss engine applies the glossary itself, so its output is not masked again.
    """
    from .engines.wrappers import CachedEngine, GlossaryEngine, MemoryEngine

    engine: Engine = CachedEngine(base)
    if base.name != "gloss":
        engine = GlossaryEngine(engine, glossary, representable=getattr(base, "can_represent", None))
    if memory is not None:
        engine = MemoryEngine(engine, memory, fuzzy_min=fuzzy_min)
    return engine


def translate_documents(
    docs: list[Document],
    engine: Engine,
    glossary: Glossary,
    *,
    signature: Any = None,
    thresholds: Any = None,
) -> Signature:
    """Translate every segment of ``docs`` in one batch, then run QA on each.

    Sets ``target``, ``status`` (``memory`` / ``machine`` / ``needs_review``),
    ``provenance`` and ``qa`` on each segment and ``signature`` on each
    document, in place.  ``signature`` makes the run's :class:`Signature`
    (called after translating, when the engine knows its real settings);
    by default it is built from ``engine.describe()`` and the glossary.
    """
    from .quality import checks as qa

    segments = [s for d in docs for s in d.segments() if s.source.strip()]
    unique = list(dict.fromkeys(s.source for s in segments))
    from .engines.base import article_context

    with article_context(docs):  # engines that send an article's context (llm) read it
        results = dict(zip(unique, engine.translate_batch(unique), strict=True)) if unique else {}
    sig: Signature = signature() if signature is not None else Signature.build(
        engine.describe(), glossaries=glossary.versions, opencc=_opencc_of(docs), memory=False, fuzzy_min=0
    )
    shared = sig.provenance()
    # A piece that continues a sentence the segmenter split goes on lower-case ("…, it set clear…").
    from dataclasses import replace

    from .joins import continue_sentence, names_in

    after = {id(b.segments[k]): b.segments[k - 1] for d in docs for b in d.all_blocks()
             for k in range(1, len(b.segments)) if b.segments[k - 1].joins_next}
    names = names_in(t.text for t in results.values()) | glossary.names() if after else set()
    for seg in segments:  # in document order: the piece before is done
        t = results[seg.source]
        prev = after.get(id(seg))
        if prev is not None and t.provenance.get("engine") != "memory":
            t = replace(t, text=continue_sentence(t.text, names, after=prev.target or ""))
        if t.provenance.get("engine") == "memory":
            # The memory's own record: the engine's settings did not make this target.
            prov = {**t.provenance, "glossary": shared["glossary"], "signature": shared["signature"]}
        else:
            prov = {**shared, **t.provenance, "glossary": shared["glossary"], "signature": shared["signature"]}
        if t.score is not None:
            prov["score"] = round(float(t.score), 4)
        seg.target = t.text
        seg.provenance = prov
        terms = [m.term for m in glossary.match(seg.source)]
        seg.qa = qa.run_checks(
            seg, terms=terms, forbidden=glossary.forbidden_for(seg.source), notes=t.notes,
            thresholds=thresholds or qa.QAThresholds(),
        )
        # An approved translation from memory stays "memory" even where QA
        # finds it departs from the glossary (a reviewer chose that wording);
        # the findings stay on the segment for the next reviewer to see.
        if seg.flags:
            seg.status = "needs_review"
        elif prov.get("engine") == "memory":
            seg.status = "memory"
        elif any(q.severity == "error" for q in seg.qa):
            seg.status = "needs_review"
        else:
            seg.status = "machine"
    from .quality.outliers import length_outliers

    for doc in docs:
        doc.signature = sig.short()
        pieces = list(doc.segments())
        short = length_outliers(pieces)  # a clause dropped: short next to the document's other segments
        for seg in pieces:
            if seg.id in short and not any(q.code == "length_ratio" for q in seg.qa):
                seg.qa = [*seg.qa, short[seg.id]]
    return sig


def _opencc_of(docs: list[Document]) -> str:
    configs = {str(d.input.get("opencc", "t2s")) for d in docs}
    return configs.pop() if len(configs) == 1 else "+".join(sorted(configs))
