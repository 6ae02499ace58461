"""Stats show how much of the key points your typed answers covered, week by week."""

from __future__ import annotations

from pathlib import Path

from preptui.store import Store
from preptui.ui.screens.stats import StatsScreen

from ..apphelpers import sample_app, visible_text, wait_for_banks


async def test_stats_show_the_key_points_typed_answers_covered(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = Store(db)
    answer = store.save_answer("alpha-engineer", "caching", "a cache", seconds=9, context="review")
    # The coach marked two of four points; the person corrected one more to covered.
    marks = [
        (0, "covered", None),
        (1, "covered", None),
        (2, "missed", "covered"),
        (3, "missed", None),
    ]
    store.save_marks(answer, marks, "lexical")
    store.close()

    app = sample_app(role="alpha-engineer", store_path=db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = visible_text(app)
        assert "Key points your typed answers covered" in text
        assert "75% of 4 key points" in text


async def test_stats_say_how_to_get_coverage_figures(tmp_path: Path) -> None:
    app = sample_app(role="alpha-engineer", store_path=tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert "No typed answers yet" in visible_text(app)
