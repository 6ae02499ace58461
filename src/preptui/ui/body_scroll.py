"""The one way a screen scrolls its body from the keyboard (j/k, pgup/pgdn, home/end).

A screen mixes :class:`BodyScroll` in, says which container is its body (:meth:`scroll_body`)
and binds keys to ``scroll(±1)``, ``page(±1)``, ``top`` and ``bottom``. Anything else scrolled
from the keyboard goes through :func:`scroll_now`.

Every scroll is made at once, not animated and not put off until the next refresh (Textual's
default): a key that comes before that refresh (key repeat, two presses in a row) would start
from the old position, and its step would be lost.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.widget import Widget

#: The Footer group of a screen's j/k scroll bindings (shown once, compact: "jk Scroll").
SCROLL = Binding.Group("Scroll", compact=True)


def scroll_now(widget: Widget, *, lines: int = 0, pages: int = 0, to: str = "") -> None:
    """Scroll ``widget`` by ``lines`` or ``pages``, or ``to`` its "top" or "bottom", at once."""
    if to == "top":
        y = 0.0
    elif to == "bottom":
        y = float(widget.max_scroll_y)
    else:
        y = widget.scroll_y + lines + pages * widget.scrollable_content_region.height
    widget.scroll_to(y=y, animate=False, immediate=True)


class BodyScroll:
    """Scroll actions for a screen whose readable content sits in one scrolling container."""

    def scroll_body(self) -> ScrollableContainer:
        raise NotImplementedError

    def action_scroll(self, step: int) -> None:
        scroll_now(self.scroll_body(), lines=step)

    def action_page(self, step: int) -> None:
        scroll_now(self.scroll_body(), pages=step)

    def action_top(self) -> None:
        scroll_now(self.scroll_body(), to="top")

    def action_bottom(self) -> None:
        scroll_now(self.scroll_body(), to="bottom")
