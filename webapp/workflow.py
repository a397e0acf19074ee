"""Comments, assignments, stages and "My work": the JSON routes and the forms (the rules are :mod:`translator.workflow`).

Views parse the request, call ``project.workflow`` and render; every route
needs a session, every write the CSRF token (form field or ``X-CSRFToken``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from translator.errors import TranslatorError
from translator.vocabulary import ASSIGNMENT_ROLE, ASSIGNMENTS, STAGE_LABELS, STATUS_LABELS
from translator.workflow import Workflow

from . import services
from .auth import me
from .documents import load_summary
from .errors import AppError

bp = Blueprint("workflow", __name__, template_folder="templates")


def workflow() -> Workflow:
    return services.project().workflow


def _body() -> dict[str, Any]:
    from .api import body

    return body()


def moves_json(doc_id: str) -> list[dict[str, Any]]:
    return [{"to": m.to, "label": m.label, "action": m.action, "forward": m.forward, "blocked": m.blocked}
            for m in workflow().moves(doc_id, user=me().name, role=me().role)]


def assignment_json(doc_id: str) -> dict[str, Any]:
    w = workflow()
    a = w.assignment(doc_id)
    return {
        "assignment": {**a.to_dict(), "stage_label": STAGE_LABELS[a.stage]},
        "moves": moves_json(doc_id),
        "confirm_status": w.confirm_status(doc_id, user=me().name, role=me().role),
    }


def people_choices() -> dict[str, list[str]]:
    """Who may be given each step: active users with the step's role or a higher one."""
    users = [u for u in services.project().users.list() if u.active]
    return {step: [u.name for u in users if u.can(ASSIGNMENT_ROLE[step])] for step in ASSIGNMENTS}


# -- comments -----------------------------------------------------------------------------------


@bp.get("/api/segments/<segment_id>/comments")
def comments(segment_id: str) -> Any:
    return jsonify({"threads": workflow().threads(segment_id)})


@bp.post("/api/segments/<segment_id>/comments")
def add_comment(segment_id: str) -> Any:
    data = _body()
    unknown = set(data) - {"body", "parent"}
    if unknown:
        raise AppError(400, "invalid", f"unknown field(s) {', '.join(sorted(unknown))}; send body and, for a reply, parent")
    comment = workflow().comment(segment_id, user=me().name, body=data.get("body"), parent=data.get("parent"))
    return jsonify({"comment": comment.to_dict(), "threads": workflow().threads(segment_id)}), 201


@bp.post("/api/comments/<int:comment_id>/resolve")
def resolve(comment_id: int) -> Any:
    data = _body() if request.get_data() else {}
    thread = workflow().resolve(comment_id, user=me().name, role=me().role, resolved=data.get("resolved", True))
    return jsonify({"thread": thread})


@bp.get("/api/documents/<doc_id>/comments")
def document_comments(doc_id: str) -> Any:
    load_summary(doc_id)
    return jsonify({"segments": workflow().document_threads(doc_id)})


# -- assignments and stages --------------------------------------------------------------------------


@bp.get("/api/documents/<doc_id>/assignment")
def assignment(doc_id: str) -> Any:
    load_summary(doc_id)
    return jsonify(assignment_json(doc_id))


@bp.put("/api/documents/<doc_id>/assignment")
def assign(doc_id: str) -> Any:
    load_summary(doc_id)
    workflow().assign(doc_id, _body(), user=me().name, role=me().role)
    return jsonify(assignment_json(doc_id))


@bp.post("/api/documents/<doc_id>/stage")
def stage(doc_id: str) -> Any:
    load_summary(doc_id)
    data = _body()
    workflow().move(doc_id, data.get("stage"), user=me().name, role=me().role)
    return jsonify(assignment_json(doc_id))


@bp.get("/api/work")
def work() -> Any:
    return jsonify({"work": [w.to_dict() for w in workflow().my_work(me().name)]})


# -- what the templates call (documents list, document page, review page) -------------------------------


@bp.app_context_processor
def _template_functions() -> dict[str, Any]:
    return {"workflow_view": workflow_view, "assignments_of": assignments_of, "comment_threads": comment_threads,
            "stage_labels": STAGE_LABELS}


def workflow_view(doc_id: str) -> dict[str, Any]:
    """A document's assignment, the stage moves the user may make, who may be given each step, and the Ctrl+Enter status."""
    w = workflow()
    return {
        "assignment": w.assignment_store.get(doc_id),
        "moves": w.moves(doc_id, user=me().name, role=me().role),
        "choices": people_choices(),
        "confirm_status": w.confirm_status(doc_id, user=me().name, role=me().role),
        "steps": ASSIGNMENTS,
    }


def assignments_of(doc_ids: list[str]) -> dict[str, Any]:
    return workflow().assignments(doc_ids)


def comment_threads(doc_id: str) -> dict[str, list[dict[str, Any]]]:
    return workflow().document_threads(doc_id)


# -- pages and forms ---------------------------------------------------------------------------------


@bp.route("/work")
def work_page() -> Any:
    return render_template("workflow/work.html", items=workflow().my_work(me().name), stage_labels=STAGE_LABELS,
                           status_labels=STATUS_LABELS)


def _back(doc_id: str) -> Any:
    to = request.form.get("next", "")
    if to == "review":
        return redirect(url_for("review.page", doc_id=doc_id))
    return redirect(url_for("documents.detail", doc_id=doc_id))


@bp.post("/documents/<doc_id>/assign")
def assign_form(doc_id: str) -> Any:
    load_summary(doc_id)
    people = {step: request.form.get(step, "") for step in ASSIGNMENTS if step in request.form}
    try:
        a = workflow().assign(doc_id, people, user=me().name, role=me().role)
    except TranslatorError as e:
        flash(str(e), "error")
    else:
        named = ", ".join(f"{step}: {a.who(step) or 'nobody'}" for step in ASSIGNMENTS)
        flash(f"Assigned ({named}).")
    return _back(doc_id)


@bp.post("/documents/<doc_id>/stage")
def stage_form(doc_id: str) -> Any:
    load_summary(doc_id)
    try:
        a = workflow().move(doc_id, request.form.get("stage", ""), user=me().name, role=me().role)
    except TranslatorError as e:
        flash(str(e), "error")
    else:
        flash(f"The document is now in {STAGE_LABELS[a.stage]}.")
    return _back(doc_id)
