"""One signature per run: every setting that changes a translation, in every segment's provenance and every document."""

from __future__ import annotations

import threading
import time

from helpers.fakes import FakeEngine

from translator.engines.base import Translation
from translator.engines.wrappers import CachedEngine
from translator.prepare.pipeline import prepare_text
from translator.project import Project
from translator.settings import Settings
from translator.signature import Signature
from translator.store.memory import Memory

ARGOS_LIKE = {
    "engine": "argos",
    "model": "translate-zh_en",
    "model_version": "1.9",
    "decoding": {"beam_size": 4, "compute_type": "int8", "no_repeat_ngram_size": 3, "repetition_penalty": 1.0,
                 "max_input_length": 1024, "max_decoding_length": 256, "length_ratio": 2.0, "length_extra": 10},
}


def test_short_form_names_every_setting_that_changes_a_translation():
    sig = Signature.build(ARGOS_LIKE, glossaries={"policy.tsv": "0123456789ab"}, opencc="t2s", memory=True, fuzzy_min=75)
    assert sig.short() == (
        "engine:argos|model:translate-zh_en@1.9|beam:4|ct:int8|nrns:3|rp:1|maxin:1024|maxout:256|lr:2|lx:10"
        f"|glossary:policy.tsv@01234567|opencc:t2s|tm:fuzzy>=75|version:{sig.tool_version}"
    )
    changed = Signature.build(
        {**ARGOS_LIKE, "decoding": {**ARGOS_LIKE["decoding"], "repetition_penalty": 1.2}},
        glossaries={"policy.tsv": "0123456789ab"}, opencc="t2s", memory=True, fuzzy_min=75,
    )
    assert changed.short() != sig.short() and "rp:1.2" in changed.short()
    prov = sig.provenance()
    assert prov["beam_size"] == 4 and prov["glossary"] == {"policy.tsv": "0123456789ab"} and prov["signature"] == sig.short()


def test_project_translation_carries_the_signature(tmp_path):
    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(tmp_path / "p.sqlite"), "engine": "gloss"})
    project = Project(settings)
    Memory(project.store).add("第二句话。", "The second sentence.", editor="ann")
    doc = prepare_text("标题行\n\n第一句话。第二句话。", name="a.txt")
    sig = project.translate([doc])
    assert doc.signature == sig.short() and doc.to_dict()["signature"] == sig.short()
    assert sig.short().startswith("engine:gloss|model:cc-cedict@") and "tm:fuzzy>=75" in sig.short()
    first, second = doc.blocks[0].segments
    assert first.provenance["signature"] == sig.short() and first.provenance["model"] == "cc-cedict"
    assert first.provenance["kind"] == "gloss" and set(first.provenance["glossary"]) >= {"policy.tsv"}
    # a memory hit keeps the memory's record, not the engine's decoding settings
    assert second.provenance["engine"] == "memory" and "model" not in second.provenance
    assert second.provenance["signature"] == sig.short()


def test_document_signature_round_trips_and_is_absent_before_translation():
    from translator.document import Document

    doc = prepare_text("标题\n\n一句话。")
    assert "signature" not in doc.to_dict()
    doc.signature = "engine:x|version:0"
    assert Document.from_dict(doc.to_dict()).signature == "engine:x|version:0"


def test_cached_engine_is_safe_to_share_between_threads():
    """A small cache under eviction pressure from many threads: no KeyError, every answer right."""

    class Slow(FakeEngine):
        def translate_batch(self, sources, *, suppress=()):
            time.sleep(0.0005)  # lets other threads evict what this one found cached
            return [Translation(f"<{s}>") for s in sources]

    cached = CachedEngine(Slow(), maxsize=4)
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(300):
                batch = [f"s{(i + k + j) % 9}" for j in range(5)]
                assert [t.text for t in cached.translate_batch(batch)] == [f"<{s}>" for s in batch]
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert len(cached._cache) <= 4
