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


class InvalidInput(TranslatorError):
    """A value given by a person (a form field, a JSON body, a file's entry) is not acceptable."""


class NotFoundError(TranslatorError):
    """What was asked for does not exist (a document, a segment, a glossary entry)."""


class ForbiddenError(TranslatorError):
    """The person's role does not allow the change (e.g. a translator approving, or taking back an approval)."""


class ConflictError(TranslatorError):
    """Someone else changed the thing since the version the change started from.

    ``current`` is the stored state now; ``yours`` what the change wanted (both
    shown to the person, who decides).  ``code`` names the kind of conflict.
    """

    code = "conflict"

    def __init__(self, message: str, *, current: object = None, yours: object = None, path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.current = current
        self.yours = yours


class AlreadyExists(ConflictError):
    """An entry with the same key is already there (edit that one instead)."""

    code = "exists"


class StoreBusyError(StoreError):
    """The database is locked by another writer, or open read-only: try again later, or fix its permissions."""


class EngineUnavailable(EngineError):
    """A translation engine or dictionary is not installed or cannot be reached right now."""


class QAGateError(InvalidInput):
    """Confirming or approving a segment whose English has a QA error (or is still a word gloss) needs a reason.

    ``findings`` lists them (``code``, ``severity``, ``message``, ...); the edit goes
    through when it is sent again with an ``override`` reason.
    """

    code = "qa_gate"

    def __init__(self, message: str, *, findings: list[dict[str, object]], path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.findings = findings
