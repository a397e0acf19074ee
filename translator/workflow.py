"""The two-step workflow and segment comments: who works on a document, which stage it is in, and the remarks on its rows.

:class:`Workflow` (a project's ``project.workflow``) owns these rules, for the
review app, its API and the CLI alike:

* **Comments.** Anyone logged in comments on a segment, or replies to a
  comment of the same segment; every role sees every comment.  A thread is
  resolved (or re-opened) by the person who started it, a reviewer or an
  admin; a reply re-opens a resolved thread.  A rejection's note becomes a
  comment of kind ``rejection``, linked to the revision that rejected the
  segment (:meth:`Workflow.note_rejection`, called by the review rules), so
  the translator sees it on the row.
* **Assignments.** A document names a person for each step
  (:data:`~translator.vocabulary.ASSIGNMENTS`: a translator, a reviewer),
  given by a reviewer or an admin (:data:`~translator.vocabulary.ASSIGNER_ROLE`).
  The reviewer must have the reviewer role, and must not be the translator.
* **Stages** (:data:`~translator.vocabulary.STAGES`): translation → review
  when the translator (or a reviewer) hands over and every segment is
  translated or approved; review → done when every segment is approved; a
  reviewer may send a document back one stage (review → translation,
  done → review).
* **Confirming.** Ctrl+Enter gives the status of the step the person holds
  on the document (:data:`~translator.vocabulary.CONFIRM_STATUS`): the
  translator's *translated*, the reviewer's *approved*; someone not assigned
  confirms as their role allows.
* **My work**: the documents assigned to a person, with counts of what is
  left for them (:meth:`Workflow.my_work`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import ConflictError, ForbiddenError, InvalidInput, NotFoundError
from .vocabulary import (
    ASSIGNER_ROLE,
    ASSIGNMENT_ROLE,
    ASSIGNMENTS,
    CONFIRM_STATUS,
    HUMAN_STATUSES,
    ROLE_RANK,
    STAGE_INFO,
    STAGE_LABELS,
    STAGES,
    STEP_DONE,
)

if TYPE_CHECKING:
    from .project import Project
    from .store.assignments import Assignment, Assignments
    from .store.comments import Comment, Comments
    from .store.documents import DocumentSummary

#: Characters in one comment.
MAX_COMMENT = 4_000


def _can(role: str, needed: str) -> bool:
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[needed]


def _step_of(stage: str) -> str | None:
    return next(s.step for s in STAGE_INFO if s.name == stage)


@dataclass(frozen=True)
class StageMove:
    """A stage change the person may ask for now: where to, and why it cannot happen yet (empty when it can)."""

    to: str
    label: str
    forward: bool
    blocked: str = ""

    @property
    def action(self) -> str:
        """What the button says."""
        if not self.forward:
            return f"Send back to {self.label}"
        return f"Hand over to {self.label}" if _step_of(self.to) else f"Mark {self.label}"


@dataclass(frozen=True)
class WorkItem:
    """One document on a person's "My work" list."""

    document: DocumentSummary
    assignment: Assignment
    steps: list[str]  # what the person does here (ASSIGNMENTS)
    step: str  # the step the counts are for: the stage's when the person holds it, else their first
    left: int  # segments not done yet for that step
    rejected: int
    open_comments: int
    your_turn: bool

    def to_dict(self) -> dict[str, Any]:
        d = self.document
        return {
            "document": {"id": d.id, "name": d.name, "title": d.title, "total": d.total, "counts": d.counts},
            "steps": self.steps, "step": self.step, "stage": self.assignment.stage,
            "stage_label": STAGE_LABELS[self.assignment.stage], "assignment": self.assignment.to_dict(),
            "total": d.total, "left": self.left, "rejected": self.rejected, "open_comments": self.open_comments,
            "your_turn": self.your_turn,
        }


class Workflow:
    """The workflow rules of one project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._comments: Comments | None = None
        self._assignments: Assignments | None = None

    @property
    def comment_store(self) -> Comments:
        from .store.comments import Comments

        if self._comments is None:
            self._comments = Comments(self.project.store)
        return self._comments

    @property
    def assignment_store(self) -> Assignments:
        from .store.assignments import Assignments

        if self._assignments is None:
            self._assignments = Assignments(self.project.store)
        return self._assignments

    # -- comments ----------------------------------------------------------------------------

    def threads(self, segment_id: str) -> list[dict[str, Any]]:
        """A segment's comment threads, oldest first (:class:`NotFoundError` for no such live segment)."""
        from .store.comments import threads

        self.project.review.segment(segment_id)
        return threads(self.comment_store.of_segment(segment_id))

    def document_threads(self, doc_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every segment's threads of a document, by segment id (segments without comments left out)."""
        from .store.comments import threads

        by_segment: dict[str, list[Comment]] = {}
        for c in self.comment_store.of_document(doc_id):
            by_segment.setdefault(c.segment_id, []).append(c)
        return {sid: threads(cs) for sid, cs in by_segment.items()}

    def comment(self, segment_id: str, *, user: str, body: Any, parent: Any = None) -> Comment:
        """Add a comment by ``user`` to a segment, or a reply to its comment ``parent``."""
        text = _comment_text(body)
        row = self.project.review.segment(segment_id)
        parent_id: int | None = None
        if parent is not None:
            if not isinstance(parent, int) or isinstance(parent, bool):
                raise InvalidInput("'parent' must be the id (an integer) of the comment this one replies to")
            try:
                answered = self.comment_store.get(parent)
            except NotFoundError:
                raise NotFoundError(f"no comment {parent} to reply to; reload the page") from None
            if answered.segment_id != segment_id:
                raise InvalidInput(f"comment {parent} is on another segment; reply on segment {answered.segment_id}")
            parent_id = parent
        return self.comment_store.add(segment_id, row["document_id"], author=user, body=text, parent_id=parent_id)

    def resolve(self, comment_id: Any, *, user: str, role: str, resolved: Any = True) -> dict[str, Any]:
        """Resolve (``resolved`` false: re-open) the thread ``comment_id`` is in; returns the thread."""
        from .store.comments import threads

        if not isinstance(comment_id, int) or isinstance(comment_id, bool):
            raise InvalidInput("the comment id must be an integer")
        if not isinstance(resolved, bool):
            raise InvalidInput("'resolved' must be true or false")
        root = self.comment_store.root_of(comment_id)
        self.project.review.segment(root.segment_id)  # its document may have been deleted
        if root.author != user and not _can(role, ASSIGNER_ROLE):
            what = "resolve" if resolved else "re-open"
            raise ForbiddenError(f"only {root.author} (who started this thread), a reviewer or an admin can {what} it "
                                 f"(you are {role})")
        self.comment_store.set_resolved(root.id, by=user, resolved=resolved)
        found = threads(self.comment_store.of_segment(root.segment_id))
        return next(t for t in found if t["id"] == root.id)

    def note_rejection(self, row: dict[str, Any], *, user: str, note: str) -> Comment | None:
        """After a rejection: its note becomes a comment on the segment, linked to the revision that rejected it."""
        if not note.strip():
            return None
        revision = next((r for r in reversed(self.project.documents.revisions(row["id"])) if r.new_status == row["status"]), None)
        return self.comment_store.add(
            row["id"], row["document_id"], author=user, body=note.strip()[:MAX_COMMENT], kind="rejection",
            revision_id=revision.id if revision is not None else None,
        )

    # -- assignments and stages ------------------------------------------------------------------

    def _live(self, doc_id: str) -> DocumentSummary:
        s = self.project.documents.summary(doc_id)
        if s.deleted:
            raise NotFoundError(f"document '{doc_id}' was deleted")
        return s

    def assignment(self, doc_id: str) -> Assignment:
        self._live(doc_id)
        return self.assignment_store.get(doc_id)

    def assignments(self, doc_ids: list[str]) -> dict[str, Assignment]:
        """The assignment of each document (unassigned ones too), in one query."""
        return self.assignment_store.get_many(doc_ids)

    def assign(self, doc_id: str, people: Any, *, user: str, role: str) -> Assignment:
        """Give the steps named in ``people`` (step -> user name; empty or None: nobody) to those people."""
        if not _can(role, ASSIGNER_ROLE):
            raise ForbiddenError(f"assigning documents needs the {ASSIGNER_ROLE} role (you are {role})")
        if not isinstance(people, dict) or not people:
            raise InvalidInput(f"name who does which step: {', '.join(ASSIGNMENTS)} (a user name, or empty for nobody)")
        unknown = set(people) - set(ASSIGNMENTS)
        if unknown:
            raise InvalidInput(f"unknown step(s) {', '.join(sorted(unknown))}; use {', '.join(ASSIGNMENTS)}")
        self._live(doc_id)
        current = self.assignment_store.get(doc_id)
        wanted: dict[str, str | None] = {}
        for step, name in people.items():
            if name is not None and not isinstance(name, str):
                raise InvalidInput(f"'{step}' must be a user name, or empty for nobody")
            name = (name or "").strip() or None
            if name is not None:
                person = self.project.users.find(name)
                if person is None or not person.active:
                    raise InvalidInput(f"no active user '{name}' for the {step} step; 'translator users list' shows them")
                needed = ASSIGNMENT_ROLE[step]
                if not person.can(needed):
                    raise InvalidInput(f"{name} is a {person.role}; the {step} step needs the {needed} role or higher")
            wanted[step] = name
        after = {**current.people, **wanted}
        names = [n for n in after.values() if n]
        if len(names) != len(set(names)):
            raise InvalidInput("one person cannot do both steps of a document: the review is a second pair of eyes")
        return self.assignment_store.assign(doc_id, wanted, by=user)

    def moves(self, doc_id: str, *, user: str, role: str) -> list[StageMove]:
        """The stage changes ``user`` may ask for now, each with what blocks it (empty: it can happen)."""
        s = self._live(doc_id)
        a = self.assignment_store.get(doc_id)
        at = STAGES.index(a.stage)
        out: list[StageMove] = []
        if at + 1 < len(STAGES):
            step = _step_of(a.stage)
            may = _can(role, ASSIGNER_ROLE) or (step is not None and a.who(step) == user)
            if may:
                done = STEP_DONE[step] if step is not None else frozenset()
                left = sum(n for status, n in s.counts.items() if status not in done)
                blocked = ""
                if left:
                    need = " or ".join(sorted(done))
                    blocked = f"{left} segment(s) are not {need} yet"
                out.append(StageMove(STAGES[at + 1], STAGE_LABELS[STAGES[at + 1]], True, blocked))
        if at > 0 and _can(role, ASSIGNER_ROLE):
            out.append(StageMove(STAGES[at - 1], STAGE_LABELS[STAGES[at - 1]], False))
        return out

    def move(self, doc_id: str, to: Any, *, user: str, role: str) -> Assignment:
        """Move a document to stage ``to`` (the next one when its segments are ready, or back one: reviewers)."""
        if not isinstance(to, str) or to not in STAGES:
            raise InvalidInput(f"'stage' must be one of {', '.join(STAGES)}")
        a = self.assignment_store.get(doc_id)
        if to == a.stage:
            self._live(doc_id)
            return a
        move = next((m for m in self.moves(doc_id, user=user, role=role) if m.to == to), None)
        if move is None:
            if abs(STAGES.index(to) - STAGES.index(a.stage)) != 1:
                raise InvalidInput(f"a document moves one stage at a time; it is in {a.stage}")
            raise ForbiddenError(f"moving this document from {a.stage} to {to} needs its assigned person or the "
                                 f"{ASSIGNER_ROLE} role (you are {role})")
        if move.blocked:
            raise ConflictError(f"cannot move the document to {to}: {move.blocked}", current=a.stage, yours=to)
        return self.assignment_store.move(doc_id, frm=a.stage, to=to, by=user)

    def confirm_status(self, doc_id: str, *, user: str, role: str) -> str:
        """The status ``user``'s Ctrl+Enter gives on this document: the one of the step they hold (the stage's first)."""
        a = self.assignment_store.get(doc_id)
        steps = a.steps_of(user)
        stage_step = _step_of(a.stage)
        if stage_step in steps:
            step = stage_step
        elif steps:
            step = steps[0]
        else:
            step = ASSIGNMENTS[1] if _can(role, ASSIGNMENT_ROLE[ASSIGNMENTS[1]]) else ASSIGNMENTS[0]
        status = CONFIRM_STATUS[step]
        allowed = HUMAN_STATUSES.get(role, frozenset())
        return status if status in allowed else CONFIRM_STATUS[ASSIGNMENTS[0]]

    def my_work(self, user: str) -> list[WorkItem]:
        """The live documents assigned to ``user``: theirs to work on now first, then by stage and title."""
        mine = {a.document_id: a for a in self.assignment_store.of_user(user)}
        if not mine:
            return []
        docs = [d for d in self.project.documents.list() if d.id in mine]
        open_threads = self.comment_store.open_threads([d.id for d in docs])
        rejected_status = "rejected"
        items: list[WorkItem] = []
        for d in docs:
            a = mine[d.id]
            steps = a.steps_of(user)
            stage_step = _step_of(a.stage)
            step = stage_step if stage_step in steps else steps[0]
            done = STEP_DONE[step]
            left = sum(n for status, n in d.counts.items() if status not in done)
            rejected = d.counts.get(rejected_status, 0)
            turn = stage_step in steps or (step == ASSIGNMENTS[0] and rejected > 0 and a.stage != STAGES[-1])
            items.append(WorkItem(d, a, steps, step, left, rejected, open_threads.get(d.id, 0), turn))
        items.sort(key=lambda w: (not w.your_turn, STAGES.index(w.assignment.stage), w.document.title or w.document.name))
        return items


def _comment_text(body: Any) -> str:
    if not isinstance(body, str) or not body.strip():
        raise InvalidInput("'body' (the comment's text) is required")
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInput(f"a comment holds at most {MAX_COMMENT:,} characters; split it in two")
    bad = next((c for c in text if (ord(c) < 0x20 and c not in "\n\t") or c == "\x7f" or 0xD800 <= ord(c) <= 0xDFFF), None)
    if bad is not None:
        raise InvalidInput(f"the comment holds the character U+{ord(bad):04X}, which is not text; remove it and send again")
    return text
