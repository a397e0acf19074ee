"""Tiny but real CTranslate2 models of the Marian (OPUS-MT), NLLB-200 and M2M100 shapes.

Each folder is laid out as ``ct2-transformers-converter --copy_files`` leaves
it: ``model.bin``, ``config.json`` (CTranslate2's: bos/eos/unk and decoder
start tokens, as the converter's loader for that family sets them), the
vocabulary CTranslate2 saves, and the tokenizer files the Hugging Face model
ships (Marian: ``source.spm``, ``target.spm``, ``vocab.json``; NLLB and M2M100:
``sentencepiece.bpe.model`` with the language tokens in the vocabulary), plus
``tokenizer_config.json``.  The specs are built directly with
``ctranslate2.specs`` (no torch, no transformers), with random weights, as
``tinyargos`` builds the Argos one: translations are gibberish, the machinery
(tokenization, language tokens, batching, beam search) is real.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from helpers.tinyargos import CORPUS_EN, CORPUS_ZH, _fill_spec, train_sentencepiece

FAMILIES = ("marian", "nllb", "m2m100")


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def build_tiny_ct2(dest: str | Path, family: str, *, d_model: int = 64, ffn: int = 128, layers: int = 2, heads: int = 2,
                   seed: int = 0) -> Path:
    """Build the model folder ``dest`` of ``family`` (marian, nllb, m2m100) and return it."""
    from ctranslate2 import specs
    from ctranslate2.specs import common_spec

    if family not in FAMILIES:
        raise ValueError(family)
    out = Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    specials = {"<unk>", "<s>", "</s>"}
    if family == "marian":
        src = train_sentencepiece(CORPUS_ZH.splitlines(), vocab_size=700, seed=seed)
        tgt = train_sentencepiece(CORPUS_EN.splitlines(), vocab_size=300, seed=seed)
        (out / "source.spm").write_bytes(src)
        (out / "target.spm").write_bytes(tgt)
        vocab = ["</s>", "<unk>"] + list(dict.fromkeys(p for p in _pieces(src) + _pieces(tgt) if p not in specials))
        (out / "vocab.json").write_text(json.dumps({p: i for i, p in enumerate(vocab + ["<pad>"])}, ensure_ascii=False),
                                        encoding="utf-8")
        tokenizer_class = "MarianTokenizer"
        spec = specs.TransformerSpec.from_config(layers, heads, pre_norm=False, activation=common_spec.Activation.SWISH,
                                                 layernorm_embedding=False)
        spec.decoder.start_from_zero_embedding = True
        config = {"eos_token": "</s>", "unk_token": "<unk>", "decoder_start_token": "</s>"}
    else:
        bpe = train_sentencepiece((CORPUS_ZH + CORPUS_EN).splitlines(), vocab_size=900, model_type="bpe", seed=seed)
        (out / "sentencepiece.bpe.model").write_bytes(bpe)
        languages = ["zho_Hans", "eng_Latn", "fra_Latn"] if family == "nllb" else ["__zh__", "__en__", "__fr__"]
        vocab = ["<s>", "<pad>", "</s>", "<unk>"] + [p for p in _pieces(bpe) if p not in specials] + languages
        if family == "nllb":
            vocab.append("<mask>")
        vocab += [f"madeupword{i:04d}" for i in range((-len(vocab)) % 8)]
        tokenizer_class = "NllbTokenizer" if family == "nllb" else "M2M100Tokenizer"
        spec = specs.TransformerSpec.from_config(layers, heads, pre_norm=True, activation=common_spec.Activation.RELU,
                                                 layernorm_embedding=False)
        config = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "decoder_start_token": "</s>"}
    _fill_spec(spec, d_model=d_model, ffn=ffn, vocab=len(vocab), rng=rng)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    for key, value in config.items():
        setattr(spec.config, key, value)
    spec.validate()
    spec.optimize(quantization="int8")
    spec.save(str(out))
    (out / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": tokenizer_class}), encoding="utf-8")
    return out
