"""Facts about written Chinese, defined once for every stage.

Han ranges, Chinese punctuation, sentence marks and the pairs that enclose
text, as translate-toolkit keeps ``translate/lang/zh.py``.  Code points
outside the BMP are written as ``\\U0002xxxx`` escapes.
"""

from __future__ import annotations

# CJK Unified Ideographs, Extension A, Compatibility Ideographs, Extensions B-G
# (U+20000-U+3134F): a regex character-class body.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
