"""The real app on a real full disk (a small tmpfs; CI runs as root): ratings and a mock
interview made while nothing can be written are never said to be saved, wait in memory, and are
all in the store once space is freed (issue 11)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from preptui.banks.discover import Origin, bank_files
from preptui.config import Config
from preptui.mock.clock import FakeClock
from preptui.ui.app import PrepApp
from preptui.ui.requests import ReviewRequest
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.screens.interview import InterviewScreen
from preptui.ui.screens.mock_preview import MockPreviewScreen
from preptui.ui.screens.review import ReviewScreen
from preptui.ui.widgets.store_banner import StoreBanner

from ..apphelpers import until, wait_for_banks
from ..conftest import SAMPLE_BANKS
from .test_faults import _fill, small_filesystem

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ROLE = "alpha-engineer"


def stored(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def banner(app: PrepApp) -> str:
    found = list(app.screen.query(StoreBanner))
    return str(found[0].render()) if found else ""


async def test_ratings_and_a_mock_on_a_full_disk_are_all_saved_once_space_is_freed(
    tmp_path: Path,
) -> None:
    with small_filesystem(tmp_path / "mnt") as mnt:
        db = mnt / "data" / "preptui.sqlite3"
        db.parent.mkdir()
        app = PrepApp(
            sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)],
            store_path=db,
            now=lambda: NOW,
            review=ReviewRequest(ROLE),
            config=Config(),
            clock=FakeClock(),
        )
        notices: list[str] = []
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for_banks(pilot)
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review screen")
            real_notify = app.notify

            def notify(message: str, *args: Any, **kwargs: Any) -> None:
                notices.append(message)
                real_notify(message, *args, **kwargs)

            app.notify = notify  # type: ignore[method-assign]
            rated: list[str] = []

            async def rate(grade: str) -> None:
                screen = app.screen
                assert isinstance(screen, ReviewScreen)
                current = screen.review.current
                assert current is not None
                rated.append(current[1])  # (role, question)
                await pilot.press("space", grade)
                await pilot.pause()

            await rate("3")  # with room on the disk: saved, and said so
            assert notices[-1].startswith("Good: due again in ") and notices[-1].endswith(".")
            assert "saved" not in notices[-1]
            filler = _fill(mnt)
            await rate("2")
            await rate("4")
            # Each rating made on the full disk says it is not saved, and why; none says
            # "due again" as if it were.
            full = notices[1:]
            assert len(full) == 2 and all("not saved yet" in n for n in full), full
            assert all("once saved" in n and "full" in n for n in full), full
            assert len(app.practice.pending) == 2
            assert "Progress is not being saved" in banner(app) and "2 ratings" in banner(app)

            # Leave the review, start a mock interview while the disk is still full.
            await pilot.press("q")
            await pilot.pause()
            await pilot.press("q")  # the summary, back to the browser
            await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browser")
            await pilot.press("m")
            await until(pilot, lambda: isinstance(app.screen, MockPreviewScreen), "preview")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, InterviewScreen), "interview")
            assert any("Mock interview not saved yet" in n for n in notices), notices
            assert app.mock_run is not None and app.mock_run.queued
            await pilot.press("n", "space", "3", "n")  # the opening, then question 1 rated
            await pilot.pause()
            assert not any(n.startswith("Saved") for n in notices)

            filler.unlink()  # space again: the next retry (every 30 s, here now) writes it all
            written = app.practice.retry_pending()
            await pilot.pause()
            assert written >= 4 and len(app.practice.pending) == 0
            assert any(n.startswith(f"Saved {written} queued changes") for n in notices)
            assert banner(app) == ""
            assert app.mock_run is not None and app.mock_run.mock_id is not None
            mock_id = app.mock_run.mock_id
            await pilot.press("space", "2", "n")  # question 2, written straight away
            await pilot.pause()
            assert len(app.practice.pending) == 0
        logged = stored(db, "SELECT question_id, grade FROM review_log ORDER BY id")
        assert logged == list(zip(rated, [3, 2, 4], strict=True))
        assert stored(db, "SELECT id, role_id FROM mocks") == [(mock_id, ROLE)]
        ratings = stored(db, f"SELECT rating FROM mock_results WHERE mock_id = {mock_id}")
        assert sorted(r for (r,) in ratings) == [2, 3]
