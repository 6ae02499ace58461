"""Pilot tests: the browser flows as a person drives them with the keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Markdown, OptionList

from preptui.banks.load import LoadResult
from preptui.store import Store
from preptui.ui.palette import ScreenCommands
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.widgets.answer_panel import AnswerPanel
from preptui.ui.widgets.filter_bar import FilterBar
from preptui.ui.widgets.question_list import QuestionList
from preptui.ui.widgets.role_list import RoleList

from ..apphelpers import sample_app, visible_text, wait_for_banks
from ..conftest import SAMPLE_BANKS


def filter_line(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return str(app.screen.query_one(FilterBar).render())


async def test_opens_on_first_role_with_overview() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.focused is app.screen.query_one(RoleList)
        text = visible_text(app)
        assert "Alpha Engineer" in text
        assert "45 minutes" in text and "3 technical, 1 behavioural, 1 scenario" in text
        assert "Think aloud" in text
        assert filter_line(app) == "5 of 5"


async def test_j_k_switch_roles_and_question_list_follows() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("j")
        assert filter_line(app) == "3 of 3"
        assert "Beta Analyst" in visible_text(app)
        await pilot.press("k")
        assert filter_line(app) == "5 of 5"


async def test_answer_is_hidden_until_space_and_hidden_again_on_next_question() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one(QuestionList)
        panel = app.screen.query_one(AnswerPanel)
        assert "Answer hidden" in visible_text(app)
        assert not panel.query(Markdown)
        await pilot.press("space")
        await pilot.pause()
        (markdown,) = panel.query(Markdown)
        assert "expensive" in markdown.source
        assert "Stampede protection" in visible_text(app)
        assert "Name a concrete hit rate" in visible_text(app)
        assert "How would you prevent a cache stampede?" in visible_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert not panel.query(Markdown)
        await pilot.press("enter")  # enter reveals too
        await pilot.pause()
        assert panel.query(Markdown)
        await pilot.press("j")
        await pilot.pause()
        assert not panel.query(Markdown)
        assert "Is [bold]this[/bold] shown literally?" in visible_text(app)


async def test_incremental_search_and_escape() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("slash")
        await pilot.press(*"stampede")
        assert filter_line(app) == "1 of 5 · “stampede”"
        await pilot.press("enter")
        assert app.focused is app.screen.query_one(QuestionList)
        await pilot.press("slash", "escape")
        assert filter_line(app) == "5 of 5"


async def test_difficulty_and_kind_filters_cycle_and_escape_clears() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("d")
        assert filter_line(app) == "2 of 5 · easy"
        await pilot.press("d")
        assert filter_line(app) == "2 of 5 · medium"
        await pilot.press("t")
        assert filter_line(app) == "1 of 5 · medium · technical"
        await pilot.press("t")
        assert filter_line(app) == "0 of 5 · medium · behavioural"
        await pilot.press("escape")
        assert filter_line(app) == "5 of 5"


async def test_bookmark_is_kept_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    app = sample_app(store_path=db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "j", "b")
        await pilot.pause()
    assert Store(db).bookmarks("alpha-engineer") == {"markup-injection"}
    again = sample_app(store_path=db)
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        questions = again.screen.query_one(QuestionList)
        prompt = str(questions.get_option_at_index(1).prompt)
        assert prompt.startswith("★ ")
        await pilot.press("f")  # bookmarked only
        assert filter_line(again) == "1 of 5 · bookmarked"


async def test_help_lists_every_key() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = visible_text(app)
        for key in ("space", "/", "d", "t", "b", "escape", "?", "q", "tab", "ctrl+p", "j / k"):
            rows = "\n" + text.split("Keys", 1)[1]
            assert f"\n{key} " in rows or f"\n{key}," in rows, key
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_palette_switches_role() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Switch role: Beta")
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert filter_line(app) == "3 of 3"


async def test_palette_lists_screen_actions() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        provider = ScreenCommands(app.screen)
        titles = [hit.display.plain async for hit in provider.discover()]  # type: ignore[union-attr]
        for title in ("Reveal", "Search", "Difficulty", "Kind", "Bookmark", "Help"):
            assert title in titles
        assert "Switch role: Alpha Engineer" in titles
        # Quit comes from Textual's own commands, once.
        assert "Quit" in [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" not in titles


async def test_q_quits() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_markup_in_bank_text_is_literal_and_inert() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "j", "space")
        await pilot.pause()
        text = visible_text(app)
        assert "[@click=app.quit]Quit[/]" in text
        assert "[link=https://example.com]link[/link] [/" in text
        assert "[bold]Literal[/bold] brackets" in text
        assert "Tip with [b]markup[/b] stays literal [/" in text
        # click every line of the answer panel: nothing may run
        panel = app.screen.query_one(AnswerPanel)
        for y in range(panel.region.height):
            await pilot.click(AnswerPanel, offset=(2, y))
        assert app.is_running
        questions = app.screen.query_one(QuestionList)
        assert "[#security]" not in str(questions.get_option_at_index(1).prompt)


async def test_markdown_links_do_not_open(monkeypatch: pytest.MonkeyPatch) -> None:
    app = sample_app()
    opened: list[str] = []

    def open_url(url: str, **kwargs: Any) -> None:
        opened.append(url)

    monkeypatch.setattr(app, "open_url", open_url)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "j", "space")
        await pilot.pause()
        markdown = app.screen.query_one(Markdown)
        for y in range(markdown.region.height):
            for x in range(2, markdown.region.width, 4):
                await pilot.click(Markdown, offset=(x, y))
        assert opened == []


async def test_bad_bank_notice_and_problem_list(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text('[role]\nid = "Bad Id"\n', encoding="utf-8")
    app = sample_app(bad)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        notes = [n.message for n in app._notifications]
        assert any(f"{bad}:2: role.id:" in n for n in notes)
        assert filter_line(app) == "5 of 5"  # the good banks still load
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert f"{bad}:2: role.id" in visible_text(app)


async def test_small_terminal_collapses_sidebar_and_keeps_selection() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "j", "j")
        questions = app.screen.query_one(QuestionList)
        assert questions.highlighted == 2
        for size in ((60, 16), (40, 10), (80, 24), (200, 60)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert questions.highlighted == 2
        await pilot.resize_terminal(60, 16)
        await pilot.pause()
        assert (
            not app.screen.query_one(RoleList).display
            or app.screen.query_one(RoleList).region.width == 0
        )


async def test_role_flag_opens_that_role() -> None:
    app = sample_app(role="beta-analyst")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert filter_line(app) == "3 of 3"
        roles = app.screen.query_one(RoleList)
        assert isinstance(roles, OptionList) and roles.highlighted == 1


async def test_banks_appear_as_they_load_with_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import preptui.ui.app as app_module

    monkeypatch.setattr(app_module, "PROGRESS_SECONDS", 0.0)
    extra = tmp_path / "more"
    extra.mkdir()
    for n in range(4):
        text = (SAMPLE_BANKS / "beta.toml").read_text(encoding="utf-8")
        (extra / f"b{n}.toml").write_text(text.replace("beta-analyst", f"beta-{n}"), "utf-8")
    app = sample_app(*sorted(extra.glob("*.toml")), role="beta-3")  # the last bank to load
    seen: list[tuple[int, int, int]] = []
    show_loading = app.browse.show_loading

    def spy(partial: LoadResult, done: int, total: int) -> None:
        seen.append((len(partial.banks), done, total))
        show_loading(partial, done, total)

    monkeypatch.setattr(app.browse, "show_loading", spy)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert seen and seen[0][1] < seen[0][2] == 6
        assert [n for n, _, _ in seen] == sorted(n for n, _, _ in seen)
        roles = app.screen.query_one(RoleList)
        assert roles.border_subtitle == ""  # loading done: no progress left on screen
        assert roles.option_count == 6
        assert roles.highlighted == 5  # --role wins once its bank has arrived


def test_keys_typed_after_quit_open_nothing(tmp_path: Path) -> None:
    """q followed at once by s, r and m must quit cleanly, not crash opening screens."""
    import os

    from ..ptyrun import PtyApp

    env = dict(os.environ, PREPTUI_DATA_DIR=str(tmp_path), TERM="xterm-256color")
    app = PtyApp(["--banks", str(SAMPLE_BANKS), "--role", "alpha-engineer"], env)
    try:
        app.wait_for("Alpha Engineer")
        app.send("qsrmsr?")
        status = app.wait_exit()
    finally:
        app.kill()
    assert status == 0, app.text()[-2000:]
    assert "Traceback" not in app.text() and "NoMatches" not in app.text()


async def test_a_huge_role_lists_the_first_questions_and_says_how_many_more(
    tmp_path: Path,
) -> None:
    from preptui.ui.widgets.question_list import MAX_SHOWN

    count = MAX_SHOWN + 50
    lines = [(SAMPLE_BANKS / "beta.toml").read_text(encoding="utf-8").split("[[questions]]")[0]]
    lines[0] = lines[0].replace("beta-analyst", "huge-role").replace("Beta Analyst", "Huge Role")
    for n in range(count):
        kind = "behavioural" if n % 3 == 0 else "technical"
        lines.append(
            f'[[questions]]\nid = "q{n}"\nprompt = "Question number {n}?"\n'
            f'difficulty = "easy"\nkind = "{kind}"\nanswer = "Answer {n}."\n'
            'key_points = ["one", "two"]\n'
        )
    big = tmp_path / "huge.toml"
    big.write_text("\n".join(lines), encoding="utf-8")
    app = sample_app(big, role="huge-role")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        questions = app.screen.query_one(QuestionList)
        assert filter_line(app) == f"{count} of {count}"
        assert questions.option_count == MAX_SHOWN + 1
        last = str(questions.get_option_at_index(MAX_SHOWN).prompt)
        assert last.startswith("… 50 more not listed")
        await pilot.press("tab", "end")  # the last question shown, never the note row
        assert questions.highlighted == MAX_SHOWN - 1
        await pilot.press("slash", *"number 44")
        assert filter_line(app) == f"14 of {count} · “number 44”"  # 44, 144…344, 440…449
        assert questions.option_count == 14


async def test_searching_shows_the_first_match_beside_the_list() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        from textual.widgets import ContentSwitcher

        switcher = app.screen.query_one(ContentSwitcher)
        assert switcher.current == "overview"
        await pilot.press("slash", *"deploy")
        await pilot.pause()
        assert switcher.current == "answer"
        assert "The error rate doubles after a deploy" in visible_text(app)
