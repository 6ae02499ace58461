"""The footer of key bindings, changed in place when the keys it shows change.

Textual's :class:`Footer` recomposes (a dozen widgets removed, mounted and styled, then a layout
of the whole screen) every time a screen's bindings are refreshed, which a screen does on every
highlight or focus change even when the same keys stay shown. This one compares what it would
show with what it shows and leaves itself alone when they are equal; when they differ, it gives
its key widgets their new keys and text, and adds or removes only the difference in number.
Binding groups (several keys under one label) are still drawn by a full recompose.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen

_Shown = tuple[tuple[str, str, str, bool, str, str], ...]
_PALETTE = "-command-palette"


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: _Shown | None = None
        self._update_pending = False

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
        for widget in super().compose():
            # Footer binds each key's ``compact`` to its own once mounted; a key starts compact,
            # so each would be styled twice (class added, then removed) before the first frame.
            if isinstance(widget, FooterKey) and not widget.has_class(_PALETTE):
                self._start_compact(widget)
            yield widget

    def _start_compact(self, key: FooterKey) -> None:
        """Give a key not yet mounted the footer's ``compact`` (and its class) without the
        watcher, which would restyle the key when it is mounted and again when bound."""
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True  # many refreshes in one turn: one update after them
            if self._shown is None:
                # The first keys come after the first frame, as Textual's footer draws them:
                # a dozen keys mounted and styled are not worth holding the whole screen for.
                self.call_after_refresh(self._update_if_changed)
            else:  # with the change that asked for them, in the same frame
                self.call_later(self._update_if_changed)

    async def _update_if_changed(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        shown = self._what_to_show()
        if shown == self._shown:
            return
        if self._update_in_place():
            self._shown = shown
            return
        await self.recompose()

    def _keys_to_show(self) -> tuple[list[tuple[Binding, bool, str]], bool] | None:
        """The keys :meth:`Footer.compose` would draw (one per action) and whether the
        palette key ends them; None when some are grouped (drawn by a recompose)."""
        active = self.screen.active_bindings
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        keys = list(by_action.values())
        groups = [binding.group for binding, _, _ in keys]
        if any(a is not None and a == b for a, b in pairwise(groups)):
            return None
        palette = (
            self.show_command_palette
            and self.app.ENABLE_COMMAND_PALETTE
            and self.app.COMMAND_PALETTE_BINDING in active
        )
        return keys, palette

    def _update_in_place(self) -> bool:
        wanted = self._keys_to_show()
        if wanted is None:
            return False
        keys, palette = wanted
        children = list(self.children)
        if not all(isinstance(c, FooterKey) and not (c._pruning or c._closing) for c in children):
            return False  # a group was drawn before, or keys are still being removed
        plain = [c for c in children if isinstance(c, FooterKey) and not c.has_class(_PALETTE)]
        ends = [c for c in children if isinstance(c, FooterKey) and c.has_class(_PALETTE)]
        if bool(ends) != palette:
            return False
        if palette:
            _, binding, enabled, _ = self.screen.active_bindings[self.app.COMMAND_PALETTE_BINDING]
            self._set_key(ends[0], binding, enabled, binding.tooltip or binding.description)
        for widget, (binding, enabled, tooltip) in zip(plain, keys, strict=False):
            self._set_key(widget, binding, enabled, tooltip)
        for widget in plain[len(keys) :]:
            widget.remove()
        more = [
            FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            for binding, enabled, tooltip in keys[len(plain) :]
        ]
        for widget in more:
            self._start_compact(widget)
        if more:
            self.mount(*more, before=ends[0] if ends else None)
        self.styles.grid_size_columns = len(keys)
        return True

    def _set_key(self, widget: FooterKey, binding: Binding, enabled: bool, tooltip: str) -> None:
        key_display = self.app.get_key_display(binding)
        resized = (key_display, binding.description) != (widget.key_display, widget.description)
        widget.key = binding.key
        widget.key_display = key_display
        widget.description = binding.description
        widget.action = binding.action
        widget._disabled = not enabled
        widget.set_class(not enabled, "-disabled")
        widget.tooltip = tooltip or None
        widget.refresh(layout=resized)
