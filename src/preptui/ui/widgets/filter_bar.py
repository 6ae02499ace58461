"""One line under the search box: how many questions are shown and which filters are on."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class FilterBar(Static):
    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(Content(text), id=id)
        self._text = text

    def show(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        # One line as wide as its column (app.tcss): new text does not change its size, so it
        # is repainted without a layout of the screen. Sized by its text, it is laid out anew.
        height, width = self.styles.height, self.styles.width
        fixed = height is not None and height.is_cells and (width is None or not width.is_auto)
        self.update(Content(text), layout=not fixed)
