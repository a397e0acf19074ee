"""Bytes in: encodings, HTML pages, and input that is not an article."""

from __future__ import annotations

import os
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.errors import IngestError
from translator.prepare import html as page_html
from translator.prepare.decode import decode
from translator.prepare.html import fix_c1_references, is_html
from translator.prepare.ingest import read
from translator.prepare.pipeline import prepare_bytes

TRAD = "江西省工業和信息化廳積極支持貧困地區產業發展，鞏固脫貧攻堅成果。"
SIMP = "江西省工业和信息化厅积极支持贫困地区产业发展，巩固脱贫攻坚成果。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TRAD.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TRAD.encode("utf-8"), "utf-8"),
        (TRAD.encode("utf-16"), "utf-16"),
        (SIMP.encode("gbk"), "gb18030"),
        (SIMP.encode("gb18030"), "gb18030"),
        (TRAD.encode("big5"), "big5"),
        ((TRAD * 3).encode("big5"), "big5"),
        ("新冠肺炎疫情防控。".encode("gbk"), "gb18030"),  # short GBK text
    ],
)
def test_decode_detects_encoding(data, encoding):
    text, enc = decode(data, name="x.txt")
    assert enc.startswith(encoding)
    assert text.lstrip("\ufeff") in (TRAD, SIMP, TRAD * 3, "新冠肺炎疫情防控。")


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", "\u3000\n".encode("utf-8")])
def test_empty_input_is_an_error(data):
    with pytest.raises(IngestError, match=r"^empty\.txt: file is empty"):
        decode(data, name="empty.txt")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n" + os.urandom(0) + bytes([0, 0, 0, 13]) + b"IHDR" + bytes(200),
        b"PK\x03\x04" + bytes([20, 0, 0, 0, 8, 0]) + bytes(range(1, 200)),
    ],
)
def test_binary_input_is_an_error(data):
    with pytest.raises(IngestError, match=r"^blob\.bin: (binary|undecodable) file"):
        decode(data, name="blob.bin")


def test_c1_references_mean_windows_1252():
    assert fix_c1_references("&#0147;引号&#0148; &#151; &#x80;") == "“引号” — €"
    assert fix_c1_references("&#129;") == "&#129;"  # unassigned in cp1252: left alone


HTML = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>紙價上漲 - 中華紙業網</title>
<meta property="og:title" content="紙價上漲">
<meta name="date" content="2021-03-01">
<link rel="canonical" href="https://example.com/news/1.html">
</head><body>
<div class="nav">當前位置：首頁 &gt; 新聞</div>
<article>
<h1>紙價上漲</h1>
<p>今年以來，紙價持續上漲，多家紙企發布漲價函&#0147;通知&#0148;。業內人士表示，這一趨勢仍將持續一段時間，下游包裝企業壓力明顯增大。</p>
<h2>成本推動</h2>
<p>廢紙和紙漿價格上行是主要原因。進口紙漿價格比去年同期上漲了百分之三十，國內廢紙價格也同步走高。</p>
</article>
<div class="footer">Copyright © 2002-2021 中華紙業網 版權所有 蘇ICP備10216876號</div>
</body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "big5", "gb18030"])
def test_html_article(charset):
    data = HTML.replace("{charset}", charset).encode(charset, "xmlcharrefreplace")
    raw = read(data, name="page.html")
    assert raw.format == "html"
    doc = prepare_bytes(data, name="page.html")
    assert doc.metadata.title == "纸价上涨"
    assert doc.metadata.date == "2021-03-01"
    assert doc.metadata.url == "https://example.com/news/1.html"
    kinds = [(b.kind, b.source[:6]) for b in doc.blocks]
    assert ("heading", "成本推动") in kinds
    body = "".join(b.source for b in doc.blocks)
    assert "“通知”" in body  # &#0147; / &#0148; are curly quotes
    assert "今年以来，纸价持续上涨" in body and "百分之三十" in body
    assert "版权所有" not in body and "ICP" not in body and "当前位置" not in body


# --- HTML sniffing: one linear scan, the same answers as the regex it replaced --------

_OLD_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|article)\b", re.IGNORECASE | re.DOTALL)


def _old_is_html(text: str) -> bool:
    return bool(_OLD_SNIFF.match(text[:2048].encode("utf-8", "ignore")))


_SNIFF_PIECES = ["<!--", "-->", "<!---->", "<!-- x -->", " ", "\n", "<p>", "<html>", "<DIV class=a>", "<pre>",
                 "<script>", "<!doctype html>", "<!DOCTYPE  HTML>", "--", "-", ">", "<", "x", "字", "<body", "<article>"]


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.sampled_from(_SNIFF_PIECES), max_size=8))
def test_html_sniff_agrees_with_the_regex_it_replaced(pieces):
    text = "".join(pieces)
    assert page_html._starts_like_html(text) == _old_is_html(text)
    if _old_is_html(text):  # the whole-document judgement accepts every page the start did
        assert is_html(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!---->" * 280 + "<html><body>", True),  # the regex took 6 s for 24 comments and never finished 30
        ("<!-- a -->\n" * 150 + "<div>正文</div>", True),
        ("<!---->" * 280 + "<script>var x;</script>", False),
        ("<!-- a --> text --> <p>", True),  # the regex could end the comment at the second -->
        ("<!-- never closed <p>", False),
        ("\ufeff  \n<!DOCTYPE html>", False),  # read() strips the BOM first; a BOM is no space
        ("  <HTML lang=zh>", True),
        ("<pre>x</pre>", False),
    ],
)
def test_html_sniff_with_many_leading_comments(text, expected):
    assert page_html._starts_like_html(text) is expected


def test_html_sniff_tries_each_comment_end_once(monkeypatch):
    class Counting:
        def __init__(self, pattern):
            self.pattern, self.calls = pattern, 0

        def match(self, *args):
            self.calls += 1
            return self.pattern.match(*args)

    counter = Counting(page_html._HTML_START_TAG)
    monkeypatch.setattr(page_html, "_HTML_START_TAG", counter)
    assert not is_html("<!-- c -->" * 200 + "<script>")
    assert counter.calls == 201  # once before the comments, once after each


# --- binary anywhere, invisible-only files -----------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 300,  # control bytes that are valid UTF-8
        b"\x00" * 100 + b"\x01\x02" * 500,  # NULs: charset detection takes over
        b"IHDR\x00\x00\x01\x00\x08\x06\x00\x00\x00\x1f\xf3\xffa" * 200,
    ],
)
def test_binary_tail_after_text_is_refused(tail):
    text = (SIMP * 300).encode("utf-8")  # far more than the 8 KB once checked
    assert len(text) > 8192
    with pytest.raises(IngestError, match=r"^mixed\.txt: (binary|undecodable) file"):
        decode(text + tail, name="mixed.txt")


def test_a_few_stray_control_characters_are_not_binary():
    text = (SIMP * 5 + "\x07") * 100  # one BEL in 166 characters: under 1% of any window
    assert decode(text.encode("utf-8"), name="x.txt")[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "\u200b",
        "\u200b\u200c\u200d\ufeff\u00ad\n\u2060",
        "\ufeff\ufeff \t\r\n\u3000\u200b",
        "\u2028\u200b\u2029\x85\u200e\u202a\ufe0f",
        "\u3164\u115f\u2800\U000e0041",
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
def test_only_invisible_characters_is_not_an_article(text, encoding):
    message = r"^zw\.txt: no article text: the file holds only invisible or whitespace characters"
    with pytest.raises(IngestError, match=message):
        decode(text.encode(encoding), name="zw.txt")


def test_invisible_characters_around_text_are_fine():
    text, _ = decode("\u200b江西\u200b".encode(), name="x.txt")
    assert text == "\u200b江西\u200b"
    doc = prepare_bytes("\u200b\u200b\n江西省。\u200b\n".encode(), name="x.txt")
    assert [s.source for s in doc.segments()] == ["江西省。"]


def test_html_page_whose_text_is_invisible_is_refused():
    page = "<html><body><article>" + "<p>\u200b\u200b\u200b</p>" * 20 + "</article></body></html>"
    with pytest.raises(IngestError, match=r"^zw\.html: no article text"):
        read(page.encode(), name="zw.html")


# --- decoding: strict fallbacks where detection fails, UTF-16 without a BOM -----------------


def _random_gb_text(seed: int, n: int) -> str:
    rng = random.Random(seed)
    return "".join("\n" if i % 50 == 49 else chr(rng.randint(0x4E00, 0x9FA5)) for i in range(n))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_valid_gb18030_is_never_refused_because_the_guess_failed(seed):
    # Texts of rare characters, the shape charset-normalizer gave up on (about 10%
    # of valid GB18030 texts between 14k and 200k characters).
    text = _random_gb_text(seed, 16_000)
    decoded, enc = decode(text.encode("gb18030"), name="gb.txt")
    assert (decoded, enc) == (text, "gb18030")


class _Guess:
    def __init__(self, encoding):
        self.encoding = encoding


class _Results:
    def __init__(self, best):
        self._best = best

    def best(self):
        return self._best


@pytest.mark.parametrize("guess", [None, _Guess("utf_32")])  # no guess; a guess that does not decode
@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (SIMP * 5, "gb18030", "gb18030"),
        (TRAD * 5, "big5", "big5-hkscs"),  # Big5 bytes are valid GB18030 too: the plausible reading wins
        ("新冠肺炎疫情防控。", "gbk", "gb18030"),
        (TRAD + "\n", "utf-8", "utf-8"),
    ],
)
def test_strict_decodes_take_over_when_the_guess_is_missing_or_wrong(monkeypatch, guess, text, encoding, expected):
    import charset_normalizer

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: _Results(guess))
    data = text.encode(encoding)
    if encoding == "utf-8":
        data = b"\x00" + data  # a NUL keeps it from the UTF-8 shortcut
        text = "\x00" + text
    assert decode(data, name="x.txt") == (text, expected)


@pytest.mark.parametrize("endian", ["le", "be"])
@pytest.mark.parametrize(
    "text",
    [
        TRAD,  # no ASCII, no line break: no zero byte at all
        SIMP + "\n第二行，2020年。\n",
        "江西:特色產業(yè)扛起扶貧重任\n\n發(fā)布日期:2020-06-04   來源:中國電子報\n",
    ],
)
def test_utf16_without_bom_is_text(endian, text):
    decoded, enc = decode(text.encode(f"utf-16-{endian}"), name="u16.txt")
    assert (decoded, enc) == (text, f"utf-16-{endian}")


def test_utf16_without_bom_sample_article(sample_bytes, sample_doc):
    text = sample_bytes.decode("utf-8")
    for endian in ("le", "be"):
        doc = prepare_bytes(text.encode(f"utf-16-{endian}"), name="u16.txt")
        assert doc.input["encoding"] == f"utf-16-{endian}"
        assert [b.to_dict() for b in doc.blocks] == [b.to_dict() for b in sample_doc.blocks]


def test_binary_with_zero_bytes_is_not_mistaken_for_utf16():
    data = bytes([0, 1, 0, 2, 0, 3, 0, 0x10, 0x20, 0, 0xFF, 0xD8]) * 100
    with pytest.raises(IngestError, match=r"^z\.bin: binary file"):
        decode(data, name="z.bin")


# --- dates: only real ones ---------------------------------------------------------------

PAGE = "<html><head>{head}</head><body>{before}<article><p>{body}</p><p>第二段内容，工作扎实推进。</p></article></body></html>"
BODY = "全省在2000多个贫困村开展产业扶贫工作，取得了显著成效，群众收入大幅提高。"


@pytest.mark.parametrize(
    ("head", "before", "body", "date"),
    [
        ("", "", BODY, None),  # htmldate's extensive search read "2000" as 2000-01-01
        ("", "", "1999年全县有贫困人口3万，如今全部脱贫，群众生活水平显著提高。", None),
        ("<meta name='date' content='2021-03-01'>", "", BODY, "2021-03-01"),
        ("<meta property='article:published_time' content='2021-03-01T10:00:00+08:00'>", "", BODY, "2021-03-01"),
        ("<meta property='article:published_time' content='March 1, 2021'>", "", BODY, "2021-03-01"),
        ("", "<div class='date'>发布时间：2021-03-01</div>", BODY, "2021-03-01"),
        ("", "<time datetime='2021-03-01T08:00'>3月1日</time>", BODY, "2021-03-01"),
    ],
)
def test_html_date_comes_only_from_a_written_date(head, before, body, date):
    doc = prepare_bytes(PAGE.format(head=head, before=before, body=body).encode(), name="d.html")
    assert doc.metadata.date == date


def test_text_body_numbers_never_make_a_date():
    doc = prepare_bytes(f"标题\n\n{BODY}\n\n时间：2000多个\n".encode(), name="d.txt")
    assert doc.metadata.date is None
    doc = prepare_bytes(f"标题\n\n发布日期：2020-06-04\n\n{BODY}\n".encode(), name="d.txt")
    assert doc.metadata.date == "2020-06-04"


@pytest.mark.parametrize(
    ("page", "iso", "expected"),
    [
        ("content='2021-03-01'", "2021-03-01", True),
        ("2021/3/1", "2021-03-01", True),
        ("2021年3月1日", "2021-03-01", True),
        ("20210301", "2021-03-01", True),
        ("1 Mar 2021", "2021-03-01", True),
        ("在2000多个贫困村", "2000-01-01", False),
        ("2021-03-011", "2021-03-01", False),
        ("12021-03-01", "2021-03-01", False),
        ("2021-03", "2021-03-01", False),
        ("", "not a date", False),
    ],
)
def test_date_written_in(page, iso, expected):
    assert page_html._date_written_in(page, iso) is expected


# --- a page of one encoding with a few broken byte sequences ----------------------------------------


def _gbk_with_cut_characters(cuts: int) -> bytes:
    """A GBK page of many paragraphs where ``cuts`` of them have a character cut in two (its lead byte
    left before an ASCII quote), which no strict decode accepts."""
    para = SIMP.encode("gbk")
    cut = SIMP[:4].encode("gbk") + b"\xb0" + b' &quot;' + SIMP[4:].encode("gbk")
    parts = [cut if i < cuts else para for i in range(60)]
    return b"<html><head><meta charset='gb2312'></head><body>" + b"".join(b"<p>" + p + b"</p>\n" for p in parts) + b"</body></html>"


def test_a_page_with_a_few_broken_sequences_is_read_as_a_browser_reads_it():
    data = _gbk_with_cut_characters(2)
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    text, encoding = decode(data, name="page.html")
    assert encoding == "gb18030"
    assert text.count("\ufffd") == 2  # each broken sequence is one replacement character, where it stood
    assert text.count(SIMP) == 58 and f"{SIMP[:4]}\ufffd &quot;{SIMP[4:]}" in text
    doc = prepare_bytes(data, name="page.html")
    assert sum(SIMP[5:20] in b.source for b in doc.blocks) == 60  # every paragraph kept
    assert sum(b.source.count("\ufffd") for b in doc.blocks) == 2  # the lost bytes still show where they were
    flagged = [s for b in doc.blocks for s in b.segments if any(f.code == "mojibake" for f in s.flags)]
    assert len(flagged) == 2 and all("\ufffd" in s.source for s in flagged)  # and are flagged there


def test_many_broken_sequences_are_still_refused():
    data = _gbk_with_cut_characters(60)  # one in every 34 characters: not a page with a few cut characters
    with pytest.raises(IngestError, match=r"^page\.html: undecodable file"):
        decode(data, name="page.html")
