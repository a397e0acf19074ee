"""The C scans (translator/_speedups.c) against the Python functions that define them.

Every native function has a pure-Python twin; here both run on the same
random and real inputs and must give identical results, and the whole
``translator normalize`` command must print the same JSON either way.
"""

from __future__ import annotations

import importlib
import os
import random
import shutil
import sysconfig
from pathlib import Path

import pytest

from translator import clean, garble, normalize, segment, speedups
from translator.document import Removed

ROOT = Path(__file__).resolve().parent.parent


def _c_compiler() -> str | None:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc)


def test_native_module_is_built_where_a_compiler_is():
    """The extension is optional at install time, so a broken build would only show as lost speed."""
    forced_pure = os.environ.get("TRANSLATOR_PURE_PYTHON", "") not in ("", "0")
    if _c_compiler() and not forced_pure:
        assert speedups.native is not None, "translator/_speedups.c did not build; run pip install -e . and read its output"
    if forced_pure:
        assert speedups.native is None


def test_bitmap_and_expand():
    bm = speedups.bitmap("a\u4e00\U00020000")
    points = {i * 8 + b for i, byte in enumerate(bm) for b in range(8) if byte >> b & 1}
    assert points == {ord("a"), 0x4E00, 0x20000}
    assert list(speedups.expand("a-cx\u4e00-\u4e02")) == ["a", "b", "c", "x", "\u4e00", "\u4e01", "\u4e02"]


@pytest.fixture(scope="module")
def c():
    """The C module itself (even under TRANSLATOR_PURE_PYTHON).

    Only a machine with no C compiler at all, where the install could not
    build it and the Python twins run alone, has nothing to compare.
    """
    if _c_compiler() is None:
        pytest.skip("no C compiler here: translator/_speedups.c is not built, the Python twins run alone")
    return importlib.import_module("translator._speedups")


def _random_texts(alphabet: list[str], n: int, max_len: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, max_len))) for _ in range(n)]


SAMPLE = (ROOT / "examples" / "jiangxi-poverty-alleviation.txt").read_text(encoding="utf-8")


def test_sentence_spans_twins_agree(c):
    alphabet = list("甲乙丙。！？；…，,;；“”‘’「」『』《》（）()【】〈〉 \tab.!?1") + ["……", "...", "a.", "b. ", "\U00020000"]
    rng = random.Random(1)
    marks = (segment.TERMINATORS, segment.OPENERS, segment.CLOSERS)
    texts = _random_texts(alphabet, 6000, 60, 2) + SAMPLE.split("\n")
    for text in texts:
        max_len = rng.choice([5, 8, 13, segment.MAX_LEN])
        expected = [tuple(s) for s in segment._py_sentence_spans(text, max_len, *marks)]
        assert c.sentence_spans(text, max_len, *marks) == expected, (text, max_len)


def test_python_fast_sentence_path_agrees_with_the_careful_one():
    """The Python twin's one-regex path is taken only where it gives what the careful path gives."""
    alphabet = list("甲乙丙。！？；…，“”‘’《》（）()【】 a.!?")
    for text in _random_texts(alphabet, 20000, 30, 20201129):
        assert segment._py_sentence_spans(text, segment.MAX_LEN, segment.TERMINATORS, segment.OPENERS, segment.CLOSERS) == (
            segment._careful_sentences(text)
        ), text


def test_article_lines_twins_agree(c):
    alphabet = list("产业發布中國(（)）yèchǎnfābùzhōngguó' \n\x1e\u3000\t") + [
        "(yè)", "(chǎn)", "(zhōng guó)", "(fā bù)", "(NFC)", "（yè）", "(yè", "產業(chǎn yè)", "\U00020000(yè)",
    ]
    texts = _random_texts(alphabet, 4000, 40, 3) + [SAMPLE, ""]
    for text in texts:
        args = (text, clean._syllable_bitmap(), {}, clean._decide, Removed, "artefact")
        assert c.article_lines(*args) == clean._py_article_lines(*args), text


def test_punctuation_twins_agree(c):
    alphabet = list("中文。,:;!?   \t\n/\\a1.%)Z（“") + ["\U00020000"]
    side = normalize._cjk_side_bitmap()
    for text in _random_texts(alphabet, 6000, 30, 4) + SAMPLE.split("\n"):
        assert c.punctuation_fast(text, side) == normalize._py_punctuation_fast(text, side), text
        line = text.replace("\n", "")
        assert c.punctuation_spaced(line, side) == normalize._py_punctuation_spaced(line, side), line


def test_vanished_chars_twins_agree(c):
    alphabet = list("中文字国國a \n") + ["\U00020000", "\U0003134f", "\U00020001"]
    texts = _random_texts(alphabet, 4000, 20, 5)
    for a, b in zip(texts, reversed(texts)):
        assert c.vanished_chars(a, b) == normalize._py_vanished_chars(a, b), (a, b)


def test_garble_twins_agree(c):
    freq, words = garble._lexicon()
    alphabet = list("中国的是了苯眨魇艔黨祂兀丌ドアabZ?？\ufffd\ue000 \n1，。d") + [
        "!苯眨魇」ば艔d黨組書記", "?shù)厝罕娒撠", "产业", "发展", "AT&T", "“", "！", "\U00020000", "\U0003134f",
    ]
    rng = random.Random(6)
    common = garble._common_bitmap()
    for text in _random_texts(alphabet, 4000, 40, 7):
        assert c.odd_windows(text, common, garble.WINDOW, garble.MIN_ODD) == garble._py_odd_windows(
            text, common, garble.WINDOW, garble.MIN_ODD
        ), text
        if text:
            a = rng.randrange(len(text))
            b = min(len(text), a + rng.randint(1, 10))
            args = (text, a, b, garble.MARGIN, words, freq, common, garble.RARE, garble._QUIET)
            assert c.confirm_garbled(*args) == garble._py_confirm(*args), (text, a, b)


def test_normalize_prints_the_same_json_with_and_without_the_c_scans(cli, sample_path, tmp_path):
    """The whole command, run as a user runs it, once on the C scans and once on their Python twins."""
    messy = tmp_path / "messy.txt"
    messy.write_text(
        "標題：產業(chǎn yè)發展\n\n當前位置:首頁 > 新聞\n\n發布日期:2021-01-02   來源:某報\n\n"
        "他說 , 這是(NFC)「引號。」好!對? 乱码苯眨魇」ば艔d黨組書記x0dx0a第二段（yè）內容,很長。\n\n"
        "小標題\n\n" + "很長的句子，" * 40 + "結束。\n\n責任編輯:李四\n\n版權所有 © 2020",
        encoding="utf-8",
    )
    native = cli("normalize", "--json", str(sample_path), str(messy))
    pure = cli("normalize", "--json", str(sample_path), str(messy), env={"TRANSLATOR_PURE_PYTHON": "1"})
    assert native.returncode == pure.returncode == 0, (native.stderr, pure.stderr)
    assert native.stdout == pure.stdout
    assert b'"mojibake"' in native.stdout and b'"joins_next": true' in native.stdout
