"""Glossary rows are read with the csv module's rules: nothing is cut, split or lost silently."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.errors import GlossaryError
from translator.store.glossary import Glossary

HEADER3 = "source\ttarget\tnote\n"
HEADER4 = "source\ttarget\tnote\tkind\n"


def _load(tmp_path: Path, text: str, name: str = "g.tsv") -> Glossary:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return Glossary.load([path], shipped=False)


# Every character str.splitlines() treats as a line break, though a TSV line ends only at \n or \r\n.
SPLITLINES_ONLY = ["\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", SPLITLINES_ONLY, ids=[f"U+{ord(c):04X}" for c in SPLITLINES_ONLY])
def test_unicode_line_separators_stay_inside_their_field(tmp_path: Path, char: str) -> None:
    g = _load(tmp_path, HEADER4 + f"吉安\tJi'an{char}City\tnote{char}more\tterm\n于都\tYudu\t\tterm\n")
    assert set(g.terms) == {"吉安", "于都"}  # no bogus term made of the text after the separator
    assert g.terms["吉安"].target == f"Ji'an{char}City"
    assert g.terms["吉安"].note == f"note{char}more"
    assert g.terms["于都"].origin == "g.tsv:3"  # line numbers count real lines only


@pytest.mark.parametrize(
    ("header", "row", "cells", "columns"),
    [
        (HEADER3, "吉安\tJi'an\tCity\tmy note\n", 4, 3),  # a tab inside the target, no kind column
        (HEADER3, "吉安\tJi'an\tnote\t\tstray\n", 5, 3),
        (HEADER4, "吉安\tJi'an\tCity\tnote\tterm\n", 5, 4),
    ],
)
def test_a_row_with_more_cells_than_the_header_is_an_error(
    tmp_path: Path, header: str, row: str, cells: int, columns: int
) -> None:
    with pytest.raises(GlossaryError) as info:
        _load(tmp_path, header + "于都\tYudu\t\n" + row)
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'g.tsv'}: line 3: {cells} tab-separated cells")
    assert f"has {columns} columns" in message
    assert "\n" not in message


def test_trailing_empty_cells_are_not_extra_columns(tmp_path: Path) -> None:
    g = _load(tmp_path, "source\ttarget\tnote\t\n吉安\tJi'an\tcity\t\t\t\n于都\tYudu\n")
    assert (g.terms["吉安"].target, g.terms["吉安"].note) == ("Ji'an", "city")
    assert g.terms["于都"].target == "Yudu"


@pytest.mark.parametrize("size", [csv.field_size_limit() + 1, 1_000_000])
def test_an_absurdly_long_field_names_file_and_line(tmp_path: Path, size: int) -> None:
    with pytest.raises(GlossaryError) as info:
        _load(tmp_path, HEADER3 + "吉安\tJi'an\t\n# comment\n于都\t" + "x" * size + "\t\n")
    assert str(info.value).startswith(f"{tmp_path / 'g.tsv'}: line 4: a field is longer than 131,072 characters")


def test_line_endings_and_comments(tmp_path: Path) -> None:
    g = _load(tmp_path, "# shipped by us\r\n\r\nsource\ttarget\tnote\r\n吉安\tJi'an\t\r\n  # indented comment\r\n于都\tYudu\t\r\n")
    assert [(t.source, t.origin) for t in g.terms.values()] == [("吉安", "g.tsv:4"), ("于都", "g.tsv:6")]


def test_a_field_at_the_size_limit_loads(tmp_path: Path) -> None:
    long_note = "n" * (csv.field_size_limit() - 1)
    g = _load(tmp_path, HEADER3 + f"吉安\tJi'an\t{long_note}\n")
    assert g.terms["吉安"].note == long_note


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\r\n"), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and not s.startswith("#"))


@settings(max_examples=60, deadline=None)
@given(rows=st.dictionaries(_cell, st.tuples(_cell, st.text(alphabet="abc \u2028\x85", max_size=5)), min_size=1, max_size=8))
def test_any_rows_without_tabs_or_newlines_round_trip(tmp_path_factory: pytest.TempPathFactory, rows: dict[str, tuple[str, str]]) -> None:
    """Whatever the cells hold (other than tab and newline), each row is one term, exactly as written."""
    text = HEADER3 + "".join(f"{src}\t{tgt}\t{note}\n" for src, (tgt, note) in rows.items())
    g = _load(tmp_path_factory.mktemp("prop"), text)
    assert {s: (t.target, t.note) for s, t in g.terms.items()} == {s: (t, n.strip()) for s, (t, n) in rows.items()}
