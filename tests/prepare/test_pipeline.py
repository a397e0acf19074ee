"""The pipeline on the shapes of issue 8: long tw2sp paragraphs, runs without punctuation,
many garbled spans, files that are not articles."""

from __future__ import annotations

import json
import re

import pytest

from translator.prepare import convert
from translator.prepare.pipeline import HARD_CUT_MESSAGE, prepare_bytes, prepare_text
from translator.prepare.segment import HARD_MAX

_SPACE = re.compile(r"\s+")


def _squeezed(text: str) -> str:
    return _SPACE.sub("", text)


# --- tw2sp: phrases that change the length ------------------------------------------------


def test_tw2sp_long_paragraph_originals_are_each_sentence(monkeypatch):
    sentence = "他們的記憶體和軟體很好，做得不錯。"
    n = 1_000
    text = sentence * n
    converted = 0
    real = convert.to_simplified

    def counting(t, config="t2s"):
        nonlocal converted
        converted += len(t)
        return real(t, config)

    monkeypatch.setattr(convert, "to_simplified", counting)
    doc = prepare_text(f"标题\n\n{text}", opencc="tw2sp")
    segments = doc.blocks[0].segments
    assert [s.source for s in segments] == ["他们的内存和软件很好，做得不错。"] * n
    assert [s.original for s in segments] == [sentence] * n
    # Each segment once converted the whole line about 40 times (2 MB never finished).
    assert converted <= 6 * len(text)


def test_tw2sp_spaced_marks_keep_every_character_of_the_original():
    line = "記憶體和軟體 工作 , 做到 ; 好 !"
    doc = prepare_text(f"标题\n\n{line}", opencc="tw2sp")
    segments = doc.blocks[0].segments
    assert [s.source for s in segments] == ["内存和软件 工作，做到；", "好！"]
    # once the first took "; " from the second, whose "!" was lost
    assert [s.original for s in segments] == ["記憶體和軟體 工作 , 做到 ;", "好 !"]


@pytest.mark.parametrize(
    "line",
    [
        "記憶體和軟體。記憶體和軟體。記憶體和軟體。",  # the same sentence three times
        "詹姆斯·卡麥隆說：「記憶體不夠。」然後？好！",
        "SQL隱碼攻擊、B型肝炎、老年失智症，記憶體" + "軟體" * 200 + "。",  # a hard cut inside phrases
    ],
)
def test_tw2sp_originals_cover_the_line_in_order(line):
    doc = prepare_text(f"标题\n\n{line}", opencc="tw2sp")
    segments = doc.blocks[0].segments
    assert _squeezed("".join(s.original for s in segments)) == _squeezed(line)
    assert all(s.original for s in segments)


# --- runs without punctuation ---------------------------------------------------------------


def test_run_without_punctuation_is_cut_and_flagged():
    text = "字" * 1_000
    doc = prepare_text(f"标题\n\n{text}")
    segments = doc.blocks[0].segments
    assert [len(s.source) for s in segments] == [HARD_MAX] * 3 + [100]
    assert [s.joins_next for s in segments] == [True, True, True, False]
    assert [[f.code for f in s.flags] for s in segments] == [["hard_cut"]] * 3 + [[]]
    flag = segments[0].flags[0]
    assert flag.message == HARD_CUT_MESSAGE.format(n=HARD_MAX) and flag.span is None
    assert "cut mechanically" in flag.message and "joins correctly" in flag.message
    assert "".join(s.original for s in segments) == text
    assert json.loads(doc.to_json())["blocks"][0]["segments"][0]["flags"] == [{"code": "hard_cut", "message": flag.message}]


def test_long_heading_from_html_is_cut_too():
    heading = "标题很长" * 100
    page = f"<html><body><article><h2>{heading}</h2><p>正文第一句话，内容充实。第二句话也在这里。</p></article></body></html>"
    doc = prepare_bytes(page.encode(), name="h.html")
    long_blocks = [b for b in doc.all_blocks() if "标题很长" in b.source]
    assert long_blocks and all(len(s.source) <= HARD_MAX for b in long_blocks for s in b.segments)
    assert any(s.has_flag("hard_cut") for b in long_blocks for s in b.segments)


def test_sample_has_no_hard_cuts(sample_doc):
    assert not any(s.has_flag("hard_cut") for s in sample_doc.segments())


# --- many garbled spans in one paragraph ------------------------------------------------------

GARBLED = "地群众脱贫致富的步伐比如说".encode().decode("gbk", errors="replace")


def test_many_garbled_spans_in_one_paragraph_each_flagged_in_place():
    n = 300
    doc = prepare_text("标题\n\n" + f"正常的句子。{GARBLED}。" * n)
    segments = doc.blocks[0].segments
    assert len(segments) == 2 * n
    for k, seg in enumerate(segments):
        codes = [f.code for f in seg.flags]
        if k % 2:
            assert codes == ["mojibake"], seg.source
            a, b = seg.flags[0].span
            assert 0 <= a < b <= len(seg.source) and b - a >= len(GARBLED) * 0.6
        else:
            assert codes == [], seg.source


# --- through the command line ----------------------------------------------------------------


def test_cli_refuses_an_invisible_file_and_goes_on(cli, tmp_path, sample_path):
    blank = tmp_path / "blank.txt"
    blank.write_text("\u200b\u200b\ufeff\u00ad\n\u2060", encoding="utf-8")
    result = cli("normalize", "--json", str(blank), str(sample_path))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert f"{blank}: no article text: the file holds only invisible or whitespace characters" in err
    assert "Traceback" not in err
    assert json.loads(result.stdout)[0]["metadata"]["title"] == "江西：特色产业扛起扶贫重任"


def test_cli_reads_utf16_without_bom(cli, tmp_path, sample_bytes):
    path = tmp_path / "u16.txt"
    path.write_bytes(sample_bytes.decode("utf-8").encode("utf-16-le"))
    result = cli("normalize", "--json", str(path))
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["input"]["encoding"] == "utf-16-le"
