"""The hits of a search across roles: an option list that also moves with j / k."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class HitList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="hit-list.cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="hit-list.cursor_up"),
    ]
