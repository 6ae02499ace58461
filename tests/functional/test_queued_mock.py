"""A mock interview started while the store refuses writes is kept in memory, said to be not
saved yet, and saved whole once writes work again; a queued rating never says "due again" as if
it were saved (issue 11, injected SQLITE_FULL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from preptui.banks.discover import Origin, bank_files
from preptui.config import Config
from preptui.mock.clock import FakeClock
from preptui.ui.app import PrepApp
from preptui.ui.requests import MockRequest
from preptui.ui.screens.interview import InterviewScreen

from ..apphelpers import until, wait_for_banks
from ..conftest import SAMPLE_BANKS
from .test_store_faults import ROLE, break_store, review_app, rows

STARTED = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def recorded(app: PrepApp) -> list[str]:
    notices: list[str] = []
    real_notify = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        notices.append(message)
        real_notify(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notices


async def test_a_mock_started_on_a_full_disk_is_saved_once_writes_work(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = PrepApp(
        sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)],
        store_path=db,
        mock=MockRequest(ROLE, minutes=10, seed=3),
        clock=FakeClock(),
        config=Config(),
        now=lambda: STARTED,
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        notices = recorded(app)
        conn = break_store(app.practice)
        conn.broken = True
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen), "interview")
        (said,) = [n for n in notices if n.startswith("Mock interview")]
        assert said.startswith("Mock interview not saved yet: the disk is full")
        assert "Kept in memory" in said
        run = app.mock_run
        assert run is not None and run.queued and run.mock_id is None
        await pilot.press("n", "space", "3", "n")  # the opening, then question 1 rated
        await pilot.pause()
        assert rows(db, "SELECT * FROM mocks") == []
        waiting = len(app.practice.pending)
        assert waiting >= 2  # the interview itself, then what was said in it
        conn.broken = False
        assert app.practice.retry_pending() == waiting
        assert run.mock_id is not None and not run.queued
        await pilot.press("space", "2", "n")  # question 2: straight to the store
        await pilot.pause()
        assert len(app.practice.pending) == 0
    (mock,) = rows(db, "SELECT id, role_id, started_at FROM mocks")
    # It began when it was started, not when the queue could write it.
    assert tuple(mock) == (run.mock_id, ROLE, "2025-03-03T09:00:00+00:00")
    ratings = rows(db, f"SELECT rating FROM mock_results WHERE mock_id = {run.mock_id}")
    assert sorted(r["rating"] for r in ratings) == [2, 3]


async def test_a_queued_rating_says_it_is_not_saved_never_just_due_again(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.pause()
        notices = recorded(app)
        await pilot.press("space", "3")
        await pilot.pause()
        assert notices[-1].startswith("Good: due again in ") and notices[-1].endswith(".")
        break_store(app.practice).broken = True
        await pilot.press("space", "3")
        await pilot.pause()
        (said,) = notices[1:]
        assert said.startswith("Good: due again in ") and " once saved. " in said
        assert "Rating not saved yet: the disk is full" in said
