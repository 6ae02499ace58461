"""Helpers for Pilot tests and snapshots: an app over the sample banks, and reading the screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static, TextArea

from preptui.banks.discover import Origin, bank_files
from preptui.ui.app import PrepApp

from .conftest import SAMPLE_BANKS

ReturnT = TypeVar("ReturnT")


def sample_app(*extra: Path, role: str | None = None, store_path: Path | None = None) -> PrepApp:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    sources += [(p, Origin.EXTRA) for p in extra]
    return PrepApp(sources=sources, role=role, store_path=store_path)


def visible_text(app: App[ReturnT]) -> str:
    """All text in Static widgets on the current screen, in DOM order."""
    parts = []
    for widget in app.screen.query(Static):
        if widget.display and widget.visible:
            parts.append(str(widget.render()))
    return "\n".join(parts)


async def until(pilot: Pilot[Any], done: Callable[[], bool], what: str = "") -> None:
    """The one "wait until" of the tests: let the app run until ``done()`` holds.

    A bounded number of event-loop turns, never a sleep: time in the app comes from a FakeClock.
    """
    for _ in range(100):
        if done():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def settled(pilot: Pilot[Any]) -> None:
    """Let every worker (a store read in a thread, say) finish and its result be shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for_banks(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    assert isinstance(pilot.app, PrepApp)
    await pilot.app.banks_ready.wait()
    await pilot.pause()


async def palette_titles(screen: Screen[Any]) -> list[str]:
    """The command palette's entries generated for ``screen`` (its keys, and roles)."""
    from preptui.ui.palette import ScreenCommands

    provider = ScreenCommands(screen)
    return [hit.display.plain async for hit in provider.discover()]  # type: ignore[union-attr]


async def type_answer(pilot: Pilot[Any], text: str) -> None:
    """Tab into the answer box, type ``text`` (in one go: a key at a time only costs test
    time; the box gets the same Changed event), escape out."""
    await pilot.press("tab")
    box = pilot.app.focused
    assert isinstance(box, TextArea)
    box.insert(text)
    await pilot.pause()
    await pilot.press("escape")
