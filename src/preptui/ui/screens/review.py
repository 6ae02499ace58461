"""Review mode: one card at a time, answer aloud or in the notes, reveal, rate 1-4 (FSRS).

The screen decides nothing about storage: it posts :class:`ReviewScreen.Rated` the moment a
card is rated (the app commits it to the store at once) and :class:`ReviewScreen.Undone` when a
rating is taken back. Time comes from the ``now`` callable, so tests can fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from preptui.kinds import Grade
from preptui.srs.scheduler import fmt_interval
from preptui.srs.session import Rating, ReviewSession
from preptui.srs.summary import SessionSummary
from preptui.ui.widgets.answer_panel import key_points_text
from preptui.ui.widgets.badges import difficulty_badge, kind_badge, status_badge
from preptui.ui.widgets.grade_bar import GradeBar
from preptui.ui.widgets.notes_box import NotesBox

if TYPE_CHECKING:
    from preptui.model import Question


def utc_now() -> datetime:
    return datetime.now(UTC)


class ReviewScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("space", "reveal", "Reveal", id="review.reveal"),
        Binding("1", "rate(1)", "Again", id="review.rate.1"),
        Binding("2", "rate(2)", "Hard", id="review.rate.2"),
        Binding("3", "rate(3)", "Good", id="review.rate.3"),
        Binding("4", "rate(4)", "Easy", id="review.rate.4"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("tab", "notes", "Notes", id="review.notes"),
        Binding("q", "finish", "End session", id="review.finish.q"),
        Binding("escape", "finish", "End session", show=False, id="review.finish.escape"),
    ]

    @dataclass
    class Rated(Message):
        """A card was rated: commit it to the store now."""

        role_id: str
        rating: Rating
        scheduler: dict[str, Any]

    @dataclass
    class Undone(Message):
        """The last rating was taken back: remove it from the store."""

        role_id: str
        rating: Rating

    @dataclass
    class Finished(Message):
        """The session is over (queue empty, or ended early)."""

        role_id: str
        role_title: str
        summary: SessionSummary

    def __init__(
        self,
        session: ReviewSession,
        questions: dict[str, Question],
        role_title: str,
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__()
        self.session = session
        self.questions = questions
        self.role_title = role_title
        self.now = now
        self.revealed = False
        self.shown_at = now()
        self._done = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-head"):
            yield Static(Content(f"Review · {self.role_title}"), classes="title")
            yield Static(id="review-counts")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-prompt", classes="prompt")
            yield Static(id="review-meta", classes="meta")
            yield NotesBox(id="review-notes")
            yield Static(
                "Answer aloud or type in the notes (tab), then press space to reveal the answer.",
                id="review-hint",
                classes="hint",
            )
            with Vertical(id="review-revealed"):
                yield Static("Model answer", classes="heading")
                yield Vertical(id="review-answer-slot")
                yield Static("Key points", classes="heading")
                yield Static(id="review-points", classes="key-points")
                yield Static("How well did you recall it? 1-4, u undoes", classes="hint")
        yield GradeBar(id="grades")
        yield Footer()

    def on_mount(self) -> None:
        self.show_card()

    # ------------------------------------------------------------------ drawing

    @property
    def question(self) -> Question | None:
        qid = self.session.current
        return self.questions.get(qid) if qid is not None else None

    def show_card(self) -> None:
        question = self.question
        if question is None:
            return
        now = self.now()
        self.shown_at = now
        self.revealed = False
        self.query_one("#review-prompt", Static).update(Content(question.prompt))
        status = self.session.status(question.id, now)
        self.query_one("#review-meta", Static).update(
            Content.assemble(
                difficulty_badge(question.difficulty),
                " ",
                kind_badge(question.kind),
                "  ",
                status_badge(status),
            )
        )
        self.query_one(NotesBox).load_text("")
        self.query_one("#review-hint").display = True
        self.query_one("#review-revealed").display = False
        self.query_one("#review-answer-slot").remove_children()
        self.query_one(GradeBar).display = False
        self.show_counts()
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        self.set_focus(None)

    def show_counts(self) -> None:
        new, learning, review = self.session.counts(self.now())
        done = len(self.session.history)
        text = Content.assemble(
            (f"{new} new", "$primary"),
            " · ",
            (f"{learning} learning", "$warning"),
            " · ",
            (f"{review} to review", "$success"),
            f"  ·  {done} done",
        )
        self.query_one("#review-counts", Static).update(text)

    # ------------------------------------------------------------------ actions

    def action_notes(self) -> None:
        self.query_one(NotesBox).focus()

    def action_reveal(self) -> None:
        question = self.question
        if question is None or self.revealed:
            return
        from textual.widgets import Markdown  # heavy: imported on first reveal only

        self.revealed = True
        self.query_one("#review-hint").display = False
        self.query_one("#review-revealed").display = True
        slot = self.query_one("#review-answer-slot")
        slot.remove_children()
        slot.mount(Markdown(question.answer, open_links=False))
        self.query_one("#review-points", Static).update(key_points_text(question.key_points))
        preview = self.session.preview(self.now())
        bar = self.query_one(GradeBar)
        bar.show({int(grade): fmt_interval(delta) for grade, delta in preview.items()})
        bar.display = True
        self.set_focus(None)

    def action_rate(self, grade: int) -> None:
        if self._done or self.session.current is None:
            return
        if not self.revealed:
            self.notify("Reveal the answer first: press space.", severity="warning", timeout=3)
            return
        now = self.now()
        elapsed = max(0, int((now - self.shown_at).total_seconds() * 1000))
        rating = self.session.rate(Grade(grade), now, duration_ms=elapsed)
        self.post_message(
            self.Rated(self.session.role_id, rating, self.session.reviewer.scheduler_dict())
        )
        self.notify(
            f"{rating.grade.label}: due again in {fmt_interval(rating.due - now)}.", timeout=2
        )
        if self.session.done:
            self.finish()
        else:
            self.show_card()

    def on_grade_bar_chosen(self, event: GradeBar.Chosen) -> None:
        self.action_rate(event.grade)

    def action_undo(self) -> None:
        if self._done:
            return
        rating = self.session.undo()
        if rating is None:
            self.notify("Nothing to undo in this session.", severity="warning", timeout=3)
            return
        self.post_message(self.Undone(self.session.role_id, rating))
        self.notify(f"Undid {rating.grade.label}: the card is back.", timeout=2)
        self.show_card()

    def action_finish(self) -> None:
        self.finish()

    def finish(self) -> None:
        if self._done:
            return
        self._done = True
        summary = self.session.summary(self.now())
        self.post_message(self.Finished(self.session.role_id, self.role_title, summary))
