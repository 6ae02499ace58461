"""A modal listing the keys of the screen it was opened on, made from that screen's bindings."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from preptui.ui.keys import screen_keys


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.dismiss.escape"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.dismiss.question-mark"),
        Binding("q", "dismiss", "Close", show=False, id="help.dismiss.q"),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._rows = rows

    @classmethod
    def for_screen(cls, screen: Screen[Any], title: str = "Keys") -> HelpScreen:
        """Every described binding of ``screen``, then its ``HELP_EXTRA`` rows (keys of widgets)."""
        extra: list[tuple[str, str]] = list(getattr(screen, "HELP_EXTRA", []))
        rows = extra + [(row.key, row.description) for row in screen_keys(screen)]
        return cls(title, rows)

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
