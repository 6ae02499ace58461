"""Random keys, typed faster than the app can follow, never raise (issue 11).

Keys come from the bindings of every screen plus the palette's own keys; they arrive in bursts
posted at once (the way a fast typist or a key held down delivers them), not one by one with a
pause after each as ``pilot.press`` does. Textual 8.2's command palette raised ``KeyError`` and
``ScreenStackError`` on such bursts (``ctrl+p`` then ``pagedown``; ``enter`` twice); Pilot's
``run_test`` re-raises any error in the app, so a run that ends is a run without a traceback.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from textual import events
from textual.binding import Binding
from textual.command import CommandList
from textual.pilot import Pilot
from textual.screen import Screen

from preptui.ui.app import PrepApp
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.screens.help import HelpScreen
from preptui.ui.screens.interview import InterviewScreen
from preptui.ui.screens.mock_preview import MockPreviewScreen
from preptui.ui.screens.review import ReviewScreen
from preptui.ui.screens.scorecard import ScorecardScreen
from preptui.ui.screens.stats import StatsScreen

from ..apphelpers import palette_titles, sample_app, until, wait_for_banks

KEYS_PER_SEED = 500
PALETTE_KEYS = ["ctrl+p", "escape", "enter", "pagedown", "pageup", "up", "down", "backspace"]
LETTERS = list("abhjkmrst")
# Keys that leave the test rather than the screen: quitting, and $EDITOR (a real editor would
# take the terminal).
LEFT_OUT = {"q", "ctrl+q", "e", "a"}
SCREENS: list[type[Screen[Any]]] = [
    BrowseScreen,
    ReviewScreen,
    InterviewScreen,
    MockPreviewScreen,
    ScorecardScreen,
    StatsScreen,
    HelpScreen,
]


def binding_keys() -> list[str]:
    keys: set[str] = set()
    for screen in SCREENS:
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.action != "app.quit":
                keys.update(k.strip() for k in binding.key.split(","))
    return sorted(keys - LEFT_OUT)


def pool() -> list[str]:
    return binding_keys() + PALETTE_KEYS * 3 + LETTERS


def burst(app: PrepApp, keys: list[str]) -> None:
    """Post every key at once: none waits for the one before it to be handled."""
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(key, char))


def _palette_open(app: PrepApp) -> bool:
    return app.screen.has_class("--textual-command-palette")


def _at_browser(app: PrepApp) -> None:
    while len(app.screen_stack) > 1:
        app.pop_screen()


def _open(app: PrepApp, where: str) -> None:
    _at_browser(app)
    if where == "review":
        app.open_review()
    elif where == "mock":
        app.open_mock_preview("alpha-engineer")
    elif where == "stats":
        app.open_stats()


async def _type(pilot: Pilot[Any], rnd: random.Random, keys: list[str], count: int) -> int:
    app = pilot.app
    assert isinstance(app, PrepApp)
    sent = 0
    while sent < count and app.is_running:
        chunk = [rnd.choice(keys) for _ in range(rnd.randint(1, 6))]
        burst(app, chunk)
        sent += len(chunk)
        await pilot.pause()
    return sent


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_key_bursts_on_every_screen_never_raise(seed: int) -> None:
    rnd = random.Random(seed)
    keys = pool()
    assert {"ctrl+p", "pagedown", "enter", "1", "space", "question_mark"} <= set(keys)
    sent = 0
    places = ["browser", "review", "mock", "stats"]
    while sent < KEYS_PER_SEED:
        app = sample_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for_banks(pilot)
            for where in places:
                if not app.is_running:
                    break
                _open(app, where)
                await pilot.pause()
                if where == "mock" and isinstance(app.screen, MockPreviewScreen):
                    app.screen.action_start()  # into the interview itself
                    await pilot.pause()
                sent += await _type(pilot, rnd, keys, KEYS_PER_SEED // len(places))
        # a palette command may have quit the app: go on in a new one until every key is sent
    assert sent >= KEYS_PER_SEED


async def test_page_keys_before_the_palette_list_is_laid_out() -> None:
    # In a terminal, ``ctrl+p`` then ``pagedown`` at once lands the page key after the first
    # matches are listed but before the list is laid out (its line table still empty): Textual
    # looked the highlighted option up in that table and raised KeyError. The state is made here
    # directly (the list hidden, so it has no layout), since Pilot cannot time that gap.
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        burst(app, ["ctrl+p"])
        await until(pilot, lambda: _palette_open(app), "the palette opens")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0, "the palette lists commands")
        commands.display = False
        await pilot.pause()
        commands._clear_caches()
        commands.highlighted = 1
        burst(app, ["pagedown", "pageup", "pagedown"])
        await pilot.pause()
        assert _palette_open(app)
        assert commands.highlighted is not None


async def test_enter_pressed_three_times_runs_the_command_once() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        burst(app, ["ctrl+p"])
        await until(pilot, lambda: _palette_open(app), "the palette opens")
        burst(app, list("help"))
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0, "the palette lists matches")
        burst(app, ["enter", "enter", "enter"])
        await until(pilot, lambda: not _palette_open(app), "the palette closes")
        for _ in range(3):
            await pilot.pause()
        # The first match (Help) opens once; the extra enters neither pop it nor run it again.
        assert [type(s) for s in app.screen_stack] == [BrowseScreen, HelpScreen]


async def test_palette_names_keys_as_printed_and_hides_generic_entries() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        from preptui.ui.palette import ScreenCommands

        provider = ScreenCommands(app.screen)
        helps = [hit.help async for hit in provider.discover()]
        assert "Key: !" in helps and "Key: ?" in helps and "Key: /" in helps
        assert not [h for h in helps if h and ("_mark" in h or "slash" in h)]
        system = [c.title for c in app.get_system_commands(app.screen)]
        assert system == ["Theme", "Quit"]
        assert "Switch role: Alpha Engineer" in await palette_titles(app.screen)
