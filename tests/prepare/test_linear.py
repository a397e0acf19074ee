"""Preparing an article costs work in proportion to its length, whatever its shape.

No clock here (bench/bench_scaling.py times the same shapes): each shape is
prepared at n and 2n characters, and the lines of Python executed in
``translator/`` are counted.  Linear work doubles; the quadratic loops these
shapes once hit (rescanning the open brackets for every closer, every
garbled span against every segment, every cut against every comma) made it
four times as much.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import translator
from translator.prepare.pipeline import prepare_text

PACKAGE = str(Path(translator.__file__).resolve().parent)
GARBLED = "地群众脱贫致富的步伐比如说".encode().decode("gbk", errors="replace")


def executed_lines(call: Callable[[], object]) -> int:
    """Lines of ``translator``'s own code that ``call`` executes."""
    count = 0

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):  # type: ignore[no-untyped-def]
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(calls)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


SHAPES: dict[str, tuple[int, Callable[[int], str], str]] = {
    "unmatched brackets": (300, lambda n: "（字" * n + "》字。" * n, "t2s"),
    "garbled spans in one paragraph": (60, lambda n: f"正常的句子。{GARBLED}。" * n, "t2s"),
    "one sentence, many commas": (1_500, lambda n: "字，" * n + "。", "t2s"),
    "no punctuation at all": (3_000, lambda n: "字" * n, "t2s"),
    "quotes never closed": (300, lambda n: "“他说。" * n, "t2s"),
    "short lines": (1_000, lambda n: "短行\n" * n, "t2s"),
    "pinyin annotations on one line": (300, lambda n: "產業(yè)" * n, "t2s"),
    "spaced marks on many lines": (300, lambda n: "字 , 字\n" * n, "t2s"),
    "tw2sp phrases in one paragraph": (100, lambda n: "他們的記憶體和軟體很好，做得不錯。" * n, "tw2sp"),
    "tw2sp phrases in a run without punctuation": (400, lambda n: "記憶體軟體" * n, "tw2sp"),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_work_grows_linearly(name):
    n, make, opencc = SHAPES[name]
    prepare_text(make(n), opencc=opencc)  # dictionaries and caches loaded outside the count
    once = executed_lines(lambda: prepare_text(make(n), opencc=opencc))
    twice = executed_lines(lambda: prepare_text(make(2 * n), opencc=opencc))
    assert once > 0
    assert twice <= 2.3 * once, f"{name}: {once} lines at n={n}, {twice} at 2n"
