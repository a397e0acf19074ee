"""Every setting of the tool, declared once: name, type, default, help, group.

Values are resolved in this order, each overriding the one before:

1. the defaults declared here;
2. a TOML file: ``--config FILE``, else ``$TRANSLATOR_CONFIG``, else
   ``translator.toml`` in the working directory when there is one (top-level
   keys are setting names);
3. environment variables (``TRANSLATOR_<NAME>``, or the name given in the
   declaration, such as Argos Translate's own ``ARGOS_PACKAGES_DIR``);
4. command-line flags.

Nothing is read at import: :meth:`Settings.load` reads the file and the
environment when it is called.  :data:`SETTINGS` is the declaration that the
CLI's ``--help``, ``translator settings``, the README and the validation all
use.  Settings marked ``signature`` change the translation a segment gets,
so they are part of every translation's :class:`~translator.signature.Signature`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import TranslatorError

CONFIG_FILE = "translator.toml"
CONFIG_ENV = "TRANSLATOR_CONFIG"


class SettingsError(TranslatorError):
    """A setting has an unknown name or a value of the wrong type or range."""


def _setting(
    default: Any,
    help: str,
    group: str,
    *,
    env: str | None = None,
    choices: tuple[str, ...] = (),
    minimum: float | None = None,
    maximum: float | None = None,
    signature: bool = False,
    secret: bool = False,
) -> Any:
    meta = {"help": help, "group": group, "env": env, "choices": choices, "min": minimum, "max": maximum, "signature": signature,
            "secret": secret}
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=meta)
    return field(default=default, metadata=meta, repr=not secret)


@dataclass(frozen=True)
class Settings:
    """Resolved settings.  Build with :meth:`load`; ``sources`` says where each value came from."""

    # -- project files ------------------------------------------------------
    db: str = _setting("translator.sqlite", "Project database: a file path or a SQLAlchemy URL.", "project", env="TRANSLATOR_DB")
    glossaries_dir: str = _setting(
        "", "Folder of *.tsv glossaries to use instead of the shipped ones (empty: the shipped ones).", "project",
        env="TRANSLATOR_GLOSSARIES",
    )
    glossaries: tuple[str, ...] = _setting(
        (), "User glossary TSV files, applied over the shipped ones (environment: paths separated by the OS path separator).",
        "project", env="TRANSLATOR_GLOSSARY_FILES",
    )
    shipped_glossaries: bool = _setting(True, "Use the glossaries shipped with the tool.", "project")
    packages_dir: str = _setting(
        "", "Argos Translate packages folder (empty: Argos's default, ~/.local/share/argos-translate/packages).", "project",
        env="ARGOS_PACKAGES_DIR",
    )
    # -- input --------------------------------------------------------------
    opencc: str = _setting(
        "t2s", "OpenCC conversion to Simplified: t2s (generic), tw2sp (Taiwan, with phrases), hk2s (Hong Kong), none.",
        "input", choices=("t2s", "tw2sp", "hk2s", "none"), signature=True,
    )
    max_input_mb: float = _setting(
        100.0, "Largest input file read, in megabytes (a larger one is refused with a clear error).", "input", minimum=0.001
    )
    # -- translation --------------------------------------------------------
    engine: str = _setting(
        "auto", "argos: the installed Argos zh→en model; gloss: CC-CEDICT word-by-word draft; llm: an OpenAI-compatible server "
        "(llm_url); ct2: any CTranslate2 model folder (ct2_model_dir); auto: argos when installed, else gloss.",
        "translation", choices=("auto", "argos", "gloss", "llm", "ct2"),
    )
    memory: bool = _setting(True, "Look up the translation memory (exact matches reused, fuzzy ones offered).", "translation", signature=True)
    fuzzy_min: float = _setting(
        75.0, "Lowest fuzzy memory match offered, 0-100 (rapidfuzz Indel similarity).", "translation", minimum=0, maximum=100,
        signature=True,
    )
    # -- decoding (Argos / CTranslate2) -----------------------------------------
    device: str = _setting("cpu", "Where the model runs.", "decoding", choices=("cpu", "cuda"))
    compute_type: str = _setting(
        "", "CTranslate2 compute type (empty: int8 on CPU, int8_float16 on CUDA).", "decoding", signature=True
    )
    threads: int = _setting(
        0, "Threads per batch (0: automatic, parallel batches over all cores).", "decoding", minimum=0, maximum=256
    )
    beam_size: int = _setting(4, "Beam width.", "decoding", minimum=1, maximum=16, signature=True)
    max_batch_size: int = _setting(0, "Tokens per batch, padding included (0: 4096 on CPU, 8192 on CUDA).", "decoding", minimum=0)
    max_input_length: int = _setting(
        1024, "Source tokens read; a longer source is truncated and flagged.", "decoding", minimum=1, signature=True
    )
    max_decoding_length: int = _setting(256, "Most target tokens decoded.", "decoding", minimum=1, signature=True)
    length_ratio: float = _setting(
        2.0, "Decoding stops at length_ratio × source tokens + length_extra (0: only max_decoding_length).", "decoding",
        minimum=0, signature=True,
    )
    length_extra: int = _setting(10, "See length_ratio.", "decoding", minimum=0, signature=True)
    no_repeat_ngram_size: int = _setting(
        3, "Never repeat an n-gram of this size in one output (0: off).", "decoding", minimum=0, signature=True
    )
    repetition_penalty: float = _setting(
        1.0, "Penalty on tokens already generated (1.0: off).", "decoding", minimum=0.01, signature=True
    )
    ct2_model_dir: str = _setting(
        "", "engine ct2: a CTranslate2 model folder as ct2-transformers-converter leaves it (OPUS-MT/Marian, NLLB-200, "
        "M2M100) or the model/ folder of an Argos package; the family is read from its files.", "decoding",
    )
    # -- LLM server (engine llm) ------------------------------------------------
    llm_url: str = _setting(
        "", "engine llm: base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1; several, comma-separated, "
        "are used in turn.", "llm",
    )
    llm_model: str = _setting("", "Model name sent to the server (empty: the first one GET /models lists).", "llm")
    llm_api_key: str = _setting(
        "", "API key sent as a bearer token; set it in the environment, never in a file others read. Never printed, logged "
        "or stored.", "llm", env="TRANSLATOR_LLM_API_KEY", secret=True,
    )
    llm_api_key_file: str = _setting("", "A file holding the API key (used when llm_api_key is empty).", "llm")
    llm_template: str = _setting(
        "generic", "Prompt template: generic, hy-mt (Tencent HY-MT's published prompts), qwen (Qwen-style instruct "
        "models), or the path of a template file of your own.", "llm",
    )
    llm_context: int = _setting(
        3, "Previous segments of the article (source and current English) sent with each request; the title always is.",
        "llm", minimum=0, maximum=50,
    )
    llm_concurrency: int = _setting(4, "Requests in flight at once (segments of one article come back in order).", "llm",
                                    minimum=1, maximum=256)
    llm_batch: int = _setting(
        1, "Segments per request as numbered lines (1: one each); a mismatched answer is sent again one by one.", "llm",
        minimum=1, maximum=64,
    )
    llm_timeout_s: float = _setting(120.0, "Seconds to wait for one answer before retrying.", "llm", minimum=0.1)
    llm_retries: int = _setting(2, "Retries of a request that timed out or got a 5xx answer (with backoff).", "llm",
                                minimum=0, maximum=20)
    llm_temperature: float = _setting(0.0, "Sampling temperature sent (0: greedy).", "llm", minimum=0, maximum=2)
    llm_seed: int = _setting(0, "Sampling seed sent (-1: none sent).", "llm", minimum=-1)
    llm_max_tokens: int = _setting(512, "Most tokens of one answer.", "llm", minimum=1)
    # -- quality checks -----------------------------------------------------
    qa_length_ratio_low: float = _setting(
        0.8, "length_ratio check: fewest English characters per Chinese character.", "qa", minimum=0
    )
    qa_length_ratio_high: float = _setting(
        8.0, "length_ratio check: most English characters per Chinese character.", "qa", minimum=0
    )
    qa_length_ratio_min_source: int = _setting(
        8, "length_ratio check: shortest source checked, in Chinese characters.", "qa", minimum=1
    )
    qa_repeat_word: int = _setting(4, "repetition check: the same word this many times in a row.", "qa", minimum=2)
    qa_repeat_phrase: int = _setting(
        3, "repetition check: a 2-4 word phrase this many times in a row.", "qa", minimum=2
    )
    # -- review app (translator serve) ---------------------------------------
    host: str = _setting("127.0.0.1", "Address the review app listens on (0.0.0.0: every interface).", "web")
    port: int = _setting(8000, "Port the review app listens on.", "web", minimum=1, maximum=65535)
    serve_threads: int = _setting(8, "Request threads of the review app's server (waitress).", "web", minimum=1, maximum=256)
    secret_key_file: str = _setting(
        "translator.secret", "File holding the key that signs the review app's sessions (created, mode 0600, when missing).",
        "web",
    )
    secure_cookies: bool = _setting(
        False, "Send the review app's session cookie over HTTPS only (turn on behind a TLS proxy).", "web"
    )
    max_upload_mb: float = _setting(
        10.0, "Largest upload the review app accepts, in megabytes (a larger one is refused with a clear error).", "web",
        minimum=0.001,
    )
    login_rate_limit: str = _setting(
        "10 per minute", "Login attempts allowed per client address (Flask-Limiter syntax, e.g. '5 per minute;50 per hour').",
        "web",
    )
    glossary_file: str = _setting(
        "translator-glossary.tsv",
        "The glossary TSV the review app edits (created when a term is first added); used over the shipped and user glossaries.",
        "web",
    )
    # -- job queue (translator worker, batch --broker, the review app) -------------
    broker: str = _setting(
        "", "Celery broker URL (redis://host:6379/0): batch and the review app enqueue jobs there for 'translator worker' "
        "processes (empty: translate in-process).", "project",
    )
    visibility_timeout_s: float = _setting(
        3600.0, "Seconds before a job taken by a worker that died (machine lost, unacknowledged) is delivered again "
        "(Redis visibility timeout); longer than the longest job.", "project", minimum=1,
    )

    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    # -----------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        *,
        config: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        sets: Mapping[str, str] | None = None,
        overrides: Mapping[str, Any] | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> Settings:
        """Defaults < TOML file < environment < ``sets`` (``--set NAME=VALUE``) < ``overrides`` (a command's flags)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        path = _config_path(config, env, cwd)
        if path is not None:
            for name, raw in _read_toml(path).items():
                values[name] = _coerce(name, raw, f"{path}: {name}")
                sources[name] = f"file {path}"
        for spec in declared():
            raw = env.get(spec.env)
            if raw is not None and raw != "":
                values[spec.name] = _coerce(spec.name, raw, f"environment variable {spec.env}")
                sources[spec.name] = f"env {spec.env}"
        for name, raw in (sets or {}).items():
            values[name] = _coerce(name, raw, f"--set {name}")
            sources[name] = "flag"
        for name, raw in (overrides or {}).items():
            if raw is None:
                continue
            values[name] = _coerce(name, raw, f"--{name.replace('_', '-')}")
            sources[name] = "flag"
        return cls(**values, sources=sources)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with some values set from flags (``None`` values are ignored)."""
        given = {k: _coerce(k, v, f"--{k.replace('_', '-')}") for k, v in overrides.items() if v is not None}
        return replace(self, **given, sources={**self.sources, **dict.fromkeys(given, "flag")})

    def shown(self, name: str) -> Any:
        """The value of ``name`` for display: a secret one is masked (``'***'`` when set)."""
        value = getattr(self, name)
        return ("***" if value else "") if spec(name).secret else value

    def source_of(self, name: str) -> str:
        return self.sources.get(name, "default")

    def translation_settings(self) -> dict[str, Any]:
        """The settings that change a translation (``signature`` in the declaration)."""
        return {s.name: getattr(self, s.name) for s in declared() if s.signature}


@dataclass(frozen=True)
class Spec:
    """One declared setting, for help texts, docs and validation."""

    name: str
    type: type
    default: Any
    help: str
    group: str
    env: str
    choices: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    signature: bool
    secret: bool = False  # never displayed (translator settings masks it)


def declared() -> Iterator[Spec]:
    """Every setting, in declaration order."""
    hints = {"str": str, "int": int, "float": float, "bool": bool, "tuple[str, ...]": tuple}
    for f in fields(Settings):
        if f.name == "sources":
            continue
        m = f.metadata
        yield Spec(
            f.name, hints[str(f.type)], f.default, m["help"], m["group"], m["env"] or f"TRANSLATOR_{f.name.upper()}",
            m["choices"], m["min"], m["max"], m["signature"], m.get("secret", False),
        )


def spec(name: str) -> Spec:
    for s in declared():
        if s.name == name:
            return s
    known = ", ".join(s.name for s in declared())
    raise SettingsError(f"unknown setting '{name}'; the settings are: {known}")


def _config_path(config: str | os.PathLike[str] | None, env: Mapping[str, str], cwd: str | os.PathLike[str] | None) -> Path | None:
    if config is not None:
        return Path(config)
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    local = Path(cwd or ".").resolve() / CONFIG_FILE
    return local if local.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError("no such settings file; check the path given with --config or $TRANSLATOR_CONFIG", path=str(path)) from None
    except OSError as e:
        raise SettingsError(f"cannot read settings file ({e.strerror})", path=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError(f"not valid TOML ({e}); fix the file", path=str(path)) from None
    for name in data:
        try:
            spec(name)
        except SettingsError as e:
            raise SettingsError(e.message, path=str(path)) from None
    return data


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _coerce(name: str, raw: Any, where: str) -> Any:
    """``raw`` (a TOML value, an environment string or a flag value) as the setting's type, validated."""
    s = spec(name)

    def bad(expected: str) -> SettingsError:
        return SettingsError(f"{where}: expected {expected}, got {raw!r}")

    value: Any
    if s.type is bool:
        if isinstance(raw, bool):
            value = raw
        elif isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            value = raw.strip().lower() in _TRUE
        else:
            raise bad("true or false")
    elif s.type is tuple:
        if isinstance(raw, str):
            value = tuple(p for p in raw.split(os.pathsep) if p)
        elif isinstance(raw, (list, tuple)) and all(isinstance(x, str) for x in raw):
            value = tuple(raw)
        else:
            raise bad("a list of strings")
    elif s.type in (int, float):
        if isinstance(raw, bool):
            raise bad("a number")
        try:
            value = s.type(raw.strip() if isinstance(raw, str) else raw)
        except (TypeError, ValueError, OverflowError):
            raise bad("an integer" if s.type is int else "a number") from None
        if s.type is int and isinstance(raw, float) and raw != int(raw):
            raise bad("an integer")
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
            raise bad("a finite number")
        if s.minimum is not None and value < s.minimum:
            raise SettingsError(f"{where}: {value} is below the minimum {s.minimum:g}")
        if s.maximum is not None and value > s.maximum:
            raise SettingsError(f"{where}: {value} is above the maximum {s.maximum:g}")
    else:
        if not isinstance(raw, str):
            raise bad("a string")
        value = raw
        if s.choices and value not in s.choices:
            raise SettingsError(f"{where}: '{value}' is not one of {', '.join(s.choices)}")
    return value
