"""The JSON API: documents, segments, glossary, look-ups; the pages' own scripts use it (README: "Review app").

Every route needs a session; every write needs the CSRF token in the
``X-CSRFToken`` header.  Errors have the one shape of :mod:`webapp.errors`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from translator.jobs import TranslateDocument
from translator.replace import changed_json
from translator.store.editable_glossary import key_of, make_term

from . import services
from .auth import check_role, me
from .documents import load_summary, summary_json
from .errors import AppError
from .glossary import read_terms, search, term_json
from .uploads import one_file

bp = Blueprint("api", __name__, url_prefix="/api")


def body() -> dict[str, Any]:
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise AppError(400, "invalid", "the JSON body is nested too deeply; send a flat JSON object") from None
    if not isinstance(data, dict):
        raise AppError(400, "invalid", "send a JSON object (Content-Type: application/json)")
    where = _lone_surrogate(data)
    if where is not None:
        raise AppError(400, "invalid", f"{where} holds a lone surrogate (such as \\ud800), which is not text; send valid Unicode")
    return data


def _lone_surrogate(data: Any) -> str | None:
    """Where in a parsed JSON value a string holds a lone surrogate (JSON allows "\\ud800"; no database or file does).

    Walked with a stack, not recursion: the value may be nested as deep as the JSON parser allowed.
    """
    todo: list[tuple[Any, str]] = [(data, "the body")]
    while todo:
        value, where = todo.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return where
        elif isinstance(value, dict):
            for key, item in value.items():
                todo.append((key, where))
                todo.append((item, f"'{key}'" if where == "the body" else f"{where}['{key}']"))
        elif isinstance(value, list):
            todo.extend((item, f"{where}[{i}]") for i, item in enumerate(value))
    return None


# -- who am I -------------------------------------------------------------------------


@bp.get("/me")
def whoami() -> Any:
    return jsonify({"name": me().name, "role": me().role})


# -- documents --------------------------------------------------------------------------


@bp.get("/documents")
def documents() -> Any:
    rows = services.documents().list()
    sizes = services.project().reports.counts_of_many([s.id for s in rows])
    return jsonify({"documents": [summary_json(s, sizes.get(s.id)) for s in rows]})


@bp.post("/documents")
def upload() -> Any:
    name, data = one_file("send the article as multipart form data, field 'file'")
    job = services.ingest_upload(name, data)
    return jsonify({"job": job.to_dict()}), 202


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> Any:
    state = services.worker().status(job_id)
    if state is None:
        raise AppError(404, "not_found", f"no job '{job_id}' here (the server may have restarted); submit it again")
    return jsonify({"job": state.to_dict()})


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    s = load_summary(doc_id)
    return jsonify({"document": summary_json(s, services.project().reports.counts(s.id))})


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
    """Find and replace across the document's targets: a preview, or every change in one transaction (or none)."""
    load_summary(doc_id)
    data = body()
    unknown = set(data) - {"find", "replace", "match_case", "case", "whole_word", "segments", "preview", "versions"}
    if unknown:
        raise AppError(400, "invalid", f"unknown field(s) {', '.join(sorted(unknown))}; send find, replace, whole_word, "
                       "match_case, segments, preview, versions")
    preview = data.get("preview", False)
    if not isinstance(preview, bool):
        raise AppError(400, "invalid", "'preview' must be true or false")
    plan = services.review().replace(
        doc_id, data.get("find"), data.get("replace", ""), user=me().name, role=me().role,
        match_case=data.get("match_case", data.get("case", False)), whole_word=data.get("whole_word", False),
        only=data.get("segments"), preview=preview, versions=data.get("versions"),
    )
    return jsonify(services.replace_json(plan, preview=preview))


@bp.post("/documents/<doc_id>/replace/<int:replace_id>/undo")
def undo_replace(doc_id: str, replace_id: int) -> Any:
    """Undo one replace in one step: every segment it changed back as it was (or, if one changed since, none)."""
    load_summary(doc_id)
    rows = services.review().undo_replace(doc_id, replace_id, user=me().name, role=me().role)
    return jsonify({"undone": replace_id, "changed": [changed_json(r) for r in rows]})


@bp.get("/documents/<doc_id>/analysis")
def analysis(doc_id: str) -> Any:
    """The match analysis against the memory (repetitions, 100%, 95-99, 85-94, 75-84, new) and the counts."""
    load_summary(doc_id)
    reports = services.project().reports
    return jsonify({**reports.analysis(doc_id).to_dict(), "counts": reports.counts(doc_id).to_dict()})


@bp.get("/documents/<doc_id>/effort")
def effort(doc_id: str) -> Any:
    """Post-editing effort: edit distance from the first machine draft and time, per segment and per person."""
    load_summary(doc_id)
    return jsonify(services.project().reports.effort(doc_id).to_dict())


# -- segments --------------------------------------------------------------------------------


@bp.get("/segments/<segment_id>")
def segment(segment_id: str) -> Any:
    review = services.review()
    row = review.segment(segment_id)
    suggestions = review.suggestions(row)
    return jsonify({
        "segment": services.segment_json(row),
        "suggestions": suggestions,
        "prefill": review.prefill(row, suggestions),
        "terms": review.terms_for(row["source"]),
        "elsewhere": services.project().terminology.elsewhere(row),  # its source approved differently elsewhere
    })


@bp.route("/segments/<segment_id>", methods=["PATCH", "PUT"])
def edit(segment_id: str) -> Any:
    data = body()
    unknown = set(data) - {"version", "target", "status", "note", "override", "time_ms"}
    if unknown:
        raise AppError(400, "invalid",
                       f"unknown field(s) {', '.join(sorted(unknown))}; send version, target, status, note, override, time_ms")
    row = services.review().edit(segment_id, user=me().name, role=me().role, version=data.get("version"),
                                 target=data.get("target"), status=data.get("status"), note=data.get("note", ""),
                                 override=data.get("override"), time_ms=data.get("time_ms"))
    return jsonify({"segment": services.segment_json(row)})


@bp.get("/segments/<segment_id>/history")
def history(segment_id: str) -> Any:
    services.review().segment(segment_id)
    return jsonify({"revisions": [
        {"id": r.id, "at": r.at, "by": r.by, "old_target": r.old_target, "new_target": r.new_target,
         "old_status": r.old_status, "new_status": r.new_status, "note": r.note}
        for r in services.documents().revisions(segment_id)
    ]})


@bp.post("/segments/<segment_id>/revert")
def revert(segment_id: str) -> Any:
    """Bring back the target a revision wrote; the segment needs confirming again."""
    data = body()
    row = services.review().revert(segment_id, data.get("revision"), user=me().name, role=me().role, version=data.get("version"))
    return jsonify({"segment": services.segment_json(row)})


# -- look-up and glossary ---------------------------------------------------------------------


@bp.get("/lookup")
def lookup() -> Any:
    q = request.args.get("q", "")
    review = services.review()
    return jsonify({"query": q, "entries": review.lookup(q), "terms": review.terms_for(q) if q.strip() else []})


@bp.get("/concordance")
def concordance() -> Any:
    """Where a phrase was translated before: the memory and every document's approved segments."""
    q = request.args.get("q", "")
    return jsonify({"query": q, "hits": services.review().concordance(q, limit=request.args.get("limit"))})


@bp.get("/glossary")
def glossary() -> Any:
    scope = request.args.get("scope", "all")
    rows, total = search(request.args.get("q", "").strip(), scope if scope in ("all", "project") else "all")
    return jsonify({"total": total, "terms": [term_json(r["term"], r["editable"]) for r in rows]})


@bp.post("/glossary")
def glossary_add() -> Any:
    check_role("reviewer")
    d = body()
    term = make_term(d.get("source", ""), d.get("target", ""), d.get("note", ""), d.get("kind", "term"))
    services.project().editable_glossary.add(term)
    return jsonify({"term": term_json(term, True)}), 201


def _old_key(d: dict[str, Any]) -> tuple[str, str, str]:
    old = d.get("old")
    if not isinstance(old, dict) or not isinstance(old.get("source"), str):
        raise AppError(400, "invalid", "'old' must name the entry: {source, kind, target}")
    return key_of(old["source"], old.get("kind", "term"), old.get("target", ""))


@bp.put("/glossary")
def glossary_edit() -> Any:
    check_role("admin")
    d = body()
    term = make_term(d.get("source", ""), d.get("target", ""), d.get("note", ""), d.get("kind", "term"))
    services.project().editable_glossary.update(_old_key(d), term)
    return jsonify({"term": term_json(term, True)})


@bp.delete("/glossary")
def glossary_delete() -> Any:
    check_role("admin")
    d = body()
    services.project().editable_glossary.delete(_old_key(d))
    return jsonify({"deleted": d["old"]})


@bp.post("/glossary/import")
def glossary_import() -> Any:
    check_role("admin")
    name, data = one_file("send the glossary as multipart form data, field 'file' (.tsv, .tbx or .csv)")
    added, replaced = services.project().editable_glossary.merge(read_terms(name, data))
    return jsonify({"added": added, "replaced": replaced})
