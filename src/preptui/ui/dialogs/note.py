"""The note dialog: a small modal with a text area; it returns the text, the caller saves it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class NoteDialog(ModalScreen[str]):
    """Edit one note; ctrl+s or escape saves it (an empty note deletes it)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
        Binding("escape", "save", "Save", show=False, priority=True, id="note.close"),
    ]

    def __init__(self, prompt: str, note: str) -> None:
        super().__init__()
        self._prompt = prompt
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static("Your note", classes="title")
            yield Static(Content(self._prompt), classes="note-prompt")
            yield TextArea(
                self._note,
                id="note-text",
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
            )
            yield Static(
                "ctrl+s or escape: save · an empty note is deleted · shown under the answer",
                classes="hint",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = not self.app.is_headless
        area.placeholder = "What to remember about this question…"
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)
