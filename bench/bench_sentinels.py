"""Which glossary sentinel form survives a model?  Run by hand.

    .venv/bin/python bench/bench_sentinels.py [--package DIR] [--limit N]

For every sentinel style of :mod:`translator.engines.wrappers` it measures,
on the sentences of the sample article with their glossary terms masked:

* ``tokenizer``: the share of sentinels that survive the package's own
  sentencepiece encode → decode (a form the tokenizer maps to <unk> can
  never come back, whatever the model);
* ``model``: the share found again in the model's output (restorable by
  the wrapper's tolerant search).

With no ``--package`` it uses the installed zh→en package; without one it
builds the tiny random-weight test package (then the ``model`` column is
meaningless, but the ``tokenizer`` column is still the tokenizer's truth).
The wrapper's default order (``DEFAULT_STYLES``) should follow this table
for the real model.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--package", type=Path, help="an installed Argos package folder")
    ap.add_argument("--limit", type=int, default=60, help="segments with terms to try")
    args = ap.parse_args()

    from translator.engines.argos import ArgosEngine
    from translator.engines.argos_packages import find_zh_en, read_installed
    from translator.engines.wrappers import STYLES, mask
    from translator.errors import ModelError
    from translator.prepare.pipeline import prepare_bytes
    from translator.store.glossary import Glossary

    if args.package:
        package = read_installed(args.package)
    else:
        try:
            package = find_zh_en()
        except ModelError:
            sys.path.insert(0, str(ROOT / "tests"))
            from tinyargos import build_tiny_package

            from translator.engines.argos_install import install_from_file

            tmp = Path(tempfile.mkdtemp())
            package = install_from_file(build_tiny_package(tmp / "build"), tmp / "packages")
            print("note: no zh→en package installed; using the tiny random test model (model column meaningless)")
    engine = ArgosEngine(package=package, beam_size=2)
    sp = engine._loaded().sp  # the package's own tokenizer

    glossary = Glossary.load()
    doc = prepare_bytes(SAMPLE.read_bytes())
    cases = [(s.source, glossary.match(s.source)) for s in doc.segments()]
    cases = [(src, ms) for src, ms in cases if ms][: args.limit]
    total = sum(len(ms) for _, ms in cases)
    print(f"package: {package.name} {package.version}; {len(cases)} segments, {total} sentinels")
    print(f"{'style':8s} {'example':10s} {'tokenizer':>10s} {'model':>8s}")
    for name, style in STYLES.items():
        masked = [mask(src, ms, style) for src, ms in cases]
        tok_ok = model_ok = 0
        outs = engine.translate_batch(masked)
        for (_src, ms), m, out in zip(cases, masked, outs):
            decoded = sp.decode(sp.encode(m, out_type=int))
            for i in range(1, len(ms) + 1):
                tok_ok += bool(style.find(i).search(decoded))
                model_ok += bool(style.find(i).search(out.text))
        print(f"{name:8s} {style.make(1):10s} {tok_ok / total:10.1%} {model_ok / total:8.1%}")


if __name__ == "__main__":
    main()
