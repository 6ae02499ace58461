"""The mock interview as a person sits it: preview → interview → scorecard, with a fake clock."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Footer, Markdown

from preptui.banks.discover import Origin, bank_files
from preptui.config import Config
from preptui.mock.clock import FakeClock
from preptui.mock.interviewer import OPENING_PROMPT, closing_questions, follow_up
from preptui.store import Store
from preptui.ui.app import PrepApp
from preptui.ui.requests import MockRequest
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.screens.help import HelpScreen
from preptui.ui.screens.interview import InterviewScreen
from preptui.ui.screens.mock_preview import MockPreviewScreen
from preptui.ui.screens.scorecard import ScorecardScreen
from preptui.ui.widgets.countdown import CountdownDisplay
from preptui.ui.widgets.coverage_view import CoverageView

from ..apphelpers import palette_titles, type_answer, visible_text, wait_for_banks
from ..conftest import REPO, SAMPLE_BANKS
from ..ptyrun import PtyApp


def mock_app(
    tmp_path: Path,
    clock: FakeClock,
    *,
    minutes: int = 10,
    resume: bool = False,
    config: Config | None = None,
) -> PrepApp:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    return PrepApp(
        sources=sources,
        store_path=tmp_path / "store.db",
        mock=MockRequest("alpha-engineer", minutes=minutes, seed=3, resume=resume),
        clock=clock,
        config=config or Config(),
    )


def footer_text(app: PrepApp) -> str:
    """The Footer's keys and group labels that are drawn whole on screen, left to right."""
    footer = app.screen.query_one(Footer)
    width = app.screen.size.width
    shown = [
        w
        for w in footer.query("FooterKey, FooterLabel")
        if w.region.width > 0 and w.region.right <= width
    ]
    shown.sort(key=lambda w: w.region.x)
    return " ".join(str(w.render()).strip() for w in shown)


async def start_interview(pilot: Pilot[None]) -> InterviewScreen:
    """From app start to the interview screen: wait for the banks, enter on the agenda."""
    await wait_for_banks(pilot)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


def clocks(app: PrepApp) -> tuple[CountdownDisplay, CountdownDisplay]:
    screen = app.screen
    return (
        screen.query_one("#overall", CountdownDisplay),
        screen.query_one("#segment", CountdownDisplay),
    )


CACHING_ANSWER = (
    "Add a cache when the same expensive read repeats often and slightly stale data is "
    "acceptable to the people reading it."
)


async def test_a_whole_mock_with_follow_ups_to_scorecard_and_history(tmp_path: Path) -> None:
    clock = FakeClock()
    app = mock_app(tmp_path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.pause()
        assert isinstance(app.screen, MockPreviewScreen)
        agenda = app.screen.agenda
        assert agenda.total_seconds == 600
        questions = len(agenda.questions)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)

        # The opening: a prompt, notes, a guide on space, a rating kept outside the score.
        assert OPENING_PROMPT in visible_text(app)
        await pilot.press("tab", *"I build alpha systems", "escape", "space", "3")
        await pilot.pause()
        assert "What a strong opening covers" in visible_text(app)
        clock.advance(30)
        await pilot.press("n")
        await pilot.pause()

        # Question 1 (caching): typed, revealed, marked by the coach, followed up, corrected.
        assert f"Question 1 of {questions}" in visible_text(app)
        await type_answer(pilot, CACHING_ANSWER)
        assert not screen.query(Markdown)
        await pilot.press("space")
        await pilot.pause()
        assert screen.query(Markdown)
        caching = agenda.questions[0].question
        assert caching is not None and caching.id == "caching"
        asked = follow_up(caching, agenda.seed)
        assert asked and asked in visible_text(app)
        assert screen.session.covered_points >= {0, 1}  # the coach's marks, from the answer
        await pilot.press("tab", *"a lock per key", "escape")  # tab answers the follow-up
        await pilot.press("tab")  # then tab reaches the marks
        view = screen.query_one(CoverageView)
        assert view.has_focus
        await pilot.press("c", "escape")  # covered → partly: a correction, one key
        assert 0 in screen.session.partial_points
        await pilot.press("3")
        clock.advance(45)
        await pilot.press("n")

        # The other questions: answered aloud, points marked by hand, rated.
        for number in range(2, questions + 1):
            await pilot.pause()
            assert f"Question {number} of {questions}" in visible_text(app)
            await pilot.press("space", "tab", "c", "escape", str(1 + number % 4))
            assert screen.session.covered_points == {0}
            clock.advance(45)
            await pilot.press("n")
        await pilot.pause()

        # The closing: questions to ask them, and notes.
        assert "Your questions for them" in visible_text(app)
        await pilot.press("space")
        await pilot.pause()
        offered = closing_questions(screen.role, agenda.seed)
        assert offered and all(q in visible_text(app) for q in offered)
        await pilot.press("tab", *"ask about on-call", "escape", "n")
        await pilot.pause()

        assert isinstance(app.screen, ScorecardScreen)
        card = app.screen.card
        assert card.rated == questions and card.points_covered == 1 + (questions - 1)
        text = visible_text(app)
        assert "Scorecard · Alpha Engineer · finished" in text
        assert asked in text and "a lock per key" in text
        assert "✓ Staleness is acceptable" in text and "✗ Stampede protection" in text
        assert "I build alpha systems" in text and "ask about on-call" in text
        await pilot.press("e")
        exported = app.screen.exported
        assert exported is not None
        report = exported.read_text(encoding="utf-8")
        assert report.startswith("# Mock")
        assert f"Follow-up: {asked}" in report and "Missed:" in report
        assert "I build alpha systems" in report and "rated good" in report
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)

        # Reopened from the history: the same scorecard, from what the store kept.
        await pilot.press("H")
        await pilot.pause()
        assert "1 interview, newest first" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        again = visible_text(app)
        assert "Scorecard · Alpha Engineer · finished" in again
        assert asked in again and "a lock per key" in again
        assert "✓ Staleness is acceptable" in again and "✗ Stampede protection" in again
        assert "I build alpha systems" in again and "ask about on-call" in again
        assert app.screen.card.used_seconds == card.used_seconds
    store = Store(tmp_path / "store.db")
    (record,) = store.mocks()
    assert record.complete and record.answered == questions
    assert record.elapsed_seconds == card.used_seconds == 30 + 45 * questions
    first = store.mock_results(record.id)[0]
    assert first["follow_up"] == asked and first["follow_up_notes"] == "a lock per key"
    assert first["covered"] == [1] and first["partial"] == [0]
    frames = store.mock_frames(record.id)
    assert [(f["segment"], f["notes"]) for f in frames] == [
        ("opening", "I build alpha systems"),
        ("closing", "ask about on-call"),
    ]
    (answer,) = store.answers("alpha-engineer", "caching")
    assert answer.context == "mock" and answer.text == CACHING_ANSWER
    marks = store.answer_marks(answer.id)
    assert marks[0].user_verdict == "partial"  # the correction is kept as labelled data


async def test_follow_ups_can_be_turned_off_and_are_asked_on_rating(tmp_path: Path) -> None:
    for follow_ups in (True, False):
        clock = FakeClock()
        app = mock_app(tmp_path / str(follow_ups), clock, config=Config(follow_ups=follow_ups))
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await start_interview(pilot)
            await pilot.press("n", "2")  # rate without revealing
            await pilot.pause()
            section = screen.query_one("#follow-up")
            assert section.display is follow_ups
            if follow_ups:
                await pilot.press("x")  # pass on it
                await pilot.pause()
                assert "Follow-up (passed)" in visible_text(app)
                assert screen.session.current_result().follow_up_skipped  # type: ignore[union-attr]


async def test_no_follow_up_once_the_question_is_out_of_time(tmp_path: Path) -> None:
    clock = FakeClock()
    app = mock_app(tmp_path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await start_interview(pilot)
        await pilot.press("n")
        clock.advance(90 - 10)  # 10 s of its 90 s left: no time for a follow-up
        await pilot.press("space")
        await pilot.pause()
        assert not screen.query_one("#follow-up").display
        assert screen.session.follow_up == ""


async def test_everything_revealed_scrolls_with_the_keyboard_at_80x24(tmp_path: Path) -> None:
    clock = FakeClock()
    app = mock_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_interview(pilot)
        await pilot.press("n", "space")
        await pilot.pause()
        body = screen.body
        assert body.max_scroll_y > 0
        answer = screen.query_one(Markdown)
        for _ in range(60):
            await pilot.press("j")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y  # j reaches the end of the model answer
        bottom = body.scroll_offset.y + body.size.height
        assert answer.region.bottom <= screen.size.height and bottom >= body.virtual_size.height
        await pilot.press("home")
        assert body.scroll_y == 0
        await pilot.press("end")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("pageup")
        assert body.scroll_y < body.max_scroll_y
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Scroll down" in visible_text(app)


def test_the_footer_shows_the_way_out_and_main_keys_at_80_columns(tmp_path: Path) -> None:
    async def run() -> str:
        app = mock_app(tmp_path, FakeClock())
        async with app.run_test(size=(80, 24)) as pilot:
            await start_interview(pilot)
            await pilot.press("n")
            await pilot.pause()
            return footer_text(app)

    import asyncio

    text = asyncio.run(run())
    for key in ("^q End", "space Reveal", "tab Answer", "n Next", "Rate"):
        assert key in text, text


async def test_countdowns_warn_then_go_overtime_and_pause_stops_them(tmp_path: Path) -> None:
    clock = FakeClock()
    app = mock_app(tmp_path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await start_interview(pilot)
        overall, segment = clocks(app)
        current = screen.session.current
        assert current is not None
        budget = current.seconds
        assert overall.text == "10:00"
        clock.advance(budget * 0.5)
        screen.tick()
        assert not segment.has_class("-warning")
        clock.advance(budget * 0.35)  # 15 % left
        screen.tick()
        assert segment.has_class("-warning") and not segment.has_class("-overtime")
        clock.advance(budget * 0.15 + 5)
        screen.tick()
        assert segment.has_class("-overtime") and segment.text == "+00:05"
        await pilot.pause()
        assert any("Time is up" in n.message for n in app._notifications)
        await pilot.press("p")
        before = overall.text
        clock.advance(120)
        screen.tick()
        assert overall.text == before and overall.has_class("-paused")
        await pilot.press("p")
        clock.advance(2)  # a stalled loop: two seconds pass with no tick at all
        screen.tick()
        assert overall.text == "08:53"  # 10:00 - (budget + 5 s) - 2 s, budget = 60 s


async def test_interview_time_up_goes_to_the_scorecard(tmp_path: Path) -> None:
    clock = FakeClock()
    app = mock_app(tmp_path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await start_interview(pilot)
        clock.advance(601)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
    (record,) = Store(tmp_path / "store.db").mocks()
    assert record.status == "complete"


async def test_ctrl_q_ends_early_after_confirming(tmp_path: Path) -> None:
    clock = FakeClock()
    app = mock_app(tmp_path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.pause()
        await pilot.press("enter", "n", "2")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("n")  # no: keep going
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        assert "ended early" in visible_text(app)
    (record,) = Store(tmp_path / "store.db").mocks()
    assert record.status == "ended-early"


async def test_m_in_the_browser_opens_the_preview_and_escape_goes_back(tmp_path: Path) -> None:
    from ..apphelpers import sample_app

    app = sample_app(store_path=tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MockPreviewScreen)
        first = app.screen.agenda
        await pilot.press("r")
        assert app.screen.agenda.seed != first.seed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


PLAN_ARGS = ["--minutes", "45", "--seed", "7"]


def test_plan_prints_an_agenda_summing_exactly() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "preptui", "mock", "ml-engineer", "--plan", *PLAN_ARGS],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Total 45:00" in proc.stdout
    assert "Round 2" in proc.stdout and "Behavioural" in proc.stdout


def test_killed_mid_mock_loses_no_rated_answer_and_resumes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, PREPTUI_DATA_DIR=str(data), TERM="xterm-256color")
    args = ["mock", "alpha-engineer", "--banks", str(SAMPLE_BANKS), "--minutes", "10"]
    app = PtyApp([*args, "--seed", "3"], env)
    db = data / "preptui.sqlite3"
    try:
        app.wait_for("Start interview")
        app.send("\r")
        app.wait_for("This question")  # the interview screen, not the agenda
        app.send("n")
        app.wait_for("Question 1 of")
        for rating in ("3", "n", "4"):
            app.send(rating)
        deadline = time.monotonic() + 30
        rows: list[tuple[str, int]] = []
        while time.monotonic() < deadline and len(rows) < 2:
            if db.exists():
                with sqlite3.connect(db) as conn:
                    rows = conn.execute(
                        "SELECT question_id, rating FROM mock_results ORDER BY rowid"
                    ).fetchall()
            if len(rows) < 2:
                time.sleep(0.05)  # polling another process's database, not waiting for a timer
    finally:
        app.kill()  # kill -9: no chance to clean up
    assert [r[1] for r in rows] == [3, 4]
    history = subprocess.run(
        [sys.executable, "-m", "preptui", "history"], env=env, capture_output=True, text=True
    )
    assert "in progress" in history.stdout and "2 answered" in history.stdout


async def test_resume_continues_after_the_last_rated_question(tmp_path: Path) -> None:
    clock = FakeClock()
    first = mock_app(tmp_path, clock)
    async with first.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.pause()
        await pilot.press("enter", "n", "3", "n", "4")
        await pilot.pause()
        # the app is torn down here mid-question: like a crash after the last commit
    again = mock_app(tmp_path, FakeClock(), resume=True)
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.pause()
        assert isinstance(again.screen, InterviewScreen)
        assert "Question 3 of" in visible_text(again)


def test_repo_root_is_what_tests_think() -> None:
    assert (REPO / "pyproject.toml").exists()


async def test_interview_keys_are_palette_commands(tmp_path: Path) -> None:
    app = mock_app(tmp_path, FakeClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.pause()
        preview = await palette_titles(app.screen)
        assert {"Start interview", "Reshuffle", "Back"} <= set(preview)
        await pilot.press("enter")
        await pilot.pause()
        titles = await palette_titles(app.screen)
        for title in ("Reveal", "Answer", "Next", "Pause", "Keys", "End"):
            assert title in titles
        # Only keys that do something now: the opening has no question to skip, no follow-up.
        assert "Skip" not in titles and "Pass" not in titles
        await pilot.press("n")
        await pilot.pause()
        assert "Skip" in await palette_titles(app.screen)
        await pilot.press("space")
        await pilot.pause()
        revealed = await palette_titles(app.screen)
        assert "Reveal" not in revealed and "Next" in revealed
