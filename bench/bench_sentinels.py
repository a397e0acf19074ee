"""Which glossary sentinel form survives a model?  Run by hand.

    .venv/bin/python bench/bench_sentinels.py [--package DIR] [--limit N] [--quick]

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
for the real model.  Prints one ``style=... tokenizer=... model=...`` line per
style.  ``--quick`` (the tiny test model, 5 segments) is what the test suite
runs: it must finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("package", "segments", "sentinels", "style", "example", "tokenizer", "model")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--package", type=Path, help="an installed Argos package folder")
    ap.add_argument("--limit", type=int, default=60, help="segments with terms to try")
    ap.add_argument("--quick", action="store_true", help="the tiny test model and 5 segments: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.limit = 5

    from translator.engines.argos import ArgosEngine
    from translator.engines.argos_packages import InstalledPackage, find_zh_en, read_installed
    from translator.engines.wrappers import STYLES, mask
    from translator.errors import ModelError
    from translator.prepare.pipeline import prepare_bytes
    from translator.store.glossary import Glossary

    work = tempfile.TemporaryDirectory(prefix="bench-sentinels-")

    def tiny() -> InstalledPackage:
        sys.path.insert(0, str(ROOT / "tests"))
        from helpers.tinyargos import build_tiny_package

        from translator.engines.argos_install import install_from_file

        tmp = Path(work.name)
        return install_from_file(build_tiny_package(tmp / "build"), tmp / "packages")

    if args.package:
        package = read_installed(args.package)
    elif args.quick:
        package = tiny()
    else:
        try:
            package = find_zh_en()
        except ModelError:
            package = tiny()
            print("note: no zh→en package installed; using the tiny random test model (model column meaningless)")
    engine = ArgosEngine(package=package, beam_size=2)
    sp = engine._loaded().sp  # the package's own tokenizer

    glossary = Glossary.load()
    doc = prepare_bytes(SAMPLE.read_bytes())
    cases = [(s.source, glossary.match(s.source)) for s in doc.segments()]
    cases = [(src, ms) for src, ms in cases if ms][: args.limit]
    total = sum(len(ms) for _, ms in cases)
    print(f"package={package.name.replace(' ', '_')}_{package.version}")
    print(f"segments={len(cases)}")
    print(f"sentinels={total}")
    for name, style in STYLES.items():
        masked = [mask(src, ms, style) for src, ms in cases]
        tok_ok = model_ok = 0
        outs = engine.translate_batch(masked)
        for (_src, ms), m, out in zip(cases, masked, outs):
            decoded = sp.decode(sp.encode(m, out_type=int))
            for i in range(1, len(ms) + 1):
                tok_ok += bool(style.find(i).search(decoded))
                model_ok += bool(style.find(i).search(out.text))
        print(f"style={name} example={style.make(1)} tokenizer={tok_ok / total:.3f} model={model_ok / total:.3f}")
    work.cleanup()


if __name__ == "__main__":
    main()
