"""The incremental search line, shown by ``/``."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [
        Binding("escape", "cancel", "Clear search", show=True, id="search-box.cancel"),
        Binding("down", "done", "To list", show=False, id="search-box.done"),
    ]

    @dataclass
    class Cancelled(Message):
        """Escape: the user wants the search gone."""

    @dataclass
    class Done(Message):
        """Enter or down: keep the search, go back to the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search prompt, answer and tags… (* first: every role)", id=id)

    def on_mount(self) -> None:
        self.cursor_blink = not self.app.is_headless

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())

    def action_done(self) -> None:
        self.post_message(self.Done())

    def _on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())
