"""The command palette: every key of the screen it was opened on, roles, and a guarded palette.

A command whose screen is gone by the time it runs is dropped quietly. Textual 8.2's own palette
raises on fast keys (``ctrl+p`` then ``pagedown`` at once: ``KeyError`` in the option list's page
move; ``enter`` pressed twice before the palette closes: ``ScreenStackError``, or worse, the second
``enter`` pops the screen the first one opened and runs the command again). :class:`GuardedPalette`
works around both in our code, and :func:`useful_system_commands` hides Textual's generic entries
that do nothing useful here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from textual import events
from textual.actions import ActionError, parse
from textual.app import SystemCommand
from textual.await_complete import AwaitComplete
from textual.command import (
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    ProviderSource,
)
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList

__all__ = ["GuardedPalette", "ScreenCommands", "useful_system_commands"]

Entry = tuple[Content, str, Callable[[], object]]

# Textual's own commands worth having: the rest (its key panel, maximize, an SVG screenshot in
# the working folder) duplicate ``?`` or do nothing a person practising needs.
USEFUL_SYSTEM_COMMANDS = frozenset({"Theme", "Quit"})

# What may still be queued for the palette after it closed: each would run the command again or
# pop a screen that is not the palette.
_AFTER_CLOSE = (events.Key, Input.Submitted, Button.Pressed, OptionList.OptionSelected)


def useful_system_commands(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    return (c for c in commands if c.title in USEFUL_SYSTEM_COMMANDS)


class GuardedPalette(CommandPalette):
    """Textual's palette, made safe against keys that arrive faster than it can follow."""

    def __init__(self, providers: ProviderSource | None = None, placeholder: str = "") -> None:
        if placeholder:
            super().__init__(providers, placeholder=placeholder, id="--command-palette")
        else:
            super().__init__(providers, id="--command-palette")
        self._dismissed = False  # (not ``_closed``: that one is the message pump's own)

    async def _on_message(self, message: Message) -> None:
        if self._dismissed and isinstance(message, _AFTER_CLOSE):
            return  # a key typed before the palette closed; the screen below must not get it
        await super()._on_message(message)

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self._dismissed or not self.is_active:  # closed already: never pop the screen below
            done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return done
        self._dismissed = True
        return super().dismiss(result)

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            commands = self.query_one(CommandList)
            # Before the list is laid out its line table is empty and a page move raises.
            highlighted = commands.highlighted
            if highlighted is not None and highlighted not in commands._index_to_line:
                action = "first" if action == "page_up" else "last"
        super()._action_command_list(action)


class ScreenCommands(Provider):
    """Commands generated from the bindings of the screen the palette was opened on."""

    def _entries(self) -> list[Entry]:
        from preptui.ui.keys import screen_keys  # when the palette opens, not on the first frame

        screen = self.screen
        entries: list[Entry] = []
        for row in screen_keys(screen):
            if row.action == "app.quit":  # Textual lists Quit itself
                continue
            if not _enabled(screen, row.action):  # e.g. rating before the answer is revealed
                continue
            run = partial(_run_action, screen, row.action)
            entries.append((Content(row.description), f"Key: {row.key}", run))
        commands = getattr(screen, "palette_extra", None)
        if callable(commands):
            entries.extend(commands())
        # Textual reads a hit's help as markup: a key such as ``[`` is text.
        return [(title, escape(help_text), run) for title, help_text, run in entries]

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


def _enabled(screen: Screen[Any], action: str) -> bool:
    """What the screen's ``check_action`` says now: only keys that would do something are listed."""
    try:
        namespace, name, parameters = parse(action)
    except ActionError:
        return True
    return bool(namespace) or screen.check_action(name, parameters) is True


def _run_action(screen: Screen[Any], action: str) -> None:
    if not screen.is_attached:  # the screen went away while the palette was open
        return
    screen.call_later(screen.run_action, action)
