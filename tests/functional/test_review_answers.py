"""Answering in review (Pilot): type, reveal, see covered and missed points with evidence,
correct a mark, rate; the answer survives a restart; the body scrolls; one review of every role
rates each card into its own role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot

from preptui import cli
from preptui.banks.discover import Origin, bank_files
from preptui.config import Config
from preptui.records import AnswerMark, AnswerRecord
from preptui.store import Store
from preptui.ui.app import PrepApp
from preptui.ui.requests import ReviewRequest
from preptui.ui.screens.help import HelpScreen
from preptui.ui.screens.review import ReviewScreen
from preptui.ui.screens.review_summary import ReviewSummaryScreen
from preptui.ui.widgets.coverage_view import CoverageView
from preptui.ui.widgets.grade_bar import GradeBar
from preptui.ui.widgets.notes_box import NotesBox

from ..apphelpers import type_answer, until, visible_text, wait_for_banks
from ..conftest import SAMPLE_BANKS
from .test_review_app import NOW, ROLE, app_at, current, log_rows, on_review

ANSWER = (
    "Add a cache when the same expensive read repeats and slightly stale data is acceptable. "
    "Invalidate on write."
)


def stored_answers(db: Path, qid: str = "caching", role: str = ROLE) -> list[AnswerRecord]:
    store = Store(db)
    try:
        return store.answers(role, qid)
    finally:
        store.close()


def stored_marks(db: Path, answer_id: int) -> list[AnswerMark]:
    store = Store(db)
    try:
        return store.answer_marks(answer_id)
    finally:
        store.close()


async def reveal(pilot: Pilot[Any]) -> None:
    """Space, then let the coach (a thread while the role's coach is being made) finish."""
    await pilot.press("space")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_answer_reveal_marks_with_evidence_correct_one_and_rate(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await type_answer(pilot, ANSWER)
        (saved,) = stored_answers(db)  # leaving the box saved it
        assert saved.text == ANSWER and saved.words == 18 and saved.context == "review"
        await reveal(pilot)
        text = visible_text(app)
        assert "Your answer" in text and ANSWER in text and "18 words" in text
        assert "✓ covered" in text and "Repeated expensive reads" in text
        assert "“Add a cache when the same expensive read repeats" in text  # the evidence
        assert "✗ missed" in text and "Stampede protection" in text
        view = screen.query_one(CoverageView)
        assert view.verdicts[3].value == "missed"
        bar = screen.query_one(GradeBar)
        suggested = bar.suggested
        assert suggested is not None and bar.label(suggested).startswith("▶ ")
        assert f"suggested rating {suggested} " in text
        engine_marks = stored_marks(db, saved.id)
        assert [m.user_verdict for m in engine_marks] == [None] * 4
        # correct the last point: tab to the marks, down three, c
        await pilot.press("tab")
        assert view.has_focus
        await pilot.press("j", "j", "j", "j", "c")  # j past the end stays on the last point
        await pilot.pause()
        assert view.verdicts[3].value == "covered"
        marks = stored_marks(db, saved.id)
        assert (marks[3].engine_verdict, marks[3].user_verdict) == ("missed", "covered")
        assert "(your mark)" in visible_text(app)
        assert bar.suggested == view.suggested_rating
        await pilot.press("escape")  # leaves the marks, not the review
        assert isinstance(app.screen, ReviewScreen) and not view.has_focus
        await pilot.press("3")
        await pilot.pause()
        assert [(r.question_id, r.grade) for r in log_rows(db)] == [("caching", 3)]
        assert current(screen) == "markup-injection"
        assert screen.query_one(NotesBox).text == ""  # a fresh box for the next card
    # restart on the same store: the answer is there, under "l"
    again = app_at(db, review=True)
    async with again.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        assert current(screen) == "caching"  # in its learning step: due within the session
        assert "You answered this before" in visible_text(again)
        await pilot.press("l")
        await pilot.pause()
        text = visible_text(again)
        assert "Your last answers" in text and ANSWER in text and "18 words" in text


async def test_an_unanswered_card_shows_the_key_points_plainly(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("space")
        await pilot.pause()
        view = screen.query_one(CoverageView)
        assert not view.marked and not view.can_focus
        assert not screen.query_one("#review-yours").display
        text = visible_text(app)
        assert "✓" not in text and "✗" not in text and "Covered" not in text
        assert "Stampede protection" in text
        assert screen.query_one(GradeBar).suggested is None
        await pilot.press("tab")  # nothing to correct: tab does nothing
        assert app.focused is None
        assert stored_answers(tmp_path / "s.db") == []


async def test_the_answer_is_saved_while_typing_and_updated_in_place(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = app_at(db, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("tab", *"first")
        assert screen.save_answer()  # what the debounce timer calls a second after a key
        (first,) = stored_answers(db)
        assert first.text == "first"
        await pilot.press(*" and more", "escape")
        (updated,) = stored_answers(db)
        assert (updated.id, updated.text, updated.words) == (first.id, "first and more", 3)
        await pilot.press("q")  # leaving the screen saves too (nothing new here)
        await until(pilot, lambda: isinstance(app.screen, ReviewSummaryScreen), "summary")
    assert len(stored_answers(db)) == 1


async def test_a_failed_answer_save_says_so_in_one_line(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        assert app.practice.store is not None
        app.practice.store._conn.close()  # every write fails from now on
        await type_answer(pilot, "lost")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        failed = [n for n in notes if n.startswith("Answer not saved: ")]
        assert len(failed) == 1 and "\n" not in failed[0], notes
        assert screen.answer_id is None
        await pilot.press("tab", "x", "escape")  # the same problem is not repeated
        assert [n.message for n in app._notifications].count(failed[0]) == 1


async def test_scroll_keys_move_the_revealed_body_unless_typing(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_review(pilot)
        await type_answer(pilot, ANSWER)
        await pilot.press("space")
        await pilot.pause()
        body = screen.query_one("#review-body", VerticalScroll)
        assert body.max_scroll_y > 0 and body.scroll_y == 0
        await pilot.press("j")
        await until(pilot, lambda: body.scroll_y == 1, "j scrolls one line")
        await pilot.press("down", "down")
        await until(pilot, lambda: body.scroll_y == 3, "down scrolls")
        await pilot.press("k")
        await until(pilot, lambda: body.scroll_y == 2, "k scrolls back")
        await pilot.press("end")
        await until(pilot, lambda: body.scroll_y == body.max_scroll_y, "end")
        assert "How well did you recall it?" in visible_text(app)
        await pilot.press("home")
        await until(pilot, lambda: body.scroll_y == 0, "home")
        await pilot.press("pagedown")
        await until(pilot, lambda: body.scroll_y > 3, "page down")
        await pilot.press("pageup")
        await until(pilot, lambda: body.scroll_y == 0, "page up")
    # before reveal, keys typed in the answer box stay there
    app = app_at(tmp_path / "t.db", review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("tab", "j", "k", "space", "q")
        assert screen.query_one(NotesBox).text == "jk q" and not screen.revealed


async def test_footer_at_80_columns_shows_the_way_out_and_main_keys(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_review(pilot)

        def shown() -> list[str]:
            return [
                b.binding.description for b in screen.active_bindings.values() if b.binding.show
            ]

        before = shown()
        assert {"Reveal", "Answer", "End", "Keys"} <= set(before)
        assert "Again" not in before and "Undo" not in before
        await pilot.press("space")
        after = shown()
        assert {"Again", "Good", "End", "Keys"} <= set(after) and "Reveal" not in after
        await pilot.press("3")
        assert "Undo" in shown()


async def test_help_lists_the_review_keys(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await on_review(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        text = visible_text(app)
        for row in ("space", "tab", "l ", "u ", "q", "c, enter"):
            assert f"\n{row}" in text, row
        for what in ("Reveal", "Answer", "Marks", "Scroll down", "Page down", "Top", "Bottom"):
            assert what in text, what
        await pilot.press("escape", "q")
        await until(pilot, lambda: isinstance(app.screen, ReviewSummaryScreen), "summary")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "summary help")
        assert "\nq, escape, enter   Back" in visible_text(app)


async def test_behavioural_questions_get_structure_hints(tmp_path: Path) -> None:
    app = app_at(tmp_path / "s.db", review=True, role="beta-analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("space", "4", "space", "4")
        await pilot.pause()
        assert current(screen) == "stakeholder"
        await type_answer(pilot, "We looked at the data again and agreed next steps.")
        await reveal(pilot)
        text = visible_text(app)
        assert "Structure" in text
        assert "→ end with the outcome" in text
        assert '→ tell your own actions with "I", not only "we"' in text


async def test_a_coach_that_cannot_run_falls_back_in_a_thread_and_says_so(
    tmp_path: Path,
) -> None:
    config = Config(coach_engine="no-such-engine")
    app = app_at(tmp_path / "s.db", review=True, config=config)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await type_answer(pilot, ANSWER)
        await reveal(pilot)
        assert screen.query_one(CoverageView).marked
        text = visible_text(app)
        assert "Using the built-in coach: unknown engine 'no-such-engine'" in text
        assert "✓ covered" in text


# --------------------------------------------------------------------------- every role


def gamma_bank(tmp_path: Path) -> Path:
    """A third role whose question ids repeat those of alpha-engineer."""
    text = (SAMPLE_BANKS / "alpha.toml").read_text(encoding="utf-8")
    text = text.replace('id = "alpha-engineer"', 'id = "gamma-engineer"', 1)
    text = text.replace('title = "Alpha Engineer"', 'title = "Gamma Engineer"', 1)
    path = tmp_path / "gamma.toml"
    path.write_text(text, encoding="utf-8")
    return path


def all_roles_app(db: Path, extra: Path) -> PrepApp:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)] + [(extra, Origin.EXTRA)]
    return PrepApp(
        sources=sources,
        store_path=db,
        now=lambda: NOW,
        review=ReviewRequest(None, all_roles=True),
        config=Config(new_per_day=1),
    )


def role_log(db: Path, role: str) -> list[tuple[str, int]]:
    store = Store(db)
    try:
        return [(r.question_id, r.grade) for r in store.review_log(role)]
    finally:
        store.close()


async def test_one_review_of_every_role_rates_each_card_into_its_role(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = all_roles_app(db, gamma_bank(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        assert screen.review.queue == [
            ("alpha-engineer", "caching"),
            ("beta-analyst", "joins"),
            ("gamma-engineer", "caching"),
        ]
        assert "Review · All roles · Alpha Engineer" in visible_text(app)
        assert "3 new" in visible_text(app)
        await type_answer(pilot, "alpha answer")
        await pilot.press("space", "4")
        await pilot.pause()
        assert "Review · All roles · Beta Analyst" in visible_text(app)
        await pilot.press("space", "4")
        await pilot.pause()
        assert "Review · All roles · Gamma Engineer" in visible_text(app)
        assert "You answered this before" not in visible_text(app)  # same id, other role
        await type_answer(pilot, "gamma answer")
        await pilot.press("space", "4")
        await until(pilot, lambda: isinstance(app.screen, ReviewSummaryScreen), "summary")
        text = visible_text(app)
        assert "Session done · All roles" in text
        assert "Reviewed    3 cards" in text
        assert role_log(db, "alpha-engineer") == [("caching", 4)]
        assert role_log(db, "beta-analyst") == [("joins", 4)]
        assert role_log(db, "gamma-engineer") == [("caching", 4)]
        assert [a.text for a in stored_answers(db)] == ["alpha answer"]
        assert [a.text for a in stored_answers(db, role="gamma-engineer")] == ["gamma answer"]
        await pilot.press("q")
        await until(pilot, lambda: app.screen is app.browse, "browser")


async def test_undo_in_an_every_role_review_takes_back_the_right_role(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    app = all_roles_app(db, gamma_bank(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await on_review(pilot)
        await pilot.press("space", "4", "space", "3")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert screen.review.current == ("beta-analyst", "joins")
        assert role_log(db, "beta-analyst") == []
        assert role_log(db, "alpha-engineer") == [("caching", 4)]
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ReviewSummaryScreen), "summary")
        assert "2 new left for today" in visible_text(app)


async def test_nothing_due_in_any_role_says_so(tmp_path: Path) -> None:
    app = PrepApp(
        sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)],
        store_path=tmp_path / "s.db",
        now=lambda: NOW,
        review=ReviewRequest(None, all_roles=True),
        config=Config(new_per_day=0),
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: isinstance(app.screen, ReviewSummaryScreen), "summary")
        text = visible_text(app)
        assert "Nothing due · All roles" in text
        assert "no card is due and no new question is left for today" in text


def test_review_without_a_role_asks_for_every_role(monkeypatch: pytest.MonkeyPatch) -> None:
    requests: list[ReviewRequest | None] = []
    monkeypatch.setattr(cli, "_need_terminal", lambda what: None)
    monkeypatch.setattr(PrepApp, "run", lambda self: requests.append(self.review_request))
    assert cli.main(["review", "--banks", str(SAMPLE_BANKS)]) == 0
    assert cli.main(["review", ROLE, "--banks", str(SAMPLE_BANKS)]) == 0
    assert requests == [ReviewRequest(None, all_roles=True), ReviewRequest(ROLE)]
