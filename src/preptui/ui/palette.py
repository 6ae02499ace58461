"""The command palette's own entries: every key of the screen it was opened on, and roles.

A command whose screen is gone by the time it runs is dropped quietly. (Textual's palette can
still raise on very fast keys: guarding that is open work, issue 11.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import Screen

from preptui.ui.keys import screen_keys

__all__ = ["ScreenCommands"]

Entry = tuple[Content, str, Callable[[], object]]


class ScreenCommands(Provider):
    """Commands generated from the bindings of the screen the palette was opened on."""

    def _entries(self) -> list[Entry]:
        screen = self.screen
        entries: list[Entry] = []
        for row in screen_keys(screen):
            if row.action == "app.quit":  # Textual lists Quit itself
                continue
            run = partial(_run_action, screen, row.action)
            entries.append((Content(row.description), f"Key: {row.key}", run))
        commands = getattr(screen, "palette_extra", None)
        if callable(commands):
            entries.extend(commands())
        return entries

    async def discover(self) -> Hits:
        for title, help_text, run in self._entries():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._entries():
            score = matcher.match(title.plain)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), run, help=help_text)


def _highlight(matcher: Matcher, title: Content) -> Content:
    """Textual's ``Matcher.highlight`` parses its text as markup; bank titles are not markup."""
    _, offsets = matcher.fuzzy_search.match(matcher.query, title.plain)
    for offset in offsets:
        title = title.stylize(matcher.match_style, offset, offset + 1)
    return title


def _run_action(screen: Screen[Any], action: str) -> None:
    if not screen.is_attached:  # the screen went away while the palette was open
        return
    screen.call_later(screen.run_action, action)
