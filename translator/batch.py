"""Whole folders of articles: prepare, translate, QA, store and export each, resumably.

:func:`run` is what ``translator batch`` does.  The engine and glossaries
load once for the whole run.  Each article is stored in the project
database in one transaction as soon as it is translated, then exported;
a rerun skips every article already stored with the same content and the
same translation signature (engine, model, decoding, glossary versions,
OpenCC, memory), rewriting only its missing exports.  So a run killed at
any moment (even with SIGKILL) loses nothing that was finished and redoes
none of it.  A failing article is reported and the run goes on.

``jobs`` worker threads read and prepare articles (pure Python, the CPU
stages) ahead of the translation, so preparing the next articles overlaps
with translating the current one.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import queue
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import Document
from .errors import TranslatorError
from .formats import DOCUMENT_FORMATS  # the formats ``batch`` can write per article
from .project import Project
from .vocabulary import ARTICLE_SUFFIXES, DEFAULT_LAYOUT


@dataclass
class ArticleResult:
    input: str
    status: str  # "done" | "skipped" | "failed"
    document: str | None = None
    name: str | None = None
    segments: int = 0
    qa: dict[str, int] = field(default_factory=dict)
    needs_review: int = 0
    engine: str | None = None
    seconds: float = 0.0
    exports: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class BatchReport:
    signature: str
    started: str
    articles: list[ArticleResult] = field(default_factory=list)
    finished: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(a.status != "failed" for a in self.articles)

    def to_dict(self) -> dict[str, Any]:
        totals = Counter(a.status for a in self.articles)
        return {
            "signature": self.signature,
            "started": self.started,
            "finished": self.finished,
            "seconds": round(self.seconds, 3),
            "totals": {"articles": len(self.articles), **{k: totals.get(k, 0) for k in ("done", "skipped", "failed")}},
            "articles": [a.to_dict() for a in self.articles],
        }


def expand_inputs(inputs: Iterable[str], *, stdin: Iterable[str] | None = None) -> tuple[list[str], list[str]]:
    """The article files ``inputs`` name, in order, each once; and the inputs that named nothing.

    An input is a file, a folder (its articles, recursively, by name) or a
    glob pattern; ``-`` reads a list of such inputs, one per line, from ``stdin``.
    """
    files: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    def one(item: str) -> None:
        if os.path.isdir(item):
            found = sorted(
                str(p) for p in Path(item).rglob("*")
                if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file() and not p.name.startswith(".")
            )
            if not found:
                missing.append(item)
            for f in found:
                add(f)
        elif os.path.lexists(item):
            add(item)
        elif glob.has_magic(item):
            matched = sorted(glob.glob(item, recursive=True))
            if not matched:
                missing.append(item)
            for m in matched:
                one(m) if os.path.isdir(m) else add(m)
        else:
            missing.append(item)

    for item in inputs:
        if item == "-":
            for line in stdin if stdin is not None else sys.stdin:
                if line.strip():
                    one(line.strip())
        else:
            one(item)
    return files, missing


class OutputFolder:
    """Where exports go: one file per article and format, written atomically, names made unique."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            probe = self.path / f".translator-write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            raise TranslatorError(f"cannot write to the output folder ({e.strerror}); give another --out", path=str(path)) from None
        self._stems: dict[str, str] = {}  # input path -> file stem

    def stem_for(self, path: str, doc_id: str) -> str:
        """The file name stem of one input's exports: its own name, made unique within the run."""
        stem = self._stems.get(path)
        if stem is None:
            taken = set(self._stems.values())
            stem = Path(path).stem or doc_id
            if stem in taken:
                stem = f"{stem}-{doc_id[:8]}"
            n = 2
            while stem in taken:
                stem, n = f"{Path(path).stem}-{doc_id[:8]}-{n}", n + 1
            self._stems[path] = stem
        return stem

    def write(self, filename: str, data: bytes) -> Path:
        target = self.path / filename
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, target)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise TranslatorError(f"cannot write {target} ({e.strerror})", path=str(target)) from None
        return target


@dataclass
class _Prepared:
    path: str
    doc: Document | None = None
    sha256: str = ""
    error: str | None = None
    seconds: float = 0.0


def run(
    project: Project,
    files: list[str],
    out: OutputFolder,
    *,
    formats: Iterable[str] = ("json",),
    layout: str = DEFAULT_LAYOUT,
    approved_only: bool = False,
    jobs: int = 1,
    progress: Callable[[ArticleResult, int, int], None] | None = None,
) -> BatchReport:
    """Prepare, translate, QA, store and export every file; return the report (also written as ``report.json``)."""
    from .store.documents import Documents

    exports = _Exports(out, formats, layout=layout, approved_only=approved_only)
    started = time.time()
    signature = project.signature()  # loads the engine once, for the whole run
    store = Documents(project.store)
    report = BatchReport(signature.short(), _iso(started))

    for k, prepared in enumerate(_prepared_in_order(project, files, jobs), 1):
        t0 = time.perf_counter()
        result = ArticleResult(prepared.path, "failed")
        try:
            if prepared.error is not None:
                raise TranslatorError(prepared.error)
            doc = prepared.doc
            assert doc is not None
            result.document, result.name = doc.id, str(doc.input.get("name"))
            if store.signature_of(doc.id) == signature.short():
                stored = store.get(doc.id)
                _summarise(stored, result)
                exports.write(stored, result, only_missing=True)
                result.status = "skipped"
            else:
                project.translate([doc])
                store.save(doc, input_sha256=prepared.sha256)
                _summarise(doc, result)
                exports.write(doc, result, only_missing=False)
                result.status = "done"
        except TranslatorError as e:
            result.error = str(e)
        result.seconds = round(prepared.seconds + time.perf_counter() - t0, 3)
        report.articles.append(result)
        if progress is not None:
            progress(result, k, len(files))
    _write_report(out, report, started)
    return report


def run_queued(
    project: Project,
    files: list[str],
    out: OutputFolder,
    *,
    formats: Iterable[str] = ("json",),
    layout: str = DEFAULT_LAYOUT,
    approved_only: bool = False,
    progress: Callable[[ArticleResult, int, int], None] | None = None,
    poll_s: float = 0.2,
) -> BatchReport:
    """What :func:`run` does, with the translating done by ``translator worker`` processes.

    One job per article goes to the project's broker (the ``broker``
    setting); the workers store each article in the shared project database.
    Progress follows the jobs' states as they finish; then each article's
    exports are written here from the stored document, and the report.
    """
    from .prepare.reader import input_limit, read_input
    from .store.documents import Documents
    from .taskqueue import app_for, check_broker, enqueue_article, job_settings, one_line

    exports = _Exports(out, formats, layout=layout, approved_only=approved_only)
    app = app_for(project.settings)
    check_broker(app)
    job = job_settings(project)
    started = time.time()
    store = Documents(project.store)
    limit = input_limit(project.settings)
    results: list[ArticleResult | None] = [None] * len(files)
    pending: dict[int, Any] = {}
    t0: dict[int, float] = {}
    finished = 0
    signature = ""

    def finish(i: int, result: ArticleResult) -> None:
        nonlocal finished
        results[i] = result
        finished += 1
        if progress is not None:
            progress(result, finished, len(files))

    for i, path in enumerate(files):
        try:
            data, name = read_input(path, limit=limit)
        except TranslatorError as e:
            finish(i, ArticleResult(path, "failed", error=str(e)))
            continue
        t0[i] = time.perf_counter()
        try:
            pending[i] = enqueue_article(app, data, path, job)
        except Exception as e:  # the broker went away: one line, not a traceback
            raise TranslatorError(f"cannot queue jobs on the broker ({one_line(e)}); is it still running?") from None
    try:
        while pending:
            for i, job in list(pending.items()):
                if not job.ready():
                    continue
                del pending[i]
                if job.successful():
                    value = dict(job.result)
                    signature = value.pop("signature", signature) or signature
                    result = ArticleResult(**{k: v for k, v in value.items() if k in ArticleResult.__dataclass_fields__})
                    result.input = files[i]
                else:
                    result = ArticleResult(files[i], "failed", error=f"{files[i]}: the job failed on the worker ({job.result!r})")
                result.seconds = round(time.perf_counter() - t0[i], 3)
                job.forget()
                finish(i, result)
            if pending:
                time.sleep(poll_s)
    except Exception as e:  # the broker went away while the workers ran the jobs
        raise TranslatorError(
            f"lost the broker while waiting for the jobs ({one_line(e)}); the jobs stay queued: when it is back, rerun "
            "the batch (articles already stored are skipped)"
        ) from None
    report = BatchReport(signature, _iso(started))
    for maybe in results:
        assert maybe is not None
        result = maybe
        if result.status in ("done", "skipped") and result.document:
            try:
                exports.write(store.get(result.document), result, only_missing=result.status == "skipped")
            except TranslatorError as e:
                result.status, result.error = "failed", str(e)
        report.articles.append(result)
    _write_report(out, report, started)
    return report


class _Exports:
    """The formats a run writes for each article into its output folder."""

    def __init__(self, out: OutputFolder, formats: Iterable[str], *, layout: str, approved_only: bool) -> None:
        from .formats import exporter

        chosen = list(dict.fromkeys(formats))
        for fmt in chosen:
            if fmt not in DOCUMENT_FORMATS:
                raise TranslatorError(f"unknown --format '{fmt}'; choose from {', '.join(DOCUMENT_FORMATS)}")
        self.out = out
        self.exporters = {fmt: exporter(fmt) for fmt in chosen}
        self.options = {fmt: ex.options_for(layout=layout, approved_only=approved_only) for fmt, ex in self.exporters.items()}

    def write(self, doc: Document, result: ArticleResult, *, only_missing: bool) -> None:
        """Every format of ``doc`` under the input's own name; ``only_missing`` keeps files already there."""
        stem = self.out.stem_for(result.input, doc.id)
        for fmt, ex in self.exporters.items():
            filename = ex.filename(stem)
            if not (only_missing and (self.out.path / filename).exists()):
                self.out.write(filename, ex.export_document(doc, self.options[fmt]))
            result.exports.append(filename)


def _write_report(out: OutputFolder, report: BatchReport, started: float) -> None:
    report.finished = _iso(time.time())
    report.seconds = time.time() - started
    out.write("report.json", (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _summarise(doc: Document, result: ArticleResult) -> None:
    segs = [s for s in doc.segments() if s.source.strip()]
    result.segments = len(segs)
    result.qa = dict(sorted(Counter(q.code for s in segs for q in s.qa).items()))
    result.needs_review = sum(1 for s in segs if s.status == "needs_review")
    engines = Counter(str((s.provenance or {}).get("engine")) for s in segs if s.provenance)
    result.engine = ", ".join(sorted(engines)) or None


def _prepared_in_order(project: Project, files: list[str], jobs: int) -> Iterator[_Prepared]:
    """Each file read and prepared, in input order, by ``jobs`` threads working ahead of the consumer."""
    from .prepare.reader import input_limit, read_input  # the same reading rules as every command

    limit = input_limit(project.settings)

    def prepare(path: str) -> _Prepared:
        t0 = time.perf_counter()
        try:
            data, name = read_input(path, limit=limit)
            doc = project.prepare(data, name=name)
            return _Prepared(path, doc, hashlib.sha256(data).hexdigest(), seconds=time.perf_counter() - t0)
        except TranslatorError as e:
            return _Prepared(path, error=str(e), seconds=time.perf_counter() - t0)

    if jobs <= 1:
        for path in files:
            yield prepare(path)
        return
    ahead: queue.Queue[Future[_Prepared]] = queue.Queue()
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="prepare") as pool:
        window = threading.BoundedSemaphore(jobs * 2)  # at most this many prepared articles wait in memory

        def feed() -> None:
            for path in files:
                window.acquire()
                ahead.put(pool.submit(prepare, path))

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        for _ in files:
            future = ahead.get()
            prepared = future.result()
            window.release()
            yield prepared
        feeder.join()


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
