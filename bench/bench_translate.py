"""Translation throughput: our ArgosEngine vs raw CTranslate2 vs argostranslate's own path.

Run by hand::

    .venv/bin/python bench/bench_translate.py            # the real benchmark (a few minutes)
    .venv/bin/python bench/bench_translate.py --quick    # tiny model, seconds: does it run?

``--quick`` is what the test suite runs (tests/bench/test_bench_quick.py):
it must finish and print every key of ``KEYS``; its figures mean nothing.

The model is a stand-in for Argos's translate-zh_en: a Transformer base
(6+6 layers, d_model 512, FFN 2048, 8 heads, 32k vocabulary, int8) with
random weights, built by tests/tinyargos.py and installed with our own
installer into a temporary packages directory.  Random weights never emit
</s>, so every output runs to the decoding cap; the cap is the same
function of the source length in (a), (b) and (c): the length rounded up to a
multiple of 8, plus 10 (``ArgosEngine.decoding_cap`` with
``length_ratio=1, length_extra=10``).

(a) ``ArgosEngine.translate_batch`` on all segments (tokenization and
    detokenization included).
(b) raw ``ctranslate2.Translator.translate_batch`` on the same token lists
    (tokenized beforehand, not timed), same settings, one asynchronous call
    per length bucket, CTranslate2 doing its own sorting and token batching.
    (a) and (b) run ``--rounds`` times, alternating; the best round counts.
(c) ``argostranslate.translate.apply_packaged_translation`` with
    argostranslate's default settings (its own Translator: inter_threads 1,
    intra_threads 0, beam 4, 32-token batches, length_penalty 0.2), fed one
    of our segments at a time through a sentencizer that returns it as is,
    so no sentence-boundary model is loaded or downloaded; the only change
    is the decoding cap, added by a thin wrapper around its Translator.
    Slow, so it runs on a subset; its rate is measured on that subset.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

ARTICLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("segments", "source_tokens_mean", "engine_s", "engine_sentences_per_s", "raw_s", "raw_sentences_per_s",
        "argos_segments", "argos_s", "argos_sentences_per_s", "ratio_raw", "ratio_argos")


def split_sentences(paragraph: str) -> list[str]:
    """Our sentence splitter, ``translator.prepare.segment.sentences``."""
    from translator.prepare import segment

    return [paragraph[s.start : s.end] for s in segment.sentences(paragraph) if paragraph[s.start : s.end].strip()]


def load_segments(minimum: int) -> tuple[list[str], int]:
    """At least ``minimum`` segments: the article's sentences, repeated as needed."""
    text = ARTICLE.read_text(encoding="utf-8")
    sentences = [s for line in text.splitlines() if line.strip() for s in split_sentences(line.strip())]
    repeats = -(-minimum // len(sentences))
    return sentences * repeats, len(sentences)


class CappedTranslator:
    """argostranslate's CTranslate2 Translator, plus the benchmark's decoding cap."""

    def __init__(self, translator, cap) -> None:
        self._translator = translator
        self._cap = cap

    def translate_batch(self, source, target_prefix=None, **options):
        longest = max(len(s) for s in source)
        prefix = len(target_prefix[0]) if target_prefix and target_prefix[0] else 0
        options["max_decoding_length"] = self._cap(longest) + prefix
        return self._translator.translate_batch(source, target_prefix, **options)


class GivenSentences:
    """A sentencizer for argostranslate that returns our segment unchanged (no SBD model)."""

    def split_sentences(self, text: str) -> list[str]:
        return [text]


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=520, help="at least this many segments (default 520)")
    parser.add_argument("--argos-subset", type=int, default=64, help="segments for (c) (default 64)")
    parser.add_argument("--rounds", type=int, default=2, help="time (a) and (b) this many times, alternating; best counts")
    parser.add_argument("--quick", action="store_true", help="tiny model and few segments: a smoke run")
    args = parser.parse_args(argv)

    work = tempfile.TemporaryDirectory(prefix="bench-translate-")
    root = Path(work.name)
    from helpers.tinyargos import argos_env, build_tiny_package, default_corpus

    os.environ.update(argos_env(root))  # before argostranslate is first imported

    import ctranslate2
    import sentencepiece

    from translator.engines import argos_install
    from translator.engines.argos import ArgosEngine

    segments, article_sentences = load_segments(args.segments)
    if args.quick:  # a few segments, once
        segments, args.argos_subset, args.rounds = segments[:16], 4, 1
    subset = segments[: min(args.argos_subset, len(segments))]

    if args.quick:
        shape = dict(num_layers=2, num_heads=2, d_model=64, ffn=128, vocab_size=None)
    else:
        shape = dict(num_layers=6, num_heads=8, d_model=512, ffn=2048, vocab_size=32000)
    start = time.perf_counter()
    package_file = build_tiny_package(
        root / "build",
        spm_vocab_size=8000,
        corpus_text=ARTICLE.read_text(encoding="utf-8") + "\n" + default_corpus(),
        **shape,
    )
    installed = argos_install.install_from_file(package_file)
    built_s = time.perf_counter() - start

    engine = ArgosEngine(installed, length_ratio=1.0, length_extra=10)
    engine.load()
    sp = sentencepiece.SentencePieceProcessor(model_file=str(installed.sentencepiece_model))
    tokens = sp.encode(segments, out_type=str)
    print(
        f"model: {'tiny' if args.quick else 'Transformer-base stand-in'} "
        f"({shape['num_layers']}+{shape['num_layers']} layers, d={shape['d_model']}, ffn={shape['ffn']}, "
        f"{shape['num_heads']} heads, vocab {shape['vocab_size'] or sp.get_piece_size()}, int8, random weights; "
        f"built and installed in {built_s:.1f}s)"
    )
    print(f"input: {article_sentences} sentences of {ARTICLE.name} (translator.prepare.segment), repeated")
    print(f"segments={len(segments)}")
    print(f"source_tokens_mean={statistics.mean(map(len, tokens)):.1f}")
    print(
        f"settings (a)(b): beam {engine.beam_size}, compute {engine.compute_type} "
        f"(runs {engine.describe()['decoding']['compute_type']}), inter_threads {engine.inter_threads}, "
        f"intra_threads {engine.intra_threads}, max_batch_size {engine.max_batch_size} tokens, "
        f"no_repeat_ngram_size {engine.no_repeat_ngram_size}; cap = source length rounded up to 8, + 10"
    )

    # (a) our engine, (b) raw CTranslate2 on the same token lists ---------------
    raw = ctranslate2.Translator(
        str(installed.model_dir),
        device=engine.device,
        compute_type=engine.compute_type,
        inter_threads=engine.inter_threads,
        intra_threads=engine.intra_threads,
    )
    options = dict(
        max_batch_size=engine.max_batch_size,
        batch_type="tokens",
        beam_size=engine.beam_size,
        no_repeat_ngram_size=engine.no_repeat_ngram_size,
        repetition_penalty=engine.repetition_penalty,
        max_input_length=engine.max_input_length,
        return_scores=True,
    )
    buckets: dict[int, list[list[str]]] = {}
    for toks in tokens:
        buckets.setdefault(engine.decoding_cap(len(toks)), []).append(toks)

    def run_engine() -> None:
        out = engine.translate_batch(segments)
        assert len(out) == len(segments) and all(t.text for t in out)

    def run_raw() -> None:
        futures = []
        for cap, group in sorted(buckets.items(), reverse=True):
            futures += raw.translate_batch(group, asynchronous=True, max_decoding_length=cap, **options)
        assert len([f.result() for f in futures]) == len(tokens)

    engine.translate_batch(segments[:4])  # warm-up
    raw.translate_batch(tokens[:4], max_decoding_length=8, **options)
    timings: dict[str, list[float]] = {"a": [], "b": []}
    for _ in range(max(1, args.rounds)):
        for label, run in (("a", run_engine), ("b", run_raw)):
            start = time.perf_counter()
            run()
            timings[label].append(time.perf_counter() - start)
    a_s, b_s = min(timings["a"]), min(timings["b"])
    a, b = rate(len(segments), a_s), rate(len(segments), b_s)
    every = lambda label: ", ".join(f"{t:.1f}s" for t in timings[label])  # noqa: E731
    print(f"(a) ArgosEngine, rounds: {every('a')}; (b) raw ctranslate2, rounds: {every('b')}")
    print(f"engine_s={a_s:.2f}")
    print(f"engine_sentences_per_s={a:.2f}")
    print(f"raw_s={b_s:.2f}")
    print(f"raw_sentences_per_s={b:.2f}")

    # (c) argostranslate's own path -----------------------------------------
    from argostranslate import package as argos_package
    from argostranslate import settings as argos_settings
    from argostranslate import translate as argos_translate

    pkg = argos_package.Package(installed.path)
    params = {
        "model_path": str(installed.model_dir),
        "device": argos_settings.device,
        "inter_threads": argos_settings.inter_threads,
        "intra_threads": argos_settings.intra_threads,
    }
    if argos_settings.compute_type != "auto":
        params["compute_type"] = argos_settings.compute_type
    argos_translator = CappedTranslator(ctranslate2.Translator(**params), engine.decoding_cap)
    sentencizer = GivenSentences()
    argos_translate.apply_packaged_translation(pkg, subset[0], argos_translator, sentencizer, 1)  # warm-up
    start = time.perf_counter()
    argos_out = [
        argos_translate.apply_packaged_translation(pkg, text, argos_translator, sentencizer, 1)[0].value
        for text in subset
    ]
    c_s = time.perf_counter() - start
    assert len(argos_out) == len(subset)
    c = rate(len(subset), c_s)
    print(
        f"(c) argostranslate on the first {len(subset)} segments; its settings: beam {argos_settings.beam_size}, "
        f"batch {argos_settings.batch_size} tokens, inter_threads {argos_settings.inter_threads}, "
        f"intra_threads {argos_settings.intra_threads}, compute_type {argos_settings.compute_type}"
    )
    print(f"argos_segments={len(subset)}")
    print(f"argos_s={c_s:.2f}")
    print(f"argos_sentences_per_s={c:.2f}")

    print(f"ratio_raw={a / b:.2f}")
    print(f"ratio_argos={a / c:.2f}")
    work.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
