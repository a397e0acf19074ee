"""Property tests of the prepare stage on hostile input: random bytes, random HTML, random scrape damage.

Whatever comes in, ``prepare_bytes`` either refuses it with a
:class:`~translator.errors.TranslatorError` (one line, naming the file) or
returns a document where:

* every segment has text, at most ``HARD_MAX`` characters, and flags whose
  spans lie inside it; the last segment of a block does not join the next;
* nothing disappears without a trace: every character of the article text
  that is not ASCII, whitespace or invisible appears in the document (the
  segments' originals, the metadata) or under ``removed``, as many times as
  in the input.  (ASCII is left out because entities such as ``&amp;`` are
  decoded, and ASCII punctuation becomes full-width; neither loses text.)

Runs in a few seconds.  ``HYPOTHESIS_PROFILE=long`` runs many more examples.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.document import Document
from translator.errors import TranslatorError
from translator.prepare import ingest
from translator.prepare.pipeline import prepare_bytes, prepare_text
from translator.prepare.segment import HARD_MAX

settings.register_profile("long", max_examples=3000, deadline=None, database=None)
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * 40 if LONG else examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# --- what scraped articles are made of -----------------------------------------------------

GARBLED = "地群众脱贫致富的步伐比如说".encode().decode("gbk", errors="replace")
SENTENCES = [
    "江西省工業和信息化廳積極支持貧困地區產業發展。",
    "鞏固脫貧攻堅成果，建立長效機制！",
    "他說：「這是『重要』的。」然後？",
    "记忆体和软体，记忆体和软件；",
    "他們的記憶體和軟體很好，做得不錯。",
    "詹姆斯·卡麥隆說：「記憶體不夠。」",
    "全县共有耕地12345.5亩，在2000多个贫困村开展工作。",
    "Hello, world! 10:30, 1,000 APP,支持 工作 , 做到 ; 好 !",
    "（含已摘帽贫困县）(NFC)《人民日報》“說：‘好。’”",
    "……然後……𠀀𠀁字，１２３４５萬元。",
]
DAMAGE = [
    "產業(yè)", "發(fā)布", "鄉(xiāng)村", "中國(zhōng guó)", "x0dx0a", "X0DX0A", "\\r\\n", "&amp;", "&#0147;", "&#0148;",
    "&#20013;", "&nbsp;", "&lt;p&gt;", "&#x1F600;", "\u200b", "\ufeff", "\u00ad", "\xa0", "\u3000", "\t", "  ",
    "（", "）", "《", "》", "“", "”", "「", "」", "(", ")", GARBLED, "艔d黨鑾\ue000ばか」?？", "\ufffd\ufffd", "?",
    "記憶體", "軟體", "字" * 350, "a" * 320, "\r\n", "\r", "\u2028", "\u0085", "\x07", "é", "e\u0301", "\uf900",
]
LINES = [
    "当前位置：首页 > 新闻", "分享到", "發布日期:2020-06-04 來源:中國電子報", "责任编辑：王磊", "來源:", "时间：2000多个",
    "版權所有 ICP備12345678號", "Copyright © 2002-2020 All rights reserved", "相关新闻", "网友评论", "视频号", "抖音",
    "时光如鼓点催人奋进", "小标题", "江西：特色产业扛起扶贫重任", "", "   ", "\u3000\u3000",
]


def _line() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(DAMAGE), st.text(max_size=8))
    return st.one_of(st.sampled_from(LINES), st.lists(piece, max_size=8).map("".join))


articles = st.lists(_line(), min_size=1, max_size=25).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", "\r\n", " \n"]).map(lambda sep: sep.join(lines))
)
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be"]


def _html_node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(["div", "p", "article", "section", "span", "h1", "h2", "h3", "li", "td", "b", "font"])
    return st.tuples(tag, st.lists(children, max_size=4)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>")


html_text = st.one_of(st.sampled_from(SENTENCES + LINES), st.sampled_from(DAMAGE))
html_body = st.recursive(html_text, _html_node, max_leaves=12)
html_pages = st.tuples(
    st.lists(st.sampled_from(["<!---->", "<!-- 注释 -->", "<!-- a -- b -->", "\n", " ", "<!--[if IE]><p>x</p><![endif]-->"]), max_size=40),
    st.sampled_from(["<!DOCTYPE html>", "", "<html>", "<meta charset='utf-8'>", "<script>var a='<p>';</script>", "<p>"]),
    st.sampled_from(["", "<title>江西：特色產業扛起扶貧重任</title>", "<meta name='date' content='2021-03-01'>"]),
    st.lists(html_body, max_size=6),
    st.sampled_from(["", "<script>x</script>", "<style>p{}</style>", "<div class='footer'>版权所有 ICP备1号</div>"]),
).map(lambda t: "".join(t[0]) + t[1] + "<head>" + t[2] + "</head><body>" + "".join(t[3]) + t[4] + "</body></html>")


# --- the invariants ------------------------------------------------------------------------


def _counted(text: str) -> Counter[str]:
    """The characters of ``text`` that must not vanish: not ASCII, not whitespace, not invisible, not control."""
    return Counter(c for c in text if not c.isascii() and not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf"))


def check_document(doc: Document, article_text: str | None) -> None:
    doc.to_json()
    for block in doc.all_blocks():
        assert block.segments, block
        assert not block.segments[-1].joins_next
        for seg in block.segments:
            assert seg.source.strip(), seg
            assert len(seg.source) <= HARD_MAX
            for flag in seg.flags:
                if flag.span is not None:
                    a, b = flag.span
                    assert 0 <= a < b <= len(seg.source), (flag, seg.source)
    if article_text is None:
        return
    kept = Counter[str]()
    for seg in doc.segments():
        kept += _counted(seg.original)
    for r in doc.removed:
        kept += _counted(r.text)
    for value in doc.metadata.to_dict().values():
        kept += _counted(value)
    missing = _counted(unicodedata.normalize("NFC", article_text)) - kept
    assert not missing, f"lost without a trace: {dict(missing)}"


def prepare_or_refuse(data: bytes, opencc: str = "t2s") -> Document | None:
    try:
        return prepare_bytes(data, name="fuzz.in", opencc=opencc)  # type: ignore[arg-type]
    except TranslatorError as e:
        assert str(e).startswith("fuzz.in: ") and "\n" not in str(e)
        return None


@fuzz(60)
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    doc = prepare_or_refuse(data)
    if doc is not None:
        check_document(doc, None)


@fuzz(60)
@given(articles, st.sampled_from(ENCODINGS), st.sampled_from(["t2s", "tw2sp", "tw2sp", "hk2s", "none"]))
def test_scrape_damage(text, encoding, opencc):
    data = text.encode(encoding, errors="replace")
    doc = prepare_or_refuse(data, opencc)
    if doc is None:
        return
    raw = ingest.read(data, name="fuzz.in")
    check_document(doc, raw.text)


# Phrases whose tw2sp conversion changes the length (記憶體 → 内存), cut by punctuation,
# spaces, hard cuts and mismatching pieces: originals must still cover every line exactly.
TW_PIECES = ["記憶體", "軟體", "資料庫", "詹姆斯·卡麥隆", "SQL隱碼攻擊", "老年失智症", "B型肝炎", "，", "。", "！", " , ", " ; ",
             "「", "」", "字" * 40, "a", " ", "?", "記憶體" * 30]


@fuzz(60)
@given(st.lists(st.lists(st.sampled_from(TW_PIECES), min_size=1, max_size=30).map("".join), min_size=1, max_size=6))
def test_tw2sp_originals_keep_every_character(lines):
    text = "\n\n".join(lines)
    doc = prepare_text(text, opencc="tw2sp")
    check_document(doc, None)
    kept = Counter[str]()
    for seg in doc.segments():
        kept += Counter(c for c in seg.original if not c.isspace())
    for r in doc.removed:
        kept += Counter(c for c in r.text if not c.isspace())
    assert kept == Counter(c for c in text if not c.isspace())


@fuzz(40)
@given(html_pages, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_html_shapes(page, encoding):
    data = page.encode(encoding, errors="xmlcharrefreplace")
    doc = prepare_or_refuse(data)
    if doc is None:
        return
    raw = ingest.read(data, name="fuzz.in")
    check_document(doc, raw.text)


@fuzz(60)
@given(st.text(max_size=400), st.sampled_from(["t2s", "tw2sp"]))
def test_any_text(text, opencc):
    try:
        doc = prepare_text(text, name="fuzz.in", opencc=opencc)  # type: ignore[arg-type]
    except TranslatorError:
        return
    check_document(doc, text)
