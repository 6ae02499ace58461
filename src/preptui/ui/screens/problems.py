"""A modal listing the bank files that were skipped and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from preptui.banks.errors import BankError


class ProblemsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="problems.dismiss.escape"),
        Binding("q", "dismiss", "Close", show=False, id="problems.dismiss.q"),
        Binding("question_mark", "help", "Help", show=False, id="problems.help"),
    ]

    def __init__(self, errors: list[BankError]) -> None:
        super().__init__()
        self._errors = errors

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("Bank problems", classes="title")
            yield Static(
                "These files were skipped; the other banks loaded. Fix the lines below "
                "(or run `preptui validate`) and restart.",
                classes="hint",
            )
            yield Static(Content("\n").join(Content(str(e)) for e in self._errors))
            yield Static("escape closes this", classes="hint")

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Bank problems: keys"))
