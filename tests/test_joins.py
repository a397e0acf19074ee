"""Rejoining the English pieces of a sentence the segmenter split (translator/joins.py)."""

from __future__ import annotations

import pytest

from translator.document import Segment
from translator.formats.base import join_target
from translator.joins import continue_sentence, join, names_in


def test_the_issue_example_reads_as_one_sentence():
    assert join(["…strategic decision dispose,", "It set clear responsibilities."]) == (
        "…strategic decision dispose, it set clear responsibilities."
    )


@pytest.mark.parametrize(
    "piece,expected",
    [
        ("Clarified responsibilities,", "clarified responsibilities,"),
        ("The department then set targets.", "the department then set targets."),
        ("I think so.", "I think so."),
        ("I'm sure.", "I'm sure."),
        ("MIIT recommended it.", "MIIT recommended it."),
        ("IoT products spread.", "IoT products spread."),
        ("Nanchang University helped.", "Nanchang University helped."),
        ("Jiangxi is rich.", "Jiangxi is rich."),  # a name the caller knows
        ('"Company + base" models were used.', '"Company + base" models were used.'),  # a quotation keeps its capital
        ("already lower-case.", "already lower-case."),
        ("2019 was a good year.", "2019 was a good year."),
        ("", ""),
    ],
)
def test_continue_sentence(piece, expected):
    assert continue_sentence(piece, {"Jiangxi"}) == expected


def test_names_are_the_words_capitalised_inside_sentences():
    assert names_in(["Headline: good news. The office in Jiangxi, Nanchang said so."]) == {"Jiangxi", "Nanchang"}


def test_join_target_uses_the_pieces_own_names_and_skips_empty_pieces():
    pieces = [
        Segment("a", "甲，", "甲，", joins_next=True, target="Officials from Jiangxi met,"),
        Segment("b", "乙，", "乙，", joins_next=True, target=""),
        Segment("c", "丙。", "丙。", target="Jiangxi then acted, And it worked."),
    ]
    assert join_target(pieces) == "Officials from Jiangxi met, Jiangxi then acted, And it worked."
    pieces[2].target = "They acted."
    assert join_target(pieces) == "Officials from Jiangxi met, they acted."


def test_a_piece_after_a_full_stop_keeps_its_capital():
    assert join(["The first piece ended.", "The second starts anew."]) == "The first piece ended. The second starts anew."
    assert continue_sentence("The second.", after='He said "stop."') == "The second."
    assert continue_sentence("The second.", after="a comma,") == "the second."
