"""Whole folders of articles: prepare, translate, QA, store and export each, resumably.

:func:`run` is what ``translator batch`` does.  The engine and glossaries
load once for the whole run.  Each article is stored in the project
database in one transaction as soon as it is translated, then exported;
a rerun skips every article already stored with the same content and the
same translation signature (engine, model, decoding, glossary versions,
OpenCC, memory), rewriting only its missing exports.  So a run killed at
any moment (even with SIGKILL) loses nothing that was finished and redoes
none of it.  A failing article is reported and the run goes on.

Each article is one :class:`~translator.jobs.TranslateArticle` job (its
bytes and name) for a :class:`~translator.jobs.Runner`: threads of this
process (``--jobs N`` of them prepare articles ahead of the translation,
so preparing the next articles overlaps with translating the current one)
or, with a broker, ``translator worker`` processes.  The batch reads the
files, collects the jobs' results and writes the exports and the report
the same way for both.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import Document
from .errors import TranslatorError
from .formats import DOCUMENT_FORMATS  # the formats ``batch`` can write per article
from .jobs import ArticleResult, Runner
from .project import Project
from .vocabulary import ARTICLE_SUFFIXES, DEFAULT_LAYOUT


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
            # Everything with an article's name but a folder: a FIFO, a device or a dangling link is
            # listed too, so that reading it reports it (it is never opened as a file).
            found = sorted(
                str(p) for p in Path(item).rglob("*")
                if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".") and not p.is_dir()
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


def run(
    project: Project,
    files: list[str],
    out: OutputFolder,
    *,
    runner: Runner | None = None,
    formats: Iterable[str] = ("json",),
    layout: str = DEFAULT_LAYOUT,
    approved_only: bool = False,
    progress: Callable[[ArticleResult, int, int], None] | None = None,
) -> BatchReport:
    """Prepare, translate, QA, store and export every file; return the report (also written as ``report.json``).

    Each file's bytes become one :class:`~translator.jobs.TranslateArticle`
    job for ``runner`` (default: one thread of this process).  A runner
    with a known ``capacity`` (threads here) gets twice that many jobs at a
    time, so its threads work ahead without every article waiting in
    memory; a pool of workers elsewhere gets them all at once.  As each
    job finishes, its article's exports are written from the stored
    document, so every runner exports exactly what was stored.
    ``progress(result, finished, total)`` follows the jobs as they finish.
    """
    from .jobs import ThreadRunner, TranslateArticle, job_settings
    from .prepare.reader import display_name, input_limit, read_input

    exports = _Exports(out, formats, layout=layout, approved_only=approved_only)
    own = runner is None
    jobs: Runner = ThreadRunner(project) if runner is None else runner
    jobs.check()
    window = None if jobs.capacity is None else 2 * jobs.capacity
    settings = job_settings(project)
    started = time.time()
    store = project.documents
    limit = input_limit(project.settings)
    results: list[ArticleResult | None] = [None] * len(files)
    outstanding: dict[str, tuple[int, float]] = {}  # job key -> (file index, when it was read)
    finished = 0
    signatures: Counter[str] = Counter()
    todo = iter(enumerate(files))

    def finish(i: int, result: ArticleResult) -> None:
        nonlocal finished
        results[i] = result
        finished += 1
        if progress is not None:
            progress(result, finished, len(files))

    def fill() -> None:
        while window is None or len(outstanding) < window:
            try:
                i, path = next(todo)
            except StopIteration:
                return
            t0 = time.perf_counter()
            try:
                data, name = read_input(path, limit=limit)
            except TranslatorError as e:
                finish(i, ArticleResult(display_name(path), "failed", error=str(e), seconds=round(time.perf_counter() - t0, 3)))
                continue
            key = f"batch-{started:.6f}-{i}"  # one job per file, even for files with the same bytes
            jobs.submit(TranslateArticle(data, name, settings), key=key)
            outstanding[key] = (i, t0)

    try:
        fill()
        while outstanding:
            for state in jobs.finished(list(outstanding)):
                i, t0 = outstanding.pop(state.id)
                path = files[i]
                if state.state == "done" and state.result is not None:
                    value = dict(state.result)
                    signatures[str(value.pop("signature", ""))] += 1
                    result = ArticleResult.from_dict(value)
                    result.input = path
                    try:
                        assert result.document is not None
                        exports.write(store.get(result.document), result, only_missing=result.status == "skipped")
                    except TranslatorError as e:
                        result.status, result.error = "failed", str(e)
                else:
                    result = ArticleResult(path, "failed", error=state.error or f"{path}: failed")
                result.seconds = round(time.perf_counter() - t0, 3)
                jobs.forget(state.id)
                finish(i, result)
            fill()
    finally:
        if own:
            jobs.close()
    signatures.pop("", None)
    report = BatchReport(signatures.most_common(1)[0][0] if signatures else "", _iso(started))
    report.articles = [r for r in results if r is not None]
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


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
