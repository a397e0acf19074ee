"""engine ct2: tiny real CTranslate2 models of the Marian, NLLB-200 and M2M100 shapes, and an Argos package's model folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from helpers.tinyct2 import FAMILIES, build_tiny_ct2

from translator.engines import ct2
from translator.engines.ct2 import CT2Engine, read_model_folder
from translator.errors import ModelError

SOURCES = ["江西省工业和信息化厅党组书记在会上强调。", "打赢脱贫攻坚战是关键。", "", "2019年，全省贫困县规模以上工业增加值增长8.6%。"]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("ct2")
    return {family: build_tiny_ct2(root / f"opus-{family}", family) for family in FAMILIES}


class _Spy:
    """Wraps ctranslate2.Translator; records the token lists and target prefixes it is given."""

    real: Any = None
    calls: list[tuple[list[list[str]], Any, list[Any]]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._real = _Spy.real(*args, **kwargs)

    @property
    def compute_type(self) -> str:
        return self._real.compute_type

    def translate_batch(self, source: list[list[str]], target_prefix: Any = None, **options: Any) -> Any:
        options.pop("asynchronous", None)
        results = self._real.translate_batch(source, target_prefix, **options)
        _Spy.calls.append((source, target_prefix, results))
        return [_Done(r) for r in results]


class _Done:
    def __init__(self, result: Any) -> None:
        self._result = result

    def result(self) -> Any:
        return self._result


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch):
    import ctranslate2

    ct2.clear_model_cache()
    _Spy.real, _Spy.calls = ctranslate2.Translator, []
    monkeypatch.setattr(ctranslate2, "Translator", _Spy)
    yield _Spy
    ct2.clear_model_cache()


@pytest.mark.parametrize(
    "family, first, last, prefix",
    [("marian", None, "</s>", None), ("nllb", "zho_Hans", "</s>", ["eng_Latn"]), ("m2m100", "__zh__", "</s>", ["__en__"])],
)
def test_each_family_is_read_from_its_files_and_gets_its_language_tokens(models, spy, family, first, last, prefix):
    files = read_model_folder(models[family])
    assert files.family == family
    engine = CT2Engine(models[family], beam_size=2)
    out = engine.translate_batch(SOURCES)
    assert len(out) == len(SOURCES) and out[2].text == ""
    assert all(t.text for i, t in enumerate(out) if i != 2)
    sent = [tokens for source, _, _ in spy.calls for tokens in source]
    assert len(sent) == 3
    for tokens in sent:
        assert tokens[-1] == last
        if first:
            assert tokens[0] == first
        else:
            assert tokens[0] not in ("zho_Hans", "__zh__")
    for _, target_prefix, results in spy.calls:
        if prefix is None:
            assert target_prefix is None
        else:
            assert all(p == prefix for p in target_prefix)
            assert all(r.hypotheses[0][: len(prefix)] == prefix for r in results)  # forced, then stripped
    for t in out:
        if prefix:
            assert prefix[0] not in t.text
        assert "</s>" not in t.text
    described = engine.describe()
    assert described["engine"] == "ct2" and described["model"] == f"opus-{family} ({family})"
    assert out[0].provenance["target_prefix"] == (prefix[0] if prefix else None)


def test_same_batching_code_path_as_argos(models, spy):
    """Longest first, never more than max_batch_size tokens a batch, results back in input order."""
    engine = CT2Engine(models["nllb"], beam_size=1, max_batch_size=40)
    sources = [s * k for k in (1, 3, 2) for s in SOURCES if s]
    out = engine.translate_batch(sources)
    assert len(spy.calls) > 1
    for batch, _, _ in spy.calls:
        assert len(batch) == 1 or max(len(t) for t in batch) * len(batch) <= 40
    single = [CT2Engine(models["nllb"], beam_size=1).translate_batch([s])[0].text for s in sources]
    assert [t.text for t in out] == single


def test_argos_package_model_folder_works_as_ct2(tmp_path):
    from helpers.tinyargos import build_tiny_package
    package = build_tiny_package(tmp_path, target_prefix="__en__")
    with zipfile.ZipFile(package) as zf:
        zf.extractall(tmp_path / "x")
    (top,) = (tmp_path / "x").iterdir()
    files = read_model_folder(top / "model")
    assert files.family == "argos" and files.target_prefix == ["__en__"]
    assert files.version == json.loads((top / "metadata.json").read_text())["package_version"]
    out = CT2Engine(top / "model", beam_size=1).translate_batch(SOURCES[:2])
    assert all(t.text and "__en__" not in t.text for t in out)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p, "no such model folder"),
        (lambda p: (p.mkdir(), p)[1], "no model.bin"),
        (lambda p: (p.mkdir(), (p / "model.bin").write_bytes(b"x"), p)[2], "no tokenizer files"),
    ],
)
def test_not_a_model_folder_is_one_clear_error(tmp_path, make, message):
    folder = make(tmp_path / "m")
    with pytest.raises(ModelError, match=message) as err:
        read_model_folder(folder)
    assert str(folder) in str(err.value)


def test_a_bpe_model_without_chinese_and_english_tokens_is_refused(models, tmp_path):
    import shutil

    folder = tmp_path / "other"
    shutil.copytree(models["m2m100"], folder)
    vocab = json.loads((folder / "shared_vocabulary.json").read_text())
    (folder / "shared_vocabulary.json").write_text(json.dumps([v for v in vocab if v not in ("__zh__", "__en__")]))
    (folder / "tokenizer_config.json").write_text("{}")
    with pytest.raises(ModelError, match="zh→en"):
        read_model_folder(folder)


@pytest.mark.parametrize("family", FAMILIES)
def test_cli_translate_engine_ct2(models, family, cli, sample_path, tmp_path):
    r = cli("--set", f"ct2_model_dir={models[family]}", "translate", "--engine", "ct2", "--no-memory",
            "--db", str(tmp_path / "p.sqlite"), "--json", str(sample_path))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    segments = [s for b in doc["blocks"] for s in b["segments"]]
    assert segments and all(s["target"] for s in segments)
    assert {s["provenance"]["engine"] for s in segments} == {"ct2"}
    assert {s["provenance"]["model"] for s in segments} == {f"opus-{family} ({family})"}
    assert doc["signature"].startswith("engine:ct2|model:opus-")


def test_cli_engine_ct2_without_a_folder_is_one_line(cli, sample_path):
    r = cli("translate", "--engine", "ct2", str(sample_path))
    assert r.returncode == 1
    err = r.stderr.decode() if isinstance(r.stderr, bytes) else r.stderr
    assert err.strip().count("\n") == 0 and "ct2_model_dir" in err and "Traceback" not in err
