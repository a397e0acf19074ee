"""The QA gate: what stops a segment from being confirmed or approved, ignored findings, the QA report.

As a QA error blocks confirming a segment in Trados or LanguageWire's
editor (warnings do not), confirming (*translated*) or approving a segment
here needs a reason when its English has a **gating** finding:

* an error-severity QA finding, or
* the word-gloss marker (``gloss_draft``): the English is still the CC-CEDICT
  word-by-word draft, which nobody has edited;

unless a reviewer marked that finding "ignore, with reason" (stored in
``qa_ignores``; :class:`~translator.store.qa_ignores.QAIgnores`).  Without a
reason the edit is refused with :class:`~translator.errors.QAGateError`
(the web app answers 422 ``qa_gate`` with the findings); with one
(``override``) it goes through, the reason is written into the revision's
note, and, when the person may ignore findings (reviewers and admins), the
findings it overrode are recorded as ignored with that reason, so the
approval stands in approved-only exports.

An **open error** is an error-severity finding nobody ignored:
approved-only exports leave out approved segments that still have one
(:attr:`~translator.document.Segment.publishable`), and
:meth:`QAGate.has_open_errors` is the one predicate publishing asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .document import QAIssue
from .errors import ForbiddenError, InvalidInput, QAGateError
from .store.qa_ignores import FindingKey, QAIgnores, mark
from .vocabulary import CONFIRMED, ROLE_RANK, SEVERITY_RANK

if TYPE_CHECKING:
    from .project import Project

#: Checks that gate whatever their severity: the English is still a word-by-word gloss.
GATING_CODES: frozenset[str] = frozenset({"gloss_draft"})
#: The least role that may ignore a finding (and whose override records the findings as ignored).
IGNORE_ROLE = "reviewer"
#: Characters in a reason.
MAX_REASON = 2_000


def gates(q: QAIssue) -> bool:
    """True when ``q`` stops a confirmation (an error, or the gloss marker) and nobody ignored it."""
    return not q.ignored and (q.severity == "error" or q.code in GATING_CODES)


def finding_json(q: QAIssue) -> dict[str, Any]:
    return {**q.to_dict(), "ignored": q.ignored, "gates": gates(q)}


def may_ignore(role: str) -> bool:
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[IGNORE_ROLE]


def check_reason(value: Any, what: str) -> str:
    """A reason a person gave: a non-blank string of at most :data:`MAX_REASON` characters."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"'{what}' must say why (a non-empty string)")
    if len(value) > MAX_REASON:
        raise InvalidInput(f"'{what}' must be at most {MAX_REASON:,} characters")
    return value.strip()


@dataclass
class Passed:
    """What the gate let through: the findings a reason overrode (empty when nothing gated)."""

    overridden: list[QAIssue]
    reason: str = ""

    def note(self, note: str) -> str:
        """The revision's note: the person's own note, then the override and what it overrode."""
        if not self.overridden:
            return note
        codes = ", ".join(dict.fromkeys(q.code for q in self.overridden))
        line = f"QA gate overridden ({codes}): {self.reason}"
        return f"{note}\n{line}" if note else line


class QAGate:
    """The gate and the ignored findings of one project."""

    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def ignores(self) -> QAIgnores:
        return QAIgnores(self.project.store)

    # -- the gate -------------------------------------------------------------------------

    def check(self, row: dict[str, Any], qa: list[QAIssue], *, status: str | None, target_changed: bool,
              override: Any) -> Passed:
        """Let an edit through or raise :class:`QAGateError`; ``qa`` is the findings on the edit's English.

        Only an edit that confirms (sets ``translated`` or ``approved``, or changes the English of a
        segment it keeps confirmed) is gated.
        """
        if status not in CONFIRMED or (status == row["status"] and not target_changed):
            return Passed([])
        qa = [QAIssue(q.code, q.severity, q.message) for q in qa]  # marked here, stored unmarked
        mark(qa, self.ignores.of_segment(row["id"]))
        gating = [q for q in qa if gates(q)]
        if not gating:
            return Passed([])
        if override is None or override == "":
            worst = max(gating, key=lambda q: SEVERITY_RANK.get(q.severity, 0))
            raise QAGateError(
                f"segment {row['id']} has {len(gating)} QA finding(s) to resolve before it can be {status} "
                f"(first: {worst.code}: {worst.message}); fix the English, or send 'override' with the reason",
                findings=[finding_json(q) for q in gating],
            )
        return Passed(gating, check_reason(override, "override"))

    def record(self, row: dict[str, Any], passed: Passed, *, user: str, role: str) -> None:
        """After the edit was written: a reviewer's override ignores the findings it overrode, with its reason."""
        if passed.overridden and may_ignore(role):
            self.ignores.add(row["id"], row["document_id"], [(q.code, q.message) for q in passed.overridden],
                             reason=passed.reason, by=user)

    # -- ignoring -------------------------------------------------------------------------

    def ignore(self, segment_id: str, code: Any, message: Any, *, reason: Any, user: str, role: str) -> QAIssue:
        """Mark one of a segment's current findings "ignore, with reason" (reviewers and admins)."""
        if not may_ignore(role):
            raise ForbiddenError(f"ignoring a QA finding needs the {IGNORE_ROLE} role (you are {role})")
        if not isinstance(code, str) or not isinstance(message, str):
            raise InvalidInput("'code' and 'message' must name the finding (strings, as the QA list shows them)")
        why = check_reason(reason, "reason")
        row = self.project.review.segment(segment_id)
        found = next((QAIssue.from_dict(q) for q in row["qa"] or [] if (q["code"], q["message"]) == (code, message)), None)
        if found is None:
            raise InvalidInput(f"segment {segment_id} has no QA finding {code}: {message!r} now "
                               "(QA ran again since); reload and look again")
        self.ignores.add(segment_id, row["document_id"], [(code, message)], reason=why, by=user)
        mark([found], self.ignores.of_segment(segment_id))
        return found

    def unignore(self, segment_id: str, code: Any, message: Any, *, role: str) -> None:
        """Take an ignore back: the finding gates again."""
        if not may_ignore(role):
            raise ForbiddenError(f"changing ignored QA findings needs the {IGNORE_ROLE} role (you are {role})")
        self.project.review.segment(segment_id)
        if not isinstance(code, str) or not isinstance(message, str) or not self.ignores.remove(segment_id, code, message):
            raise InvalidInput(f"segment {segment_id} has no ignored QA finding {code}: {message!r}")

    # -- reports ---------------------------------------------------------------------------

    def findings(self, doc_id: str) -> list[dict[str, Any]]:
        """Every QA finding of a document, in segment order, each with its segment and whether it is ignored."""
        rows = self.project.documents.segment_rows(doc_id)
        ignored = self.ignores.of_document(doc_id)
        out: list[dict[str, Any]] = []
        for n, row in enumerate(rows, 1):
            qa = [QAIssue.from_dict(q) for q in row["qa"] or []]
            mark(qa, ignored.get(row["id"], {}))
            for q in qa:
                out.append({
                    "segment_id": row["id"], "n": n, "source": row["source"], "target": row["target"],
                    "status": row["status"], **finding_json(q),
                })
        return out

    def open_errors(self, doc_id: str) -> int:
        """How many error-severity findings of a document nobody ignored."""
        return sum(1 for f in self.findings(doc_id) if f["severity"] == "error" and not f["ignored"])

    def has_open_errors(self, doc_id: str) -> bool:
        """The one predicate publishing asks: does the document still have a QA error nobody resolved or ignored?"""
        return self.open_errors(doc_id) > 0


__all__ = ["GATING_CODES", "FindingKey", "Passed", "QAGate", "check_reason", "finding_json", "gates", "may_ignore"]
