"""The llm engine: a client of the OpenAI-compatible chat-completions API.

llama.cpp's server, Ollama, vLLM, LM Studio and TGI all speak it.  Each
segment is one request (or, with ``batch > 1``, several as numbered lines)
built from a prompt template: the article's title, the previous segments
(source and current English) as context, and the glossary terms found in
*that* segment with their required English, forbidden renderings and
do-not-translate items.  The answer is cleaned (reasoning blocks, "Translation:"
prefixes, quotes, code fences, trailing notes); an empty answer or one still
mostly Chinese is a failed segment with an ``engine_failed`` note, flagged
for the reviewer, never a silent draft.

The HTTP client is the standard library's ``http.client``, one keep-alive
connection per thread and server, requests in a thread pool of
``concurrency``.  Timeouts, dropped connections and 5xx answers are retried
with backoff; a segment that still fails is flagged and the others go on.
An unreachable server, a refused key or an unknown model is one
:class:`~translator.errors.EngineError` before any segment is sent.  The API
key is sent as a bearer token and appears in no message, log, provenance or
description.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import threading
import time
import urllib.parse
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from ..errors import EngineError
from .base import Translation, current_articles, flat_description

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store.glossary import Glossary

# --- prompt templates -----------------------------------------------------------------

# A template is text in parts: "[system]" and "[user]" start the two messages
# (no "[system]": none is sent).  Placeholders: {title}, {context}, {terms},
# {source}, {count}.  A line starting with "{?name}" is kept only when
# {name} is not empty (the marker itself is removed).  An optional "[term]"
# part is the format of one glossary line ({source}, {target}), an optional
# "[forbidden]" that of a forbidden rendering ({target}), "[dnt]" that of a
# do-not-translate item ({source}), and "[context]" that of one previous
# segment ({source}, {english}).

_GENERIC = """\
[system]
You are a professional translator of Chinese news articles into English. Translate the text the user gives you from \
Simplified Chinese into accurate, fluent English in the register of a news agency. Keep names, numbers and amounts exact \
(万 = ten thousand, 亿 = hundred million). Answer with the English translation only: no notes, no explanations, no quotes.
[user]
{?title}The article's title: {title}
{?context}The paragraphs just before, for context only (do not translate them again):
{?context}{context}
{?terms}Use these renderings:
{?terms}{terms}
{?batch}Translate each of the {count} numbered lines below; answer with exactly {count} lines, each starting with its number.
Translate into English:
{source}
[term]
- {source} → {target}
[dnt]
- {source} → {source} (keep as written, do not translate)
[forbidden]
- never write "{target}"
[context]
Chinese: {source}
English: {english}
"""

# Tencent HY-MT's published prompts (terminology, context, then the translation instruction).
_HY_MT = """\
[user]
{?title}{title}
{?context}{context}
{?context}参考上面的信息，把下面的文本翻译成英语，注意不需要翻译上文，也不要额外解释：
{?terms}参考下面的翻译：
{?terms}{terms}
{?batch}下面共有{count}行，逐行翻译，每行以原编号开头，输出{count}行。
将以下文本翻译为英语，注意只需要输出翻译后的结果，不要额外解释：
{source}
[term]
{source} 翻译成 {target}
[dnt]
{source} 翻译成 {source}
[forbidden]
不要译成 {target}
[context]
{source}
{english}
"""

_QWEN = """\
[system]
You are a translation engine. You translate Chinese news text into English and output only the translation.
[user]
{?title}Article title: {title}
{?context}Context (already translated, do not repeat):
{?context}{context}
{?terms}Terminology (mandatory):
{?terms}{terms}
{?batch}There are {count} numbered lines; output exactly {count} numbered lines.
Translate from Chinese to English. Output the English text only.

{source} /no_think
[term]
{source} = {target}
[dnt]
{source} = {source} (do not translate)
[forbidden]
not "{target}"
[context]
{source} => {english}
"""

TEMPLATES: dict[str, str] = {"generic": _GENERIC, "hy-mt": _HY_MT, "qwen": _QWEN}

_PARTS = ("system", "user", "term", "dnt", "forbidden", "context")
_PLACEHOLDER = regex.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    parts: dict[str, str] = field(compare=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]

    @classmethod
    def named(cls, name_or_path: str) -> Template:
        """A shipped template by name, or the template file at that path."""
        if name_or_path in TEMPLATES:
            return cls.parse(name_or_path, TEMPLATES[name_or_path])
        path = Path(name_or_path).expanduser()
        if not path.is_file():
            raise EngineError(
                f"llm_template '{name_or_path}' is neither a shipped template ({', '.join(TEMPLATES)}) nor a file; "
                "give one of those names or the path of a template file"
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EngineError(f"cannot read the prompt template ({exc.__class__.__name__}); check the file",
                              path=str(path)) from None
        return cls.parse(path.name, text, where=str(path))

    @classmethod
    def parse(cls, name: str, text: str, *, where: str | None = None) -> Template:
        parts: dict[str, list[str]] = {}
        current: str | None = None
        for line in text.splitlines():
            head = line.strip()
            if head.startswith("[") and head.endswith("]") and head[1:-1] in _PARTS:
                current = head[1:-1]
                parts[current] = []
            elif current is not None:
                parts[current].append(line)
        joined = {k: "\n".join(v).strip("\n") for k, v in parts.items()}
        if "{source}" not in joined.get("user", ""):
            raise EngineError("a prompt template needs a [user] part with {source} in it", path=where or name)
        return cls(name, text, joined)

    def render(self, part: str, values: dict[str, str]) -> str:
        out = []
        for line in self.parts.get(part, "").splitlines():
            m = regex.match(r"\{\?(\w+)\}", line)
            if m:
                if not values.get(m.group(1)):
                    continue
                line = line[m.end():]
            out.append(_PLACEHOLDER.sub(lambda p: values.get(p.group(1), p.group(0)), line))
        return "\n".join(out).strip()


# --- cleaning the answer --------------------------------------------------------------

_THINK = regex.compile(r"<(think|thinking|reasoning|thought)>.*?</\1>", regex.S | regex.I)
_THINK_OPEN = regex.compile(r"<(think|thinking|reasoning|thought)>.*", regex.S | regex.I)  # never closed: all reasoning
_THINK_CLOSE_ONLY = regex.compile(r"^.*?</(think|thinking|reasoning|thought)>", regex.S | regex.I)  # template opened it
_FENCE = regex.compile(r"^```[\w-]*\s*\n?(.*?)\n?```\s*$", regex.S)
_PREFIX = regex.compile(
    r"^\s*(?:(?:sure|okay|ok|certainly|of course)[,!. ]+)?(?:here(?:'s| is) (?:the |my )?(?:english )?translation[^:\n]*:|"
    r"(?:english )?translation(?: into english)?\s*:|english\s*:|译文\s*[:：]|翻译\s*[:：]|英文\s*[:：])\s*",
    regex.I,
)
_TRAILER = regex.compile(
    r"\n\s*\n\s*(?:\(?\s*(?:notes?|explanation|translator'?s? notes?|注|说明|备注)\s*[:：)]|"
    r"(?:this|the above|the) translation\b|i (?:have )?translated\b).*$",
    regex.S | regex.I,
)
_TRAILING_NOTE = regex.compile(r"\s*\((?:note|notes|explanation)\s*:[^()]*\)\s*$", regex.I)
_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("「", "」"), ("『", "』"))
_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"[A-Za-z]")


def clean_answer(text: str) -> str:
    """The translation in a model's answer: reasoning, prefixes, quotes, fences and trailing notes removed."""
    text = _THINK.sub("", text)
    text = _THINK_CLOSE_ONLY.sub("", text) if regex.search(r"</(think|thinking|reasoning|thought)>", text, regex.I) else text
    text = _THINK_OPEN.sub("", text).strip()
    text = _TRAILER.sub("", text).strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = _TRAILER.sub("", fenced.group(1)).strip()
    text = _PREFIX.sub("", text, count=1).strip()
    text = _TRAILING_NOTE.sub("", text).strip()
    for left, right in _QUOTES:
        if len(text) >= 2 and text.startswith(left) and text.endswith(right) and text.count(left if left != right else left) <= 2:
            text = text[len(left):-len(right)].strip()
            break
    return text


def mostly_chinese(text: str) -> bool:
    """More Han characters than Latin letters: the model did not translate."""
    han = len(_HAN.findall(text))
    return han > 0 and han >= len(_LATIN.findall(text))


_NUMBERED = regex.compile(r"^\s*(\d+)\s*[.)、:：]\s*(.*?)\s*$")


def parse_numbered(answer: str, count: int) -> list[str] | None:
    """Exactly ``count`` lines numbered 1..count, in order; ``None`` on any mismatch."""
    lines = [ln for ln in clean_answer(answer).splitlines() if ln.strip()]
    if len(lines) != count:
        return None
    out = []
    for n, line in enumerate(lines, 1):
        m = _NUMBERED.match(line)
        if not m or int(m.group(1)) != n:
            return None
        out.append(m.group(2))
    return out


# --- HTTP -----------------------------------------------------------------------------


class _Transient(Exception):
    """A failure worth retrying: timeout, dropped connection, 5xx."""


@dataclass(frozen=True)
class _Server:
    url: str  # as given, for messages
    https: bool
    host: str
    port: int
    base: str  # path prefix, e.g. "/v1"

    @classmethod
    def parse(cls, url: str) -> _Server:
        u = urllib.parse.urlsplit(url.strip())
        if u.scheme not in ("http", "https") or not u.hostname:
            raise EngineError(f"llm_url '{url.strip()}' is not an http(s) URL; give the API's base URL, e.g. http://127.0.0.1:8080/v1")
        try:
            port = u.port or (443 if u.scheme == "https" else 80)
        except ValueError:
            raise EngineError(f"llm_url '{url.strip()}' has a bad port; fix the URL") from None
        return cls(url.strip().rstrip("/"), u.scheme == "https", u.hostname, port, u.path.rstrip("/"))


class HTTPClient:
    """JSON over keep-alive ``http.client`` connections: one per thread and server."""

    def __init__(self, servers: Sequence[_Server], api_key: str, timeout_s: float) -> None:
        self.servers = list(servers)
        self._key = api_key
        self.timeout_s = timeout_s
        self._local = threading.local()
        self._open: list[http.client.HTTPConnection] = []
        self._open_lock = threading.Lock()

    def _connection(self, server: _Server) -> http.client.HTTPConnection:
        conns = self._local.__dict__.setdefault("conns", {})
        conn = conns.get(server)
        if conn is None:
            cls = http.client.HTTPSConnection if server.https else http.client.HTTPConnection
            conn = cls(server.host, server.port, timeout=self.timeout_s)
            conns[server] = conn
            with self._open_lock:
                self._open.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection opened so far (their threads may be gone)."""
        with self._open_lock:
            opened, self._open = self._open, []
        for conn in opened:
            conn.close()
        self._local = threading.local()

    def _drop(self, server: _Server) -> None:
        conn = self._local.__dict__.get("conns", {}).pop(server, None)
        if conn is not None:
            conn.close()

    def hide(self, text: str) -> str:
        """``text`` with the API key blanked out (a server may echo it)."""
        return text.replace(self._key, "***") if self._key else text

    def call(self, server: _Server, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        """(status, decoded JSON or text); raises :class:`_Transient` on network trouble and 5xx."""
        headers = {"Accept": "application/json"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        conn = self._connection(server)
        try:
            conn.request(method, server.base + path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
        except TimeoutError as exc:
            self._drop(server)
            raise _Transient(f"no answer within {self.timeout_s:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            self._drop(server)
            raise _Transient(f"connection failed ({exc.__class__.__name__}: {self.hide(str(exc)) or 'closed'})") from exc
        if response.getheader("Connection", "").lower() == "close":
            self._drop(server)
        text = raw.decode("utf-8", "replace")
        try:
            payload: Any = json.loads(text) if text else None
        except ValueError:
            payload = text
        if response.status >= 500:
            raise _Transient(f"HTTP {response.status}: {self.hide(_error_text(payload))}")
        return response.status, payload


def _error_text(payload: Any) -> str:
    if isinstance(payload, dict):
        err = payload.get("error", payload.get("detail", payload))
        if isinstance(err, dict):
            err = err.get("message", err)
        text = str(err)
    else:
        text = str(payload or "")
    text = " ".join(text.split())
    return text[:200] + ("…" if len(text) > 200 else "")


# --- the engine -------------------------------------------------------------------------


@dataclass
class _Request:
    indexes: list[int]  # positions in the batch this request answers
    messages: list[dict[str, str]]


class LLMEngine:
    """Translate zh→en through an OpenAI-compatible chat-completions server.

    ``urls``: base URLs (``.../v1``), used in turn.  ``model``: empty means the
    first the server lists.  ``glossary``: its terms found in each segment go
    with that segment's request.  ``context``: previous segments of the
    article sent along (the article comes from
    :func:`~translator.engines.base.article_context`; outside one, the
    previous sources of the call).  Nothing is contacted until the first
    :meth:`translate_batch` (or :meth:`load`).
    """

    name = "llm"
    prompts_glossary = True  # the glossary wrapper leaves the source unmasked: terms go in the prompt

    def __init__(
        self,
        urls: str | Sequence[str],
        *,
        model: str = "",
        api_key: str = "",
        template: str = "generic",
        glossary: Glossary | None = None,
        context: int = 3,
        concurrency: int = 4,
        batch: int = 1,
        timeout_s: float = 120.0,
        retries: int = 2,
        temperature: float = 0.0,
        seed: int = 0,
        max_tokens: int = 512,
        backoff_s: float = 0.25,
    ) -> None:
        given = [u for u in (urls.split(",") if isinstance(urls, str) else urls) if u.strip()]
        if not given:
            raise EngineError("engine llm needs the server's URL: set llm_url, e.g. http://127.0.0.1:8080/v1")
        self.servers = [_Server.parse(u) for u in given]
        if concurrency < 1 or batch < 1 or max_tokens < 1 or retries < 0 or context < 0 or timeout_s <= 0:
            raise EngineError("llm_concurrency, llm_batch and llm_max_tokens must be at least 1; llm_retries, "
                              "llm_context at least 0; llm_timeout_s above 0")
        self.template = Template.named(template)
        self.requested_model = model.strip()
        self.glossary = glossary
        self.context = context
        self.concurrency = concurrency
        self.batch = batch
        self.retries = retries
        self.temperature = temperature
        self.seed = seed
        self.max_tokens = max_tokens
        self.backoff_s = backoff_s
        self.client = HTTPClient(self.servers, api_key, timeout_s)
        self._model: str | None = None
        self._lock = threading.Lock()
        self._turn = 0

    @classmethod
    def from_settings(cls, settings: Settings, glossary: Glossary | None) -> LLMEngine:
        s = settings
        key = s.llm_api_key
        if not key and s.llm_api_key_file:
            try:
                key = Path(s.llm_api_key_file).expanduser().read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise EngineError(f"cannot read the API key file ({exc.__class__.__name__}); check llm_api_key_file",
                                  path=s.llm_api_key_file) from None
        return cls(
            s.llm_url, model=s.llm_model, api_key=key, template=s.llm_template, glossary=glossary, context=s.llm_context,
            concurrency=s.llm_concurrency, batch=s.llm_batch, timeout_s=s.llm_timeout_s, retries=s.llm_retries,
            temperature=s.llm_temperature, seed=s.llm_seed, max_tokens=s.llm_max_tokens,
        )

    # -- the server -------------------------------------------------------------------

    def load(self) -> None:
        """Check every server answers and serves the model; learn the model's name as the server reports it."""
        with self._lock:
            if self._model is not None:
                return
            names: list[str] = []
            try:
                for server in self.servers:
                    listed = self._models(server)
                    if self.requested_model and self.requested_model not in listed:
                        raise EngineError(
                            f"the LLM server at {server.url} has no model '{self.requested_model}' (it serves: "
                            f"{', '.join(listed) or 'none'}); set llm_model to one of them"
                        )
                    names.append(self.requested_model or (listed[0] if listed else ""))
            finally:
                self.client.close()
            if not names[0]:
                raise EngineError(f"the LLM server at {self.servers[0].url} lists no model; set llm_model")
            self._model = names[0]

    def _models(self, server: _Server) -> list[str]:
        try:
            status, payload = self.client.call(server, "GET", "/models")
        except _Transient as exc:
            raise EngineError(
                f"cannot reach the LLM server at {server.url}: {exc}; check that the server runs and that llm_url is its "
                "API base URL (e.g. http://127.0.0.1:8080/v1)"
            ) from None
        if status in (401, 403):
            raise EngineError(
                f"the LLM server at {server.url} refused the API key (HTTP {status}); check TRANSLATOR_LLM_API_KEY "
                "or llm_api_key_file"
            )
        if status != 200 or not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            raise EngineError(
                f"the LLM server at {server.url} did not list its models (HTTP {status}: "
                f"{self.client.hide(_error_text(payload))}); check that llm_url is an OpenAI-compatible base URL ending in /v1"
            )
        return [str(m.get("id")) for m in payload["data"] if isinstance(m, dict) and m.get("id")]

    @property
    def model(self) -> str:
        self.load()
        assert self._model is not None
        return self._model

    def describe(self) -> dict[str, Any]:
        """The model as the server reports it, the template (name and content hash) and every sampling setting."""
        return {
            "engine": self.name,
            "model": self._model or self.requested_model or None,
            "model_version": None,
            "decoding": {
                "template": self.template.name,
                "template_hash": self.template.digest,
                "temperature": self.temperature,
                "seed": self.seed,
                "max_tokens": self.max_tokens,
                "context": self.context,
                "batch": self.batch,
            },
        }

    # -- prompts ----------------------------------------------------------------------

    def _terms(self, source: str, suppress: Sequence[str]) -> str:
        t = self.template
        lines: list[str] = []
        if self.glossary is not None:
            for m in self.glossary.match(source):
                part = "dnt" if m.term.kind == "dnt" else "term"
                lines.append(t.render(part, {"source": m.term.source, "target": m.term.target}))
            forbidden = [f.target for f in self.glossary.forbidden_for(source)]
        else:
            forbidden = []
        for target in dict.fromkeys([*forbidden, *suppress]):
            if target.strip():
                lines.append(t.render("forbidden", {"target": target}))
        return "\n".join(ln for ln in lines if ln)

    def _context_of(self, sources: Sequence[str]) -> dict[str, tuple[str, list[tuple[str, Any]]]]:
        """source -> (title, previous segments as (source, document segment or None)), first occurrence wins."""
        out: dict[str, tuple[str, list[tuple[str, Any]]]] = {}
        docs = current_articles()
        for doc in docs:
            title = ""
            if getattr(doc, "title", None) is not None:
                title = " ".join(s.source for s in doc.title.segments)
            elif getattr(doc, "metadata", None) is not None:
                title = doc.metadata.title or ""
            segs = [s for s in doc.segments() if s.source.strip()]
            for k, seg in enumerate(segs):
                if seg.source not in out:
                    out[seg.source] = (title, [(p.source, p) for p in segs[max(0, k - self.context):k]])
        if not docs:
            for k, source in enumerate(sources):
                out.setdefault(source, ("", [(p, None) for p in sources[max(0, k - self.context):k]]))
        return out

    def _messages(self, sources: list[str], title: str, previous: list[tuple[str, str]], terms: str) -> list[dict[str, str]]:
        t = self.template
        context = "\n".join(t.render("context", {"source": s, "english": e or "(not yet translated)"}) for s, e in previous)
        if len(sources) == 1:
            source, batch = sources[0], ""
        else:
            source, batch = "\n".join(f"{n}. {s}" for n, s in enumerate(sources, 1)), "yes"
        values = {"title": title if title not in sources else "", "context": context, "terms": terms, "source": source,
                  "count": str(len(sources)), "batch": batch}
        messages = []
        system = t.render("system", values)
        if system:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": t.render("user", values)})
        return messages

    # -- translation --------------------------------------------------------------------

    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        """Translate ``sources``; same length and order.  Empty sources give empty text, no request."""
        if isinstance(sources, str):
            raise TypeError("translate_batch takes a sequence of strings, not one string")
        todo = [i for i, s in enumerate(sources) if s.strip()]
        if not todo:
            return [Translation("", None, flat_description(self.describe())) for _ in sources]
        self.load()  # unreachable server, refused key, unknown model: one error before any segment is sent
        provenance = flat_description(self.describe())
        results = [Translation("", None, dict(provenance)) for _ in sources]
        contexts = self._context_of([sources[i] for i in todo])
        done: dict[str, str] = {}  # source -> English made in this call, the "current English" of later context

        def previous_of(source: str) -> tuple[str, list[tuple[str, str]]]:
            title, prev = contexts.get(source, ("", []))
            pairs = []
            for src, seg in prev:
                english = done.get(src) or (getattr(seg, "target", None) or "")
                pairs.append((src, english))
            return title, pairs

        def one(i: int) -> Translation:
            source = sources[i]
            title, prev = previous_of(source)
            messages = self._messages([source], title, prev, self._terms(source, suppress))
            answer, notes = self._complete(messages)
            t = self._finish(answer, notes, provenance)
            if t.text:
                done[source] = t.text
            return t

        def group(indexes: list[int]) -> list[tuple[int, Translation]]:
            group_sources = [sources[i] for i in indexes]
            title, prev = previous_of(group_sources[0])
            terms = "\n".join(dict.fromkeys(
                ln for s in group_sources for ln in self._terms(s, suppress).splitlines() if ln))
            answer, notes = self._complete(self._messages(group_sources, title, prev, terms))
            parsed = parse_numbered(answer, len(indexes)) if answer is not None else None
            if parsed is None or any(not clean_answer(p) or mostly_chinese(p) for p in parsed):
                return [(i, one(i)) for i in indexes]  # any mismatch: each segment on its own
            out = []
            for i, text in zip(indexes, parsed, strict=True):
                t = self._finish(text, list(notes), provenance)
                if t.text:
                    done[sources[i]] = t.text
                out.append((i, t))
            return out

        # In article order (the wrappers may have sorted the sources): a segment's predecessors go out first,
        # so their English is ready as its context more often.
        position = {source: k for k, source in enumerate(contexts)}
        todo.sort(key=lambda i: position.get(sources[i], len(position)))
        try:
            with ThreadPoolExecutor(max_workers=min(self.concurrency, len(todo)), thread_name_prefix="llm") as pool:
                if self.batch <= 1:
                    for i, t in zip(todo, pool.map(one, todo), strict=True):
                        results[i] = t
                else:
                    groups = [todo[k:k + self.batch] for k in range(0, len(todo), self.batch)]
                    for pairs in pool.map(group, groups):
                        for i, t in pairs:
                            results[i] = t
        finally:
            self.client.close()
        return results

    def _finish(self, answer: str | None, notes: list[dict[str, Any]], provenance: dict[str, Any]) -> Translation:
        if answer is None:  # the request failed; notes say why
            return Translation("", None, dict(provenance), notes)
        text = clean_answer(answer)
        if not text:
            notes.append({"code": "engine_failed", "message": "the model's answer was empty"})
            return Translation("", None, dict(provenance), notes)
        if mostly_chinese(text):
            notes.append({"code": "engine_failed", "message": f"the model answered in Chinese: {_clip(text)!r}"})
            return Translation("", None, dict(provenance), notes)
        return Translation(text, None, dict(provenance), notes)

    def _next_server(self) -> Any:
        with self._lock:
            server = self.servers[self._turn % len(self.servers)]
            self._turn += 1
        return server

    def _complete(self, messages: list[dict[str, str]]) -> tuple[str | None, list[dict[str, Any]]]:
        """(the answer's text, notes), or (None, notes with why) after the retries."""
        body: dict[str, Any] = {
            "model": self.model, "messages": messages, "temperature": self.temperature, "max_tokens": self.max_tokens,
            "stream": False,
        }
        if self.seed >= 0:
            body["seed"] = self.seed
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(self.backoff_s * 2 ** (attempt - 1), 8.0))
            server = self._next_server()
            try:
                status, payload = self.client.call(server, "POST", "/chat/completions", body)
            except _Transient as exc:
                reason = f"{server.url}: {exc}"
                continue
            if status in (401, 403):
                raise EngineError(f"the LLM server at {server.url} refused the API key (HTTP {status}); "
                                  "check TRANSLATOR_LLM_API_KEY or llm_api_key_file")
            if status == 429:
                reason = f"{server.url}: HTTP 429 (too many requests)"
                continue
            if status != 200:
                raise EngineError(
                    f"the LLM server at {server.url} refused the request (HTTP {status}: "
                    f"{self.client.hide(_error_text(payload))}); check llm_model and the server's settings"
                )
            try:
                choice = payload["choices"][0]
                content = choice["message"]["content"] or ""
            except (KeyError, IndexError, TypeError):
                reason = f"{server.url}: an answer without choices[0].message.content"
                continue
            notes: list[dict[str, Any]] = []
            if choice.get("finish_reason") == "length":
                notes.append({"code": "length_capped", "message": f"the answer stopped at llm_max_tokens={self.max_tokens}"})
            return str(content), notes
        tries = self.retries + 1
        return None, [{"code": "engine_failed",
                       "message": f"no translation after {tries} attempt{'s' if tries > 1 else ''} ({reason})"}]


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"

