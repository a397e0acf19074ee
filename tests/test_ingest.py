"""Bytes in: encodings, HTML pages, and input that is not an article."""

from __future__ import annotations

import os

import pytest

from translator.errors import IngestError
from translator.prepare.ingest import decode, fix_c1_references, read
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
