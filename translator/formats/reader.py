"""The reader's style sheet and script of the article page, shared by the HTML export and the published site.

The export inlines both (allowed by its Content-Security-Policy through
their hashes); the site links them as ``assets/reader.css`` and
``assets/reader.js`` (``script-src 'self'``: the CSP the review app uses).

Layouts (:data:`translator.vocabulary.LAYOUTS`) are switched two ways, so the
page works with JavaScript off:

* a class on ``<html>`` (``layout-<name>``): the layout the page opens in,
  which the script changes and remembers (``localStorage``);
* one link per layout to ``#mode-<name>``: three nested ``<div class="mode">``
  carry those ids, and ``html:not(.js) #mode-<name>:target`` applies the
  layout without any script (an id selector outweighs the class).

Each layout's rules are written once here (:data:`LAYOUT_RULES`) and expanded
to both selectors by :func:`layout_css`.  Sentences are linked across the
languages by ``data-segments``: with the script, hovering or tapping one
highlights its counterpart (background and outline only: nothing moves) or,
in English-only, shows its Chinese in a tooltip laid over the text.
"""

from __future__ import annotations

import base64
import hashlib

from ..vocabulary import LAYOUTS

#: The key the chosen layout is remembered under (the page's ``localStorage``).
STORAGE_KEY = "zh-news-translator.layout"

BASE_CSS = """\
:root { --bg: #fff; --fg: #1a1a1a; --muted: #595959; --zh: #626262; --line: #d0d0d0;
  --mark: #fff3bf; --mark-fg: #000; --hl: #dcecff; --hl-line: #3d7cc9; --link: #0b57a4; --tip-bg: #1f1f1f; --tip-fg: #fafafa; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #e8e6e3; --muted: #a8a8a8; --zh: #b5b5b5; --line: #3a3a3a;
    --mark: #4a3b00; --mark-fg: #fff; --hl: #1d3550; --hl-line: #6ea8e8; --link: #8ab4f8; --tip-bg: #f2f2f2; --tip-fg: #111; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { font: 1.0625rem/1.65 Georgia, "Times New Roman", serif; margin: 0; padding: 0 1.25rem 3rem; background: var(--bg); color: var(--fg); }
[lang|="zh"] { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; }
a { color: var(--link); }
.site { max-width: 88rem; margin: 0 auto; padding: .75rem 0; border-bottom: 1px solid var(--line);
  font: .95rem/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.site a { color: inherit; font-weight: 600; text-decoration: none; }
.page-head, .about, .reader .body { margin-left: auto; margin-right: auto; }
.page-head { max-width: 72ch; padding-top: 1.25rem; }
.switch { display: flex; flex-wrap: wrap; gap: .4rem; margin: 0 0 1rem; font: .9rem/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.switch a { padding: .3rem .75rem; border: 1px solid var(--line); border-radius: 999px; color: inherit; text-decoration: none; }
.switch a[aria-current="true"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
h1 { font-size: 2rem; line-height: 1.2; margin: .25rem 0 .75rem; }
h1 .zh { display: block; margin-top: .4rem; font-size: 1.15rem; font-weight: normal; color: var(--zh); }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 1.5rem 0 .5rem; }
.credits, .legend { font: .9rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--muted); margin: .25rem 0; }
.credits a { color: var(--muted); }
.reader .body { padding-top: 1rem; }
.row p { margin: 0 0 1.1rem; }
.row .zh { color: var(--zh); font-size: .9em; line-height: 1.8; }
.row .en p, .row .en h2 { max-width: 70ch; }
.row .zh p, .row .zh h2 { max-width: 40em; }
.row figure, .row blockquote, .row ul, .row ol, .row table { margin: 0 0 1.1rem; }
.row figure img { display: block; max-width: 100%; height: auto; margin: 0 0 .4rem; }
.row blockquote { padding-left: 1rem; border-left: 3px solid var(--line); }
.row ul, .row ol { padding-left: 1.5rem; }
.row table { border-collapse: collapse; }
.row th, .row td { padding: .2rem .6rem; border: 1px solid var(--line); text-align: left; vertical-align: top; }
[data-segments] { border-radius: 2px; }
.js [data-segments] { cursor: pointer; }
.hl { background: var(--hl); box-shadow: 0 0 0 2px var(--hl), 0 2px 0 2px var(--hl-line); }
.unreviewed { background: var(--mark); color: var(--mark-fg); }
.placeholder { color: var(--muted); font-style: italic; }
.tip { position: absolute; z-index: 10; max-width: min(28rem, calc(100vw - 2rem)); padding: .5rem .75rem; border-radius: .4rem;
  background: var(--tip-bg); color: var(--tip-fg); font-size: .95rem; line-height: 1.7; box-shadow: 0 4px 16px rgba(0, 0, 0, .25); }
.tip[hidden] { display: none; }
.about { max-width: 72ch; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line);
  font: .85rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--muted); }
.about h2 { font-size: 1rem; margin: 0 0 .5rem; color: var(--fg); }
.about dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
.about dt { font-weight: 600; }
.about dd { margin: 0; overflow-wrap: anywhere; }
.about code { font-size: .8rem; }
.index-main { max-width: 72ch; margin: 0 auto; }
.index-list { list-style: none; padding: 0; margin: 0; }
.index-list li { padding: 1rem 0; border-bottom: 1px solid var(--line); }
.index-list h2 { margin: 0 0 .2rem; font-size: 1.25rem; }
.index-list h2 a { color: inherit; }
.index-list .zh-title { margin: 0 0 .3rem; color: var(--zh); }
.index-list .lead { margin: .3rem 0 0; }
.pages { display: flex; gap: 1rem; justify-content: space-between; margin: 1.5rem 0; font: .95rem/1.4 system-ui, sans-serif; }
"""

#: Each layout's rules, ``(selector inside the layout, declarations)``; every layout sets the same properties.
LAYOUT_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "side-by-side": (
        (".reader .body", "max-width: 88rem;"),
        (".row", "display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 2.5rem;"),
        (".row .zh", "display: block; order: 0;"),
        (".row .zh p, .row .zh h2", "margin-bottom: 1.1rem;"),
        (".row.zh-only", "display: grid;"),
    ),
    "interleaved": (
        (".reader .body", "max-width: 72ch;"),
        (".row", "display: block; grid-template-columns: none; gap: 0;"),
        (".row .zh", "display: block; order: 0;"),
        (".row .zh p, .row .zh h2", "margin-bottom: .35rem;"),
        (".row.zh-only", "display: block;"),
    ),
    "target": (
        (".reader .body", "max-width: 72ch;"),
        (".row", "display: block; grid-template-columns: none; gap: 0;"),
        (".row .zh", "display: none; order: 0;"),
        (".row .zh p, .row .zh h2", "margin-bottom: 0;"),
        (".row.zh-only", "display: none;"),
    ),
}

TAIL_CSS = """\
@media (max-width: 44rem) {
  body { padding: 0 1rem 2rem; font-size: 1.0625rem; }
  h1 { font-size: 1.6rem; }
  .layout-side-by-side .row { grid-template-columns: minmax(0, 1fr); }
  html:not(.js) #mode-side-by-side:target .row { grid-template-columns: minmax(0, 1fr); }
  .layout-side-by-side .row .zh p, html:not(.js) #mode-side-by-side:target .row .zh p { margin-bottom: .35rem; }
  .about dl { grid-template-columns: 1fr; }
}
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #333; --zh: #333; --line: #999; }
  body { padding: 0; font-size: 10.5pt; }
  .switch, .tip, .site { display: none; }
  .hl { background: none; box-shadow: none; }
  .unreviewed { background: none; text-decoration: underline dotted; }
  .row { break-inside: avoid; }
  .reader .body, .page-head, .about { max-width: none; }
  .credits a[href]::after, .about a[href]::after { content: " (" attr(href) ")"; }
}
"""


def layout_css() -> str:
    """Every layout's rules, for its class on ``<html>`` and for its ``#mode-<name>:target`` without script."""
    lines = []
    for name in LAYOUTS:
        for selector, declarations in LAYOUT_RULES[name]:
            parts = [p.strip() for p in selector.split(",")]
            by_class = ", ".join(f".layout-{name} {p}" for p in parts)
            by_target = ", ".join(f"html:not(.js) #mode-{name}:target {p}" for p in parts)
            lines.append(f"{by_class}, {by_target} {{ {declarations} }}")
        lines.append(f'html:not(.js) #mode-{name}:target .switch a[data-layout="{name}"] '
                     "{ background: var(--fg); color: var(--bg); border-color: var(--fg); }")
    # Without script, a layout chosen by its link un-highlights the one the page opened in (the rules above
    # are more specific: an id).
    lines.append("html:not(.js) .mode:target .switch a { background: none; color: inherit; border-color: var(--line); }")
    return "\n".join(lines) + "\n"


CSS = BASE_CSS + layout_css() + TAIL_CSS

SCRIPT = """\
(function () {
  "use strict";
  var KEY = "%(key)s", root = document.documentElement;
  function names() {
    return Array.prototype.map.call(document.querySelectorAll(".switch a[data-layout]"), function (a) { return a.getAttribute("data-layout"); });
  }
  function stored() { try { return window.localStorage.getItem(KEY); } catch (e) { return null; } }
  function remember(name) { try { window.localStorage.setItem(KEY, name); } catch (e) { /* private mode: not remembered */ } }
  function apply(name) {
    if (names().indexOf(name) < 0) { return; }
    root.className = root.className.replace(/\\blayout-[\\w-]+/g, "").trim() + " layout-" + name;
    Array.prototype.forEach.call(document.querySelectorAll(".switch a[data-layout]"), function (a) {
      a.setAttribute("aria-current", a.getAttribute("data-layout") === name ? "true" : "false");
    });
    hide();
  }
  root.className += " js";
  var tip = null, pinned = null;
  function counterparts(el) {
    var ids = el.getAttribute("data-segments");
    return Array.prototype.filter.call(document.querySelectorAll(".body [data-segments]"), function (o) {
      return o.getAttribute("data-segments") === ids;
    });
  }
  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll(".body .hl"), function (o) { o.classList.remove("hl"); });
  }
  function hide() { if (tip) { tip.hidden = true; } clear(); pinned = null; }
  function show(el) {
    clear();
    var both = counterparts(el);
    both.forEach(function (o) { o.classList.add("hl"); });
    if (root.className.indexOf("layout-target") < 0 || el.getAttribute("lang") === "zh-Hans") { if (tip) { tip.hidden = true; } return; }
    var zh = both.filter(function (o) { return o !== el && o.getAttribute("lang") !== "en"; })[0];
    if (!zh) { return; }
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "tip";
      tip.setAttribute("role", "tooltip");
      tip.setAttribute("lang", "zh-Hans");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    tip.textContent = zh.textContent;
    tip.hidden = false;
    var box = el.getBoundingClientRect(), width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function sentence(target) {
    return target && target.closest ? target.closest(".body [data-segments]") : null;
  }
  function fromHash() {
    var hash = window.location.hash.replace(/^#mode-/, "");
    if (names().indexOf(hash) < 0) { return false; }
    apply(hash);
    remember(hash);
    return true;
  }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", function () {
    if (!fromHash()) { var saved = stored(); if (saved) { apply(saved); } }
    Array.prototype.forEach.call(document.querySelectorAll(".switch a[data-layout]"), function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        var name = a.getAttribute("data-layout");
        apply(name);
        remember(name);
        if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "#mode-" + name); }
      });
    });
    var article = document.querySelector("article .body");
    if (!article) { return; }
    article.addEventListener("mouseover", function (ev) { var s = sentence(ev.target); if (s && !pinned) { show(s); } });
    article.addEventListener("mouseout", function (ev) { if (!pinned && sentence(ev.target)) { hide(); } });
    article.addEventListener("click", function (ev) {
      var s = sentence(ev.target);
      if (!s) { hide(); return; }
      if (pinned === s) { hide(); return; }
      pinned = null; show(s); pinned = s;
    });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { hide(); } });
    window.addEventListener("resize", hide);
  });
})();
""".replace("%(key)s", STORAGE_KEY)


def csp_hash(text: str) -> str:
    """The CSP source of an inline ``<style>`` or ``<script>`` holding ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
