"""A modal listing every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self._rows), default=4) + 3
        body = Content("\n").join(
            Content.assemble((f"{key:<{width}}", "bold $accent"), Content(text))
            for key, text in self._rows
        )
        with VerticalScroll(id="help-box"):
            yield Static(Content(self._title), classes="title")
            yield Static(body)
            yield Static("escape closes this", classes="hint")
