"""The vocabulary is declared once (``translator/vocabulary.py``); everything else takes it from there."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

from translator import vocabulary
from translator.document import Status


def test_the_status_type_lists_the_vocabulary_statuses_in_order():
    assert get_args(Status) == vocabulary.STATUSES


def test_derived_sets_follow_the_status_declarations():
    assert vocabulary.CONFIRMED == {"approved", "translated"}
    assert vocabulary.KEPT == vocabulary.CONFIRMED | {"rejected"}
    assert set(vocabulary.STATUS_LABELS) == set(vocabulary.STATUSES)
    for role, allowed in vocabulary.HUMAN_STATUSES.items():
        assert role in vocabulary.ROLES and allowed <= set(vocabulary.STATUSES)
    assert [vocabulary.ROLE_RANK[r] for r in vocabulary.ROLES] == sorted(vocabulary.ROLE_RANK.values())
    assert vocabulary.DEFAULT_LAYOUT in vocabulary.LAYOUTS
    lows = [b.low for b in vocabulary.MATCH_BANDS if b.low is not None]
    assert lows == sorted(lows, reverse=True) and lows[0] == 100.0  # memory bands, best first
    assert vocabulary.MATCH_BAND_NAMES[0] == "repetitions" and vocabulary.MATCH_BAND_NAMES[-1] == "new"


# -- nobody re-declares the vocabulary -------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("translator", "webapp")
#: Words, and how many of them in one literal make a re-declaration.
WORDS: dict[str, tuple[frozenset[str], int]] = {
    "status": (frozenset(vocabulary.STATUSES), 3),
    "layout": (frozenset(vocabulary.LAYOUTS), 2),
    "role": (frozenset(vocabulary.ROLES), 2),
    "article suffix": (frozenset(vocabulary.ARTICLE_SUFFIXES), 3),
    "stage": (frozenset(vocabulary.STAGES), 2),
    "match band": (frozenset(vocabulary.MATCH_BAND_NAMES), 3),
}
#: Literals that name statuses by design, (file, name) -> the statuses they hold: the Status type and the
#: maps from a status to a format's own word.  Those holding every status must keep doing so.
MAPPINGS: dict[tuple[str, str], frozenset[str]] = {
    ("translator/document.py", "Status"): frozenset(vocabulary.STATUSES),
    ("translator/formats/xliff.py", "STATE_21"): frozenset(vocabulary.STATUSES),
    ("translator/formats/xliff.py", "STATE_12"): frozenset(vocabulary.STATUSES),
    ("translator/formats/xliff.py", "QUALIFIER_12"): frozenset({"machine", "memory", "rejected"}),  # XLIFF 1.2 state-qualifier
    ("translator/formats/reader.py", "LAYOUT_RULES"): frozenset(vocabulary.LAYOUTS),  # each layout's CSS
}

def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Dict):
        items = [*node.keys, *node.values]
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = list(node.elts)
    else:
        return []
    return [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]


def _assigned_names(tree: ast.AST) -> dict[int, str]:
    """For each literal node (by id), the name of the module-level or class-level variable it is assigned to."""
    out: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)] + [
                t.value.id for t in targets if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)
            ]
            for sub in ast.walk(node.value):
                if names:
                    out.setdefault(id(sub), names[0])
    return out


def _redeclarations() -> tuple[list[str], dict[tuple[str, str], set[str]]]:
    found: list[str] = []
    mappings_seen: dict[tuple[str, str], set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel == "translator/vocabulary.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), rel)
            names = _assigned_names(tree)
            for node in ast.walk(tree):
                strings = set(_strings(node))
                for kind, (words, limit) in WORDS.items():
                    hits = strings & words
                    if len(hits) < limit:
                        continue
                    key = (rel, names.get(id(node), ""))
                    if key in MAPPINGS:
                        mappings_seen[key] = hits
                    else:
                        found.append(f"{rel}:{node.lineno}: {len(hits)} {kind} names ({', '.join(sorted(hits))}); "
                                     "import them from translator.vocabulary")
    return found, mappings_seen


def test_no_python_literal_redeclares_the_vocabulary():
    found, mappings_seen = _redeclarations()
    assert found == []
    for key, statuses in MAPPINGS.items():
        assert mappings_seen.get(key) == statuses, f"{key}: holds {sorted(mappings_seen.get(key, ()))}, not {sorted(statuses)}"


# A JS array or object literal (no nesting), and a quoted word in it.
_JS_LITERAL = re.compile(r"\[[^\[\]]*\]|\{[^{}]*\}", re.S)
_JS_WORD = re.compile(r"""['"`]([A-Za-z_.-]+)['"`]|(?<![\w.])([a-z_]+)\s*:""")


def test_no_script_literal_redeclares_the_vocabulary():
    found = []
    for path in sorted((ROOT / "webapp" / "static").rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        for m in _JS_LITERAL.finditer(text):
            strings = {a or b for a, b in _JS_WORD.findall(m.group(0))}
            for kind, (words, limit) in WORDS.items():
                hits = strings & words
                if len(hits) >= limit:
                    line = text.count("\n", 0, m.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {len(hits)} {kind} names ({', '.join(sorted(hits))}); "
                                 "read them from the page's vocabulary block (api.js VOCABULARY)")
    assert found == []


def test_the_checks_see_a_copy():
    """The walkers above find what they are meant to find (so their passing means something)."""
    tree = ast.parse('STATUSES = ("approved", "translated", "new")\nROLES = {"admin": 1, "reviewer": 2}\nX = ["target", "interleaved"]')
    kinds = [kind for node in ast.walk(tree) for kind, (words, limit) in WORDS.items()
             if len(set(_strings(node)) & words) >= limit]
    assert kinds == ["status", "role", "layout"]
    js = "const ORDER = ['approved', 'translated', 'new'];\nconst RANK = { translator: 1, admin: 3 };"
    hits = [{a or b for a, b in _JS_WORD.findall(m.group(0))} for m in _JS_LITERAL.finditer(js)]
    assert hits[0] >= {"approved", "translated", "new"} and hits[1] >= {"translator", "admin"}
