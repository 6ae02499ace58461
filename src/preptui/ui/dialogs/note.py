"""The note dialog: a small modal with a text area; it returns the text, the caller saves it.

ctrl+s returns the text (an empty note deletes it); escape returns None, after asking when the
text was changed, so a slip of the finger never throws away what was typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from preptui.ui.widgets.key_footer import KeyFooter


class NoteDialog(ModalScreen[str | None]):
    """Edit one note: ctrl+s saves it, escape closes (asking first if it was changed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
        Binding("escape", "close", "Cancel", priority=True, id="note.close"),
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
                "ctrl+s: save · escape: cancel · an empty note is deleted · shown under the answer",
                classes="hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = not self.app.is_headless
        area.placeholder = "What to remember about this question…"
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def changed(self) -> bool:
        return self.query_one(TextArea).text.strip() != self._note.strip()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_close(self) -> None:
        """Escape: close; if the note was changed, ask before the changes are lost."""
        from preptui.ui.dialogs.confirm import ConfirmScreen

        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(
            ConfirmScreen("Discard your changes to this note? (ctrl+s saves it)"), answered
        )
