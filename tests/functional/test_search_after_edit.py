"""A role's search index is made once and kept (ui/role_indexes.py): a bank replaced by an edit
is searched as it is now, in its role and from F (every role)."""

from __future__ import annotations

from pathlib import Path

from preptui.ui.screens.search_all import SearchAllScreen
from preptui.ui.widgets.filter_bar import FilterBar
from preptui.ui.widgets.hit_list import HitList
from preptui.ui.widgets.question_list import QuestionList

from ..apphelpers import until, wait_for_banks
from .test_editing import NEW_PROMPT, OLD_PROMPT, editing_app, replace_in_file


def listed(app: object) -> list[str]:
    from textual.app import App

    assert isinstance(app, App)
    questions = app.screen.query_one(QuestionList)
    return [str(questions.get_option_at_index(i).prompt) for i in range(questions.option_count)]


async def test_a_search_after_an_edit_finds_the_new_text(tmp_path: Path) -> None:
    app, _ = editing_app(tmp_path)
    app.browse.editor_runner = replace_in_file(OLD_PROMPT, NEW_PROMPT)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "slash", *"cart")  # searched once: the role's index is made
        await pilot.pause()
        assert str(app.screen.query_one(FilterBar).render()).startswith("0 of ")
        await pilot.press("escape", "j", "j", "e")  # the edit replaces the bank
        await pilot.pause()
        await pilot.press("slash", *"cart")
        await pilot.pause()
        shown = listed(app)
        assert len(shown) == 1 and NEW_PROMPT in shown[0], shown
        await pilot.press("enter", "F")  # every role, from this search: the bank as it is now
        await pilot.pause()
        assert isinstance(app.screen, SearchAllScreen)
        hits = app.screen.query_one(HitList)
        await until(pilot, lambda: hits.option_count > 0, "the hits of every role")
        found = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any(NEW_PROMPT in hit for hit in found), found
