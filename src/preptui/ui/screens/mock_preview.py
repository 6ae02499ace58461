"""The agenda of a mock interview before it starts: enter starts, r reshuffles."""

from __future__ import annotations

import random
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from preptui.banks.load import LoadedBank
from preptui.mock.agenda import Agenda, build_agenda
from preptui.mock.plan import format_plan
from preptui.ui.body_scroll import SCROLL, scroll_now
from preptui.ui.widgets.key_footer import KeyFooter

#: Columns the agenda leaves free: the screen's padding and the scroll bar.
_MARGIN = 6


class MockPreviewScreen(Screen[None]):
    # Its styles are in app.tcss: shown from the browser, it reads no stylesheet of its own.
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="mock-preview.pop_screen"),
        Binding("enter", "start", "Start interview", id="mock-preview.start"),
        Binding("r", "reshuffle", "Reshuffle", id="mock-preview.reshuffle"),
        Binding("j,down", "scroll(1)", "Scroll down", id="mock-preview.scroll.down", group=SCROLL),
        Binding("k,up", "scroll(-1)", "Scroll up", id="mock-preview.scroll.up", group=SCROLL),
        Binding("question_mark", "help", "Keys", id="mock-preview.help"),
    ]

    @dataclass
    class Start(Message):
        """The user wants to sit this agenda."""

        loaded: LoadedBank
        agenda: Agenda

    def __init__(
        self,
        loaded: LoadedBank,
        *,
        minutes: int | None = None,
        seed: int | None = None,
        recent: dict[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.minutes = minutes
        self.recent = recent or {}
        self.agenda = build_agenda(loaded.bank, minutes=minutes, seed=seed, recent=self.recent)

    def compose(self) -> ComposeResult:
        role = self.loaded.bank.role
        with VerticalScroll(id="preview", can_focus=False):
            yield Static(Content(f"Mock interview · {role.title}"), classes="title")
            yield Static(
                Content(
                    f"{self.agenda.minutes} minutes · {len(self.agenda.questions)} questions · "
                    f"{role.format.rounds}"
                ),
                classes="summary",
            )
            yield Static(id="agenda")
            yield Static(
                "In the interview: tab types your answer, escape leaves the box; space reveals "
                "the model answer and the coach's marks of your key points; the interviewer may "
                "ask a follow-up (x passes); 1–4 rates your answer; n next; s skip; p pause; "
                "? lists every key; ctrl+q ends early.",
                classes="hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_agenda()

    def on_resize(self) -> None:
        self.show_agenda()

    def show_agenda(self) -> None:
        width = max(40, self.size.width - _MARGIN)
        self.query_one("#agenda", Static).update(Content(format_plan(self.agenda, width=width)))

    def action_reshuffle(self) -> None:
        seed = random.Random().randrange(1, 1_000_000)
        self.agenda = build_agenda(
            self.loaded.bank, minutes=self.minutes, seed=seed, recent=self.recent
        )
        self.show_agenda()

    def action_start(self) -> None:
        self.post_message(self.Start(self.loaded, self.agenda))

    def action_scroll(self, step: int) -> None:
        scroll_now(self.query_one("#preview", VerticalScroll), lines=step)

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Keys · mock interview plan"))
