"""A modal listing the keys of the screen it was opened on, made from that screen's bindings."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from preptui.ui.body_scroll import scroll_now
from preptui.ui.keys import screen_keys


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.dismiss.escape"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.dismiss.question-mark"),
        Binding("q", "dismiss", "Close", show=False, id="help.dismiss.q"),
        Binding("j", "scroll('down')", "Scroll", show=False, id="help.scroll.j"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="help.scroll.k"),
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

    def _body(self, width: int) -> Content:
        """The rows, each description wrapped beside its key (not under it) at ``width``."""
        import textwrap

        column = max((len(k) for k, _ in self._rows), default=4) + 3
        lines = []
        for key, text in self._rows:
            wrapped = textwrap.wrap(text, max(20, width - column)) or [""]
            lines.append(Content.assemble((f"{key:<{column}}", "bold $accent"), wrapped[0]))
            lines += [Content(" " * column + more) for more in wrapped[1:]]
        return Content("\n").join(lines)

    def _width(self) -> int:
        """The text width inside the box: 80% of the screen, at most 100, less padding."""
        return min(100, self.app.size.width * 8 // 10) - 6

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Content(self._title), classes="title")
            yield Static(self._body(self._width()), id="help-rows")
            yield Static("j / k, ↑ / ↓, pgup / pgdn scroll · escape closes this", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()

    def on_resize(self) -> None:
        self.query_one("#help-rows", Static).update(self._body(self._width()))

    def action_scroll(self, where: str) -> None:
        scroll_now(self.query_one("#help-box", VerticalScroll), lines=1 if where == "down" else -1)
