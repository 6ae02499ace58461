"""Snapshots of the browser's screens at 80×24 and 120×36 (issue 12): a revealed answer
scrolled down, stats, settings, help, the note dialog and a search across roles.

Update after a deliberate UI change: pytest tests/snapshots/test_browse_sizes.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ..apphelpers import sample_app, until, wait_for_banks
from ..functional.test_review_app import _golden_store, app_at

SIZES = [(120, 36), (80, 24)]

Snap = Callable[..., bool]


def after(*keys: str, screen: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press ``keys`` once the banks are in, then wait for the screen named ``screen``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for_banks(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if screen is not None:
            await until(pilot, lambda: type(pilot.app.screen).__name__ == screen, screen)
        pilot.app.clear_notifications()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


def size_id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_answer_revealed_and_scrolled(snap_compare: Snap, size: tuple[int, int]) -> None:
    run = after("tab", "space", "pagedown")
    assert snap_compare(sample_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_stats_scrolled_to_recent_reviews(
    snap_compare: Snap, size: tuple[int, int], isolated_dirs: Path
) -> None:
    _golden_store()
    app = app_at(isolated_dirs / "preptui.sqlite3")
    assert snap_compare(app, terminal_size=size, run_before=after("s", "end", screen="StatsScreen"))


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_settings(snap_compare: Snap, size: tuple[int, int]) -> None:
    run = after("comma", screen="SettingsScreen")
    assert snap_compare(sample_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_help_of_the_browser(snap_compare: Snap, size: tuple[int, int]) -> None:
    run = after("question_mark", screen="HelpScreen")
    assert snap_compare(sample_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_note_dialog(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    run = after("tab", "n", *"Say the hit rate", screen="NoteDialog")
    app = sample_app(store_path=tmp_path / "s.db")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_search_all_roles(snap_compare: Snap, size: tuple[int, int]) -> None:
    run = after("F", *"disagreed", screen="SearchAllScreen")
    assert snap_compare(sample_app(), terminal_size=size, run_before=run)
