"""The review page: one row per segment, source and English side by side, keyboard-driven (``static/js/review.js``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from translator.formats.html import web_url
from translator.vocabulary import CONFIRM_STATUS, SEVERITY_RANK, STATUS_LABELS, STATUSES, block_label

from . import services
from .auth import me
from .documents import bar, load_summary

bp = Blueprint("review", __name__, template_folder="templates")
#: A row's QA level: its worst severity's name, by rank.
_LEVEL = {rank: name for name, rank in SEVERITY_RANK.items()}


def row_view(row: dict[str, Any], glossary: Any) -> dict[str, Any]:
    """What the template needs of one segment."""
    qa = row["qa"] or []
    worst = max((SEVERITY_RANK.get(q.get("severity", ""), 0) for q in qa), default=0)
    pieces = services.review().highlighted(row["source"], glossary)
    terms: dict[tuple[str, str], Any] = {}
    for p in pieces:
        if p.term is not None:
            terms.setdefault((p.term.source, p.term.target), p.term)
    forbidden = glossary.forbidden_for(row["source"]) if glossary.forbidden else []
    attrs = row.get("block_attrs") or {}
    src = str(attrs.get("src", ""))
    return {
        "id": row["id"],
        "source": row["source"],
        "original": row["original"],
        "pieces": pieces,
        "terms": list(terms.values()),
        "forbidden": forbidden,
        "flags": row["flags"] or [],
        "target": row["target"] or "",
        "status": row["status"],
        "version": row["version"],
        "qa": qa,
        "qa_level": _LEVEL.get(worst, ""),
        "kind": row["block_kind"],
        "label": block_label(row["block_kind"], attrs),
        # An image's caption: the image as a link (the app's policy shows no remote image) and its alt.
        "image": {"src": src if web_url(src) else "", "alt": str(attrs.get("alt", ""))} if row["block_kind"] == "image" else None,
        "joins_next": bool(row["joins_next"]),
        "updated_by": row["updated_by"],
    }


@bp.route("/documents/<doc_id>/review")
def page(doc_id: str) -> Any:
    """One page of the document's segments (``?page=N``, or ``?segment=ID``: the page holding that segment);
    ``?status=...&find=...&case=1``: only the segments of the whole document the Show filter and Find select."""
    s = load_summary(doc_id)
    glossary = services.project().glossary
    args = {k: v for k, v in (("status", request.args.get("status", "")), ("find", request.args.get("find", "")),
                              ("case", "1" if request.args.get("case") == "1" else "")) if v and not (k == "status" and v == "all")}
    confirm = services.project().workflow.confirm_status(doc_id, user=me().name, role=me().role)
    step = "reviewer" if confirm == CONFIRM_STATUS["reviewer"] else "translator"  # what "unconfirmed" means here
    p = services.review().page(doc_id, request.args.get("page"), at=request.args.get("segment"), status=args.get("status"),
                               find=args.get("find"), match_case=bool(args.get("case")), step=step)
    rows = [row_view(r, glossary) for r in p.rows]
    return render_template(
        "review/page.html", s=s, rows=rows, p=p, parts=bar(s.counts), status_labels=STATUS_LABELS, status_order=STATUSES,
        job=services.worker().status(doc_id), shown=args,
        page_href=lambda n: "?" + urlencode({"page": n, **args}),
    )
