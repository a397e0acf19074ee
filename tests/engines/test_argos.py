"""ArgosEngine on a real (tiny, random-weight) Argos package.

The output text is gibberish by construction: these tests check the
plumbing (batching, order, empties, scores, provenance, prefix, suppression,
caching, errors), never translation quality.
"""

from __future__ import annotations

import math
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from helpers.tinyargos import argos_env, build_tiny_package

from translator.cli.models import models
from translator.engines import argos as argos_engine
from translator.engines.argos import ArgosEngine
from translator.engines.base import Engine, Translation
from translator.errors import EngineError, ModelError

SOURCES = [
    "国务院新闻办公室今天上午举行新闻发布会。",
    "会议要求，各级党委和政府要切实履行主体责任，确保各项政策措施落地见效，让改革发展成果更多更公平惠及全体人民。",
    "好。",
    "2019年，全省贫困县规模以上工业增加值增长8.6%。",
    "The State Council held a press conference.",
    "《中华人民共和国民法典》自2021年1月1日起施行。",
    "截至3月底，全国已建成5G基站19.8万个。",
    "“我们必须持续用力，做到‘三高’！”他说。",
    "𠀀𪛖（CJK 扩展 B）、全角数字１２３……",
    "外交部发言人在例行记者会上回答了有关问题。",
]


@pytest.fixture(scope="session")
def argos_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build the tiny package and install it with the real CLI into a temporary packages dir."""
    root = tmp_path_factory.mktemp("argos-engine")
    env = argos_env(root)
    package = build_tiny_package(root / "build")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        result = CliRunner().invoke(models, ["install", "--file", str(package)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {"env": env, "package": package, "installed": Path(env["ARGOS_PACKAGES_DIR"]) / "translate-zh_en-0_0_1"}


@pytest.fixture(scope="session")
def prefix_package_dir(tmp_path_factory: pytest.TempPathFactory, argos_home: dict[str, Any]) -> Path:
    """A package whose metadata.json has a target_prefix, installed in its own packages dir."""
    root = tmp_path_factory.mktemp("argos-prefix")
    package = build_tiny_package(root / "build", target_prefix="__en__", package_version="0.0.2", seed=7)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in argos_home["env"].items():
            mp.setenv(key, value)
        mp.setenv("ARGOS_PACKAGES_DIR", str(root / "packages"))
        result = CliRunner().invoke(models, ["install", "--file", str(package)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "packages" / "translate-zh_en-0_0_2"


@pytest.fixture(autouse=True)
def _argos_env(argos_home: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in argos_home["env"].items():
        monkeypatch.setenv(key, value)


class _Call:
    def __init__(self, source: list[list[str]], target_prefix: Any, options: dict[str, Any], results: list[Any]):
        self.source = source
        self.target_prefix = target_prefix
        self.options = options
        self.results = results

    def hypotheses(self) -> list[list[str]]:
        return [
            (r.result() if self.options.get("asynchronous") else r).hypotheses[0] for r in self.results
        ]


def _cap(longest: int, ratio: float = 2.0, extra: int = 10) -> int:
    """The engine's decoding cap: source length rounded up to a multiple of 8, times ratio, plus extra."""
    return min(256, math.ceil(ratio * (-(-longest // 8) * 8)) + extra)


def _hyp_by_source(engine: ArgosEngine, calls: list[_Call], sources: list[str]) -> list[list[str]]:
    """The hypotheses ``calls`` made (sources sorted by length, in batches) in the order of ``sources``."""
    hyps = {tuple(src): hyp for call in calls for src, hyp in zip(call.source, call.hypotheses())}
    return [hyps[tuple(_pieces(engine, s))] for s in sources]


class SpyTranslator:
    """Wraps the real ctranslate2.Translator and records every translate_batch call."""

    real: Any = None
    instances: list[SpyTranslator] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._real = SpyTranslator.real(*args, **kwargs)
        self.calls: list[_Call] = []
        SpyTranslator.instances.append(self)

    @property
    def compute_type(self) -> str:
        return self._real.compute_type

    def translate_batch(self, source: list[list[str]], target_prefix: Any = None, **options: Any) -> list[Any]:
        results = self._real.translate_batch(source, target_prefix, **options)
        self.calls.append(_Call(source, target_prefix, options, results))
        return results

    def score_batch(self, *args: Any, **kwargs: Any) -> Any:
        return self._real.score_batch(*args, **kwargs)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch):
    """Every model loaded during the test is a fresh SpyTranslator."""
    import ctranslate2

    argos_engine.clear_model_cache()
    SpyTranslator.real = ctranslate2.Translator
    SpyTranslator.instances = []
    monkeypatch.setattr(ctranslate2, "Translator", SpyTranslator)
    yield SpyTranslator
    argos_engine.clear_model_cache()


def _pieces(engine: ArgosEngine, text: str) -> list[str]:
    return engine._loaded().sp.encode(text, out_type=str)


def test_is_an_engine() -> None:
    engine = ArgosEngine()
    assert isinstance(engine, Engine)
    assert engine.name == "argos"


def test_many_inputs_keep_count_and_order(spy: type[SpyTranslator]) -> None:
    sources = [f"{i}：" + s * (1 + i % 3) for i, s in enumerate(SOURCES * 4)]  # 40 inputs, many lengths
    engine = ArgosEngine(max_batch_size=150, beam_size=2, length_ratio=0.5)
    out = engine.translate_batch(sources)
    assert len(out) == len(sources)
    assert all(isinstance(t, Translation) for t in out)

    (translator,) = spy.instances
    calls = translator.calls
    assert len(calls) > 3  # cut into several batches
    sent = [src for call in calls for src in call.source]
    assert sorted(map(tuple, sent)) == sorted(tuple(_pieces(engine, s)) for s in sources)
    lengths = [len(src) for src in sent]
    assert lengths == sorted(lengths, reverse=True)  # longest first
    for call in calls:
        assert call.options["batch_type"] == "tokens"
        assert max(map(len, call.source)) * len(call.source) <= 150 or len(call.source) == 1
        assert call.options["max_decoding_length"] == _cap(max(map(len, call.source)), ratio=0.5)
        assert len({-(-len(src) // 8) for src in call.source}) == 1  # one length bucket per call

    # every output is the decoded hypothesis of *its own* source
    sp = engine._loaded().sp
    for translation, hyp in zip(out, _hyp_by_source(engine, calls, sources)):
        assert translation.text == sp.decode(hyp).strip()


def test_empty_strings_skip_the_model(spy: type[SpyTranslator]) -> None:
    engine = ArgosEngine()
    assert engine.translate_batch([]) == []
    out = engine.translate_batch(["", "  ", "\n"])
    assert [t.text for t in out] == ["", "", ""]
    assert [t.score for t in out] == [None, None, None]
    assert spy.instances == []  # nothing loaded for an all-empty batch
    assert out[0].provenance["engine"] == "argos"

    out = engine.translate_batch(["", SOURCES[0], " ", SOURCES[2], ""])
    assert [t.text == "" for t in out] == [True, False, True, False, True]
    assert out[0].score is None and out[1].score is not None
    (translator,) = spy.instances
    assert sum(len(call.source) for call in translator.calls) == 2


def test_provenance_and_scores(argos_home: dict[str, Any]) -> None:
    out = ArgosEngine(beam_size=3).translate_batch(SOURCES)
    for t in out:
        assert t.provenance == {
            "engine": "argos",
            "model": "translate-zh_en",
            "model_version": "0.0.1",
            "beam_size": 3,
            "compute_type": "int8_float32",  # what CTranslate2 runs for compute_type="int8" on CPU
            "no_repeat_ngram_size": 3,
            "repetition_penalty": 1.0,
            "max_input_length": 1024,
            "max_decoding_length": 256,
            "length_ratio": 2.0,
            "length_extra": 10,
            "target_prefix": None,
        }
        assert isinstance(t.score, float) and math.isfinite(t.score) and t.score <= 0
        assert t.text


def _mean_logprob(engine: ArgosEngine, source: str, hyp: list[str], capped: bool) -> float:
    """Mean log-prob of ``hyp`` given ``source``, teacher-forced (score_batch appends </s>)."""
    loaded = engine._loaded()
    log_probs = loaded.translator.score_batch([_pieces(engine, source)], [hyp])[0].log_probs
    if capped:  # decoding stopped at the cap: no </s> was generated
        log_probs = log_probs[:-1]
    prefix = len(engine.package.target_prefix and [engine.package.target_prefix])
    return float(np.mean(log_probs[prefix:]))


def test_score_is_mean_token_logprob(spy: type[SpyTranslator]) -> None:
    # no_repeat_ngram_size=0: with it, CTranslate2 scores renormalised distributions
    engine = ArgosEngine(beam_size=2, no_repeat_ngram_size=0)
    out = engine.translate_batch(SOURCES[:4])
    calls = spy.instances[0].calls
    for source, translation, hyp in zip(SOURCES[:4], out, _hyp_by_source(engine, calls, SOURCES[:4])):
        capped = any(n["code"] == "length_capped" for n in translation.notes)
        assert translation.score == pytest.approx(_mean_logprob(engine, source, hyp, capped), abs=1e-3)


def test_model_loaded_once_per_settings(spy: type[SpyTranslator]) -> None:
    a, b = ArgosEngine(), ArgosEngine(beam_size=1)
    a.translate_batch(SOURCES[:3])
    a.translate_batch(SOURCES[3:6])
    b.translate_batch(SOURCES[:2])
    assert len(spy.instances) == 1  # beam size is a decoding option, not a model
    assert len(argos_engine.cached_models()) == 1
    ArgosEngine(compute_type="float32").translate_batch(SOURCES[:1])
    assert len(spy.instances) == 2


def test_suppress_blocks_sequences(spy: type[SpyTranslator]) -> None:
    engine = ArgosEngine(beam_size=2)
    sp = engine._loaded().sp
    engine.translate_batch(SOURCES)
    hyps = [h for call in spy.instances[0].calls for h in call.hypotheses()]
    counts = Counter(p for h in hyps for p in h if p not in ("▁", "<unk>"))
    piece, _ = counts.most_common(1)[0]
    word = sp.decode([piece]).strip()
    assert word

    out = engine.translate_batch(SOURCES, suppress=[word, "State Council", "  "])
    assert len(out) == len(SOURCES)
    calls = spy.instances[0].calls[-1:]
    suppressed = calls[0].options["suppress_sequences"]
    expected = sp.encode(word, out_type=str)
    expected = expected[1:] if len(expected) > 1 and expected[0] == "▁" else expected
    assert expected in suppressed
    assert len(suppressed) == 2  # the blank one is dropped
    if expected == [piece]:
        assert all(piece not in h for h in calls[0].hypotheses())


def test_target_prefix_is_forced_and_stripped(spy: type[SpyTranslator], prefix_package_dir: Path) -> None:
    engine = ArgosEngine(prefix_package_dir, beam_size=2, no_repeat_ngram_size=0)
    assert engine.package.target_prefix == "__en__"
    out = engine.translate_batch(SOURCES[:5])
    calls = spy.instances[0].calls
    for call in calls:
        assert call.target_prefix == [["__en__"]] * len(call.source)
        assert call.options["max_decoding_length"] == _cap(max(map(len, call.source))) + 1
    sp = engine._loaded().sp
    for source, translation, hyp in zip(SOURCES[:5], out, _hyp_by_source(engine, calls, SOURCES[:5])):
        assert hyp[0] == "__en__"
        assert translation.text == sp.decode(hyp[1:]).strip()
        assert not translation.text.startswith("__en__")
        assert translation.provenance["model_version"] == "0.0.2"
        capped = any(n["code"] == "length_capped" for n in translation.notes)
        # the score is over the generated tokens only, not the forced prefix
        assert translation.score == pytest.approx(_mean_logprob(engine, source, hyp, capped), abs=1e-3)


def test_length_cap_and_truncation_notes(argos_home: dict[str, Any]) -> None:
    engine = ArgosEngine(beam_size=1, max_input_length=8, length_ratio=None, max_decoding_length=5)
    (t,) = engine.translate_batch([SOURCES[1]])
    codes = {n["code"] for n in t.notes}
    assert "source_truncated" in codes
    assert "length_capped" in codes  # random weights never say </s> within 5 tokens
    assert len(engine._loaded().sp.encode(t.text)) <= 6


def test_decoding_options_are_passed(spy: type[SpyTranslator]) -> None:
    engine = ArgosEngine(beam_size=3, no_repeat_ngram_size=4, repetition_penalty=1.2, max_decoding_length=12)
    engine.translate_batch(SOURCES[:2])
    options = spy.instances[0].calls[0].options
    assert options["beam_size"] == 3
    assert options["no_repeat_ngram_size"] == 4
    assert options["repetition_penalty"] == 1.2
    assert options["max_decoding_length"] == 12  # absolute cap below the relative one
    assert options["return_scores"] is True


def test_no_package_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "none"))
    with pytest.raises(ModelError) as info:
        ArgosEngine().translate_batch(["你好。"])
    message = str(info.value)
    assert "no zh→en Argos package installed" in message
    assert "translator models install --file PATH.argosmodel" in message
    assert "\n" not in message


def test_broken_installed_model(argos_home: dict[str, Any], tmp_path: Path) -> None:
    copy = tmp_path / "packages" / "translate-zh_en-0_0_1"
    shutil.copytree(argos_home["installed"], copy)
    (copy / "model" / "model.bin").write_bytes(b"\x06\x00\x00\x00 truncated")
    with pytest.raises(ModelError, match="cannot load the CTranslate2 model.*reinstall"):
        ArgosEngine(copy).translate_batch(["你好。"])
    with pytest.raises(ModelError, match="no metadata.json"):
        ArgosEngine(tmp_path).translate_batch(["你好。"])


def test_bad_settings_are_engine_errors(argos_home: dict[str, Any]) -> None:
    with pytest.raises(EngineError, match="unknown device"):
        ArgosEngine(device="tpu")
    with pytest.raises(EngineError, match="beam_size"):
        ArgosEngine(beam_size=0)
    with pytest.raises(EngineError, match="compute type 'int4'"):
        ArgosEngine(compute_type="int4").translate_batch(["你好。"])
    with pytest.raises(TypeError):
        ArgosEngine().translate_batch("你好。")  # type: ignore[arg-type]


def test_cuda_without_gpu_is_a_clean_error(argos_home: dict[str, Any]) -> None:
    import ctranslate2

    engine = ArgosEngine(device="cuda")
    assert engine.compute_type == "int8_float16"
    if ctranslate2.get_cuda_device_count() == 0:
        with pytest.raises(EngineError, match="no CUDA GPU"):
            engine.translate_batch(["你好。"])
    else:  # on a GPU machine the same call must simply work
        (t,) = engine.translate_batch(["你好。"])
        assert t.provenance["compute_type"].startswith("int8")


@pytest.mark.parametrize(
    ("device", "inter", "intra", "cores", "expected"),
    [
        ("cpu", None, None, 2, (2, 1)),  # two batches in parallel, one core each
        ("cpu", 0, 0, 16, (2, 8)),  # 0 means "choose" too (the CLI's --threads 0)
        ("cpu", None, None, 1, (1, 1)),
        ("cpu", None, 2, 2, (1, 2)),  # given threads per batch: fill the other cores with batches
        ("cpu", None, 1, 4, (4, 1)),
        ("cpu", 3, None, 12, (3, 4)),
        ("cpu", 2, 3, 2, (2, 3)),  # both given: as given
        ("cuda", None, None, 16, (1, 0)),
    ],
)
def test_thread_choice(device: str, inter, intra, cores: int, expected: tuple[int, int]) -> None:
    assert argos_engine.resolve_threads(device, inter, intra, cores) == expected


def test_thread_settings_reach_the_model(spy: type[SpyTranslator], monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}

    class Recording(SpyTranslator):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            seen.update(kwargs)
            super().__init__(*args, **kwargs)

    import ctranslate2

    monkeypatch.setattr(ctranslate2, "Translator", Recording)
    engine = ArgosEngine(inter_threads=1, intra_threads=1)
    engine.translate_batch(SOURCES[:1])
    assert (seen["inter_threads"], seen["intra_threads"]) == (1, 1)
    with pytest.raises(EngineError, match="negative"):
        ArgosEngine(intra_threads=-1)


def test_suppress_strings_the_model_cannot_spell_are_dropped(spy: type[SpyTranslator]) -> None:
    """Glossary targets with characters outside the model's vocabulary must not break translation."""
    engine = ArgosEngine(beam_size=1)
    out = engine.translate_batch(SOURCES[:3], suppress=["☃ Hydrogen ⅧⅨ", "State Council"])
    assert len(out) == 3 and all(t.text for t in out)
    suppressed = spy.instances[0].calls[0].options["suppress_sequences"]
    vocabulary = engine._loaded().target_vocabulary
    assert vocabulary is not None and "☃" not in vocabulary
    assert all("☃" not in seq for seq in suppressed)
    assert suppressed and all(p in vocabulary for seq in suppressed for p in seq)
