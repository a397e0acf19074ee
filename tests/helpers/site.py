"""A project to publish: stored articles, all approved but one, as a newsroom's database would hold them.

``publish_project(tmp_path)`` stores, through the real store:

* the sample article (Traditional original, translated by the gloss engine), every segment approved,
  with a translator and a reviewer credited and its original's URL;
* two short articles, approved (one with markup and ``</script>`` in its title and source);
* one short article with a single segment left unapproved: it must not be published.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.samples import REVIEWER, TRANSLATOR, translated_sample
from translator.document import Document
from translator.prepare.pipeline import prepare_text
from translator.project import Project
from translator.settings import Settings

HOSTILE_TITLE = "</script><script>alert(1)</script> & “quotes”"
SHORT = (
    ("成都发布新政策\n\n成都市今天发布了新的产业政策。政策涉及三个方面。\n\n第二段有两个句子。这是第二句。",
     "Chengdu issues new policy", "2021-03-02", "成都日报", "https://www.example.cn/cd/2021/0302.html"),
    ("广州港口吞吐量增长\n\n广州港今年吞吐量增长百分之五。\n\n港口继续扩建。",
     HOSTILE_TITLE, "2022-11-20", "<b>南方</b>日报", ""),
)
UNAPPROVED = ("深圳科技企业增多\n\n深圳科技企业数量继续增加。新企业超过一万家。", "More tech firms in Shenzhen", "2023-01-05")


def approve(doc: Document, title: str | None = None, *, editor: str = TRANSLATOR, reviewer: str = REVIEWER) -> Document:
    for seg in doc.segments():
        seg.target = seg.target or f"English for {seg.id}."
        seg.status = "approved"
        seg.provenance = {**(seg.provenance or {}), "editor": editor, "reviewer": reviewer}
    if title is not None and doc.title is not None:
        doc.title.segments[0].target = title
        for s in doc.title.segments[1:]:
            s.target = ""
    return doc


def short_article(text: str, title: str, date: str, source: str = "", url: str = "", **meta: Any) -> Document:
    doc = prepare_text(text, name=f"{title[:10]}.txt")
    doc.metadata.date, doc.metadata.source, doc.metadata.url = date, source or None, url or None
    for k, v in meta.items():
        setattr(doc.metadata, k, v)
    doc.signature = "engine:gloss|version:test"
    for seg in doc.segments():
        seg.target = f"Sentence {seg.id.rsplit('-', 2)[-2]}.{seg.id.rsplit('-', 1)[-1]} of {title[:20]}, in English."
        seg.status = "machine"
    return doc


def publish_project(tmp_path: Path, **overrides: Any) -> tuple[Project, dict[str, str]]:
    """The project and the ids of its documents: ``sample``, ``short1``, ``short2``, ``unapproved``."""
    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(tmp_path / "site.sqlite"), "engine": "gloss", **overrides})
    project = Project(settings)
    sample = approve(translated_sample(), "Jiangxi: Distinctive Industries Shoulder the Task of Poverty Alleviation")
    sample.metadata.url = "https://www.cnii.com.cn/news/2020-06/04/content_1.html?id=1&x=2"
    ids = {"sample": sample.id}
    project.documents.save(sample, by=REVIEWER)
    for n, (text, title, date, source, url) in enumerate(SHORT, 1):
        doc = approve(short_article(text, title, date, source, url), title)
        project.documents.save(doc, by=REVIEWER)
        ids[f"short{n}"] = doc.id
    text, title, date = UNAPPROVED
    doc = approve(short_article(text, title, date, "深圳特区报"), title)
    next(s for s in doc.blocks[0].segments).status = "translated"
    project.documents.save(doc, by=REVIEWER)
    ids["unapproved"] = doc.id
    for doc_id in ids.values():  # a reviewer went through the QA panel: what QA still flags was checked
        ignore_open_errors(project, doc_id)
    return project, ids


def ignore_open_errors(project: Project, doc_id: str) -> None:
    """Mark every open QA error of a document "ignore, with reason", as a reviewer does in the QA panel."""
    for f in project.qa_gate.findings(doc_id):
        if f["severity"] == "error" and not f["ignored"]:
            project.qa_gate.ignore(f["segment_id"], f["code"], f["message"], reason="checked in review", user=REVIEWER,
                                   role="reviewer")
