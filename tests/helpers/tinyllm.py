"""A tiny but real GGUF chat model, and a real llama.cpp server (llama-cpp-python) serving it.

:func:`build_tiny_gguf` writes a llama-architecture GGUF with the ``gguf``
package: a SentencePiece vocabulary trained on the sample article (plus
English sentences, so that it has English words to say) with the
``sentencepiece`` trainer, random weights, and a ChatML chat template in the
metadata (``tokenizer.chat_template``, which llama-cpp-python's server uses
when it is given no ``--chat_format``).  The weights lean the output towards
the vocabulary's English pieces, so the model answers English nonsense, which
changes with the prompt; it is the real HTTP path that the tests are after.

:class:`LlamaServer` runs ``python -m llama_cpp.server --model ... --host
127.0.0.1 --port FREE`` and stops it (``kill``) on request or at exit.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

from helpers.tinyargos import CORPUS_EN

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"

CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
MODEL_NAME = "tiny-zh-en"


def train_vocabulary(seed: int = 0) -> bytes:
    """A SentencePiece model trained on the sample article and some English, with byte fallback."""
    import sentencepiece as spm

    spm.set_random_generator_seed(seed)
    lines = [ln for ln in SAMPLE.read_text(encoding="utf-8").splitlines() + CORPUS_EN.splitlines() if ln.strip()]
    out = io.BytesIO()
    with open(os.devnull, "w") as devnull:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_writer=out, logstream=devnull, vocab_size=1600, model_type="unigram",
            character_coverage=1.0, hard_vocab_limit=False, byte_fallback=True, num_threads=1,
            user_defined_symbols=["<|im_start|>", "<|im_end|>"], unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2,
        )
    return out.getvalue()


def build_tiny_gguf(path: str | Path, *, seed: int = 0, n_embd: int = 64, n_layer: int = 2, n_head: int = 4,
                    n_ff: int = 128) -> Path:
    import gguf
    import sentencepiece as spm

    path = Path(path)
    sp = spm.SentencePieceProcessor(model_proto=train_vocabulary(seed))
    n_vocab = sp.get_piece_size()
    tokens, scores, types = [], [], []
    for i in range(n_vocab):
        tokens.append(sp.id_to_piece(i))
        scores.append(float(sp.get_score(i)))
        if sp.is_unknown(i):
            types.append(gguf.TokenType.UNKNOWN)
        elif sp.is_control(i):
            types.append(gguf.TokenType.CONTROL)
        elif sp.is_byte(i):
            types.append(gguf.TokenType.BYTE)
        elif tokens[-1].startswith("<|"):
            types.append(gguf.TokenType.USER_DEFINED)
        else:
            types.append(gguf.TokenType.NORMAL)

    rng = np.random.default_rng(seed)

    def rand(*shape: int, std: float) -> np.ndarray:
        return (rng.standard_normal(shape) * std).astype(np.float32)

    # Every embedding shares a positive first coordinate; the output layer reads it as a per-token
    # preference: English word pieces first, then the end of the answer, Chinese and the rest last.
    embd = rand(n_vocab, n_embd, std=0.5)
    embd[:, 0] = 3.0
    out = rand(n_vocab, n_embd, std=0.05)
    for i, piece in enumerate(tokens):
        word = piece.lstrip("\u2581")
        if i == 2:  # </s>
            out[i, 0] = 0.95
        elif types[i] == gguf.TokenType.NORMAL and word.isascii() and word.isalpha() and len(word) > 1:
            out[i, 0] = 1.0
        elif types[i] == gguf.TokenType.NORMAL and word in (",", "."):
            out[i, 0] = 0.97
        else:
            out[i, 0] = -1.0

    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name(MODEL_NAME)
    w.add_context_length(4096)
    w.add_embedding_length(n_embd)
    w.add_block_count(n_layer)
    w.add_feed_forward_length(n_ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(n_embd // n_head)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    w.add_chat_template(CHAT_TEMPLATE)
    w.add_tensor("token_embd.weight", embd)
    for b in range(n_layer):
        w.add_tensor(f"blk.{b}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v"):
            w.add_tensor(f"blk.{b}.{name}.weight", rand(n_embd, n_embd, std=0.3))
        w.add_tensor(f"blk.{b}.attn_output.weight", rand(n_embd, n_embd, std=0.04))
        w.add_tensor(f"blk.{b}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        w.add_tensor(f"blk.{b}.ffn_gate.weight", rand(n_ff, n_embd, std=0.2))
        w.add_tensor(f"blk.{b}.ffn_up.weight", rand(n_ff, n_embd, std=0.2))
        w.add_tensor(f"blk.{b}.ffn_down.weight", rand(n_embd, n_ff, std=0.04))
    w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    w.add_tensor("output.weight", out)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LlamaServer:
    """``python -m llama_cpp.server`` on 127.0.0.1 and a free port, serving ``model``; its log goes to ``log``."""

    def __init__(self, model: Path, log: Path, *, api_key: str | None = None, threads: int = 1) -> None:
        self.port = free_port()
        args = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", MODEL_NAME,
                "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", "4096", "--n_threads", str(threads),
                "--n_threads_batch", str(threads), "--verbose", "False"]
        if api_key:
            args += ["--api_key", api_key]
        self.log = log
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self._wait(api_key)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _wait(self, api_key: str | None, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        request = urllib.request.Request(self.url + "/models", headers={"Authorization": f"Bearer {api_key}"} if api_key else {})
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"llama_cpp.server exited ({self.proc.returncode}): {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(request, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()

    def __enter__(self) -> LlamaServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
