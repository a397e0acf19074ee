"""The JSON API: documents, segments, glossary, look-ups; the pages' own scripts use it (README: "Review app").

Every route needs a session; every write needs the CSRF token in the
``X-CSRFToken`` header.  Errors have the one shape of :mod:`webapp.errors`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from translator.errors import TranslatorError
from translator.jobs import TranslateDocument

from . import services
from .auth import check_role, me
from .documents import load_summary, summary_json
from .errors import AppError
from .glossary import read_terms, search, term_json

bp = Blueprint("api", __name__, url_prefix="/api")


def body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise AppError(400, "invalid", "send a JSON object (Content-Type: application/json)")
    return data


# -- who am I -------------------------------------------------------------------------


@bp.get("/me")
def whoami() -> Any:
    return jsonify({"name": me().name, "role": me().role})


# -- documents --------------------------------------------------------------------------


@bp.get("/documents")
def documents() -> Any:
    return jsonify({"documents": [summary_json(s) for s in services.documents().list()]})


@bp.post("/documents")
def upload() -> Any:
    file = request.files.get("file")
    if file is None or not file.filename:
        raise AppError(400, "invalid", "send the article as multipart form data, field 'file'")
    job = services.ingest_upload(file.filename, file.read())
    return jsonify({"job": job.to_dict()}), 202


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> Any:
    state = services.worker().status(job_id)
    if state is None:
        raise AppError(404, "not_found", f"no job '{job_id}' here (the server may have restarted); submit it again")
    return jsonify({"job": state.to_dict()})


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    return jsonify({"document": summary_json(load_summary(doc_id))})


@bp.delete("/documents/<doc_id>")
def delete_document(doc_id: str) -> Any:
    check_role("reviewer")
    load_summary(doc_id)
    services.documents().delete(doc_id)
    return jsonify({"deleted": doc_id})


@bp.post("/documents/<doc_id>/translate")
def translate_document(doc_id: str) -> Any:
    load_summary(doc_id)
    return jsonify({"job": services.worker().submit(TranslateDocument(doc_id)).to_dict()}), 202


@bp.get("/documents/<doc_id>/segments")
def segments(doc_id: str) -> Any:
    load_summary(doc_id)
    status = request.args.get("status")
    rows = services.documents().segment_rows(doc_id)
    if status:
        wanted = set(status.split(","))
        rows = [r for r in rows if r["status"] in wanted]
    return jsonify({"segments": [services.segment_json(r) for r in rows]})


@bp.post("/documents/<doc_id>/replace")
def replace(doc_id: str) -> Any:
    """Find and replace across the document's targets: each change is an edit (revision, QA, version check)."""
    import re

    load_summary(doc_id)
    data = body()
    find, repl = data.get("find"), data.get("replace", "")
    if not isinstance(find, str) or not find or not isinstance(repl, str):
        raise AppError(400, "invalid", "'find' (non-empty) and 'replace' must be strings")
    flags = 0 if data.get("match_case") else re.IGNORECASE
    pattern = re.compile(re.escape(find), flags)
    only = data.get("segments")
    if only is not None and not (isinstance(only, list) and all(isinstance(x, str) for x in only)):
        raise AppError(400, "invalid", "'segments' must be a list of segment ids")
    changed, conflicts = [], []
    for row in services.documents().segment_rows(doc_id):
        if only is not None and row["id"] not in only:
            continue
        target = row["target"] or ""
        new = pattern.sub(lambda _m: repl, target)
        if new == target:
            continue
        try:
            saved = services.edit_segment(row["id"], user=me().name, role=me().role, version=row["version"], target=new,
                                          note=f"replaced '{find}' with '{repl}'")
        except AppError as e:
            if e.status != 409:
                raise
            conflicts.append(row["id"])
            continue
        changed.append(services.segment_json(saved))
    return jsonify({"changed": changed, "conflicts": conflicts})


# -- segments --------------------------------------------------------------------------------


@bp.get("/segments/<segment_id>")
def segment(segment_id: str) -> Any:
    row = services.get_segment(segment_id)
    return jsonify({
        "segment": services.segment_json(row),
        "suggestions": services.suggestions(row),
        "terms": services.terms_for(row["source"]),
    })


@bp.route("/segments/<segment_id>", methods=["PATCH", "PUT"])
def edit(segment_id: str) -> Any:
    data = body()
    unknown = set(data) - {"version", "target", "status", "note"}
    if unknown:
        raise AppError(400, "invalid", f"unknown field(s) {', '.join(sorted(unknown))}; send version, target, status, note")
    row = services.edit_segment(segment_id, user=me().name, role=me().role, version=data.get("version"),
                                target=data.get("target"), status=data.get("status"), note=data.get("note", ""))
    return jsonify({"segment": services.segment_json(row)})


@bp.get("/segments/<segment_id>/history")
def history(segment_id: str) -> Any:
    services.get_segment(segment_id)
    return jsonify({"revisions": [
        {"id": r.id, "at": r.at, "by": r.by, "old_target": r.old_target, "new_target": r.new_target,
         "old_status": r.old_status, "new_status": r.new_status, "note": r.note}
        for r in services.documents().revisions(segment_id)
    ]})


@bp.post("/segments/<segment_id>/revert")
def revert(segment_id: str) -> Any:
    """Bring back the target a revision wrote; the segment needs confirming again."""
    data = body()
    rev_id = data.get("revision")
    revs = [r for r in services.documents().revisions(segment_id) if r.id == rev_id]
    if not revs or revs[0].new_target is None:
        raise AppError(404, "not_found", f"segment {segment_id} has no revision {rev_id!r} with a target to go back to")
    row = services.edit_segment(segment_id, user=me().name, role=me().role, version=data.get("version"),
                                target=revs[0].new_target, status="needs_review", note=f"reverted to revision {rev_id}")
    return jsonify({"segment": services.segment_json(row)})


# -- look-up and glossary ---------------------------------------------------------------------


@bp.get("/lookup")
def lookup() -> Any:
    q = request.args.get("q", "")
    try:
        entries = services.lookup(q)
    except TranslatorError as e:
        raise AppError(503, "unavailable", str(e)) from None
    return jsonify({"query": q, "entries": entries, "terms": services.terms_for(q) if q.strip() else []})


@bp.get("/glossary")
def glossary() -> Any:
    scope = request.args.get("scope", "all")
    rows, total = search(request.args.get("q", "").strip(), scope if scope in ("all", "project") else "all")
    return jsonify({"total": total, "terms": [term_json(r["term"], r["editable"]) for r in rows]})


@bp.post("/glossary")
def glossary_add() -> Any:
    check_role("reviewer")
    d = body()
    term = services.make_term(d.get("source", ""), d.get("target", ""), d.get("note", ""), d.get("kind", "term"))
    services.ProjectGlossary(services.project()).add(term)
    return jsonify({"term": term_json(term, True)}), 201


def _old_key(d: dict[str, Any]) -> tuple[str, str, str]:
    old = d.get("old")
    if not isinstance(old, dict) or not isinstance(old.get("source"), str):
        raise AppError(400, "invalid", "'old' must name the entry: {source, kind, target}")
    kind = str(old.get("kind", "term"))
    return (old["source"], kind, str(old.get("target", "")) if kind == "forbidden" else "")


@bp.put("/glossary")
def glossary_edit() -> Any:
    check_role("admin")
    d = body()
    term = services.make_term(d.get("source", ""), d.get("target", ""), d.get("note", ""), d.get("kind", "term"))
    services.ProjectGlossary(services.project()).update(_old_key(d), term)
    return jsonify({"term": term_json(term, True)})


@bp.delete("/glossary")
def glossary_delete() -> Any:
    check_role("admin")
    d = body()
    services.ProjectGlossary(services.project()).delete(_old_key(d))
    return jsonify({"deleted": d["old"]})


@bp.post("/glossary/import")
def glossary_import() -> Any:
    check_role("admin")
    file = request.files.get("file")
    if file is None or not file.filename:
        raise AppError(400, "invalid", "send the glossary as multipart form data, field 'file' (.tsv, .tbx or .csv)")
    added, replaced = services.ProjectGlossary(services.project()).merge(read_terms(file.filename, file.read()))
    return jsonify({"added": added, "replaced": replaced})
