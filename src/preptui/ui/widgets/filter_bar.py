"""One line under the search box: how many questions are shown and which filters are on."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class FilterBar(Static):
    def show(self, text: str) -> None:
        self.update(Content(text))
