"""A store that stops taking writes mid-session (disk full, read-only): the app says so on every
screen, never reports a rating or a note as saved, keeps them in memory and writes them, in
order, once the store takes writes again (issue 11)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from preptui.banks.discover import Origin, bank_files
from preptui.config import Config
from preptui.practice import Practice, PracticeError, Queued
from preptui.store import Store
from preptui.ui.app import PrepApp
from preptui.ui.requests import ReviewRequest
from preptui.ui.screens.review import ReviewScreen
from preptui.ui.widgets.store_banner import StoreBanner

from ..apphelpers import until, wait_for_banks
from ..conftest import SAMPLE_BANKS

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ROLE = "alpha-engineer"
FULL = "database or disk is full"


def disk_full() -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(FULL)
    exc.sqlite_errorname = "SQLITE_FULL"
    return exc


class Breakable:
    """A connection whose COMMITs fail with SQLITE_FULL while ``broken`` (the disk is full)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.broken = False
        self.refused = 0

    def execute(self, sql: str, *args: Any) -> Any:
        if self.broken and sql.strip().upper() == "COMMIT":
            self.refused += 1
            raise disk_full()
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def break_store(practice: Practice) -> Breakable:
    store = practice.store
    assert store is not None
    conn = Breakable(store._conn)
    store._conn = conn  # type: ignore[assignment]
    return conn


def rows(db: Path, sql: str) -> list[sqlite3.Row]:
    store = Store(db)
    try:
        return store.read(sql)
    finally:
        store.close()


def banner(app: PrepApp) -> str | None:
    found = list(app.screen.query(StoreBanner))
    return str(found[0].render()) if found else None


def review_app(db: Path) -> PrepApp:
    return PrepApp(
        sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)],
        store_path=db,
        now=lambda: NOW,
        review=ReviewRequest(ROLE),
        config=Config(),
    )


async def test_ratings_refused_by_a_full_disk_are_queued_shown_and_saved_later(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    app = review_app(db)
    notices: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review screen")
        real_notify = app.notify

        def notify(message: str, *args: Any, **kwargs: Any) -> None:
            notices.append(message)
            real_notify(message, *args, **kwargs)

        app.notify = notify  # type: ignore[method-assign]
        conn = break_store(app.practice)
        conn.broken = True
        await pilot.press("space", "3")
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        # The second rating first retried the first (refused again), then waited behind it.
        assert conn.refused == 2
        assert len(app.practice.pending) == 2
        failed = [n for n in notices if "Rating not saved yet" in n]
        assert failed and "the disk is full" in failed[0] and FULL in failed[0]
        assert not [n for n in notices if "Saved" in n]
        text = banner(app)
        assert text is not None and "Progress is not being saved: the disk is full" in text
        assert "2 ratings" in text
        assert rows(db, "SELECT * FROM review_log") == []
        # Another screen shows it too (the banner follows the screen on show).
        app.push_screen(_Plain())
        await until(pilot, lambda: banner(app) is not None, "banner on the pushed screen")
        app.pop_screen()
        await pilot.pause()
        # Space again: the timer's retry (called here, as tests never wait for time) saves both.
        conn.broken = False
        assert app.practice.retry_pending() == 2
        await until(pilot, lambda: banner(app) is None, "banner gone")
        assert "Saved 2 queued changes." in notices
    logged = rows(db, "SELECT question_id, grade FROM review_log ORDER BY id")
    assert [(r["question_id"], r["grade"]) for r in logged] == [
        ("caching", 3),
        ("markup-injection", 4),
    ]
    assert app.practice.unsaved is None


async def test_undo_of_a_queued_rating_forgets_it(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = review_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review screen")
        conn = break_store(app.practice)
        conn.broken = True
        await pilot.press("space", "3")
        await pilot.pause()
        assert len(app.practice.pending) == 1
        await pilot.press("u")
        await pilot.pause()
        assert len(app.practice.pending) == 0
        conn.broken = False
    assert rows(db, "SELECT * FROM review_log") == []


def test_what_still_cannot_be_written_on_quit_is_named(tmp_path: Path) -> None:
    practice = Practice(Config(), store_path=tmp_path / "s.db")
    practice.open_store()
    conn = break_store(practice)
    conn.broken = True
    for text in ("first", "second"):
        try:
            practice.save_note(ROLE, "caching", text)
        except Queued as exc:
            assert str(exc).startswith("Note not saved yet: the disk is full")
    assert len(practice.pending) == 1  # the later note of a question replaces the earlier
    practice.close()
    assert practice.unsaved is not None
    assert practice.unsaved.startswith("1 note could not be saved: the disk is full")


def test_a_write_that_is_not_queued_still_says_not_saved(tmp_path: Path) -> None:
    practice = Practice(Config(), store_path=tmp_path / "s.db")
    practice.open_store()
    conn = break_store(practice)
    conn.broken = True
    try:
        practice.toggle_bookmark(ROLE, "caching")
    except PracticeError as exc:
        assert not isinstance(exc, Queued)
        assert "Bookmark not saved: the disk is full" in str(exc)
    else:
        raise AssertionError("a refused bookmark was reported as done")
    assert practice.saving_problem() is not None
    conn.broken = False
    assert practice.toggle_bookmark(ROLE, "caching") is True
    assert practice.saving_problem() is None
    practice.close()


class _Plain(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("another screen")
