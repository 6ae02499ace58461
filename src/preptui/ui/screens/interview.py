"""The interview itself: two countdowns, the prompt, an answer box, reveal, marks, rate, move on.

Answer in the box (or aloud), then space reveals: the coach marks each key point from what you
typed (:class:`CoverageView`; tab reaches the marks, c corrects one), the model answer shows, and
the interviewer asks one of the question's follow-ups when there is time left in its budget (x
passes on it). The opening and the closing are segments of their own: a prompt, a notes box,
and on space a short guide (the opening) or questions to ask them (the closing).

Everything revealed scrolls with j/k, the arrows, PgUp/PgDn and Home/End whenever no box has
the focus. The clocks are redrawn only when a digit changes (about once a second each); the time
used is saved every few seconds so that it survives a crash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from preptui.coach.model import Coverage, PointVerdict, Verdict
from preptui.kinds import Grade
from preptui.mock.interviewer import (
    CLOSING_GUIDE,
    CLOSING_PROMPT,
    OPENING_GUIDE,
    OPENING_PROMPT,
    closing_questions,
)
from preptui.mock.session import FrameResult, MockSession, QuestionResult
from preptui.practice import PracticeError
from preptui.text import plural
from preptui.ui.body_scroll import SCROLL, BodyScroll
from preptui.ui.widgets.countdown import CountdownDisplay
from preptui.ui.widgets.coverage_view import MARKS_HELP, CoverageView
from preptui.ui.widgets.key_footer import KeyFooter
from preptui.ui.widgets.notes_box import NotesBox

if TYPE_CHECKING:
    from preptui.model import Question, Role
    from preptui.practice import Practice

#: Seconds of time used between two saves of it (the heartbeat).
HEARTBEAT_SECONDS = 10.0
#: Below this height the boxes get shorter, so the prompt and a box fit at 80×24.
SMALL_HEIGHT = 30
#: The engine name of marks made by hand, when no answer was typed.
BY_HAND = "by hand"

#: The tab stops each tab binding goes to (the one offered is the next stop).
_STOPS = {"answer": "answer", "follow_up_box": "follow-up", "marks": "marks"}

_RATE = Binding.Group("Rate", compact=True)

HELP_EXTRA = [("escape", "Leave the answer box (the keys work again)"), *MARKS_HELP]


class InterviewScreen(BodyScroll, Screen[None]):
    CSS_PATH = ["mock.tcss", "../widgets/coverage_view.tcss"]
    AUTO_FOCUS = ""  # the keys work at once; tab enters the answer box
    HELP_EXTRA = HELP_EXTRA
    # In order of importance: the Footer shows them left to right and cuts the end at 80 columns.
    BINDINGS = [
        Binding("ctrl+q", "end", "End", priority=True, id="interview.end"),
        Binding("space", "reveal", "Reveal", id="interview.reveal"),
        Binding("tab", "answer", "Answer", id="interview.answer"),
        Binding("tab", "follow_up_box", "Follow-up", id="interview.follow-up-box"),
        Binding("tab", "marks", "Marks", id="interview.marks"),
        Binding("1", "rate(1)", "Missed", id="interview.rate.1", group=_RATE),
        Binding("2", "rate(2)", "Partial", id="interview.rate.2", group=_RATE),
        Binding("3", "rate(3)", "Good", id="interview.rate.3", group=_RATE),
        Binding("4", "rate(4)", "Strong", id="interview.rate.4", group=_RATE),
        Binding("n", "next", "Next", id="interview.next"),
        Binding("x", "pass_follow_up", "Pass", id="interview.pass"),
        Binding("j,down", "scroll(1)", "Scroll down", id="interview.scroll.down", group=SCROLL),
        Binding("k,up", "scroll(-1)", "Scroll up", id="interview.scroll.up", group=SCROLL),
        Binding("s", "skip", "Skip", id="interview.skip"),
        Binding("p", "pause", "Pause", id="interview.pause"),
        Binding("question_mark", "help", "Keys", id="interview.help"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, key_display="PgDn", id="interview.pgdn"
        ),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, key_display="PgUp", id="interview.pgup"
        ),
        Binding("home", "top", "Top", show=False, id="interview.top"),
        Binding("end", "bottom", "Bottom", show=False, id="interview.bottom"),
    ]

    @dataclass
    class ResultSaved(Message):
        """A question's result changed (rated, marked, moved on): persist it now."""

        result: QuestionResult
        elapsed_seconds: float

    @dataclass
    class FrameSaved(Message):
        """The opening's or closing's notes or rating changed, or it ended: persist it now."""

        frame: FrameResult
        elapsed_seconds: float

    @dataclass
    class Finished(Message):
        """The interview is over (all segments done, time up, or ended early)."""

        session: MockSession
        complete: bool

    @dataclass
    class Heartbeat(Message):
        """Sent every few seconds so the time used survives a crash."""

        elapsed_seconds: float

    def __init__(self, practice: Practice, session: MockSession, role: Role) -> None:
        super().__init__()
        self.practice = practice
        self.session = session
        self.role = role
        self.role_title = role.title
        self.revealed = False
        self.coverage: Coverage | None = None
        self.answer_id: int | None = None
        self._nudged_index = -1
        self._last_beat = session.elapsed_seconds
        self._done = False
        self._timer: Timer | None = None
        self._progress = ""
        self._token = 0
        self._last_stop: str | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="clocks"):
            yield CountdownDisplay("Interview", id="overall")
            yield CountdownDisplay("This question", id="segment")
            with Vertical(id="progress-box"):
                yield Static(Content(self.role_title), classes="title")
                yield Static(id="progress")
                yield Static(id="rating")
        with VerticalScroll(id="interview-body", can_focus=False):
            yield Static(id="prompt", classes="prompt")
            yield Static(id="guide")
            yield NotesBox(id="notes")
            yield Static(id="reveal-hint", classes="hint")
            with Vertical(id="yours"):
                yield Static("Your answer", classes="heading")
                yield Static(id="your-answer")
            with Vertical(id="follow-up"):
                yield Static(id="follow-up-text", classes="follow-up-text")
                yield NotesBox(
                    id="follow-up-notes",
                    placeholder="Your answer to the follow-up (tab enters, escape leaves)…",
                )
            with Vertical(id="revealed"):
                yield Static("Key points", classes="heading")
                yield CoverageView(id="points")
                yield Static("Model answer", classes="heading")
                yield Vertical(id="answer-slot")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.session.start()
        self.show_segment()
        self.tick()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SMALL_HEIGHT, "-small")

    @property
    def answer_box(self) -> NotesBox:
        return self.query_one("#notes", NotesBox)

    @property
    def follow_up_box(self) -> NotesBox:
        return self.query_one("#follow-up-notes", NotesBox)

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#interview-body", VerticalScroll)

    # ------------------------------------------------------------------ drawing

    def show_segment(self) -> None:
        segment = self.session.current
        if segment is None:
            return
        self.revealed = False
        self.coverage = None
        self.answer_id = None
        self._last_stop = None
        self._token += 1
        question = segment.question
        if question is not None:
            prompt = Content(question.prompt)
        elif segment.kind == "opening":
            prompt = Content.assemble((segment.title, "bold"), "\n", OPENING_PROMPT)
        else:
            prompt = Content.assemble((segment.title, "bold"), "\n", CLOSING_PROMPT)
        self.query_one("#prompt", Static).update(prompt)
        self.query_one("#guide").display = False
        box = self.answer_box
        box.display = True
        box.load_text(self.session.notes)
        self.query_one("#yours").display = False
        self.query_one("#revealed").display = False
        self.query_one("#answer-slot").remove_children()
        self.show_follow_up()
        self.show_hint()
        self.show_rating()
        self.body.scroll_home(animate=False)
        self.set_focus(None)
        self.refresh_bindings()

    def show_hint(self) -> None:
        segment = self.session.current
        hint = self.query_one("#reveal-hint", Static)
        typing = self.answer_box.has_focus
        if segment is None or self.revealed:
            hint.display = False
            return
        hint.display = True
        if typing:
            text = "Escape leaves the box; then space reveals."
        elif segment.kind == "opening":
            text = "Answer aloud or take notes (tab). Space shows what a strong opening covers."
        elif segment.kind == "closing":
            text = "Space shows questions you could ask them; tab takes notes; n finishes."
        else:
            text = "Type your answer (tab) or say it aloud, then press space to reveal."
        hint.update(text)

    def show_follow_up(self) -> None:
        text = self.session.follow_up
        section = self.query_one("#follow-up")
        section.display = bool(text)
        if not text:
            return
        passed = self.session.follow_up_skipped
        label = "Follow-up (passed)" if passed else "Follow-up"
        self.query_one("#follow-up-text", Static).update(
            Content.assemble((label, "bold $accent"), "  ", Content(text))
        )
        box = self.follow_up_box
        box.display = not passed
        if box.text != self.session.follow_up_notes:
            box.load_text(self.session.follow_up_notes)

    def show_rating(self) -> None:
        rating = self.session.rating
        segment = self.session.current
        text = ""
        if segment is not None:
            label = Grade(rating).mock_label if rating else "not rated"
            text = f"Your rating: {label}"
            if segment.question is not None:
                covered = len(self.session.covered_points)
                total = len(segment.question.key_points)
                text += f" · key points {covered}/{total}"
                if self.coverage is not None and self.coverage.engine != BY_HAND:
                    suggested = Grade(self.coverage.suggested_rating).mock_label
                    text += f" · coach: {suggested}"
        self.query_one("#rating", Static).update(Content(text))

    def tick(self) -> None:
        """Redraw what changed, finish on time up, and come back when a clock's digit changes."""
        if self._done:
            return
        if self.session.check_time():
            self.finish(complete=True)
            return
        status = self.session.status()
        self.query_one("#overall", CountdownDisplay).show(
            status.overall_remaining, status.overall_state, status.paused
        )
        self.query_one("#segment", CountdownDisplay).show(
            status.segment_remaining, status.segment_state, status.paused
        )
        progress = status.progress + ("  ·  PAUSED (p resumes)" if status.paused else "")
        if progress != self._progress:
            self._progress = progress
            self.query_one("#progress", Static).update(Content(progress))
        if status.segment_time_up and self._nudged_index != status.index:
            self._nudged_index = status.index
            self.notify("Time is up for this part: press n to move on.", severity="warning")
        elapsed = self.session.elapsed_seconds
        if elapsed - self._last_beat >= HEARTBEAT_SECONDS:
            self._last_beat = elapsed
            self.post_message(self.Heartbeat(elapsed))
        self._schedule(status.overall_remaining, status.segment_remaining, status.paused)

    def _schedule(self, overall: float, segment: float, paused: bool) -> None:
        """One timer, set for the moment the next digit of either clock changes."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if paused:
            return  # nothing changes until p resumes (which ticks)
        delay = min(_to_next_digit(overall), _to_next_digit(segment))
        self._timer = self.set_timer(delay, self.tick)

    # ------------------------------------------------------------------ keys offered

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused
        typing = isinstance(focused, NotesBox)
        segment = self.session.current
        in_question = segment is not None and segment.question is not None
        follow_up_open = bool(self.session.follow_up) and not self.session.follow_up_skipped
        if action == "end":
            return True
        if action in _STOPS:
            return self._next_stop() == _STOPS[action]
        if typing:  # the keys go into the box; escape (the box's) leaves it
            return False
        if action == "reveal":
            return not self.revealed
        if action == "pass_follow_up":
            return follow_up_open
        if action in ("skip",):
            return in_question
        return True

    def _stops(self) -> list[str]:
        """Where tab goes, in order: the answer box, the follow-up's box, the marks."""
        stops = [] if self.revealed and self._in_question() else ["answer"]
        if self.session.follow_up and not self.session.follow_up_skipped:
            stops.append("follow-up")
        if self.revealed and self._in_question() and self.coverage is not None:
            stops.append("marks")
        return stops

    def _in_question(self) -> bool:
        segment = self.session.current
        return segment is not None and segment.question is not None

    def _stop_of(self, widget: object) -> str | None:
        if widget is self.answer_box:
            return "answer"
        if widget is self.follow_up_box:
            return "follow-up"
        return "marks" if isinstance(widget, CoverageView) else None

    def _next_stop(self) -> str | None:
        stops = self._stops()
        if not stops:
            return None
        anchor = self._stop_of(self.focused) or self._last_stop
        if anchor in stops:
            return stops[(stops.index(anchor) + 1) % len(stops)]
        return stops[0]

    # ------------------------------------------------------------------ the answer

    def on_text_area_changed(self, event: NotesBox.Changed) -> None:
        if event.text_area is self.answer_box:
            self.session.notes = event.text_area.text
        elif event.text_area is self.follow_up_box:
            self.session.follow_up_notes = event.text_area.text

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        stop = self._stop_of(event.widget)
        if stop is not None:
            self._last_stop = stop
        if isinstance(event.widget, NotesBox):
            self.show_hint()
            self.refresh_bindings()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, NotesBox):
            self._save_current()
            self.show_hint()
            self.refresh_bindings()

    def _save_current(self) -> None:
        """Persist the segment under way as it stands (notes, marks, rating, time used)."""
        elapsed = self.session.elapsed_seconds
        result = self.session.current_result()
        if result is not None:
            self.post_message(self.ResultSaved(result, elapsed))
            return
        frame = self.session.current_frame()
        if frame is not None:
            self.post_message(self.FrameSaved(frame, elapsed))

    def _save_answer(self, question: Question, text: str) -> None:
        """Keep a typed answer with the question's other answers (context "mock")."""
        if not text.strip():
            return
        try:
            self.answer_id = self.practice.save_answer(
                self.session.agenda.role_id,
                question.id,
                text,
                seconds=self.session.segment_clock.elapsed(),
                context="mock",
                answer_id=self.answer_id,
            )
        except PracticeError as exc:
            self.notify(str(exc), severity="error", markup=False)

    # ------------------------------------------------------------------ actions

    def action_answer(self) -> None:
        self.answer_box.focus()

    def action_follow_up_box(self) -> None:
        if self.session.follow_up and not self.session.follow_up_skipped:
            self.follow_up_box.focus()
            self.call_after_refresh(self.follow_up_box.scroll_visible, animate=False)

    def action_marks(self) -> None:
        view = self.query_one(CoverageView)
        if view.marked:
            view.focus()

    def scroll_body(self) -> VerticalScroll:
        return self.body

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Keys · mock interview"))

    def action_reveal(self) -> None:
        segment = self.session.current
        if segment is None or self.revealed:
            return
        if segment.question is None:
            self._reveal_guide(segment.kind == "opening")
            return
        from textual.widgets import Markdown  # heavy: imported on first reveal only

        question = segment.question
        self.revealed = True
        text = self.session.notes.strip()
        self.answer_box.display = False
        self.query_one("#reveal-hint").display = False
        self.query_one("#yours").display = bool(text)
        if text:
            words = plural(len(text.split()), "word")
            self.query_one("#your-answer", Static).update(
                Content.assemble(Content(text), "\n", (words, "$text-muted"))
            )
        self.query_one("#revealed").display = True
        slot = self.query_one("#answer-slot")
        slot.remove_children()
        slot.mount(Markdown(question.answer, open_links=False))
        view = self.query_one(CoverageView)
        if text:
            view.show_points(question.key_points)
            self._save_answer(question, text)
            self._assess(question, text)
        else:  # answered aloud: every point starts missed, and you mark what you said
            self._coverage_ready(self._token, _by_hand(question, self.session.covered_points))
        self._ask_follow_up()
        self.set_focus(None)
        self.refresh_bindings()

    def _reveal_guide(self, opening: bool) -> None:
        self.revealed = True
        if opening:
            lines = [Content.styled("What a strong opening covers", "bold")]
            lines += [Content(f"→ {line}") for line in OPENING_GUIDE]
        else:
            questions = closing_questions(self.role, self.session.agenda.seed)
            lines = [Content.styled(CLOSING_GUIDE, "bold")]
            lines += [Content(f"→ {q}") for q in questions]
        guide = self.query_one("#guide", Static)
        guide.update(Content("\n").join(lines))
        guide.display = True
        self.query_one("#reveal-hint").display = False
        self.refresh_bindings()

    def _assess(self, question: Question, text: str) -> None:
        """Mark the key points: at once with the built-in coach, else in a thread."""
        token = self._token
        if self.practice.config.coach_engine == "lexical":
            self._coverage_ready(token, self.practice.assess(question, text))
            return

        def work() -> None:
            coverage = self.practice.assess(question, text)
            self.app.call_from_thread(self._coverage_ready, token, coverage)

        self.run_worker(work, thread=True, name="coach", group="coach", exit_on_error=False)

    def _coverage_ready(self, token: int, coverage: Coverage) -> None:
        segment = self.session.current
        if token != self._token or segment is None or segment.question is None:
            return  # the interview moved on meanwhile
        self.coverage = coverage
        self.query_one(CoverageView).show_coverage(segment.question.key_points, coverage)
        self._apply_marks()
        if coverage.engine != BY_HAND:
            self._save_marks()
        self.refresh_bindings()

    def _apply_marks(self) -> None:
        verdicts = self.query_one(CoverageView).verdicts
        self.session.set_marks(
            (i for i, v in enumerate(verdicts) if v is Verdict.COVERED),
            (i for i, v in enumerate(verdicts) if v is Verdict.PARTIAL),
        )
        self.show_rating()
        self._save_current()

    def _save_marks(self) -> None:
        if self.answer_id is None or self.coverage is None or self.coverage.engine == BY_HAND:
            return
        try:
            self.practice.save_marks(
                self.answer_id, self.coverage, self.query_one(CoverageView).corrections
            )
        except PracticeError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def on_coverage_view_corrected(self, event: CoverageView.Corrected) -> None:
        event.stop()
        self._apply_marks()
        self._save_marks()

    def _ask_follow_up(self) -> None:
        if self.session.ask_follow_up() is None:
            return
        self.show_follow_up()
        section = self.query_one("#follow-up")
        self.call_after_refresh(section.scroll_visible, animate=False)

    def action_pass_follow_up(self) -> None:
        if self.session.skip_follow_up():
            self.show_follow_up()
            self._save_current()
            self.refresh_bindings()

    def action_rate(self, rating: int) -> None:
        segment = self.session.current
        if segment is None:
            return
        self.session.rate(rating)
        self.show_rating()
        self._save_current()
        label = Grade(rating).mock_label
        if segment.question is None:
            self.notify(f"Rated {label}. n moves on.", timeout=2)
            return
        self.notify(f"Rated {label}. n: next question.", timeout=2)
        self._ask_follow_up()
        self.refresh_bindings()

    def action_next(self) -> None:
        self._advance(skip=False)

    def action_skip(self) -> None:
        self._advance(skip=True)

    def _advance(self, *, skip: bool) -> None:
        current = self.session.current
        if self._done or current is None:
            return
        if skip and current.question is None:
            return
        segment = self.session.skip() if skip else self.session.next()
        self._post_recorded(current.kind)
        if segment is None:
            self.finish(complete=True)
        else:
            self.show_segment()
            self.tick()

    def _post_recorded(self, kind: str) -> None:
        """Persist what the session just recorded for the segment that ended."""
        elapsed = self.session.elapsed_seconds
        if kind == "question":
            if self.session.results:
                self.post_message(self.ResultSaved(self.session.results[-1], elapsed))
            return
        for frame in self.session.frames:
            if frame.segment == kind:
                self.post_message(self.FrameSaved(frame, elapsed))

    def action_pause(self) -> None:
        self.session.toggle_pause()
        self.tick()

    def action_end(self) -> None:
        from preptui.ui.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.end_now()

        self.app.push_screen(
            ConfirmScreen("End the interview now and see your scorecard?"), answered
        )

    def end_now(self) -> None:
        """End at once (asked for, or a signal): record what is under way and finish early."""
        if self._done:
            return
        current = self.session.current
        self.session.finish()
        if current is not None:
            self._post_recorded(current.kind)
        self.finish(complete=False)

    def finish(self, *, complete: bool) -> None:
        if self._done:
            return
        self._done = True
        if self._timer is not None:
            self._timer.stop()
        self.session.finish()
        self.post_message(self.Finished(self.session, complete))


def _to_next_digit(remaining: float) -> float:
    """Seconds until ``fmt_clock(remaining)`` shows another value (it rounds up)."""
    fraction = remaining - math.floor(remaining)
    return (fraction if fraction > 1e-3 else 1.0) + 0.01


def _by_hand(question: Question, covered: frozenset[int]) -> Coverage:
    """Marks to set by hand: what was ticked so far covered, the rest missed."""
    points = tuple(
        PointVerdict(i, Verdict.COVERED if i in covered else Verdict.MISSED, 0.0, "")
        for i in range(len(question.key_points))
    )
    return Coverage(points=points, engine=BY_HAND)
