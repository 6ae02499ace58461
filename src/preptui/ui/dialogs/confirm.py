"""A yes/no question in a small modal (the interview's end, a note's unsaved changes)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.answer.y"),
        Binding("n", "answer(False)", "No", id="confirm.answer.n"),
        Binding("escape", "answer(False)", "No", show=False, id="confirm.answer.escape"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(self._question), classes="title")
            yield Static("y: yes   n / escape: no", classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
