"""A labelled countdown in large digits that turns to warning and overtime colours."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from preptui.mock.clock import TimeState, fmt_clock


class CountdownDisplay(Vertical):
    """Shows remaining time as mm:ss; the owner calls :meth:`show` from its clock tick."""

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label
        self._text = ""
        self._state: TimeState | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._label, classes="countdown-label")
        yield Digits("--:--", classes="countdown-digits")

    def show(self, remaining: float, state: TimeState, paused: bool = False) -> None:
        text = fmt_clock(remaining)
        if text != self._text:
            self._text = text
            self.query_one(Digits).update(text)
        if state != self._state:
            self._state = state
            self.set_class(state == "warning", "-warning")
            self.set_class(state == "overtime", "-overtime")
        self.set_class(paused, "-paused")

    @property
    def text(self) -> str:
        return self._text
