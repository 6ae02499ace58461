"""The Today overview and the mock interview history in the app (Pilot), and the browser's due
markers following the clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable

from preptui.banks.discover import Origin, bank_files
from preptui.config import Config
from preptui.kinds import Difficulty, Grade, Kind
from preptui.mock.clock import FakeClock
from preptui.mock.session import QuestionResult
from preptui.practice import Practice
from preptui.srs.scheduler import Reviewer, Settings
from preptui.srs.status import Status
from preptui.store import Store
from preptui.times import iso
from preptui.ui.app import PrepApp
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.screens.help import HelpScreen
from preptui.ui.screens.history import HistoryScreen
from preptui.ui.screens.interview import InterviewScreen
from preptui.ui.screens.review import ReviewScreen
from preptui.ui.screens.scorecard import ScorecardScreen
from preptui.ui.screens.today import TodayScreen

from ..apphelpers import palette_titles, settled, until, visible_text, wait_for_banks
from ..conftest import SAMPLE_BANKS

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ALPHA, BETA = "alpha-engineer", "beta-analyst"
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)


class Now:
    """The wall clock the app reads; a test moves it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def app_at(db: Path, now: Now | None = None, *, new_per_day: int = 10, **kw: Any) -> PrepApp:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    return PrepApp(
        sources=sources,
        store_path=db,
        now=now or Now(NOW),
        config=Config(new_per_day=new_per_day),
        **kw,
    )


def seed(db: Path, role: str, qid: str, grades: list[tuple[int, datetime]]) -> None:
    """Ratings of one question, stored as the app stores them."""
    reviewer = Reviewer(Settings(fuzz=False))
    store = Store(db)
    card: dict[str, Any] | None = None
    for grade, when in grades:
        before = card
        card, _ = reviewer.rate(before or reviewer.new_card(role, qid, when), Grade(grade), when)
        store.save_review(role, qid, grade, iso(when), before, card, reviewer.scheduler_dict())
    store.close()


def seed_two_roles(db: Path) -> None:
    seed(db, ALPHA, "caching", [(4, NOW - 12 * DAY), (3, NOW - 3 * DAY)])  # review, not due
    seed(db, ALPHA, "outage", [(1, NOW - 2 * DAY)])  # relearning, due long ago
    seed(db, ALPHA, "consistency", [(3, NOW - MINUTE)])  # first seen today, learning
    seed(db, BETA, "joins", [(1, NOW - DAY)])  # due
    seed(db, BETA, "window-functions", [(3, NOW - 2 * DAY), (3, NOW - DAY)])


def cells(table: DataTable[Any], key: str) -> list[str]:
    return [c.plain if isinstance(c, Text) else str(c) for c in table.get_row(key)]


async def open_today(pilot: Pilot[None]) -> TodayScreen:
    await wait_for_banks(pilot)
    await pilot.press("T")
    await until(pilot, lambda: isinstance(pilot.app.screen, TodayScreen), "the Today screen")
    screen = pilot.app.screen
    assert isinstance(screen, TodayScreen)
    await settled(pilot)  # the figures are worked out in a thread
    return screen


# --------------------------------------------------------------------------- today


async def test_today_counts_agree_with_stats_and_the_browser(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    seed_two_roles(db)
    app = app_at(db, new_per_day=2)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_today(pilot)
        table = screen.table
        # role, due, learning, new today (2 a day, one already introduced today), total
        assert cells(table, ALPHA) == ["Alpha Engineer", "1", "1", "1", "5"]
        assert cells(table, BETA)[:2] == ["Beta Analyst", "1"]
        assert cells(table, BETA)[3:] == ["1", "3"]  # nothing new introduced today in beta
        for role in (ALPHA, BETA):
            loaded = app.practice.bank(role)
            assert loaded is not None
            stats = app.practice.role_stats(loaded)
            assert int(cells(table, role)[1]) == stats.due_now == app.browse.role_list.due(role)
        text = visible_text(app)
        assert "Streak 4 days · 1 review today · 2 due now, 2 new" in text
        assert "Today · Mon 03 Mar" in text


async def test_today_and_history_read_the_store_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over a long history the figures take tens of ms: read in a worker thread, on a
    connection of its own, while the screen says what it is doing."""
    db = tmp_path / "s.db"
    seed_two_roles(db)
    seed_mocks(db)
    app = app_at(db)
    readers: list[str] = []
    for name in ("today", "mock_history"):
        read = getattr(Practice, name)

        def spy(self: Practice, *args: Any, _read: Any = read, _name: str = name) -> Any:
            readers.append(f"{_name} in {threading.current_thread().name}")
            return _read(self, *args)

        monkeypatch.setattr(Practice, name, spy)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("T")
        await until(pilot, lambda: isinstance(app.screen, TodayScreen), "the Today screen")
        await settled(pilot)
        assert "Streak" in visible_text(app)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "history")
        await settled(pilot)
        assert "3 interviews, newest first" in visible_text(app)
    main = threading.main_thread().name
    assert readers and all(not r.endswith(f" in {main}") for r in readers), readers
    assert {r.split()[0] for r in readers} == {"today", "mock_history"}


async def test_today_is_one_key_and_a_palette_entry_and_enter_opens_the_role(
    tmp_path: Path,
) -> None:
    app = app_at(tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        titles = await palette_titles(app.browse)
        assert "Today" in titles and "Mock history" in titles
        screen = await open_today(pilot)
        assert cells(screen.table, ALPHA)[1:] == ["0", "0", "5", "5"]  # an empty store
        await pilot.press("j", "enter")
        await until(pilot, lambda: app.screen is app.browse, "back in the browser")
        assert app.browse.bank is not None and app.browse.bank.bank.role.id == BETA
        await pilot.press("T")
        await until(pilot, lambda: isinstance(app.screen, TodayScreen), "Today again")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        help_text = visible_text(app)
        assert "Review all due" in help_text and "Browse role" in help_text
        assert "History" in help_text


async def test_r_on_today_reviews_what_is_due(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    seed_two_roles(db)
    app = app_at(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_today(pilot)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "a review")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.review.role_ids == [ALPHA, BETA]
        assert "outage" in screen.review.session(ALPHA).queue  # due in the role shown
        assert "joins" in screen.review.session(BETA).queue  # and in the other one


async def test_today_follows_the_clock_and_new_ratings(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    seed_two_roles(db)
    now = Now(NOW)
    app = app_at(db, now)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_today(pilot)
        assert cells(screen.table, ALPHA)[1] == "1"
        seed(db, ALPHA, "conflict", [(3, NOW - 2 * MINUTE)])  # another preptui rated one
        now.moment = NOW + 2 * DAY  # and time passed: consistency is due too
        screen.refresh_figures()
        await settled(pilot)
        assert cells(screen.table, ALPHA)[1:] == ["3", "0", "1", "5"]
        loaded = app.practice.bank(ALPHA)
        assert loaded is not None and app.practice.role_stats(loaded).due_now == 3


# --------------------------------------------------------------------------- the browser


async def test_browser_due_markers_follow_the_clock(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    seed(db, ALPHA, "caching", [(3, NOW - MINUTE)])  # learning: due again in a few minutes
    now = Now(NOW)
    app = app_at(db, now, role=ALPHA)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        browse = app.browse

        def status() -> Status:
            return browse.statuses["caching"]

        assert status() is Status.LEARNING
        assert browse.role_list.due(ALPHA) == 0
        browse.progress_tick()  # nothing changed: nothing moves
        assert status() is Status.LEARNING
        now.moment = NOW + 30 * MINUTE
        browse.progress_tick()
        await pilot.pause()
        assert status() is Status.DUE
        assert browse.role_list.due(ALPHA) == 1
        await pilot.press("tab", "D")
        await pilot.pause()
        assert "1 of 5 · due" in visible_text(app)


# --------------------------------------------------------------------------- history


def result(qid: str, prompt: str, rating: int | None, notes: str = "") -> dict[str, Any]:
    return QuestionResult(
        question_id=qid,
        prompt=prompt,
        kind=Kind.TECHNICAL,
        difficulty=Difficulty.EASY,
        budget_seconds=300,
        used_seconds=100.0,
        rating=rating,
        covered_points=2,
        total_points=4,
        notes=notes,
    ).to_dict()


def seed_mocks(db: Path, older: int = 0) -> tuple[int, int, int]:
    """``older`` finished interviews, then a finished one, one ended early, one in progress."""
    store = Store(db)
    for n in range(older):
        mock_id = store.create_mock(ALPHA, "Alpha Engineer", 10, n, ["caching"])
        store.finish_mock(mock_id, complete=True, score=50.0, elapsed_seconds=60)
    done = store.create_mock(ALPHA, "Alpha Engineer", 10, 3, ["caching", "outage"])
    store.save_mock_result(done, result("caching", "cache?", 3, "Mentioned time to live"), 100)
    store.save_mock_result(done, result("outage", "outage?", 4), 200)
    store.finish_mock(done, complete=True, score=83.3, elapsed_seconds=200)
    early = store.create_mock(BETA, "Beta Analyst", 10, 4, ["joins", "stakeholder"])
    store.save_mock_result(early, result("joins", "joins?", 2), 100)
    store.finish_mock(early, complete=False, score=33.3, elapsed_seconds=100)
    going = store.create_mock(ALPHA, "Alpha Engineer", 10, 5, ["caching", "outage"])
    store.save_mock_result(going, result("caching", "cache?", 3), 95)
    store.close()
    return done, early, going


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    await wait_for_banks(pilot)
    await pilot.press("H")
    await until(pilot, lambda: isinstance(pilot.app.screen, HistoryScreen), "history")
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    await settled(pilot)  # the interviews are read in a thread
    return screen


async def test_history_lists_every_mock_newest_first_in_words(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    done, early, going = seed_mocks(db, older=205)
    app = app_at(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_history(pilot)
        table = screen.table
        assert table.row_count == 100  # a page at first; the rest as the cursor goes down
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause()
        assert table.row_count == 208  # more than the store's usual limit of 200
        assert "208 interviews, newest first · 1 in progress" in visible_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert [cells(table, str(i))[5] for i in (going, early, done)] == [
            "in progress",
            "ended early",
            "finished",
        ]
        assert cells(table, str(done))[1:5] == ["Alpha Engineer", "10 min", "03:20", "83%"]
        assert table.cursor_row == 0 and screen.mock_id == going  # the newest first
        assert cells(table, "1")[5] == "finished"  # the oldest is there too


async def test_enter_reopens_a_scorecard_and_resumes_an_unfinished_mock(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    *_, going = seed_mocks(db)
    app = app_at(db, clock=FakeClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await open_today(pilot)
        await pilot.press("h")  # history from Today
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "history")
        await settled(pilot)
        await pilot.press("j", "j", "enter")  # the finished one
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen), "the scorecard")
        text = visible_text(app)
        assert "Scorecard · Alpha Engineer · finished" in text
        assert "Mentioned time to live" in text
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "back to history")
        await pilot.press("k", "enter")  # ended early: a scorecard too
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen), "the scorecard")
        assert "Beta Analyst · ended early" in visible_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "back to history")
        await pilot.press("k", "enter")  # in progress: go on with it
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen), "the interview")
        assert app.mock_run is not None and app.mock_run.mock_id == going
        interview = app.screen
        assert isinstance(interview, InterviewScreen)
        assert [r.question_id for r in interview.session.results] == ["caching"]


async def test_a_mock_of_a_role_no_longer_loaded_gives_a_notice(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = Store(db)
    gone = store.create_mock("gone-role", "Gone Role", 10, 1, ["x"])
    store.finish_mock(gone, complete=True, score=None, elapsed_seconds=30)
    store.close()
    app = app_at(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_history(pilot)
        assert cells(screen.table, str(gone))[4:] == ["–", "finished"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        notes = [n.message for n in app._notifications]
        assert any("'Gone Role' (gone-role) is not loaded" in n for n in notes), notes


async def test_empty_history_says_how_to_start(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert not screen.table.display
        assert "No mock interviews yet: press m in the browser" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the browser")
