"""The CTranslate2 engine: any CTranslate2 translation model folder with its tokenizer files.

The folder is what ``ct2-transformers-converter --copy_files`` leaves (a
``model.bin``, the vocabulary CTranslate2 saved, and the tokenizer files the
Hugging Face model ships), or the ``model/`` folder of an Argos package.  The
family is read from those files (:func:`read_model_folder`):

- ``marian`` (OPUS-MT zh-en): ``source.spm`` / ``target.spm``; sources end in ``</s>``;
- ``nllb`` (NLLB-200): ``sentencepiece.bpe.model``; ``zho_Hans`` ... ``</s>`` → ``eng_Latn`` ...;
- ``m2m100``: ``sentencepiece.bpe.model``; ``__zh__`` ... ``</s>`` → ``__en__`` ...;
- ``argos``: ``sentencepiece.model`` beside the model folder; the package's target prefix.

One code path for all of them (and for :class:`~translator.engines.argos.ArgosEngine`,
one case of this engine): sources sorted by length, cut into batches of at most
``max_batch_size`` tokens (padding included), each batch with its own
decoding-length cap, the results put back in input order.

Loaded models are kept in a module-level cache filled on first use, keyed by
(model path, device, compute type, threads), so a process loads each model
once however many engines it makes.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator.engines.base import Translation, flat_description
from translator.errors import EngineError, ModelError

DEVICES = ("cpu", "cuda")
FAMILIES = ("marian", "nllb", "m2m100", "argos")


@dataclass(frozen=True)
class ModelFiles:
    """A CTranslate2 model folder, its tokenizers and the family's token conventions."""

    model_dir: Path
    family: str
    source_spm: Path
    target_spm: Path
    name: str  # for provenance: the folder's name, or the Argos package's code
    version: str | None = None
    source_prefix: list[str] = field(default_factory=list)  # tokens before the source pieces (NLLB: zho_Hans)
    source_suffix: list[str] = field(default_factory=list)  # tokens after them (</s> for Hugging Face models)
    target_prefix: list[str] = field(default_factory=list)  # forced first target tokens (NLLB: eng_Latn)
    hint: str = "check the model folder (ct2_model_dir)"  # what to do when it cannot be loaded

    @property
    def specials(self) -> frozenset[str]:
        """Tokens never part of the decoded English."""
        return frozenset({"</s>", "<s>", "<pad>", *self.target_prefix})


def _vocabulary(model_dir: Path, stems: tuple[str, ...]) -> list[str] | None:
    """The tokens of the first vocabulary file CTranslate2 saved (``STEM.json`` or ``STEM.txt``) among ``stems``;
    None when there is none, or it cannot be read."""
    for stem in stems:
        json_path, txt_path = model_dir / f"{stem}.json", model_dir / f"{stem}.txt"
        try:
            if json_path.is_file():
                return list(json.loads(json_path.read_text(encoding="utf-8")))
            if txt_path.is_file():
                return txt_path.read_text(encoding="utf-8").split("\n")
        except (OSError, ValueError):
            return None
    return None


def read_model_folder(path: str | os.PathLike[str]) -> ModelFiles:
    """The model in folder ``path``, its family read from its own files; a clear error when it is none of them."""
    model_dir = Path(path).expanduser()
    if not model_dir.is_dir():
        raise ModelError("no such model folder; set ct2_model_dir to a CTranslate2 model folder", path=str(model_dir))
    if not (model_dir / "model.bin").is_file():
        raise ModelError("not a CTranslate2 model folder (no model.bin); convert the model with ct2-transformers-converter "
                         "--copy_files, or give the model/ folder of an Argos package", path=str(model_dir))
    hint = "check the model folder (ct2_model_dir)"
    if (model_dir / "source.spm").is_file() and (model_dir / "target.spm").is_file():
        return ModelFiles(model_dir, "marian", model_dir / "source.spm", model_dir / "target.spm", model_dir.name,
                          source_suffix=["</s>"], hint=hint)
    bpe = model_dir / "sentencepiece.bpe.model"
    if bpe.is_file():
        vocab = set(_vocabulary(model_dir, ("shared_vocabulary", "target_vocabulary")) or ())
        tokenizer_class = ""
        config = model_dir / "tokenizer_config.json"
        if config.is_file():
            try:
                tokenizer_class = str(json.loads(config.read_text(encoding="utf-8")).get("tokenizer_class", ""))
            except (OSError, ValueError):
                tokenizer_class = ""
        if "zho_Hans" in vocab and "eng_Latn" in vocab or tokenizer_class.lower().startswith("nllb"):
            return ModelFiles(model_dir, "nllb", bpe, bpe, model_dir.name, source_prefix=["zho_Hans"],
                              source_suffix=["</s>"], target_prefix=["eng_Latn"], hint=hint)
        if "__zh__" in vocab and "__en__" in vocab or tokenizer_class.lower().startswith("m2m100"):
            return ModelFiles(model_dir, "m2m100", bpe, bpe, model_dir.name, source_prefix=["__zh__"],
                              source_suffix=["</s>"], target_prefix=["__en__"], hint=hint)
        raise ModelError("sentencepiece.bpe.model but neither NLLB's zho_Hans/eng_Latn nor M2M100's __zh__/__en__ "
                         "language tokens in the vocabulary; this model does not translate zh→en", path=str(model_dir))
    argos_spm = model_dir.parent / "sentencepiece.model"
    if argos_spm.is_file():
        prefix: list[str] = []
        version = None
        name = model_dir.parent.name
        meta = model_dir.parent / "metadata.json"
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
                prefix = [data["target_prefix"]] if data.get("target_prefix") else []
                version = data.get("package_version")
            except (OSError, ValueError):
                pass
        return ModelFiles(model_dir, "argos", argos_spm, argos_spm, name, version, target_prefix=prefix, hint=hint)
    raise ModelError("no tokenizer files found (source.spm/target.spm for OPUS-MT, sentencepiece.bpe.model for NLLB or "
                     "M2M100, ../sentencepiece.model for an Argos package); convert with --copy_files", path=str(model_dir))


@dataclass(frozen=True)
class _Loaded:
    translator: Any  # ctranslate2.Translator
    sp: Any  # sentencepiece.SentencePieceProcessor of the source
    target_sp: Any  # of the target (the same object when the model has one tokenizer)
    compute_type: str  # what CTranslate2 actually runs (e.g. "int8_float32")
    target_vocabulary: frozenset[str] | None  # None when the model dir has no vocabulary file we read


def _read_target_vocabulary(model_dir: Path) -> frozenset[str] | None:
    """The model's target tokens (None when the folder has no vocabulary file we read)."""
    tokens = _vocabulary(model_dir, ("target_vocabulary", "shared_vocabulary"))
    return None if tokens is None else frozenset(tokens)


_CACHE: dict[tuple, _Loaded] = {}
_CACHE_LOCK = threading.Lock()


def clear_model_cache() -> None:
    """Forget every loaded model (tests; freeing memory)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def cached_models() -> list[tuple]:
    """Keys of the models loaded in this process."""
    with _CACHE_LOCK:
        return list(_CACHE)


def _cache_key(files: ModelFiles, device: str, compute_type: str, inter: int, intra: int) -> tuple:
    return (str(files.model_dir.resolve()), device, compute_type, inter, intra)


def _load(files: ModelFiles, device: str, compute_type: str, inter: int, intra: int) -> _Loaded:
    key = _cache_key(files, device, compute_type, inter, intra)
    with _CACHE_LOCK:
        loaded = _CACHE.get(key)
        if loaded is not None:
            return loaded
        import ctranslate2
        import sentencepiece

        if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            raise EngineError("device 'cuda' was asked for but no CUDA GPU is visible; use device 'cpu'")
        supported = ctranslate2.get_supported_compute_types(device)
        if compute_type not in ("default", "auto") and compute_type not in supported:
            raise EngineError(
                f"compute type {compute_type!r} is not supported on {device} here; "
                f"use one of: {', '.join(sorted(supported))}"
            )
        try:
            translator = ctranslate2.Translator(
                str(files.model_dir),
                device=device,
                compute_type=compute_type,
                inter_threads=inter,
                intra_threads=intra,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load the CTranslate2 model ({exc}); {files.hint}", path=str(files.model_dir)) from exc
        processors = {}
        for path in dict.fromkeys((files.source_spm, files.target_spm)):
            try:
                processors[path] = sentencepiece.SentencePieceProcessor(model_file=str(path))
            except (RuntimeError, OSError) as exc:
                raise ModelError(f"cannot load the sentencepiece model ({exc}); {files.hint}", path=str(path)) from exc
        loaded = _Loaded(
            translator,
            processors[files.source_spm],
            processors[files.target_spm],
            str(getattr(translator, "compute_type", compute_type)),
            _read_target_vocabulary(files.model_dir),
        )
        _CACHE[key] = loaded
        return loaded


class CT2Engine:
    """Translate zh→en with a CTranslate2 model folder (see :func:`read_model_folder`).

    ``compute_type``: ``None`` means ``int8`` on CPU, ``int8_float16`` on CUDA.
    ``inter_threads`` (batches in parallel) / ``intra_threads`` (threads per
    batch): ``None`` or 0 means chosen by :func:`resolve_threads`.
    ``max_batch_size``: tokens per batch, padding included.
    Decoding stops at ``min(max_decoding_length, length_ratio * n + length_extra)``
    tokens, ``n`` being the source's length rounded up to a multiple of
    :attr:`LENGTH_BUCKET` (batches never mix buckets, so a source's cap, and
    so its translation, does not depend on the other sources of the call);
    ``length_ratio=None`` leaves only the absolute cap.  ``no_repeat_ngram_size``
    (default 3) and ``repetition_penalty`` (default 1.0, off) guard against
    repetition loops.  Sources longer than ``max_input_length`` tokens are truncated by
    CTranslate2 and get a ``source_truncated`` note; outputs that hit the cap
    get a ``length_capped`` note.

    Nothing is read or loaded until the first :meth:`translate_batch`
    (or :meth:`load`).
    """

    name = "ct2"

    def __init__(
        self,
        model_dir: str | Path | ModelFiles | None = None,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        beam_size: int = 4,
        inter_threads: int | None = None,
        intra_threads: int | None = None,
        max_batch_size: int | None = None,
        max_input_length: int = 1024,
        max_decoding_length: int = 256,
        length_ratio: float | None = 2.0,
        length_extra: int = 10,
        no_repeat_ngram_size: int = 3,
        repetition_penalty: float = 1.0,
    ) -> None:
        if device not in DEVICES:
            raise EngineError(f"unknown device {device!r}; use one of: {', '.join(DEVICES)}")
        if (inter_threads or 0) < 0 or (intra_threads or 0) < 0:
            raise EngineError("inter_threads and intra_threads cannot be negative")
        inter_threads, intra_threads = resolve_threads(device, inter_threads, intra_threads)
        for label, value in (
            ("beam_size", beam_size),
            ("inter_threads", inter_threads),
            ("max_decoding_length", max_decoding_length),
            ("max_input_length", max_input_length),
        ):
            if value < 1:
                raise EngineError(f"{label} must be at least 1, not {value}")
        if no_repeat_ngram_size < 0 or length_extra < 0:
            raise EngineError("no_repeat_ngram_size and length_extra cannot be negative")
        if repetition_penalty <= 0 or (length_ratio is not None and length_ratio <= 0):
            raise EngineError("repetition_penalty and length_ratio must be positive")
        self.device = device
        self.compute_type = compute_type or ("int8" if device == "cpu" else "int8_float16")
        self.beam_size = beam_size
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.max_batch_size = max_batch_size or (4096 if device == "cpu" else 8192)
        if self.max_batch_size < 1:
            raise EngineError(f"max_batch_size must be at least 1 token, not {self.max_batch_size}")
        self.max_input_length = max_input_length
        self.max_decoding_length = max_decoding_length
        self.length_ratio = length_ratio
        self.length_extra = length_extra
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.repetition_penalty = repetition_penalty
        self._model_arg = model_dir
        self._files: ModelFiles | None = model_dir if isinstance(model_dir, ModelFiles) else None

    # -- model ---------------------------------------------------------

    @property
    def model_files(self) -> ModelFiles:
        """The model folder and tokenizers this engine uses (read on first access)."""
        if self._files is None:
            if self._model_arg is None:
                raise EngineError("engine ct2 needs a model folder: set ct2_model_dir")
            assert not isinstance(self._model_arg, ModelFiles)
            self._files = read_model_folder(self._model_arg)
        return self._files

    def load(self) -> None:
        """Load the model now instead of at the first translation."""
        self._loaded()

    def _cache_key(self) -> tuple:
        return _cache_key(self.model_files, self.device, self.compute_type, self.inter_threads, self.intra_threads)

    def _loaded(self) -> _Loaded:
        return _load(self.model_files, self.device, self.compute_type, self.inter_threads, self.intra_threads)

    def _decoding(self) -> dict[str, Any]:
        loaded = _CACHE.get(self._cache_key())
        return {
            "beam_size": self.beam_size,
            "compute_type": loaded.compute_type if loaded else self.compute_type,
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
            "repetition_penalty": self.repetition_penalty,
            "max_input_length": self.max_input_length,
            "max_decoding_length": self.max_decoding_length,
            "length_ratio": self.length_ratio,
            "length_extra": self.length_extra,
            "target_prefix": " ".join(self.model_files.target_prefix) or None,
        }

    def describe(self) -> dict[str, Any]:
        """The engine, its model (folder name, family) and every decoding setting that changes the output.

        The compute type is the one the loaded model really runs with (CTranslate2
        may fall back), or the one asked for while the model is not loaded yet.
        """
        files = self.model_files
        return {
            "engine": self.name,
            "model": f"{files.name} ({files.family})",
            "model_version": files.version,
            "decoding": self._decoding(),
        }

    # -- translation ---------------------------------------------------

    LENGTH_BUCKET = 8  # source lengths are capped per bucket of this many tokens

    def _width(self, n_tokens: int) -> int:
        return min(n_tokens, self.max_input_length)

    def _bucket(self, n_tokens: int) -> int:
        return -(-self._width(n_tokens) // self.LENGTH_BUCKET)

    def decoding_cap(self, n_tokens: int) -> int:
        """Most target tokens (target prefix excluded) decoded for a source of ``n_tokens`` tokens."""
        if self.length_ratio is None:
            return self.max_decoding_length
        upper = self._bucket(n_tokens) * self.LENGTH_BUCKET
        return min(self.max_decoding_length, math.ceil(self.length_ratio * upper) + self.length_extra)

    def can_represent(self, text: str) -> bool:
        """Does ``text`` survive the package's tokenizer (no <unk>, same text back)?

        The glossary wrapper uses this to choose sentinel forms the model can
        at least see; a form that becomes <unk> can never be copied through.
        """
        sp = self._loaded().sp
        ids = sp.encode(text, out_type=int)
        return sp.unk_id() not in ids and sp.decode(ids).strip() == text.strip()

    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        """Translate ``sources``; same length and order.  Empty sources give empty text, no model call."""
        if isinstance(sources, str):
            raise TypeError("translate_batch takes a sequence of strings, not one string")
        todo = [i for i, s in enumerate(sources) if s.strip()]
        if not todo:  # nothing to translate: do not even load the model
            provenance = flat_description(self.describe())
            return [Translation("", None, dict(provenance)) for _ in sources]
        loaded = self._loaded()
        provenance = flat_description(self.describe())
        results = [Translation("", None, dict(provenance)) for _ in sources]
        files = self.model_files
        tokens = [files.source_prefix + t + files.source_suffix
                  for t in loaded.sp.encode([sources[i] for i in todo], out_type=str)]
        prefix = list(files.target_prefix)
        target_sp = loaded.target_sp
        suppress_pieces = _suppress_sequences(target_sp, suppress, loaded.target_vocabulary)

        # Longest first; cut into batches of <= max_batch_size tokens incl. padding,
        # never mixing length buckets, so a source's decoding cap depends only on
        # its own length (not on its neighbours in the batch).
        order = sorted(range(len(todo)), key=lambda k: len(tokens[k]), reverse=True)
        batches: list[list[int]] = []
        for k in order:
            if batches:
                batch = batches[-1]
                head = len(tokens[batch[0]])  # the longest of the batch
                same_cap = self.length_ratio is None or self._bucket(len(tokens[k])) == self._bucket(head)
                if same_cap and self._width(head) * (len(batch) + 1) <= self.max_batch_size:
                    batch.append(k)
                    continue
            batches.append([k])

        pending = []
        for batch in batches:
            cap = self.decoding_cap(len(tokens[batch[0]])) + len(prefix)
            try:
                futures = loaded.translator.translate_batch(
                    [tokens[k] for k in batch],
                    [prefix] * len(batch) if prefix else None,
                    asynchronous=True,
                    max_batch_size=self.max_batch_size,
                    batch_type="tokens",
                    beam_size=self.beam_size,
                    num_hypotheses=1,
                    max_input_length=self.max_input_length,
                    max_decoding_length=cap,
                    no_repeat_ngram_size=self.no_repeat_ngram_size,
                    repetition_penalty=self.repetition_penalty,
                    suppress_sequences=suppress_pieces or None,
                    length_penalty=1.0,  # the score below relies on it
                    return_scores=True,
                )
            except (RuntimeError, ValueError) as exc:
                raise EngineError(f"CTranslate2 could not start the translation ({exc})") from exc
            pending.append((batch, cap, futures))

        for batch, cap, futures in pending:
            for k, future in zip(batch, futures):
                try:
                    result = future.result()
                except (RuntimeError, ValueError, MemoryError) as exc:
                    hint = "; try a smaller max_batch_size" if "memory" in str(exc).lower() else ""
                    raise EngineError(f"CTranslate2 failed while translating ({exc}){hint}") from exc
                hyp = list(result.hypotheses[0])
                capped = len(hyp) >= cap  # else decoding ended with </s>
                if prefix and hyp[: len(prefix)] == prefix:
                    hyp = hyp[len(prefix) :]
                # CTranslate2 (length_penalty=1) returns sum(log p) over the generated
                # tokens (</s> included) divided by their number *plus the prefix's*;
                # undo the prefix share so the score is the mean token log-prob.
                generated = len(hyp) + (0 if capped else 1)
                score = float(result.scores[0]) * (generated + len(prefix)) / max(generated, 1)
                notes: list[dict[str, Any]] = []
                if len(tokens[k]) > self.max_input_length:
                    notes.append(
                        {
                            "code": "source_truncated",
                            "message": f"source has {len(tokens[k])} tokens; the model read only "
                            f"the first {self.max_input_length}",
                        }
                    )
                if capped:
                    notes.append(
                        {"code": "length_capped", "message": f"output stopped at the {cap}-token cap"}
                    )
                results[todo[k]] = Translation(
                    text=target_sp.decode([p for p in hyp if p not in files.specials]).strip(),
                    score=score,
                    provenance=dict(provenance),
                    notes=notes,
                )

        return results


def resolve_threads(device: str, inter: int | None, intra: int | None, cores: int | None = None) -> tuple[int, int]:
    """(inter_threads, intra_threads) to run with; ``None`` or 0 means "choose".

    On CPU the two multiply to about the number of cores: by default two
    batches run in parallel with half the cores each (on 2 cores about 1.3x
    the throughput of one batch on both); given one of them, the other fills
    the remaining cores.  On CUDA one batch at a time, CTranslate2's default
    CPU threads.
    """
    if device != "cpu":
        return inter or 1, intra or 0
    if cores is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            cores = os.cpu_count() or 1
    if not inter and not intra:
        inter = 2 if cores >= 2 else 1
        return inter, max(1, cores // inter)
    if not inter:
        assert intra  # one of the two was given
        return max(1, cores // intra), intra
    return inter, intra or max(1, cores // inter)


def _suppress_sequences(sp: Any, strings: Sequence[str], vocabulary: frozenset[str] | None) -> list[list[str]]:
    """Token sequences CTranslate2 must not generate, one per non-blank string.

    A string whose tokenization starts with a lone "▁" (sentencepiece's
    word-start mark, e.g. before a CJK character or a digit) is suppressed
    without it, so it is blocked mid-word as well as at a word start.  A
    string with a token the model cannot produce (outside its vocabulary)
    cannot be generated as such and is left out: CTranslate2 rejects unknown
    tokens, and QA still checks the output.
    """
    sequences = []
    for text in strings:
        if not text.strip():
            continue
        pieces = sp.encode(text.strip(), out_type=str)
        if len(pieces) > 1 and pieces[0] == "\u2581":
            pieces = pieces[1:]
        if vocabulary is not None:
            known = all(p in vocabulary for p in pieces)
        else:
            known = all(sp.piece_to_id(p) != sp.unk_id() for p in pieces)
        if pieces and known and pieces not in sequences:
            sequences.append(pieces)
    return sequences
