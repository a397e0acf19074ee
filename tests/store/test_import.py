"""Importing document JSON into the memory: checked field by field, one transaction per file."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from translator.document import Block, Document, Metadata, Segment
from translator.errors import StoreError
from translator.store.database import Store
from translator.store.memory import MAX_JSON_DEPTH, Memory, approved_entries, parse_json


def _doc(n_blocks: int = 3, doc_id: str = "doc") -> dict[str, Any]:
    """A translated document as `translator translate --json` writes it, every segment approved."""
    blocks = [
        Block(
            "paragraph",
            [
                Segment(
                    f"{doc_id}-{b}-{s}",
                    f"第{b}段第{s}句。",
                    f"第{b}段第{s}句。",
                    target=f"Paragraph {b}, sentence {s}.",
                    status="approved",
                    provenance={"engine": "argos", "editor": "ann"},
                )
                for s in range(2)
            ],
        )
        for b in range(n_blocks)
    ]
    title = Block("title", [Segment(f"{doc_id}-t", "标题。", "标题。", target="Title.", status="approved", provenance=None)])
    return Document(doc_id, Metadata(title="标题"), blocks, title=title).to_dict()


@pytest.fixture
def memory(db_url: str) -> Memory:
    return Memory(Store(db_url))


def test_a_good_file_is_imported_in_full(memory: Memory) -> None:
    doc = _doc()
    doc["blocks"][1]["segments"][1]["status"] = "machine"  # not approved: not imported
    doc["blocks"][2]["segments"][0]["target"] = "   "  # blank: not imported
    data = json.dumps(doc, ensure_ascii=False).encode()
    assert memory.import_json(data, "doc.json", editor="bob") == 5
    assert len(memory) == 5
    [[m]] = memory.lookup(["第0段第1句。"])
    assert (m.target, m.origin, m.editor) == ("Paragraph 0, sentence 1.", "doc-0-1", "ann")
    [[t]] = memory.lookup(["标题。"])
    assert (t.target, t.editor) == ("Title.", "bob")  # no provenance: the editor given
    skipped = memory.lookup(["第1段第1句。", "第2段第0句。"])
    assert [m.score for ms in skipped for m in ms if m.score == 100.0] == []


def test_a_list_of_documents_with_a_bom(memory: Memory) -> None:
    data = "\ufeff".encode() + json.dumps([_doc(1, "a"), _doc(1, "b")]).encode()
    assert memory.import_json(data, "docs.json") == 6
    assert len(memory) == 3  # the same sources in both documents: upserted, the later one wins
    assert memory.lookup(["第0段第1句。"])[0][0].origin == "b-0-1"


def _set(path: list[Any], value: Any) -> Callable[[Any], None]:
    def edit(doc: Any) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


BAD: dict[str, tuple[Callable[[Any], None], str]] = {
    "int target": (_set(["blocks", 2, "segments", 0, "target"], 7), r"blocks\[2\]\.segments\[0\]\.target: expected a string or null, got an integer"),
    "string provenance": (_set(["blocks", 1, "segments", 1, "provenance"], "ann"), r"blocks\[1\]\.segments\[1\]\.provenance: expected an object or null, got a string"),
    "list status": (_set(["blocks", 0, "segments", 0, "status"], ["approved"]), r"blocks\[0\]\.segments\[0\]\.status: expected a string, got an array"),
    "int editor": (_set(["blocks", 0, "segments", 1, "provenance", "editor"], 3), r"blocks\[0\]\.segments\[1\]\.provenance\.editor: expected a string, got an integer"),
    "float source": (_set(["blocks", 2, "segments", 1, "source"], 1.5), r"blocks\[2\]\.segments\[1\]\.source: expected a string, got a number"),
    "null id": (_set(["blocks", 0, "segments", 0, "id"], None), r"blocks\[0\]\.segments\[0\]\.id: expected a string, got null"),
    "missing source": (lambda d: d["blocks"][1]["segments"][0].pop("source"), r"blocks\[1\]\.segments\[0\]: 'source' is missing"),
    "segments an object": (_set(["blocks", 1, "segments"], {"0": {}}), r"blocks\[1\]\.segments: expected an array, got an object"),
    "block a string": (_set(["blocks", 2], "text"), r"blocks\[2\]: expected an object, got a string"),
    "blocks a string": (_set(["blocks"], "text"), r"doc\.json: blocks: expected an array, got a string"),
    "title a list": (_set(["title"], []), r"doc\.json: title: expected an object, got an array"),
    "bool target": (_set(["blocks", 0, "segments", 0, "target"], True), r"target: expected a string or null, got true or false"),
    "lone surrogate in target": (_set(["blocks", 2, "segments", 1, "target"], "ok\ud800"), r"blocks\[2\]\.segments\[1\]\.target: contains a lone surrogate \(U\+D800 at character 2\)"),
    "lone surrogate in source": (_set(["blocks", 0, "segments", 0, "source"], "\udc80句。"), r"blocks\[0\]\.segments\[0\]\.source: contains a lone surrogate"),
    "lone surrogate in a provenance key": (_set(["blocks", 0, "segments", 0, "provenance", "\udc80"], 1), r"provenance \(a key\): contains a lone surrogate"),
    "lone surrogate deep in provenance": (_set(["blocks", 0, "segments", 0, "provenance", "notes"], [{"x": ["\ud83d"]}]), r"blocks\[0\]\.segments\[0\]\.provenance\.notes\[0\]\.x\[0\]: contains a lone surrogate"),
}


@pytest.mark.parametrize("shape", sorted(BAD))
def test_wrongly_typed_or_unstorable_fields_name_the_file_and_field(memory: Memory, shape: str) -> None:
    edit, message = BAD[shape]
    doc = _doc()
    edit(doc)
    data = json.dumps(doc).encode()  # \ud800 travels as a JSON escape, as a hostile file would carry it
    with pytest.raises(StoreError, match=message) as info:
        memory.import_json(data, "doc.json")
    assert str(info.value).startswith("doc.json: ")
    assert "\n" not in str(info.value)
    assert len(memory) == 0  # nothing of the file, not even the good segments before the bad one


def test_the_second_document_of_a_file_is_named_by_index(memory: Memory) -> None:
    second = _doc(2, "b")
    second["blocks"][1]["segments"][0]["target"] = {"text": "x"}
    data = json.dumps([_doc(2, "a"), second]).encode()
    with pytest.raises(StoreError, match=r"docs\.json: \[1\]\.blocks\[1\]\.segments\[0\]\.target: expected a string or null, got an object"):
        memory.import_json(data, "docs.json")
    assert len(memory) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[" * 200_000 + b"]" * 200_000, "not document JSON .*nested thousands of levels deep"),
        (b'{"blocks": ' * 100_000 + b"1" + b"}" * 100_000, "nested thousands of levels deep"),
        (b"\xff\xfe{}", r"not document JSON \(not UTF-8 at byte 0\)"),
        (b'{"blocks": [', r"not document JSON \(line 1, column 13"),
        (b"", r"not document JSON"),
        (b"42", r"the document: expected an object, got an integer"),
        (b"[1]", r"\[0\]: expected an object, got an integer"),
    ],
    ids=["deep arrays", "deep objects", "utf-16", "truncated", "empty", "a number", "a list of numbers"],
)
def test_files_that_are_not_document_json(memory: Memory, data: bytes, message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        memory.import_json(data, "in.json")
    assert str(info.value).startswith("in.json: ")
    assert len(memory) == 0


def test_deep_provenance_is_refused_but_depth_within_the_limit_is_stored(memory: Memory) -> None:
    doc = _doc(1)
    nested: Any = "leaf"
    for _ in range(MAX_JSON_DEPTH + 5):
        nested = [nested]
    doc["blocks"][0]["segments"][0]["provenance"] = {"deep": nested}
    with pytest.raises(StoreError, match=rf"provenance\.deep(\[0\])+: nested deeper than {MAX_JSON_DEPTH} levels"):
        memory.import_json(json.dumps(doc), "deep.json")
    assert len(memory) == 0

    ok = _doc(1)
    nested = "leaf"
    for _ in range(MAX_JSON_DEPTH - 2):
        nested = [nested]
    ok["blocks"][0]["segments"][0]["provenance"] = {"deep": nested}
    assert memory.import_json(json.dumps(ok), "ok.json") == 3


def test_approved_entries_validates_parsed_json_without_a_database() -> None:
    doc = _doc(1)
    entries = approved_entries(copy.deepcopy(doc), "doc.json", editor="eve")
    assert [(e.source, e.target, e.origin, e.editor) for e in entries] == [
        ("标题。", "Title.", "doc-t", "eve"),
        ("第0段第0句。", "Paragraph 0, sentence 0.", "doc-0-0", "ann"),
        ("第0段第1句。", "Paragraph 0, sentence 1.", "doc-0-1", "ann"),
    ]
    assert parse_json('{"a": 1}', "x.json") == {"a": 1}
    with pytest.raises(StoreError, match=r"x\.json: blocks\[0\]\.segments\[0\]\.target"):
        doc["blocks"][0]["segments"][0]["target"] = 5
        approved_entries(doc, "x.json")
