"""Build a tiny but *real* Argos Translate package for tests and the bench.

The package is what ``argostranslate`` installs and what our engine loads:
a zip (``translate-zh_en-<ver>.argosmodel``) holding one top-level folder
with ``metadata.json``, a CTranslate2 Transformer in ``model/`` and a
``sentencepiece.model``.  The weights are random, so translations are
gibberish; everything else (tokenization, vocabulary, batching, beam search,
scores) is the real machinery.

Everything is built in-process and deterministically (fixed seeds, one
sentencepiece thread): no downloads, no subprocesses.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

#: Mixed Simplified Chinese / English / digits, enough to train a small
#: sentencepiece model that covers the characters of news text we test with.
CORPUS_ZH = """\
江西省工业和信息化厅党组书记、厅长在专题学习研讨会上强调，要高质量完成脱贫攻坚目标任务。
打赢脱贫攻坚战是全面建成小康社会的关键，各地要明确责任、细化任务、完善举措、强化调度。
根据省情和产业特色，在项目建设、园区发展、工业设计等方面精准施策，持续为产业扶贫增动力。
经过连年的努力奋战，脱贫攻坚工作取得了很好成效，尤其产业扶贫亮点纷呈。
积极支持贫困地区工业项目建设，加强对贫困地区工业经济运行的监测和分析。
2019年，全省贫困县规模以上工业增加值增长8.6%，高于全省平均水平0.1个百分点。
国务院新闻办公室今天上午举行新闻发布会，介绍一季度国民经济运行情况。
国家统计局发言人表示，我国经济长期向好的基本面没有改变。
今年前五个月，全国进出口总值达到12.57万亿元，同比下降4.9%。
习近平总书记指出，要坚持以人民为中心的发展思想，让改革发展成果更多更公平惠及全体人民。
会议要求，各级党委和政府要切实履行主体责任，确保各项政策措施落地见效。
新冠肺炎疫情发生以来，电子信息行业企业积极复工复产，保障了防疫物资供应。
中国电子报记者从工业和信息化部获悉，第五代移动通信网络建设进展顺利。
截至3月底，全国已建成5G基站19.8万个，覆盖所有地级以上城市。
《中华人民共和国民法典》自2021年1月1日起施行，这是新中国第一部以法典命名的法律。
“我们必须持续用力，做到‘三高’！”他说。
上海、北京、广州、深圳四个城市的数字经济规模超过一万亿元。
该项目总投资约35亿元，预计年产值可达60亿元，带动就业3000余人。
农业农村部要求各地抓好春耕生产，稳定粮食播种面积和产量。
外交部发言人在例行记者会上回答了有关问题。
联合国秘书长呼吁国际社会加强合作，共同应对气候变化。
世界卫生组织表示，全球疫苗接种工作取得积极进展。
香港特别行政区政府宣布，将推出新一轮经济纾困措施。
台湾地区领导人的讲话引起了广泛关注。
科学家在青藏高原发现了一种新的植物物种。
长江经济带发展要坚持生态优先、绿色发展。
乡村振兴战略实施以来，农民收入持续较快增长。
这家公司的股票在深圳证券交易所上市，首日涨幅达44%。
记者：张三 编辑：李四 来源：新华社 发布时间：2020-06-04 10:30
第十三届全国人民代表大会第三次会议在北京人民大会堂开幕。
"""

CORPUS_EN = """\
The provincial department of industry and information technology held a study meeting on poverty alleviation.
Winning the battle against poverty is key to building a moderately prosperous society in all respects.
In 2019, the industrial added value of poor counties grew by 8.6 percent.
The State Council Information Office held a press conference on Monday morning.
China's total imports and exports reached 12.57 trillion yuan in the first five months.
By the end of March, 198,000 5G base stations had been built across the country.
The Civil Code of the People's Republic of China took effect on January 1, 2021.
Shanghai, Beijing, Guangzhou and Shenzhen each have a digital economy worth more than one trillion yuan.
The project has a total investment of about 3.5 billion yuan and will create more than 3,000 jobs.
The Ministry of Agriculture and Rural Affairs asked local governments to ensure spring planting.
A spokesperson for the Ministry of Foreign Affairs answered questions at a regular press briefing.
The United Nations Secretary-General called for stronger international cooperation on climate change.
Scientists discovered a new plant species on the Qinghai-Tibet Plateau.
Farmers' incomes have continued to grow rapidly since the rural revitalization strategy was launched.
The company's shares rose 44 percent on their first day of trading in Shenzhen.
"""


def default_corpus() -> str:
    """A few KB of mixed text: the sentences above plus digit-heavy variants."""
    lines = CORPUS_ZH.splitlines() + CORPUS_EN.splitlines()
    rng = np.random.default_rng(1234)
    extra = []
    for i in range(60):
        a, b, c = (int(x) for x in rng.integers(0, 10_000, size=3))
        extra.append(f"第{i + 1}季度增长{a / 100:.1f}%，投资{b}亿元，共{c}个项目。")
        extra.append(f"Quarter {i + 1}: growth {a / 100:.1f}%, investment {b} million yuan, {c} projects.")
    return "\n".join(lines + extra) + "\n"


def train_sentencepiece(
    lines: Iterable[str],
    *,
    vocab_size: int = 500,
    model_type: str = "unigram",
    user_defined_symbols: Sequence[str] = (),
    max_piece_length: int = 16,
    seed: int = 0,
) -> bytes:
    """Train a sentencepiece model in-process and return its serialized bytes.

    ``vocab_size`` is an upper bound (``hard_vocab_limit=False``): a small
    corpus yields fewer pieces.
    """
    import sentencepiece as spm

    spm.set_random_generator_seed(seed)
    out = io.BytesIO()
    sentences = [line for line in lines if line.strip()]
    with open(os.devnull, "w") as devnull:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(sentences),
            model_writer=out,
            logstream=devnull,
            vocab_size=vocab_size,
            model_type=model_type,
            character_coverage=1.0,
            hard_vocab_limit=False,
            num_threads=1,
            max_sentencepiece_length=max_piece_length,
            user_defined_symbols=list(user_defined_symbols),
            # ids as OpenNMT/Argos models have them: <unk>=0, <s>=1, </s>=2
            unk_id=0,
            bos_id=1,
            eos_id=2,
            pad_id=-1,
            minloglevel=2,
        )
    return out.getvalue()


def _fill_spec(spec, *, d_model: int, ffn: int, vocab: int, rng: np.random.Generator) -> None:
    """Give every required variable of a TransformerSpec a random value of the right shape.

    Shapes follow the OpenNMT-py converter: linear weights are ``[out, in]``,
    self-attention fuses Q/K/V into ``linear_0`` (``3d``), encoder-decoder
    attention has the query in ``linear_0`` and fused K/V in ``linear_1``
    (``2d``).  Biases (optional in the spec) are set too, as real models have
    them.  Position encodings stay unset: CTranslate2 then uses sinusoids.
    """
    from ctranslate2.specs import model_spec

    def shape_of(scope: str, attr: str) -> tuple[int, ...] | None:
        parts = scope.split("/")
        leaf = parts[-1] if parts else ""
        parent = parts[-2] if len(parts) > 1 else ""
        if leaf.startswith("embeddings"):
            return (vocab, d_model) if attr == "weight" else None
        if leaf == "projection":
            return {"weight": (vocab, d_model), "bias": (vocab,)}.get(attr)
        if leaf.endswith("layer_norm") or leaf.endswith("norm"):
            return (d_model,) if attr in ("gamma", "beta") else None
        if leaf.startswith("linear_"):
            index = int(leaf.split("_")[1])
            if parent == "ffn":
                out, inp = ((ffn, d_model), (d_model, ffn))[index]
            elif parent == "self_attention":
                out, inp = ((3 * d_model, d_model), (d_model, d_model))[index]
            elif parent == "attention":
                out, inp = ((d_model, d_model), (2 * d_model, d_model), (d_model, d_model))[index]
            else:
                raise ValueError(f"unexpected linear layer {scope}")
            return {"weight": (out, inp), "bias": (out,)}.get(attr)
        return None

    def visit(layer, name: str, value) -> None:
        scope, _, attr = name.rpartition("/")
        if value is None or (isinstance(value, str) and value == model_spec.OPTIONAL and attr == "bias"):
            shape = shape_of(scope, attr)
            if shape is None:
                raise ValueError(f"do not know the shape of required variable {name}")
            if attr == "gamma":
                array = np.ones(shape, dtype=np.float32)
            elif attr in ("beta", "bias"):
                array = (rng.standard_normal(shape) * 0.02).astype(np.float32)
            else:
                array = (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)
            setattr(layer, attr, array)

    model_spec.visit_spec(spec, visit)


def build_tiny_package(
    dest_dir: str | os.PathLike[str],
    *,
    num_layers: int | tuple[int, int] = 2,
    num_heads: int = 2,
    d_model: int = 64,
    ffn: int = 128,
    vocab_size: int | None = None,
    spm_vocab_size: int = 500,
    max_piece_length: int = 16,
    corpus_text: str | None = None,
    user_defined_symbols: Sequence[str] = (),
    package_version: str = "0.0.1",
    target_prefix: str | None = None,
    quantization: str | None = "int8",
    metadata_extra: dict | None = None,
    seed: int = 0,
) -> Path:
    """Build ``translate-zh_en-<ver>.argosmodel`` in ``dest_dir`` and return its path.

    ``vocab_size`` is the model's vocabulary size: the sentencepiece pieces
    (at most ``spm_vocab_size``), padded with synthetic pieces up to
    ``vocab_size`` when it is larger (the bench's 32k stand-in).
    ``target_prefix`` is written to metadata.json as Argos does and added to
    the vocabulary (and to sentencepiece as a user-defined symbol).
    """
    import sentencepiece as spm
    from ctranslate2 import specs

    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)

    symbols = list(user_defined_symbols)
    if target_prefix and target_prefix not in symbols:
        symbols.append(target_prefix)
    text = corpus_text if corpus_text is not None else default_corpus()
    spm_bytes = train_sentencepiece(
        text.splitlines(),
        vocab_size=spm_vocab_size if vocab_size is None else min(spm_vocab_size, vocab_size),
        user_defined_symbols=symbols,
        max_piece_length=max_piece_length,
        seed=seed,
    )
    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    if vocab_size is not None:
        if vocab_size < len(pieces):
            raise ValueError(f"vocab_size {vocab_size} < {len(pieces)} sentencepiece pieces")
        known = set(pieces)
        synthetic = (f"▁x{i:05d}" for i in range(vocab_size * 2))
        pieces += [p for p in synthetic if p not in known][: vocab_size - len(pieces)]

    spec = specs.TransformerSpec.from_config(num_layers, num_heads)
    _fill_spec(spec, d_model=d_model, ffn=ffn, vocab=len(pieces), rng=rng)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    if quantization:
        spec.optimize(quantization=quantization)

    version_slug = package_version.replace(".", "_")
    top = f"translate-zh_en-{version_slug}"
    zip_path = dest / f"{top}.argosmodel"
    with tempfile.TemporaryDirectory(dir=dest) as work:
        root = Path(work) / top
        (root / "model").mkdir(parents=True)
        spec.save(str(root / "model"))
        (root / "sentencepiece.model").write_bytes(spm_bytes)
        metadata = {
            "package_version": package_version,
            "argos_version": "1.9.0",
            "from_code": "zh",
            "from_name": "Chinese",
            "to_code": "en",
            "to_name": "English",
            "type": "translate",
            "links": [],
        }
        if target_prefix:
            metadata["target_prefix"] = target_prefix
        metadata.update(metadata_extra or {})
        (root / "metadata.json").write_text(json.dumps(metadata, indent=4), encoding="utf-8")
        (root / "README.md").write_text(
            "Random-weight stand-in for translate-zh_en, built by tests/tinyargos.py.\n",
            encoding="utf-8",
        )
        write_zip(root, zip_path)
    return zip_path


def write_zip(root: Path, zip_path: Path, *, skip: Sequence[str] = ()) -> None:
    """Zip folder ``root`` so that it is the archive's single top-level folder.

    ``skip`` lists paths relative to ``root`` to leave out (to make broken
    packages for tests).
    """
    tmp = zip_path.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if any(rel == s or rel.startswith(s.rstrip("/") + "/") for s in skip):
                continue
            arcname = f"{root.name}/{rel}" + ("/" if path.is_dir() else "")
            if path.is_dir():
                zf.writestr(arcname, b"")
            else:
                zf.write(path, arcname)
    tmp.replace(zip_path)


def rezip_without(package: Path, dest: Path, skip: Sequence[str]) -> Path:
    """Copy of ``package`` lacking the paths in ``skip`` (relative to its top folder)."""
    with tempfile.TemporaryDirectory() as work:
        with zipfile.ZipFile(package) as zf:
            zf.extractall(work)
        (root,) = [p for p in Path(work).iterdir()]
        write_zip(root, dest, skip=skip)
    return dest


def argos_env(root: Path) -> dict[str, str]:
    """Environment that keeps argostranslate inside ``root``.

    ``ARGOS_PACKAGES_DIR`` is where we install and look up packages; the XDG
    variables keep the directories argostranslate creates when first
    imported (data, config, cache) out of the real home.
    """
    root = Path(root)
    return {
        "ARGOS_PACKAGES_DIR": str(root / "packages"),
        "XDG_DATA_HOME": str(root / "xdg" / "data"),
        "XDG_CONFIG_HOME": str(root / "xdg" / "config"),
        "XDG_CACHE_HOME": str(root / "xdg" / "cache"),
    }


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys
    import time

    start = time.perf_counter()
    out = build_tiny_package(sys.argv[1] if len(sys.argv) > 1 else ".")
    print(out, f"{time.perf_counter() - start:.2f}s")


def install_tiny_package(work: Path) -> dict[str, str]:
    """The tiny package built and installed under ``work`` (by the tool's own installer): the environment that finds it."""
    from translator.engines.argos_install import install_from_file

    env = argos_env(work / "argos")
    install_from_file(build_tiny_package(work / "argos-build"), Path(env["ARGOS_PACKAGES_DIR"]))
    return env
