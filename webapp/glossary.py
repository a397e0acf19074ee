"""The glossary page: search every term in effect; add (reviewers, admins); edit, delete, import (admins); export.

Terms added here go to the editable glossary file (the ``glossary_file``
setting), which applies over the shipped and user glossaries, in the web app
and in the CLI alike.  A shipped term is changed by adding an entry with the
same source, which overrides it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from translator.errors import TranslatorError
from translator.store.editable_glossary import key_of, make_term, term_key
from translator.store.glossary import KINDS, Term

from . import services
from .auth import requires
from .errors import AppError
from .uploads import one_file

bp = Blueprint("glossary", __name__, template_folder="templates")
PAGE = 200


def all_terms() -> list[Term]:
    g = services.project().glossary
    return sorted([*g.terms.values(), *(t for ts in g.forbidden.values() for t in ts)], key=lambda t: (t.source, t.kind))


def search(q: str, scope: str) -> tuple[list[dict[str, Any]], int]:
    own = services.project().editable_glossary
    own_terms = own.terms()
    editable = {term_key(t) for t in own_terms}
    own_name = own.path.name
    terms = own_terms if scope == "project" else all_terms()
    needle = q.casefold()
    out = []
    for t in terms:
        if needle and needle not in f"{t.source}\n{t.target}\n{t.note}".casefold():
            continue
        is_own = term_key(t) in editable and (scope == "project" or t.origin.split(":")[0] == own_name)
        out.append({"term": t, "editable": is_own, "origin": own_name if scope == "project" else t.origin})
    return out[:PAGE], len(out)


def term_json(t: Term, editable: bool | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"source": t.source, "target": t.target, "note": t.note, "kind": t.kind, "origin": t.origin}
    if editable is not None:
        d["editable"] = editable
    return d


@bp.route("/glossary")
def index() -> Any:
    q = request.args.get("q", "").strip()
    scope = request.args.get("scope", "all")
    if scope not in ("all", "project"):
        scope = "all"
    rows, total = search(q, scope)
    own = services.project().editable_glossary
    return render_template("glossary/index.html", rows=rows, total=total, q=q, scope=scope, kinds=KINDS, path=str(own.path),
                           page=PAGE, prefill={k: request.args.get(k, "") for k in ("source", "target", "note")},
                           **hygiene())


def hygiene() -> dict[str, Any]:
    """The glossary check (overlaps, duplicates, unused terms) for the page's "Check" section, grouped by kind."""
    from translator.vocabulary import GLOSSARY_CHECK_KINDS, GLOSSARY_CHECK_LABELS

    stored = bool(services.documents().list())
    found = services.project().terminology.glossary_check(stored=stored)
    groups = [(k, GLOSSARY_CHECK_LABELS[k], [f for f in found if f.kind == k]) for k in GLOSSARY_CHECK_KINDS]
    return {"hygiene": [g for g in groups if g[2]], "hygiene_stored": stored}


@bp.route("/glossary/add", methods=["POST"])
@requires("reviewer")
def add() -> Any:
    f = request.form
    term = make_term(f.get("source", ""), f.get("target", ""), f.get("note", ""), f.get("kind", "term"))
    services.project().editable_glossary.add(term)
    flash(f"Added {term.source} → {term.target}.")
    return redirect(url_for("glossary.index", q=term.source))


def _key(prefix: str = "old_") -> tuple[str, str, str]:
    f = request.form
    return key_of(f.get(f"{prefix}source", ""), f.get(f"{prefix}kind", "term"), f.get(f"{prefix}target", ""))


@bp.route("/glossary/edit", methods=["POST"])
@requires("admin")
def edit() -> Any:
    f = request.form
    term = make_term(f.get("source", ""), f.get("target", ""), f.get("note", ""), f.get("kind", "term"))
    services.project().editable_glossary.update(_key(), term)
    flash(f"Saved {term.source} → {term.target}.")
    return redirect(url_for("glossary.index", q=request.form.get("q", ""), scope=request.form.get("scope", "all")))


@bp.route("/glossary/delete", methods=["POST"])
@requires("admin")
def delete() -> Any:
    key = _key()
    services.project().editable_glossary.delete(key)
    flash(f"Deleted {key[0]} ({key[1]}).")
    return redirect(url_for("glossary.index", q=request.form.get("q", ""), scope=request.form.get("scope", "all")))


@bp.route("/glossary/import", methods=["POST"])
@requires("admin")
def import_() -> Any:
    name, data = one_file("choose a .tsv, .tbx or .csv glossary to import")
    terms = read_terms(name, data)
    added, replaced = services.project().editable_glossary.merge(terms)
    flash(f"Imported {name}: {added} added, {replaced} replaced.")
    return redirect(url_for("glossary.index", scope="project"))


def read_terms(filename: str, data: bytes) -> list[Term]:
    """The terms of an uploaded glossary file (.tsv, .tbx or .csv), read by the format registry's importer."""
    from translator.formats import importer_for_path

    name = filename.rsplit("/", 1)[-1]
    try:
        imp = importer_for_path(name)
        if imp.gives != "terms":
            raise AppError(400, "invalid", f"{name} holds {imp.gives}, not glossary terms; give a .tsv, .tbx or .csv file")
        terms = list(imp.load()(data, path=name))
    except TranslatorError as e:
        raise AppError(400, "invalid", str(e)) from None
    if not terms:
        raise AppError(400, "invalid", f"{name} holds no terms")
    return terms


@bp.route("/glossary/export")
def export() -> Any:
    from translator.formats import exporter

    fmt = request.args.get("fmt", "tsv")
    scope = request.args.get("scope", "project")
    terms = services.project().editable_glossary.terms() if scope == "project" else all_terms()
    if fmt == "tsv":
        data, mime = exporter("tsv")(terms), "text/tab-separated-values"
    elif fmt == "tbx":
        data, mime = exporter("tbx")(terms, title="zh-news-translator glossary"), "application/x-tbx+xml"
    else:
        raise AppError(400, "invalid", f"unknown glossary format '{fmt}'; use tsv or tbx")
    name = f"glossary-{'project' if scope == 'project' else 'all'}.{fmt}"
    return Response(data, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"'})
