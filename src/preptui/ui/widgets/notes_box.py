"""The answer box of review and the mock interview: type your answer; tab enters, escape leaves.

It only edits text; the screen that shows it keeps the time taken and saves what is typed.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

from preptui.records import word_count

PLACEHOLDER = "Type your answer here (tab to enter, escape to leave)…"


class NotesBox(TextArea):
    BINDINGS = [Binding("escape", "leave", "Done", id="notes-box.leave")]

    def __init__(self, *, id: str | None = None, placeholder: str = PLACEHOLDER) -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
        self._placeholder = placeholder

    def on_mount(self) -> None:
        self.cursor_blink = not self.app.is_headless
        self.placeholder = self._placeholder

    @property
    def words(self) -> int:
        return word_count(self.text)

    def action_leave(self) -> None:
        self.screen.set_focus(None)
