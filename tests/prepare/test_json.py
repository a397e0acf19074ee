"""A document written out piece by piece is exactly the JSON ``json.dumps`` writes, and small in memory."""

from __future__ import annotations

import json
import pickle

import pytest

from translator import document as dm
from translator.document import Document, json_chunks
from translator.prepare.pipeline import prepare_text

# --- printing a document piece by piece --------------------------------------------------------


def _translated(doc: Document) -> Document:
    again = Document.from_dict(doc.to_dict())
    for k, seg in enumerate(again.segments()):
        if k % 3 == 0:
            seg.target, seg.status = f"Sentence {k} “quoted”\n", "machine"
            seg.provenance = {"engine": "fake", "n": k, "ok": True, "nothing": None, "x": 1.5, "list": [1, "二"], "map": {}}
            seg.qa = [dm.QAIssue("numbers", "warning", "数字 12,345.5 mu")]
    return again


@pytest.mark.parametrize("indent", [2, 4])
def test_json_chunks_are_json_dumps(sample_doc, indent):
    for doc in (sample_doc, _translated(sample_doc), prepare_text("")):
        one = "".join(json_chunks([doc], False, indent))
        assert one == json.dumps(doc.to_dict(), ensure_ascii=False, indent=indent)
        many = "".join(json_chunks([doc, sample_doc], True, indent))
        assert many == json.dumps([doc.to_dict(), sample_doc.to_dict()], ensure_ascii=False, indent=indent)


def test_json_chunks_come_in_pieces(sample_doc):
    docs = [sample_doc] * 20
    pieces = list(json_chunks(docs, True))
    assert len(pieces) > 5 and max(len(p) for p in pieces) < 2 * (1 << 16)


def test_the_numerous_classes_have_no_instance_dict(sample_doc):
    # Hundreds of thousands of segments and removals in a long article: no __dict__ each.
    for obj in (next(sample_doc.segments()), sample_doc.removed[0], sample_doc.blocks[0], dm.Flag("x", "y"), dm.QAIssue("a", "info", "m")):
        assert not hasattr(obj, "__dict__")
    seg = dm.Segment("i", "源", "源")
    with pytest.raises(AttributeError):
        seg.anything = 1  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(sample_doc))
    assert again.to_dict() == sample_doc.to_dict()
    assert dm.Block("paragraph").segments == [] and dm.Removed("artefact", "x").detail == ""
