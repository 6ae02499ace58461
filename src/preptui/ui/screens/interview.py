"""The interview itself: two countdowns, the prompt, a notes box, reveal, tick, rate, move on."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from preptui.kinds import Grade
from preptui.mock.session import MockSession, QuestionResult
from preptui.ui.widgets.countdown import CountdownDisplay
from preptui.ui.widgets.key_point_list import KeyPointList
from preptui.ui.widgets.notes_box import NotesBox

TICK_SECONDS = 0.5


class InterviewScreen(Screen[None]):
    CSS_PATH = "mock.tcss"
    BINDINGS = [
        Binding("space", "reveal", "Reveal", id="interview.reveal"),
        Binding("1", "rate(1)", "Rate 1–4", key_display="1-4", id="interview.rate.1"),
        Binding("2", "rate(2)", "Partial", show=False, id="interview.rate.2"),
        Binding("3", "rate(3)", "Good", show=False, id="interview.rate.3"),
        Binding("4", "rate(4)", "Strong", show=False, id="interview.rate.4"),
        Binding("n", "next", "Next", id="interview.next"),
        Binding("s", "skip", "Skip", id="interview.skip"),
        Binding("p", "pause", "Pause", id="interview.pause"),
        Binding("tab", "notes", "Notes", id="interview.notes"),
        Binding("ctrl+q", "end", "End early", priority=True, id="interview.end"),
    ]

    @dataclass
    class ResultSaved(Message):
        """A question's result changed (rated, ticked, moved on): persist it now."""

        result: QuestionResult
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

    def __init__(self, session: MockSession, role_title: str) -> None:
        super().__init__()
        self.session = session
        self.role_title = role_title
        self.revealed = False
        self._nudged_index = -1
        self._beats = 0
        self._done = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="clocks"):
            yield CountdownDisplay("Interview", id="overall")
            yield CountdownDisplay("This question", id="segment")
            with Vertical(id="progress-box"):
                yield Static(Content(self.role_title), classes="title")
                yield Static(id="progress")
                yield Static(id="rating")
        with VerticalScroll(id="interview-body"):
            yield Static(id="prompt", classes="prompt")
            yield NotesBox(id="notes")
            yield Static(
                "Answer as you would aloud, or type notes. Space reveals the model answer.",
                id="reveal-hint",
                classes="hint",
            )
            with Vertical(id="revealed"):
                yield Static("Key points you covered (space ticks)", classes="heading")
                yield KeyPointList(id="points")
                yield Static("Model answer", classes="heading")
                yield Static(id="answer-slot")
        yield Footer()

    def on_mount(self) -> None:
        self.session.start()
        self.show_segment()
        self.set_interval(TICK_SECONDS, self.tick)
        self.tick()

    # ------------------------------------------------------------------ drawing

    def show_segment(self) -> None:
        segment = self.session.current
        if segment is None:
            return
        self.revealed = False
        self.query_one("#revealed").display = False
        self.query_one("#reveal-hint").display = segment.question is not None
        prompt = segment.question.prompt if segment.question else segment.title
        self.query_one("#prompt", Static).update(Content(prompt))
        notes = self.query_one(NotesBox)
        notes.load_text(self.session.notes)
        self.query_one("#answer-slot").remove_children()
        self.show_rating()
        self.query_one("#interview-body", VerticalScroll).scroll_home(animate=False)
        self.set_focus(None)

    def show_rating(self) -> None:
        rating = self.session.rating
        segment = self.session.current
        text = ""
        if segment is not None and segment.question is not None:
            covered = len(self.session.covered_points)
            total = len(segment.question.key_points)
            label = Grade(rating).mock_label if rating else "not rated"
            text = f"Your rating: {label} · key points {covered}/{total}"
        self.query_one("#rating", Static).update(Content(text))

    def tick(self) -> None:
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
        self.query_one("#progress", Static).update(Content(progress))
        if status.segment_time_up and self._nudged_index != status.index:
            self._nudged_index = status.index
            self.notify("Time is up for this part: press n to move on.", severity="warning")
        self._beats += 1
        if self._beats % 20 == 0:
            self.post_message(self.Heartbeat(self.session.elapsed_seconds))

    # ------------------------------------------------------------------ actions

    def _save_current(self) -> None:
        result = self.session.current_result()
        if result is not None:
            self.post_message(self.ResultSaved(result, self.session.elapsed_seconds))

    def on_text_area_changed(self, event: NotesBox.Changed) -> None:
        self.session.notes = event.text_area.text

    def on_selection_list_selection_toggled(
        self, event: KeyPointList.SelectionToggled[int]
    ) -> None:
        self.session.toggle_point(event.selection.value)
        self.show_rating()
        self._save_current()

    def action_notes(self) -> None:
        self.query_one(NotesBox).focus()

    def action_reveal(self) -> None:
        segment = self.session.current
        if segment is None or segment.question is None or self.revealed:
            return
        from textual.widgets import Markdown

        self.revealed = True
        self.query_one("#reveal-hint").display = False
        revealed = self.query_one("#revealed")
        revealed.display = True
        slot = self.query_one("#answer-slot")
        slot.remove_children()
        slot.mount(Markdown(segment.question.answer, open_links=False))
        points = self.query_one(KeyPointList)
        points.set_points(segment.question.key_points, self.session.covered_points)
        points.focus()

    def action_rate(self, rating: int) -> None:
        segment = self.session.current
        if segment is None or segment.question is None:
            return
        self.session.rate(rating)
        self.show_rating()
        self._save_current()
        self.notify(f"Rated {Grade(rating).mock_label}. n: next question.", timeout=2)

    def action_next(self) -> None:
        self._advance(skip=False)

    def action_skip(self) -> None:
        self._advance(skip=True)

    def _advance(self, *, skip: bool) -> None:
        if self._done or self.session.current is None:
            return
        was_question = self.session.current.question is not None
        segment = self.session.skip() if skip else self.session.next()
        if was_question and self.session.results:
            self.post_message(
                self.ResultSaved(self.session.results[-1], self.session.elapsed_seconds)
            )
        if segment is None:
            self.finish(complete=True)
        else:
            self.show_segment()
            self.tick()

    def action_pause(self) -> None:
        self.session.toggle_pause()
        self.tick()

    def action_end(self) -> None:
        from preptui.ui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.session.finish()
                if self.session.results:
                    self.post_message(
                        self.ResultSaved(self.session.results[-1], self.session.elapsed_seconds)
                    )
                self.finish(complete=False)

        self.app.push_screen(
            ConfirmScreen("End the interview now and see your scorecard?"), answered
        )

    def finish(self, *, complete: bool) -> None:
        if self._done:
            return
        self._done = True
        self.session.finish()
        self.post_message(self.Finished(self.session, complete))
