"""The notes box of a mock interview: type an answer; escape leaves it."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea


class NotesBox(TextArea):
    BINDINGS = [Binding("escape", "leave", "Leave notes", id="notes-box.leave")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False)

    def on_mount(self) -> None:
        self.cursor_blink = not self.app.is_headless
        self.placeholder = "Type your answer here (tab to enter, escape to leave)…"

    def action_leave(self) -> None:
        self.screen.set_focus(None)
