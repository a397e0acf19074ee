"""The document's own JSON (what ``translator translate --json`` prints), as bytes, and back."""

from __future__ import annotations

import json

from ..document import Document
from . import FormatError


def export_json(doc: Document) -> bytes:
    """``doc.to_json()`` as UTF-8, ending in a newline."""
    return (doc.to_json() + "\n").encode("utf-8")


def read_json(data: bytes, *, path: str = "<json>") -> Document:
    """A document from its JSON; anything else is one :class:`FormatError` naming the file."""
    try:
        return Document.from_dict(json.loads(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        raise FormatError("not UTF-8; a document's JSON is written as UTF-8", path=path) from None
    except json.JSONDecodeError as e:
        raise FormatError(f"not JSON ({e.msg} at line {e.lineno}); give a document's JSON", path=path) from None
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise FormatError(f"not a document's JSON (missing or wrong field {e}); give translator's --json output", path=path) from None
