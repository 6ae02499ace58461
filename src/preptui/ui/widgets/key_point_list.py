"""Key points as a checklist the user ticks (space) to say which ones their answer covered."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection


class KeyPointList(SelectionList[int]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="key-point-list.cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="key-point-list.cursor_up"),
        Binding("space", "select", "Tick point", id="key-point-list.select"),
    ]

    def set_points(self, points: Sequence[str], ticked: Collection[int] = ()) -> None:
        self.clear_options()
        self.add_options(
            [
                Selection(Content(point), index, index in ticked)
                for index, point in enumerate(points)
            ]
        )
        if points:
            self.highlighted = 0
