"""Property tests of the XLIFF and TMX readers: arbitrary bytes and near-valid files raise only the
project's own error (:class:`~translator.formats.FormatError`), never another exception.

Near-valid files are real exports (a reviewed sample's XLIFF 2.1 and 1.2, a
TMX of its approved segments) with pieces cut out, repeated or inserted from
a list of hostile snippets (entity declarations, ``<cp>`` with surrogates,
deep JSON properties, stray end tags, NUL, bytes that are not UTF-8).  A
reader either reads the file or refuses it with one FormatError.
``HYPOTHESIS_PROFILE=long`` runs many more examples.
"""

from __future__ import annotations

import os

from helpers.samples import reviewed_sample
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.formats import FormatError
from translator.formats.tmx import document_entries, export_tmx, read_tmx
from translator.formats.xliff import export_xliff, export_xliff12, read_xliff

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
DOC = reviewed_sample()
XLIFF21 = export_xliff(DOC)
XLIFF12 = export_xliff12(DOC)
TMX = export_tmx(document_entries(DOC), created="2024-05-01T12:00:00+00:00")

SNIPPETS = [
    b'<cp hex="D800"/>', b'<cp hex="110000"/>', b'<cp hex="x"/>', b'<cp hex="1B"/>', b"<cp/>",
    b'<!DOCTYPE x [<!ENTITY a "b">]>', b"&a;", b"&#0;", b"&#xD800;", b"]]>", b"<![CDATA[x]]>", b"\x00", b"\xff\xfe", b"\xc3",
    b'<prop type="x-json-origin">' + b"[" * 3000 + b"</prop>", b'<prop type="x-json-a">{"a": [1, </prop>',
    b'<prop type="x-origin">x</prop>', b"</tu>", b"<tu>", b"<tuv>", b"<seg>", b"</seg>", b'<tuv xml:lang="en"><seg/></tuv>',
    b'creationdate="2024"', b'creationdate="not a date"', b'xml:lang="zh"', b"</unit>", b"<unit>", b'<unit id="x">',
    b"<target>", b"</target>", b"<segment>", b'state="final"', b'zhnews:document="other"', b"<ph/>", b"<mrk>", b"<?pi x?>",
    b"<!-- c -->", b'<?xml version="1.0" encoding="UTF-16"?>', b"\xef\xbb\xbf", "江西".encode(), b"<" * 300, b" xmlns=\"urn:x\"",
]


def _fuzz(examples: int) -> settings:
    return settings(max_examples=examples * 40 if LONG else examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def near(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with a few cuts, repeats and hostile insertions at random places."""
    data = base
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "cut", "repeat", "insert"]))
        if op == "insert":
            data = data[:at] + draw(st.sampled_from(SNIPPETS)) + data[at:]
        else:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data = data[:at] + data[end:] if op == "cut" else data[:end] + data[at:end] + data[end:]
    return data


def _reads_or_refuses(read, data: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        read(data)
    except FormatError as e:
        assert str(e).strip() and "\n" not in str(e).strip(), repr(str(e))


@_fuzz(60)
@given(st.one_of(st.binary(max_size=400), near(XLIFF21), near(XLIFF12)))
def test_the_xliff_reader_reads_or_refuses_with_its_own_error(data):
    _reads_or_refuses(lambda d: read_xliff(d, DOC, path="edited.xlf"), data)


@_fuzz(60)
@given(st.one_of(st.binary(max_size=400), near(TMX)))
def test_the_tmx_reader_reads_or_refuses_with_its_own_error(data):
    _reads_or_refuses(lambda d: read_tmx(d, path="memory.tmx"), data)


def test_the_unmutated_exports_read_back():
    assert len(read_xliff(XLIFF21, DOC)) == len(list(DOC.segments()))
    assert len(read_xliff(XLIFF12, DOC)) == len(list(DOC.segments()))
    assert len(read_tmx(TMX)) == len(document_entries(DOC)) > 0
