"""Golden files: every export of the sample article, byte for byte (tool version and dates normalised).

The sample is translated with the real gloss engine and given a review's
marks (``helpers.samples.reviewed_sample``).  A deliberate change to
an export is recorded by running, from the repository root::

    PYTHONPATH=tests python tests/formats/test_golden.py --write

and committing tests/golden/formats/ with the reason.  Generating the files
twice, in two processes with different hash seeds, gives the same bytes.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.samples import _translated_json, article_glossary_terms, reviewed_sample

from translator import __version__
from translator.formats import exporter
from translator.formats.tmx import document_entries

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "formats"
NAMES = (
    "sample.side-by-side.html", "sample.interleaved.html", "sample.target.html", "sample.approved-only.html",
    "sample.xliff21.xlf", "sample.xliff12.xlf", "sample.tmx", "sample.glossary.tbx", "sample.glossary.csv", "sample.txt",
)


def outputs() -> dict[str, bytes]:
    """Every golden file's content, normalised."""
    doc = reviewed_sample()
    glossary = article_glossary_terms()
    raw = {
        "sample.side-by-side.html": exporter("html")(doc, layout="side-by-side"),
        "sample.interleaved.html": exporter("html")(doc, layout="interleaved"),
        "sample.target.html": exporter("html")(doc, layout="target"),
        "sample.approved-only.html": exporter("html")(doc, approved_only=True),
        "sample.xliff21.xlf": exporter("xliff")(doc),
        "sample.xliff12.xlf": exporter("xliff12")(doc),
        "sample.tmx": exporter("tmx")(document_entries(doc, statuses=("approved", "translated", "memory"))),
        "sample.glossary.tbx": exporter("tbx")(glossary, title="Glossary of the sample article"),
        "sample.glossary.csv": exporter("csv")(glossary),
        "sample.txt": exporter("txt")(doc),
    }
    return {name: normalise(data) for name, data in raw.items()}


_VERSION = re.compile(
    r'(version:|zh-news-translator |tool-version="|creationtoolversion="|<mda:meta type="tool-version">|tool-version: )'
    + re.escape(__version__)
)
_DATE = re.compile(r'\b(creationdate|changedate)="\d{8}T\d{6}Z"')


def normalise(data: bytes) -> bytes:
    """The tool's version and TMX dates replaced by placeholders."""
    text = data.decode("utf-8")
    text = _VERSION.sub(r"\1<VERSION>", text)
    text = _DATE.sub(r'\1="<DATE>"', text)
    return text.encode("utf-8")


def test_normalise_replaces_versions_and_dates_only():
    data = f'<tmx><header creationtoolversion="{__version__}" creationdate="20240501T120000Z"/>version:{__version__} 0.1</tmx>'
    assert normalise(data.encode()) == b'<tmx><header creationtoolversion="<VERSION>" creationdate="<DATE>"/>version:<VERSION> 0.1</tmx>'


@pytest.mark.parametrize("name", NAMES)
def test_export_matches_its_golden_file(name):
    got = outputs()[name]
    want = (GOLDEN / name).read_bytes()
    if got != want:
        diff = difflib.unified_diff(
            want.decode().splitlines(), got.decode().splitlines(), f"golden/{name}", "now", lineterm="", n=1
        )
        pytest.fail("export differs from its golden file:\n" + "\n".join(list(diff)[:60]))


def test_every_golden_file_is_tested():
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(outputs()) == sorted(NAMES)


def test_goldens_are_reproducible_across_processes_and_hash_seeds(tmp_path):
    here = outputs()
    _translated_json.cache_clear()  # translate again in this process too
    assert outputs() == here
    tests_dir = str(Path(__file__).resolve().parents[1])  # helpers/ is imported from tests/
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": os.pathsep.join(filter(None, [tests_dir, os.environ.get("PYTHONPATH")]))}
    subprocess.run([sys.executable, __file__, "--out", str(tmp_path)], check=True, env=env, timeout=300)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help="record tests/golden/formats/")
    group.add_argument("--out", type=Path, help="write the files into this folder instead")
    args = parser.parse_args()
    folder = GOLDEN if args.write else args.out
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in outputs().items():
        (folder / name).write_bytes(data)
        print(folder / name)


if __name__ == "__main__":
    main()
