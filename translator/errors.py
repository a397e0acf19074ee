"""The library's exceptions.

Every message says what went wrong *and what to do next*; the CLI prints it
as one line (prefixed with the file it concerns, when there is one) and the
web app shows it in its one error shape.  Nothing here is for programming
errors: those stay ordinary Python exceptions with tracebacks.
"""

from __future__ import annotations


class TranslatorError(Exception):
    """Base class of every error caused by input, configuration or environment."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class IngestError(TranslatorError):
    """The input could not be read as an article (empty, binary, undecodable)."""


class GlossaryError(TranslatorError):
    """A glossary file is malformed or contradicts itself."""


class EngineError(TranslatorError):
    """A translation engine could not be loaded or run."""


class ModelError(TranslatorError):
    """A model package could not be found, installed or read."""


class StoreError(TranslatorError):
    """The project database could not be opened or written."""
