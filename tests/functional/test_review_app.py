"""Review mode, stats and settings in the app (Pilot), ``preptui stats`` and ``preptui review``
as programs, and the store under a crash and under two writers."""

from __future__ import annotations

import os
import select
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import fsrs
import pytest
from fsrs.card import CardDict
from textual.pilot import Pilot
from textual.widgets import Input, Select

from preptui import cli, cli_progress
from preptui.banks.discover import Origin, bank_files
from preptui.config import Config, config_path, load
from preptui.kinds import Grade
from preptui.records import ReviewRecord
from preptui.srs.scheduler import Reviewer, Settings, card_due
from preptui.srs.status import Status
from preptui.store import Store
from preptui.text import fmt_interval
from preptui.times import iso
from preptui.ui.app import PrepApp
from preptui.ui.requests import ReviewRequest
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.screens.review import ReviewScreen
from preptui.ui.screens.review_summary import ReviewSummaryScreen
from preptui.ui.screens.settings import SettingsScreen
from preptui.ui.screens.stats import StatsScreen
from preptui.ui.widgets.grade_bar import GradeBar
from preptui.ui.widgets.question_list import QuestionList
from preptui.ui.widgets.role_list import RoleList

from ..apphelpers import palette_titles, until, visible_text, wait_for_banks
from ..conftest import DATA, REPO, SAMPLE_BANKS
from ..ptyrun import PtyApp

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ROLE = "alpha-engineer"
GOLDEN = DATA / "stats" / "alpha-engineer.txt"


def app_at(
    db: Path | None,
    *,
    now: datetime = NOW,
    review: bool = False,
    config: Config | None = None,
    role: str | None = None,
) -> PrepApp:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    return PrepApp(
        sources=sources,
        store_path=db,
        now=lambda: now,
        review=ReviewRequest(role or ROLE) if review else None,
        config=config if config is not None else Config(),
        role=role,
    )


def fuzzed(due: datetime, nominal: datetime) -> bool:
    """``due`` is ``nominal`` give or take FSRS's fuzz (a few percent, plus rounding)."""
    return abs(due - nominal) <= (nominal - NOW) * 0.2 + timedelta(days=2)


async def on_review(pilot: Pilot[Any]) -> ReviewScreen:
    await wait_for_banks(pilot)
    await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), "review screen")
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def current(screen: ReviewScreen) -> str | None:
    """The question id on show (the review keys cards by role and question)."""
    key = screen.review.current
    return None if key is None else key[1]


def queued(screen: ReviewScreen) -> list[str]:
    return [qid for _, qid in screen.review.queue]


def log_rows(db: Path) -> list[ReviewRecord]:
    store = Store(db)
    try:
        return store.review_log(ROLE)
    finally:
        store.close()


def stored_cards(db: Path) -> dict[str, dict[str, Any]]:
    store = Store(db)
    try:
        return store.cards(ROLE)
    finally:
        store.close()


def seed_card(db: Path, qid: str, grades: list[tuple[int, datetime]]) -> dict[str, Any]:
    """Store a history of ratings of one question, as the app would have."""
    reviewer = Reviewer(Settings(fuzz=False))
    store = Store(db)
    card: dict[str, Any] | None = None
    for grade, when in grades:
        before = card
        card, _ = reviewer.rate(before or reviewer.new_card(ROLE, qid, when), Grade(grade), when)
        store.save_review(
            ROLE, qid, grade, iso(when), before, card, reviewer.scheduler_dict(), 1000
        )
    store.close()
    assert card is not None
    return card


# --------------------------------------------------------------------------- rating


async def test_ratings_move_due_dates_as_fsrs_says(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        assert current(screen) == "caching"
        assert "When would you add a cache" in visible_text(app)
        assert not app.screen.query_one(GradeBar).display
        await pilot.press("3")  # not revealed yet: no rating
        await pilot.pause()
        assert log_rows(db) == []
        await pilot.press("space")
        bar = app.screen.query_one(GradeBar)
        preview = Reviewer().preview(Reviewer().new_card(ROLE, "caching", NOW), NOW)
        assert bar.display
        for grade in Grade:
            assert bar.label(grade) == f"{grade} {grade.label} · {fmt_interval(preview[grade])}"
        assert bar.label(Grade.GOOD) == "3 Good · 10m"
        await pilot.press("3")
        await pilot.pause()
        (row,) = log_rows(db)
        assert (row.question_id, row.grade, row.reviewed_at) == (
            "caching",
            3,
            "2025-03-03T09:00:00+00:00",
        )
        card = stored_cards(db)["caching"]
        assert card_due(card) == NOW + timedelta(minutes=10)
        assert card["state"] == fsrs.State.Learning
        assert current(screen) == "markup-injection"
        await pilot.press("space", "4")
        await pilot.pause()
        easy = stored_cards(db)["markup-injection"]
        expected, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
            fsrs.Card(), fsrs.Rating.Easy, NOW
        )
        assert easy["state"] == fsrs.State.Review
        assert easy["stability"] == pytest.approx(expected.stability)
        assert fuzzed(card_due(easy), expected.due)
    store = Store(db)
    first = store.review_log(ROLE)[0]
    assert (store.review_scheduler(first.id) or {}).get("desired_retention") == 0.9


async def test_a_due_review_card_is_rescheduled_from_its_history(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    start = NOW - timedelta(days=30)
    old = seed_card(db, "outage", [(3, start), (3, start + timedelta(minutes=10))])
    assert card_due(old) < NOW
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        assert current(screen) == "outage"  # due cards come before new ones
        assert "● due" in visible_text(app)
        await pilot.press("space", "3")
        await pilot.pause()
    card = stored_cards(db)["outage"]
    after, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card.from_dict(cast(CardDict, old)),
        fsrs.Rating.Good,
        NOW,
    )
    assert card["stability"] == pytest.approx(after.stability)
    assert card["difficulty"] == pytest.approx(after.difficulty)
    assert fuzzed(card_due(card), after.due)
    assert log_rows(db)[-1].grade == 3


async def test_ratings_persist_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await on_review(pilot)
        await pilot.press("space", "4")  # Easy: days away
        await pilot.pause()
    again = app_at(db, review=True)
    async with again.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        assert "caching" not in queued(screen)  # not due again today
        assert current(screen) == "markup-injection"
        assert screen.review.status((ROLE, "caching"), NOW) is Status.REVIEW
        await pilot.press("q")
        await until(pilot, lambda: isinstance(again.screen, ReviewSummaryScreen), "summary")
        await pilot.press("q")
        await until(pilot, lambda: isinstance(again.screen, BrowseScreen), "browser")
        assert again.browse.statuses["caching"] is Status.REVIEW
        assert again.browse.statuses["outage"] is Status.NEW
        store = Store(db)
        assert store.new_cards_since(ROLE, iso(NOW - timedelta(hours=9))) == 1


async def test_undo_takes_the_rating_back_from_the_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    start = NOW - timedelta(days=30)
    old = seed_card(db, "outage", [(4, start)])
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("space", "1")  # outage: Again, back for relearning
        await pilot.press("space", "3")  # caching: new card, Good
        await pilot.pause()
        assert len(log_rows(db)) == 3  # the seeded rating and these two
        await pilot.press("u")
        await pilot.pause()
        assert current(screen) == "caching" and not screen.revealed
        assert "caching" not in stored_cards(db)  # a first sight undone: no card
        await pilot.press("u")
        await pilot.pause()
        assert current(screen) == "outage"
        assert stored_cards(db)["outage"] == old
        assert [r.question_id for r in log_rows(db)] == ["outage"]
        await pilot.press("u")  # nothing left to undo
        await pilot.press("space", "2")
        await pilot.pause()
        assert [r.grade for r in log_rows(db)] == [4, 2]


async def test_session_summary_and_nothing_due(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = app_at(db, review=True, config=Config(new_per_day=2))
    async with app.run_test(size=(120, 36)) as pilot:
        await on_review(pilot)
        await pilot.press("space", "1", "space", "4")
        await pilot.pause()
        # the Again card is back (learning step within the session); end the session now
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ReviewSummaryScreen), "summary")
        text = visible_text(app)
        assert "Session done · Alpha Engineer" in text
        assert "Reviewed    2 cards" in text and "Again       1" in text
        assert "Next due    in 1m (Mon 03 Mar 09:01)" in text
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browser")
        await pilot.press("r")  # the two new ones of today are done: only the Again card
        screen = await on_review(pilot)
        assert queued(screen) == ["caching"]
    nothing = app_at(tmp_path / "empty.db", review=True, config=Config(new_per_day=0))
    async with nothing.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: isinstance(nothing.screen, ReviewSummaryScreen), "summary")
        text = visible_text(nothing)
        assert "Nothing due · Alpha Engineer" in text
        assert "Next due    no reviewed cards yet" in text
        assert "New per day 0" in text


async def test_notes_box_takes_keys_and_escape_leaves_it(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("tab", *"use 3 layers", "space")
        assert screen.query_one("#review-notes").has_focus
        assert not screen.revealed  # space and 3 went into the notes
        await pilot.press("escape", "space")
        assert screen.revealed and log_rows(tmp_path / "s.db") == []


# --------------------------------------------------------------------------- browser


async def test_browser_shows_status_due_filter_and_due_counts(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    start = NOW - timedelta(days=30)
    seed_card(db, "outage", [(4, start)])  # due long ago
    seed_card(db, "caching", [(4, NOW - timedelta(hours=1))])  # not due for days
    seed_card(db, "gone-from-bank", [(1, start)])  # an orphan: never counted
    app = app_at(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: app.browse.bank is not None, "role shown")
        roles = app.screen.query_one(RoleList)
        assert "1 due" in str(roles.get_option_at_index(0).prompt)
        assert "due" not in str(roles.get_option_at_index(1).prompt)
        assert app.browse.statuses["outage"] is Status.DUE
        assert app.browse.statuses["caching"] is Status.REVIEW
        questions = app.screen.query_one(QuestionList)
        assert str(questions.get_option_at_index(0).prompt).startswith("● When would")
        assert str(questions.get_option_at_index(2).prompt).startswith("○ ")
        await pilot.press("D")
        assert str(app.screen.query_one("#filter").render()) == "1 of 5 · due"
        await pilot.press("f")
        assert str(app.screen.query_one("#filter").render()) == "0 of 5 · bookmarked · due"
        await pilot.press("escape")
        assert str(app.screen.query_one("#filter").render()) == "5 of 5"
        # review the due card from the browser: the count goes away afterwards
        await pilot.press("r")
        screen = await on_review(pilot)
        assert current(screen) == "outage"
        await pilot.press("space", "3", "q")
        await until(pilot, lambda: isinstance(app.screen, ReviewSummaryScreen), "summary")
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browser")
        assert "due" not in str(roles.get_option_at_index(0).prompt)
        assert app.browse.statuses["outage"] in (Status.REVIEW, Status.MASTERED)


async def test_browser_keys_are_in_help_and_palette(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        titles = await palette_titles(app.screen)
        for title in ("Review", "Stats", "Due", "Settings"):
            assert title in titles
        await pilot.press("question_mark")
        await pilot.pause()
        text = visible_text(app)
        for row in ("r ", "s ", "D ", ", "):
            assert f"\n{row}" in text, row


async def test_stats_screen_shows_figures_and_plots(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    start = NOW - timedelta(days=10)
    seed_card(db, "outage", [(3, start), (3, start + timedelta(minutes=10))])
    seed_card(db, "gone-from-bank", [(1, start)])
    app = app_at(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen), "stats")
        await pilot.pause()
        text = visible_text(app)
        assert "Stats · Alpha Engineer" in text
        assert "Questions  5 · seen 1 · mastered 0" in text
        assert "Orphaned   1 card of questions no longer in the bank" in text
        assert "gone-from-bank (orphaned)" in text
        assert app.screen.query("#reviews-plot")
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


# --------------------------------------------------------------------------- settings


async def test_settings_screen_saves_config_and_applies_theme(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("comma")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings")
        screen = app.screen
        screen.query_one("#retention", Input).value = "1.5"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SettingsScreen)
        assert "Desired retention must be a number from 0.7 to 0.99" in visible_text(app)
        screen.query_one("#retention", Input).value = "0.85"
        screen.query_one("#new-per-day", Input).value = "4"
        screen.query_one("#theme", Select).value = "nord"
        screen.query_one("#default-role", Select).value = "beta-analyst"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browser")
        wanted = Config(
            new_per_day=4, desired_retention=0.85, theme="nord", default_role="beta-analyst"
        )
        assert app.config == wanted and app.theme == "nord"
        assert load().config == wanted and config_path().exists()
        await pilot.press("comma")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings")
        await pilot.press("escape")  # cancel: nothing changes
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browser")
        assert app.config == wanted
    # the next start reads the file: theme and default role
    again = PrepApp(sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)])
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: again.browse.bank is not None, "role shown")
        assert again.theme == "nord"
        assert again.browse.bank is not None and again.browse.bank.bank.role.id == "beta-analyst"


async def test_invalid_config_is_reported_once_and_defaults_used() -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text("new_per_day = -3\ntheme = 'no-such-theme'\n", encoding="utf-8")
    app = PrepApp(sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        notes = [n.message for n in app._notifications]
        assert any(n.startswith(f"{path}:1: new_per_day must be") for n in notes), notes
        assert any("Unknown theme 'no-such-theme'" in n for n in notes), notes
        assert app.config.new_per_day == 10 and app.theme == "textual-dark"


# --------------------------------------------------------------------------- the store


async def test_corrupt_database_is_moved_aside_with_a_notice(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(b"not a database at all\n" * 200)
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await on_review(pilot)
        notes = [n.message for n in app._notifications]
        assert any("was not a usable database" in n and "moved it to" in n for n in notes)
        await pilot.press("space", "3")
        await pilot.pause()
    assert len(log_rows(db)) == 1
    assert len(list(tmp_path.glob("s.db.corrupt-*"))) == 1


def test_two_instances_interleave_ratings(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first, second = Store(db), Store(db)
    reviewer = Reviewer(Settings(fuzz=False))
    cards: dict[str, dict[str, Any]] = {}
    ids = []
    for step in range(20):
        store = first if step % 2 == 0 else second
        qid = ("caching", "outage", "conflict")[step % 3]
        when = NOW + timedelta(minutes=step)
        before = cards.get(qid)
        after, _ = reviewer.rate(before or reviewer.new_card(ROLE, qid, when), Grade.GOOD, when)
        ids.append(
            store.save_review(
                ROLE, qid, 3, iso(when), before, after, reviewer.scheduler_dict()
            ).log_id
        )
        cards[qid] = after
    assert len(set(ids)) == 20
    for store in (first, second):
        assert store.cards(ROLE) == cards
        assert len(store.review_log(ROLE)) == 20
        assert store.new_cards_since(ROLE, iso(NOW)) == 3
    # the other instance can undo the latest rating of a question
    assert second.undo_review(ids[-1]) == (ROLE, "outage")  # step 19 rated outage
    assert first.cards(ROLE)["outage"] != cards["outage"]
    first.close()
    second.close()


def _review_rows(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0
    finally:
        conn.close()


def _wait_rows(app: PtyApp, db: Path, count: int, timeout: float = 30.0) -> None:
    """Read the program's output until the store holds ``count`` ratings (bounded)."""
    end = time.monotonic() + timeout
    while _review_rows(db) < count:
        if time.monotonic() > end:
            raise AssertionError(f"{count} ratings never reached the store: {app.text()[-600:]!r}")
        ready, _, _ = select.select([app.fd], [], [], 0.05)
        if ready:
            try:
                app.output += os.read(app.fd, 65536)
            except OSError:
                break


def test_kill_9_mid_review_loses_no_committed_rating(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = dict(
        os.environ,
        PREPTUI_DATA_DIR=str(data),
        PREPTUI_CONFIG_DIR=str(tmp_path / "config"),
        TERM="xterm-256color",
    )
    app = PtyApp(["review", ROLE, "--banks", str(SAMPLE_BANKS)], env, size=(100, 30))
    try:
        app.wait_for("q End")
        app.wait_for("space to reveal")
        app.send(" ")
        app.wait_for("Good · 10m")
        app.send("3")
        _wait_rows(app, data / "preptui.sqlite3", 1)
        app.send(" ")
        app.wait_for("Again · 1m")
        app.send("4")
        _wait_rows(app, data / "preptui.sqlite3", 2)
    finally:
        app.kill()  # SIGKILL: no clean shutdown
    store = Store(data / "preptui.sqlite3")
    assert not store.notices
    rows = store.review_log(ROLE)
    assert [(r.question_id, r.grade) for r in rows] == [
        ("caching", 3),
        ("markup-injection", 4),
    ]
    assert set(store.cards(ROLE)) == {"caching", "markup-injection"}


# --------------------------------------------------------------------------- the shell


def _golden_store() -> None:
    """The store ``preptui stats`` reads, built with fixed dates."""
    db = Path(os.environ["PREPTUI_DATA_DIR"]) / "preptui.sqlite3"
    day = timedelta(days=1)
    seed_card(db, "caching", [(4, NOW - 12 * day), (3, NOW - 3 * day), (3, NOW - 1 * day)])
    seed_card(db, "outage", [(1, NOW - 2 * day), (3, NOW - 2 * day + timedelta(minutes=10))])
    seed_card(db, "consistency", [(2, NOW - 1 * day), (1, NOW - timedelta(hours=2))])
    seed_card(db, "renamed-away", [(3, NOW - 5 * day)])
    store = Store(db)
    for number, (score, days) in enumerate(((55.0, 20), (70.0, 9), (85.5, 1)), 1):
        mock_id = store.create_mock(ROLE, "Alpha Engineer", 45, number, ["caching"])
        store.finish_mock(mock_id, complete=True, score=score, elapsed_seconds=600)
        with store.write() as conn:
            conn.execute(
                "UPDATE mocks SET started_at = ? WHERE id = ?", (iso(NOW - days * day), mock_id)
            )
    store.close()


def test_stats_text_golden(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _golden_store()
    monkeypatch.setattr(cli_progress, "_clock", lambda: NOW)
    assert cli.main(["stats", ROLE, "--banks", str(SAMPLE_BANKS)]) == 0
    out = capsys.readouterr().out
    if os.environ.get("PREPTUI_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_stats_without_role_and_with_unknown_role(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_progress, "_clock", lambda: NOW)
    assert cli.main(["stats", "--banks", str(SAMPLE_BANKS)]) == 0
    assert "No reviews yet. Start with: preptui review ROLE" in capsys.readouterr().out
    _golden_store()
    assert cli.main(["stats", "--banks", str(SAMPLE_BANKS)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Alpha Engineer (alpha-engineer)") and "Beta" not in out
    assert cli.main(["stats", "nope", "--banks", str(SAMPLE_BANKS)]) == 1
    assert "no role 'nope'" in capsys.readouterr().err


def test_review_refuses_without_a_terminal_and_unknown_role() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "preptui", "review", ROLE],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert proc.returncode == 1 and "needs an interactive terminal" in proc.stderr
    assert "Traceback" not in proc.stderr


async def test_review_without_a_role_uses_the_default_role(tmp_path: Path) -> None:
    app = PrepApp(
        sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)],
        store_path=tmp_path / "s.db",
        now=lambda: NOW,
        review=ReviewRequest(None),
        config=Config(default_role="beta-analyst"),
    )
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        assert screen.review.role_ids == ["beta-analyst"]
        assert "Review · Beta Analyst" in visible_text(app)


async def test_grade_buttons_can_be_clicked(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("space")
        await pilot.click("#grade-2")
        await pilot.pause()
        assert [(r.question_id, r.grade) for r in log_rows(db)] == [("caching", 2)]
        assert current(screen) == "markup-injection"
        assert app.focused is None  # the buttons never take the keys away


async def test_a_theme_picked_outside_the_settings_screen_is_saved(tmp_path: Path) -> None:
    from preptui.config import load

    app = app_at(tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        app.theme = "nord"  # what the palette's Theme command does
        await pilot.pause()
        await pilot.pause()
    assert load().config.theme == "nord"
