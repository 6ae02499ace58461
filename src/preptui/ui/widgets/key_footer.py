"""The footer of key bindings, rebuilt only when the keys it shows change.

Textual's :class:`Footer` recomposes (a dozen widgets removed, mounted and styled, then a layout
of the whole screen) every time a screen's bindings are refreshed, which a screen does on every
highlight or focus change even when the same keys stay shown. This one compares what it would
show with what it shows and leaves itself alone when they are equal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

_Shown = tuple[tuple[str, str, str, bool, str, str], ...]


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: _Shown | None = None

    def _what_to_show(self) -> _Shown:
        """Every binding the footer draws, as the text and state it draws it with."""
        keys = self.screen.active_bindings
        palette = self.app.COMMAND_PALETTE_BINDING if self.show_command_palette else ""
        return tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                enabled,
                tooltip or "",
                binding.group.description if binding.group else "",
            )
            for name, (_, binding, enabled, tooltip) in keys.items()
            if binding.show or name == palette
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._what_to_show()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached or self._what_to_show() == self._shown:
            return
        await self.recompose()
