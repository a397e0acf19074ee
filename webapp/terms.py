"""The Terms page (terms mined from the stored documents, accepted into the editable glossary) and the
Consistency page (consistency QA across the stored documents).

The rules live in :class:`translator.terminology.Terminology` (``project.terminology``): these views parse the
request, call it and render.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from translator.vocabulary import CONSISTENCY_KINDS, CONSISTENCY_LABELS

from . import services
from .auth import requires
from .errors import AppError

bp = Blueprint("terms", __name__, template_folder="templates")


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise AppError(400, "invalid", f"'{name}' must be a whole number from {low} to {high}") from None
    if not low <= value <= high:
        raise AppError(400, "invalid", f"'{name}' must be a whole number from {low} to {high}")
    return value


@bp.route("/terms")
def index() -> Any:
    min_count = _int_arg("min_count", 3, 1, 1000)
    rows = services.project().terminology.mine_stored(min_count=min_count)
    return render_template("terms/index.html", rows=rows, min_count=min_count)


@bp.route("/terms/accept", methods=["POST"])
@requires("reviewer")
def accept() -> Any:
    f = request.form
    source = f.get("source", "")
    # The English typed in the box wins over the candidate picked.
    target = (f.get("custom") or "").strip() or f.get("target", "")
    services.project().terminology.accept(source, target, f.get("note", ""))
    flash(f"Added {source} → {target} to the glossary.")
    return redirect(url_for("terms.index", min_count=f.get("min_count") or None))


@bp.route("/consistency")
def consistency() -> Any:
    findings = services.project().terminology.consistency()
    groups = [(k, CONSISTENCY_LABELS[k], [f for f in findings if f.kind == k]) for k in CONSISTENCY_KINDS]
    return render_template("terms/consistency.html", groups=groups, total=len(findings))
