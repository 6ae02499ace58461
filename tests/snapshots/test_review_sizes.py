"""Snapshots of review with a typed answer, before and after reveal, at 80×24 and 120×36.

Time is fixed (the app's ``now``), so the time taken reads 0s on every run. Update after a
deliberate UI change: pytest tests/snapshots/test_review_sizes.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from preptui.ui.screens.review import ReviewScreen

from ..functional.test_review_answers import ANSWER
from ..functional.test_review_app import app_at
from .test_review_snapshots import until_screen

SIZES = [(120, 36), (80, 24)]

Snap = Callable[..., bool]


def answered(*after: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Review open, the answer typed in the box, then ``after`` (each key once the coach,
    which may run in a thread, is done)."""
    opened = until_screen(ReviewScreen)

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot)
        await pilot.press("tab")
        box = pilot.app.focused
        assert isinstance(box, TextArea)
        box.insert(ANSWER)  # as typed, in one go (a key at a time only costs test time)
        await pilot.pause()
        for key in ("escape", *after):
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_answer_typed(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    assert snap_compare(app, terminal_size=size, run_before=answered())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_answer_revealed(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    assert snap_compare(app, terminal_size=size, run_before=answered("space"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_mark_corrected(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    run = answered("space", "tab", "j", "j", "j", "c")
    assert snap_compare(app, terminal_size=size, run_before=run)
