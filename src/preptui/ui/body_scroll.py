"""The one way a screen scrolls its body from the keyboard (j/k, pgup/pgdn, home/end).

A screen mixes :class:`BodyScroll` in, says which container is its body (:meth:`scroll_body`)
and binds keys to ``scroll(±1)``, ``page(±1)``, ``top`` and ``bottom``.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import ScrollableContainer

#: The Footer group of a screen's j/k scroll bindings (shown once, compact: "jk Scroll").
SCROLL = Binding.Group("Scroll", compact=True)


class BodyScroll:
    """Scroll actions for a screen whose readable content sits in one scrolling container."""

    def scroll_body(self) -> ScrollableContainer:
        raise NotImplementedError

    def action_scroll(self, step: int) -> None:
        body = self.scroll_body()
        if step > 0:
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    def action_page(self, step: int) -> None:
        body = self.scroll_body()
        if step > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.scroll_body().scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_body().scroll_end(animate=False)
