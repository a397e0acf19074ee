"""translate_documents: one batch for many documents, statuses, provenance, QA."""

from __future__ import annotations

from helpers.fakes import FakeEngine

from translator.engines.wrappers import GlossaryEngine
from translator.prepare.pipeline import prepare_text
from translator.project import translate_documents
from translator.store.glossary import Glossary


def test_many_documents_one_batch_and_statuses(tmp_path):
    g = tmp_path / "g.tsv"
    g.write_text("source\ttarget\tnote\n吉安\tJi'an\tcity\n", encoding="utf-8")
    glossary = Glossary.load([g], shipped=False)
    a = prepare_text("标题甲\n\n吉安很好。共同的句子。", name="a.txt")
    b = prepare_text("标题乙\n\n共同的句子。乱码苯眨魇」ば艔d党组书记。", name="b.txt")
    inner = FakeEngine()
    translate_documents([a, b], GlossaryEngine(inner, glossary), glossary)
    # every distinct source once, in a single call (no retries needed: the fake copies sentinels)
    assert len(inner.calls) == 1
    sent = inner.calls[0][0]
    assert len(sent) == len(set(sent)) == 5  # two titles, three distinct sentences
    segs = {s.source: s for d in (a, b) for s in d.segments()}
    assert segs["吉安很好。"].target.startswith("Ji'an")
    assert segs["吉安很好。"].provenance["terms"][0]["target"] == "Ji'an"
    assert segs["吉安很好。"].provenance["score"] == -0.5
    garbled = next(s for s in segs.values() if s.has_flag("mojibake"))
    assert garbled.status == "needs_review"
    # the fake leaves "word" for Chinese: fine English-wise, so no QA error → machine
    assert segs["共同的句子。"].status == "machine"
    assert all(s.target is not None and s.provenance["glossary"] == glossary.versions for s in segs.values())
