"""Snapshots of review mode, its summary and the stats screen (pytest-textual-snapshot).

Time is fixed (the app's ``now``) and the store is built with fixed dates, so every run draws
the same screen. Update after a deliberate UI change:
pytest tests/snapshots/test_review_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from preptui.ui.screens.review import ReviewScreen
from preptui.ui.screens.review_summary import ReviewSummaryScreen
from preptui.ui.screens.stats import StatsScreen

from ..apphelpers import wait_for_banks
from ..functional.test_review_app import _golden_store, app_at

SIZES = [(120, 36), (80, 24)]

Snap = Callable[..., bool]


def until_screen(kind: type, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for_banks(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        for _ in range(100):
            if isinstance(pilot.app.screen, kind):
                break
            await pilot.pause()
        assert isinstance(pilot.app.screen, kind)
        await pilot.app.workers.wait_for_complete()  # a store read in a thread, say
        pilot.app.clear_notifications()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


def _review(tmp_path: Path) -> Any:
    return app_at(tmp_path / "s.db", review=True)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_hidden(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    assert snap_compare(
        _review(tmp_path), terminal_size=size, run_before=until_screen(ReviewScreen)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_revealed(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    run = until_screen(ReviewScreen, "space")
    assert snap_compare(_review(tmp_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_summary(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    run = until_screen(ReviewSummaryScreen, "space", "1", "space", "3", "space", "4", "q")
    assert snap_compare(_review(tmp_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stats(snap_compare: Snap, size: tuple[int, int], isolated_dirs: Path) -> None:
    _golden_store()
    app = app_at(isolated_dirs / "preptui.sqlite3")
    assert snap_compare(app, terminal_size=size, run_before=until_screen(StatsScreen, "s"))
