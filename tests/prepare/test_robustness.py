"""Scrape-shaped garbage never crashes normalization: it is processed or refused cleanly."""

from __future__ import annotations

import random

from translator.errors import TranslatorError
from translator.prepare.pipeline import prepare_bytes, prepare_text

ALPHABET = list(
    "甲乙丙丁業發鄉(yè)（）“”‘’《》。！？；，,:!?;…—\n\n x0dx0a&#0147;ABCabc0123４５"
    "發布日期:2020-06-04 來源:報 責任編輯:王 版權所有 ICP備 当前位置:首页 > 新闻 "
    "\ue000ば」艔d?\u200b\xa0\t𠀀"
)


def test_random_scrape_text_is_normalized_or_refused():
    rng = random.Random(3)
    for _ in range(1000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 300)))
        try:
            doc = prepare_text(text)
        except TranslatorError:
            continue
        doc.to_json()
        for seg in doc.segments():
            assert seg.source.strip()
            for flag in seg.flags:
                a, b = flag.span
                assert 0 <= a < b <= len(seg.source)


def test_random_bytes_are_normalized_or_refused():
    rng = random.Random(4)
    for _ in range(200):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
        try:
            prepare_bytes(data, name="blob")
        except TranslatorError as e:
            assert str(e).startswith("blob: ")
