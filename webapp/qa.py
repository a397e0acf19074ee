"""The QA panel of a document: every finding with a link to its segment; reviewers ignore one, with a reason.

The rules are the library's (:mod:`translator.qa_gate`, ``project.qa_gate``):
which findings gate a confirmation, who may ignore one, how many errors
remain.  The page is plain HTML with forms; the same actions are in the
JSON API (``/api/documents/ID/qa``, ``/api/segments/ID/qa/ignore``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from . import services
from .auth import me
from .documents import load_summary

bp = Blueprint("qa", __name__, template_folder="templates")

#: What the panel shows, and which findings each choice keeps.
SHOW = {"open": "Open (not ignored)", "errors": "Open errors", "ignored": "Ignored", "all": "All findings"}


def _shown(f: dict[str, Any], show: str) -> bool:
    if show == "open":
        return not f["ignored"]
    if show == "errors":
        return not f["ignored"] and f["severity"] == "error"
    if show == "ignored":
        return bool(f["ignored"])
    return True


@bp.route("/documents/<doc_id>/qa")
def panel(doc_id: str) -> Any:
    s = load_summary(doc_id)
    show = request.args.get("show", "open")
    if show not in SHOW:
        show = "open"
    findings = services.project().qa_gate.findings(doc_id)
    open_errors = sum(1 for f in findings if f["severity"] == "error" and not f["ignored"])
    return render_template(
        "qa/panel.html", s=s, findings=[f for f in findings if _shown(f, show)], total=len(findings),
        open_errors=open_errors, ignored=sum(1 for f in findings if f["ignored"]), show=show, choices=SHOW,
    )


@bp.route("/documents/<doc_id>/qa/ignore", methods=["POST"])
def ignore_form(doc_id: str) -> Any:
    load_summary(doc_id)
    form = request.form
    gate = services.project().qa_gate
    if form.get("undo"):
        gate.unignore(form.get("segment", ""), form.get("code"), form.get("message"), role=me().role)
        flash("The finding gates again.")
    else:
        gate.ignore(form.get("segment", ""), form.get("code"), form.get("message"), reason=form.get("reason"),
                    user=me().name, role=me().role)
        flash("Ignored, with your reason.")
    return redirect(url_for("qa.panel", doc_id=doc_id, show=form.get("show", "open")))


@bp.get("/api/documents/<doc_id>/qa")
def findings(doc_id: str) -> Any:
    load_summary(doc_id)
    found = services.project().qa_gate.findings(doc_id)
    return jsonify({
        "findings": found,
        "open_errors": sum(1 for f in found if f["severity"] == "error" and not f["ignored"]),
        "ignored": sum(1 for f in found if f["ignored"]),
    })


@bp.post("/api/segments/<segment_id>/qa/ignore")
def ignore(segment_id: str) -> Any:
    from .api import body

    d = body()
    found = services.project().qa_gate.ignore(segment_id, d.get("code"), d.get("message"), reason=d.get("reason"),
                                              user=me().name, role=me().role)
    return jsonify({"finding": {**found.to_dict(), "ignored": found.ignored}})


@bp.delete("/api/segments/<segment_id>/qa/ignore")
def unignore(segment_id: str) -> Any:
    from .api import body

    d = body()
    services.project().qa_gate.unignore(segment_id, d.get("code"), d.get("message"), role=me().role)
    return jsonify({"unignored": {"code": d.get("code"), "message": d.get("message")}})
