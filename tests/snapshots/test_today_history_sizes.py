"""Snapshots of the Today overview and the mock interview history at 120×36 and 80×24.

Time is fixed (the app's ``now``, and the interviews' start times are set in the store), so
every run draws the same screen. Update after a deliberate UI change:
pytest tests/snapshots/test_today_history_sizes.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from preptui.store import Store
from preptui.times import iso
from preptui.ui.screens.history import HistoryScreen
from preptui.ui.screens.today import TodayScreen

from ..functional.test_today_history import DAY, NOW, app_at, seed_mocks, seed_two_roles
from .test_review_snapshots import until_screen

SIZES = [(120, 36), (80, 24)]

Snap = Callable[..., bool]


def _history_store(db: Path) -> None:
    seed_mocks(db, older=2)
    store = Store(db)
    with store.write() as conn:
        for mock_id in range(1, 6):
            started = iso(NOW - (6 - mock_id) * DAY)
            conn.execute("UPDATE mocks SET started_at = ? WHERE id = ?", (started, mock_id))
    store.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_today(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    seed_two_roles(db)
    app = app_at(db, new_per_day=2)
    assert snap_compare(app, terminal_size=size, run_before=until_screen(TodayScreen, "T"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _history_store(db)
    app = app_at(db)
    assert snap_compare(app, terminal_size=size, run_before=until_screen(HistoryScreen, "H"))
