"""Documents: the list (progress per document, filters), upload, the document page, exports, soft delete."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from translator.counts import DocumentCounts
from translator.engines.select import draft_warnings
from translator.errors import TranslatorError
from translator.formats import EXPORTERS
from translator.jobs import TranslateDocument
from translator.store.documents import DocumentSummary
from translator.vocabulary import DEFAULT_LAYOUT, LAYOUT_LABELS, STATUS_LABELS, STATUSES

from . import services
from .auth import requires
from .errors import AppError
from .uploads import one_file

bp = Blueprint("documents", __name__, template_folder="templates")

FILTERS = {
    "all": "All",
    "open": "Not yet approved",
    "needs_review": "With segments needing review",
    "translating": "Being translated",
    "approved": "Fully approved",
}
#: The document page's export links: format, query, label.
EXPORTS: tuple[tuple[str, dict[str, str], str], ...] = (
    *(("html", {"layout": name}, f"HTML, {label}") for name, label in LAYOUT_LABELS.items()),
    ("html", {"layout": DEFAULT_LAYOUT, "approved_only": "1"}, "HTML, approved English only"),
    ("xliff", {}, "XLIFF 2.1"),
    ("xliff12", {}, "XLIFF 1.2"),
    ("tmx", {}, "TMX (approved segments)"),
    ("txt", {}, "English text (sentences not approved marked)"),
    ("txt", {"approved_only": "1"}, "English text, approved sentences only"),
    ("json", {}, "Document JSON"),
)


def summary_json(s: DocumentSummary, size: DocumentCounts | None = None) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "title": s.title,
        "signature": s.signature,
        "updated_at": s.updated_at,
        "deleted": s.deleted,
        "total": s.total,
        "counts": s.counts,
        "flags": [f.to_dict() for f in s.flags],
        "job": _job_json(s.id),
        **({"size": size.to_dict()} if size is not None else {}),
    }


def _job_json(key: str) -> dict[str, Any] | None:
    state = services.worker().status(key)
    return None if state is None else state.to_dict()


def bar(counts: dict[str, int]) -> list[dict[str, Any]]:
    """The stacked progress bar's parts: status, count, x and width in percent."""
    total = sum(counts.values()) or 1
    out, x = [], 0.0
    for status in STATUSES:  # done first
        n = counts.get(status, 0)
        if n:
            width = 100.0 * n / total
            out.append({"status": status, "label": STATUS_LABELS[status], "count": n, "x": round(x, 3), "width": round(width, 3)})
            x += width
    return out


def _matches(s: DocumentSummary, q: str, show: str) -> bool:
    if q and q.casefold() not in f"{s.title}\n{s.name}\n{s.id}".casefold():
        return False
    job = services.worker().status(s.id)
    if show == "open":
        return s.counts.get("approved", 0) < s.total
    if show == "needs_review":
        return s.counts.get("needs_review", 0) > 0
    if show == "translating":
        return s.counts.get("new", 0) > 0 or bool(job and job.state in ("queued", "running"))
    if show == "approved":
        return s.total > 0 and s.counts.get("approved", 0) == s.total
    return True


@bp.route("/")
def index() -> Any:
    q = request.args.get("q", "").strip()
    show = request.args.get("show", "all")
    if show not in FILTERS:
        show = "all"
    rows = [s for s in services.documents().list() if _matches(s, q, show)]
    sizes = services.project().reports.counts_of_many([s.id for s in rows])
    return render_template(
        "documents/index.html", rows=rows, sizes=sizes, q=q, show=show, filters=FILTERS, bar=bar, job=services.worker().status,
        max_upload_mb=services.project().settings.max_upload_mb, status_labels=STATUS_LABELS, status_order=STATUSES,
    )


@bp.route("/documents", methods=["POST"])
def upload() -> Any:
    name, data = one_file("choose a .txt or .html article to upload")
    try:
        job = services.ingest_upload(name, data)
    except AppError as e:
        if e.status not in (400, 415):
            raise
        flash(f"Not uploaded: {e.message}", "upload")  # on the upload form (documents/index.html), not a bare error page
        return redirect(url_for("documents.index"))
    return redirect(url_for("documents.upload_status", job_id=job.id))


@bp.route("/documents/uploads/<job_id>")
def upload_status(job_id: str) -> Any:
    """An upload's job: a page that reloads itself while it runs, then the document (or the job's error)."""
    job = services.worker().status(job_id)
    if job is None:
        raise AppError(404, "not_found", f"no upload '{job_id}' here (the server may have restarted); upload the file again")
    if job.state == "failed":
        raise AppError(400, "upload_failed", job.error or f"{job.name} could not be translated")
    if job.state == "done" and job.document:
        if (job.result or {}).get("status") == "skipped":
            flash("This article is already here; opened the stored one.")
        else:
            flash("Uploaded and machine-translated.")
        return redirect(url_for("documents.detail", doc_id=job.document))
    return render_template("documents/upload.html", job=job)


def load_summary(doc_id: str) -> DocumentSummary:
    try:
        s = services.documents().summary(doc_id)
    except TranslatorError:
        raise AppError(404, "not_found", f"no document '{doc_id}'") from None
    if s.deleted:
        raise AppError(404, "not_found", f"document '{doc_id}' was deleted")
    return s


@bp.route("/documents/<doc_id>")
def detail(doc_id: str) -> Any:
    s = load_summary(doc_id)
    doc = services.documents().get(doc_id)
    reports = services.project().reports
    return render_template(
        "documents/detail.html", s=s, doc=doc, parts=bar(s.counts), job=services.worker().status(doc_id), exports=EXPORTS,
        status_labels=STATUS_LABELS, status_order=STATUSES,
        warnings=draft_warnings(s.signature, services.project().warnings),
        open_errors=services.project().qa_gate.open_errors(doc_id),
        size=reports.counts(doc_id), analysis=reports.analysis(doc_id), effort=reports.effort(doc_id), effort_time=duration,
        publications=services.project().publications.of_document(doc_id),
    )


def duration(ms: int) -> str:
    """Milliseconds as a person reads a time spent: "45 s", "12 min 5 s", "2 h 3 min"."""
    s = round(ms / 1000)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"


@bp.route("/documents/<doc_id>/effort.csv")
def effort_csv(doc_id: str) -> Any:
    """The post-editing effort as CSV: one row per segment, or per person (``?per=person``)."""
    from translator.effort import effort_csv as to_csv

    s = load_summary(doc_id)
    per = "person" if request.args.get("per") == "person" else "segment"
    data = to_csv(services.project().reports.effort(doc_id), per=per)
    response = Response(data, content_type="text/csv; charset=utf-8")
    name = f"{_safe_stem(s.name) or doc_id}.effort{'-people' if per == 'person' else ''}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/documents/<doc_id>/translate", methods=["POST"])
def translate(doc_id: str) -> Any:
    load_summary(doc_id)
    services.worker().submit(TranslateDocument(doc_id))
    flash("Machine translation queued for the segments not translated yet.")
    return redirect(url_for("documents.detail", doc_id=doc_id))


@bp.route("/documents/<doc_id>/delete", methods=["GET", "POST"])
@requires("reviewer")
def delete(doc_id: str) -> Any:
    s = load_summary(doc_id)
    if request.method == "POST":
        services.documents().delete(doc_id)
        flash(f"Deleted “{s.title or s.name}”. It stays in the database ('translator documents list --all').")
        return redirect(url_for("documents.index"))
    return render_template("documents/delete.html", s=s)


@bp.route("/documents/<doc_id>/export/<fmt>")
def export(doc_id: str, fmt: str) -> Any:
    s = load_summary(doc_id)
    ex = EXPORTERS.get(fmt)
    if ex is None or not ex.exports_documents:
        choices = ", ".join(n for n, e in EXPORTERS.items() if e.exports_documents)
        raise AppError(404, "not_found", f"no export format '{fmt}'; choose one of {choices}")
    approved_only = request.args.get("approved_only") in ("1", "true", "on")
    options = ex.options_for(layout=request.args.get("layout"), approved_only=approved_only)
    data = ex.export_document(services.documents().get(doc_id), options)
    response = Response(data, content_type=ex.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{ex.filename(_safe_stem(s.name) or doc_id, options)}"'
    # An exported page is a document of its own: its own CSP (in the file) applies, never ours.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _safe_stem(name: str) -> str:
    import re
    from pathlib import PurePosixPath

    stem = PurePosixPath(name.replace("\\", "/")).stem
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:80]
