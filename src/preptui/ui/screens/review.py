"""Review mode: one card at a time. Type your answer (or say it), reveal, see which key points you
covered, rate 1-4 (FSRS). One role, or every role in one session.

The answer is saved as you type (a second after the last key, and on reveal, rate and leave),
through :meth:`Practice.save_answer`; a failed save shows its one line. On reveal the coach marks
each key point (:class:`CoverageView`; an engine other than the built-in one runs in a thread)
and the rating it suggests is marked on the :class:`GradeBar`; corrections are stored at once.

The screen decides nothing about the review log: it posts :class:`ReviewScreen.Rated` the
moment a card is rated (the app commits it to the store at once) and :class:`ReviewScreen.Undone`
when a rating is taken back. Time comes from the practice service's ``now``, so tests can fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from preptui.kinds import Grade
from preptui.practice import PracticeError
from preptui.records import word_count
from preptui.srs.combined import CardKey, CombinedReview
from preptui.srs.session import Rating
from preptui.srs.summary import SessionSummary
from preptui.text import fmt_interval, plural
from preptui.times import parse_iso
from preptui.ui.body_scroll import SCROLL, BodyScroll
from preptui.ui.screens.review_summary import fmt_duration
from preptui.ui.widgets.badges import difficulty_badge, kind_badge, status_badge
from preptui.ui.widgets.coverage_view import MARKS_HELP, CoverageView
from preptui.ui.widgets.grade_bar import GradeBar
from preptui.ui.widgets.key_footer import KeyFooter
from preptui.ui.widgets.notes_box import NotesBox

if TYPE_CHECKING:
    from preptui.banks.load import LoadedBank
    from preptui.coach import Coverage
    from preptui.model import Question
    from preptui.practice import Practice
    from preptui.records import AnswerRecord

#: Seconds after the last key before the answer is saved.
SAVE_AFTER = 1.0
ALL_ROLES = "All roles"

_RATE = Binding.Group("Rate", compact=True)

# Keys that are not bindings of this screen but belong in the help.
HELP_EXTRA = [*MARKS_HELP, ("escape", "Leave the answer box or the marks")]


class ReviewScreen(BodyScroll, Screen[None]):
    CSS_PATH = ["review.tcss", "../widgets/coverage_view.tcss"]
    AUTO_FOCUS = ""  # keys go to the screen until tab enters the answer box
    HELP_EXTRA = HELP_EXTRA
    BINDINGS = [
        Binding("space", "reveal", "Reveal", id="review.reveal"),
        Binding("1", "rate(1)", "Again", id="review.rate.1", group=_RATE),
        Binding("2", "rate(2)", "Hard", id="review.rate.2", group=_RATE),
        Binding("3", "rate(3)", "Good", id="review.rate.3", group=_RATE),
        Binding("4", "rate(4)", "Easy", id="review.rate.4", group=_RATE),
        Binding("tab", "answer", "Answer", id="review.answer"),
        Binding("tab", "marks", "Marks", id="review.marks"),
        Binding("q", "finish", "End", id="review.finish.q"),
        Binding("escape", "finish", "End session", show=False, id="review.finish.escape"),
        Binding("question_mark", "help", "Keys", id="review.help"),
        Binding("j,down", "scroll(1)", "Scroll down", id="review.scroll.down", group=SCROLL),
        Binding("k,up", "scroll(-1)", "Scroll up", id="review.scroll.up", group=SCROLL),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            key_display="PgDn",
            id="review.page.down",
        ),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, key_display="PgUp", id="review.page.up"
        ),
        Binding("home", "top", "Top", show=False, id="review.top"),
        Binding("end", "bottom", "Bottom", show=False, id="review.bottom"),
        Binding("l", "last_answers", "Last time", id="review.last"),
        Binding("u", "undo", "Undo", id="review.undo"),
    ]

    @dataclass
    class Rated(Message):
        """A card was rated: commit it to the store now (``role_id`` is the card's role)."""

        role_id: str
        rating: Rating
        scheduler: dict[str, Any]
        due_in: str = ""  # "10m": said once the app knows whether the rating was saved

    @dataclass
    class Undone(Message):
        """The last rating was taken back: remove it from the store."""

        role_id: str
        rating: Rating

    @dataclass
    class Finished(Message):
        """The session is over (queue empty, or ended early); ``role_id`` None: every role."""

        role_id: str | None
        role_title: str
        summary: SessionSummary

    def __init__(
        self,
        practice: Practice,
        review: CombinedReview,
        banks: Sequence[LoadedBank],
        *,
        all_roles: bool = False,
    ) -> None:
        super().__init__()
        self.practice = practice
        self.review = review
        self.all_roles = all_roles
        self.questions: dict[CardKey, Question] = {
            (b.bank.role.id, q.id): q for b in banks for q in b.bank.questions
        }
        self.role_titles = {b.bank.role.id: b.bank.role.title for b in banks}
        self.now = practice.now
        self.revealed = False
        self.shown_at = self.now()
        self._done = False
        self._reset_answer()

    def _reset_answer(self) -> None:
        pending: Timer | None = getattr(self, "_save_timer", None)
        if pending is not None:
            pending.stop()
        self.answer_id: int | None = None
        self.answer_seconds: float | None = None  # frozen on reveal
        self._saved_text = ""
        self._typed = ""
        self._save_timer: Timer | None = None
        self._save_problem: str | None = None
        self.coverage: Coverage | None = None
        self.last_answers: list[AnswerRecord] = []
        self._token = 0

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-head"):
            yield Static(id="review-title", classes="title")
            yield Static(id="review-counts")
        with VerticalScroll(id="review-body", can_focus=False):
            yield Static(id="review-prompt", classes="prompt")
            yield Static(id="review-meta", classes="meta")
            yield NotesBox(id="review-notes")
            yield Static(id="review-words", classes="hint")
            yield Static(id="review-hint", classes="hint")
            with Vertical(id="review-last"):
                yield Static("Your last answers", classes="heading")
                yield Static(id="review-last-text")
            with Vertical(id="review-revealed"):
                with Vertical(id="review-yours"):
                    yield Static("Your answer", id="review-your-heading", classes="heading")
                    yield Static(id="review-your-answer")
                yield Static("Key points", classes="heading")
                yield CoverageView(id="review-coverage")
                yield Static(id="review-structure")
                yield Static(id="review-coach-note", classes="hint")
                yield Static("Model answer", classes="heading")
                yield Vertical(id="review-answer-slot")
                yield Static(id="review-tip", classes="tip")
                with Vertical(id="review-follow-ups"):
                    yield Static("Likely follow-ups", classes="heading")
                    yield Static(id="review-follow-ups-text")
                yield Static("How well did you recall it? 1-4, u undoes", classes="hint")
        yield GradeBar(id="grades")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_card()

    # ------------------------------------------------------------------ drawing

    @property
    def key(self) -> CardKey | None:
        return self.review.current

    @property
    def question(self) -> Question | None:
        key = self.review.current
        return self.questions.get(key) if key is not None else None

    @property
    def answer_box(self) -> NotesBox:
        return self.query_one(NotesBox)

    def show_card(self) -> None:
        key, question = self.key, self.question
        if key is None or question is None:
            return
        now = self.now()
        self.shown_at = now
        self.revealed = False
        self._reset_answer()
        self.last_answers = self.practice.answers(key[0], question.id, limit=3)
        self._warm_coach(key[0])
        title = self.role_titles.get(key[0], key[0])
        heading = f"Review · {ALL_ROLES} · {title}" if self.all_roles else f"Review · {title}"
        self.query_one("#review-title", Static).update(Content(heading))
        self.query_one("#review-prompt", Static).update(Content(question.prompt))
        status = self.review.status(key, now)
        self.query_one("#review-meta", Static).update(
            Content.assemble(
                difficulty_badge(question.difficulty),
                " ",
                kind_badge(question.kind),
                "  ",
                status_badge(status),
            )
        )
        box = self.answer_box
        box.load_text("")
        box.display = True
        self.query_one("#review-words").display = False
        self.show_hint()
        self.query_one("#review-last").display = False
        self.query_one("#review-revealed").display = False
        self.query_one("#review-answer-slot").remove_children()
        self.query_one(GradeBar).display = False
        self.show_counts()
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        self.set_focus(None)
        self.refresh_bindings()

    def show_hint(self) -> None:
        hint = self.query_one("#review-hint", Static)
        hint.display = not self.revealed
        if self.answer_box.has_focus:
            text = "Escape leaves the box; then space reveals the answer."
        else:
            text = "Type your answer (tab) or say it aloud, then press space to reveal."
        if self.last_answers:
            text += " You answered this before: l shows what you wrote."
        hint.update(Content(text))

    def show_counts(self) -> None:
        new, learning, review = self.review.counts(self.now())
        done = self.review.ratings
        text = Content.assemble(
            (f"{new} new", "$primary"),
            " · ",
            (f"{learning} learning", "$warning"),
            " · ",
            (f"{review} due", "$success"),
            f" · {done} done",
        )
        self.query_one("#review-counts", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, NotesBox)
        if action == "answer":
            return not self.revealed
        if typing:  # the keys go into the box; only escape (the box's) is shown
            return False
        if action == "reveal":
            return not self.revealed
        if action == "rate":
            return self.revealed
        if action == "marks":
            return self.revealed and self.coverage is not None
        if action == "last_answers":
            return bool(self.last_answers)
        if action == "undo":
            return self.review.ratings > 0
        return True

    # ------------------------------------------------------------------ the answer

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self.answer_box:
            return
        self._typed = self.answer_box.text
        words = self.answer_box.words
        counter = self.query_one("#review-words", Static)
        counter.display = words > 0
        counter.update(Content(plural(words, "word")))
        if self._typed == self._saved_text:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER, self.save_answer)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.answer_box:
            self.show_hint()
            self.refresh_bindings()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.answer_box:
            self.save_answer()
            self.show_hint()
            self.refresh_bindings()

    def _text(self) -> str:
        """What is typed: the box's text (its last copy once the box is gone)."""
        try:
            return self.answer_box.text
        except NoMatches:
            return self._typed

    def _seconds(self) -> float:
        if self.answer_seconds is not None:
            return self.answer_seconds
        return max(0.0, (self.now() - self.shown_at).total_seconds())

    def save_answer(self) -> bool:
        """Store what is typed (if it changed); False when the store refused it (shown)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        key = self.key
        text = self._text()
        if key is None or text == self._saved_text or (self.answer_id is None and not text.strip()):
            return True
        try:
            self.answer_id = self.practice.save_answer(
                key[0],
                key[1],
                text,
                seconds=self._seconds(),
                context="review",
                answer_id=self.answer_id,
            )
        except PracticeError as exc:
            if str(exc) != self._save_problem:  # once per problem, not once per key
                self._save_problem = str(exc)
                self.notify(str(exc), severity="error", markup=False)
            return False
        self._saved_text = text
        self._save_problem = None
        return True

    # ------------------------------------------------------------------ actions

    def action_answer(self) -> None:
        if not self.revealed:
            self.answer_box.focus()

    def action_marks(self) -> None:
        view = self.query_one(CoverageView)
        if view.marked:
            view.focus()

    def action_last_answers(self) -> None:
        section = self.query_one("#review-last")
        if section.display or not self.last_answers:
            section.display = False
            return
        now = self.now()
        parts = []
        for answer in self.last_answers:
            when = _when(answer.created_at, now)
            info = (
                f"{when} · {plural(answer.words, 'word')} · {fmt_duration_seconds(answer.seconds)}"
            )
            parts.append(Content.assemble((info, "bold"), "\n", Content(answer.text.strip())))
        self.query_one("#review-last-text", Static).update(Content("\n\n").join(parts))
        section.display = True
        self.call_after_refresh(section.scroll_visible, animate=False, top=True)

    def action_reveal(self) -> None:
        key, question = self.key, self.question
        if key is None or question is None or self.revealed:
            return
        from textual.widgets import Markdown  # heavy: imported on first reveal only

        self.answer_seconds = self._seconds()
        self.save_answer()
        text = self._text().strip()
        self.revealed = True
        self.answer_box.display = False
        self.query_one("#review-words").display = False
        self.query_one("#review-hint").display = False
        self.query_one("#review-revealed").display = True
        self.query_one("#review-yours").display = bool(text)
        if text:
            self.query_one("#review-your-answer", Static).update(Content(text))
            taken = fmt_duration_seconds(self.answer_seconds)
            info = f"{plural(word_count(text), 'word')} · {taken}"
            self.query_one("#review-your-heading", Static).update(
                Content.assemble("Your answer", (f" · {info}", "not bold $text-muted"))
            )
        view = self.query_one(CoverageView)
        view.show_points(question.key_points)
        self.query_one("#review-structure").display = False
        self.query_one("#review-coach-note").display = False
        slot = self.query_one("#review-answer-slot")
        slot.remove_children()
        slot.mount(Markdown(question.answer, open_links=False))
        tip = self.query_one("#review-tip", Static)
        tip.display = bool(question.tip)
        if question.tip:
            tip.update(Content.assemble(("Tip  ", "bold"), Content(question.tip)))
        follow = self.query_one("#review-follow-ups")
        follow.display = bool(question.follow_ups)
        self.query_one("#review-follow-ups-text", Static).update(
            Content("\n").join(Content(f"→ {f}") for f in question.follow_ups)
        )
        preview = self.review.preview(self.now())
        bar = self.query_one(GradeBar)
        bar.show({int(grade): fmt_interval(delta) for grade, delta in preview.items()})
        bar.display = True
        self.set_focus(None)
        self.refresh_bindings()
        if text:
            self._assess(key[0], question, text)

    def _warm_coach(self, role_id: str) -> None:
        """Make the role's coach in a thread while the person answers (it weighs the bank)."""
        if self.practice.coach_ready(role_id):
            return
        self.run_worker(
            lambda: self.practice.coach_engine(role_id),
            thread=True,
            name=f"coach-{role_id}",
            group="coach-warm",
            exit_on_error=False,
        )

    def _assess(self, role_id: str, question: Question, text: str) -> None:
        """Mark the key points: at once with the built-in coach made, else in a thread."""
        self._token += 1
        token = self._token
        quick = self.practice.config.coach_engine == "lexical"
        if quick and self.practice.coach_ready(role_id):
            self._coverage_ready(token, self.practice.assess(question, text, role_id))
            return
        summary = self.query_one("#coverage-summary", Static)
        summary.display = True
        summary.update("Checking your answer…")

        def work() -> None:
            coverage = self.practice.assess(question, text, role_id)
            self.app.call_from_thread(self._coverage_ready, token, coverage)

        self.run_worker(work, thread=True, name="coach", group="coach", exit_on_error=False)

    def _coverage_ready(self, token: int, coverage: Coverage) -> None:
        question = self.question
        if token != self._token or question is None or not self.revealed:
            return  # the card moved on meanwhile
        self.coverage = coverage
        view = self.query_one(CoverageView)
        view.show_coverage(question.key_points, coverage)
        self.query_one(GradeBar).suggest(coverage.suggested_rating)
        structure = self.query_one("#review-structure", Static)
        structure.display = coverage.structure is not None
        if coverage.structure is not None:
            hints = coverage.structure.hints()
            lines = [Content.styled("Structure", "bold")]
            lines += [Content(f"→ {h}") for h in hints] or [
                Content("situation, task, action and result are all there")
            ]
            structure.update(Content("\n").join(lines))
        notes = [*coverage.notes, *([self.practice.coach_note] if self.practice.coach_note else [])]
        note = self.query_one("#review-coach-note", Static)
        note.display = bool(notes)
        note.update(Content(" ".join(dict.fromkeys(notes))))
        self._save_marks()
        self.refresh_bindings()

    def _save_marks(self) -> None:
        if self.answer_id is None or self.coverage is None:
            return
        view = self.query_one(CoverageView)
        try:
            self.practice.save_marks(self.answer_id, self.coverage, view.corrections)
        except PracticeError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def on_coverage_view_corrected(self, event: CoverageView.Corrected) -> None:
        event.stop()
        view = self.query_one(CoverageView)
        self.query_one(GradeBar).suggest(view.suggested_rating)
        self._save_marks()

    def action_rate(self, grade: int) -> None:
        if self._done or self.review.current is None:
            return
        if not self.revealed:
            self.notify("Reveal the answer first: press space.", severity="warning", timeout=3)
            return
        self.save_answer()
        now = self.now()
        elapsed = max(0, int((now - self.shown_at).total_seconds() * 1000))
        role_id, rating = self.review.rate(Grade(grade), now, duration_ms=elapsed)
        scheduler = self.review.session(role_id).reviewer.scheduler_dict()
        self.post_message(self.Rated(role_id, rating, scheduler, fmt_interval(rating.due - now)))
        if self.review.done:
            self.finish()
        else:
            self.show_card()

    def on_grade_bar_chosen(self, event: GradeBar.Chosen) -> None:
        self.action_rate(event.grade)

    def action_undo(self) -> None:
        if self._done:
            return
        self.save_answer()
        undone = self.review.undo()
        if undone is None:
            self.notify("Nothing to undo in this session.", severity="warning", timeout=3)
            return
        role_id, rating = undone
        self.post_message(self.Undone(role_id, rating))
        self.notify(f"Undid {rating.grade.label}: the card is back.", timeout=2)
        self.show_card()

    def scroll_body(self) -> VerticalScroll:
        return self.query_one("#review-body", VerticalScroll)

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Keys · review"))

    def action_finish(self) -> None:
        self.finish()

    def finish(self) -> None:
        if self._done:
            return
        self.save_answer()
        self._done = True
        summary = self.review.summary(self.now())
        if self.all_roles:
            role_id, title = None, ALL_ROLES
        else:
            role_id = self.review.role_ids[0] if self.review.role_ids else None
            title = self.role_titles.get(role_id or "", role_id or "")
        self.post_message(self.Finished(role_id, title, summary))

    def on_unmount(self) -> None:
        if not self._done:  # the app is closing mid-card: keep what was typed
            self.save_answer()


def fmt_duration_seconds(seconds: float) -> str:
    return fmt_duration(timedelta(seconds=seconds))


def _when(stamp: str, now: datetime) -> str:
    """When an answer was typed, as a person reads it: ``today 09:00``, ``Mon 03 Mar``."""
    try:
        moment = parse_iso(stamp)
    except ValueError:
        return stamp
    local = moment.astimezone()
    if local.date() == now.astimezone().date():
        return f"today {local:%H:%M}"
    return f"{local:%a %d %b %Y}"
