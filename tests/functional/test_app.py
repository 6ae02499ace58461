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

from ..apphelpers import sample_app, until, visible_text, wait_for_banks
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


# ---------------------------------------------------------------- reading, keys and help (issue 12)


def footer_keys(app: object) -> list[tuple[str, int]]:
    """The Footer's descriptions on the current screen and the column where each one ends."""
    from textual.app import App
    from textual.widgets._footer import FooterKey

    assert isinstance(app, App)
    return [
        (key.description or key.key_display, key.region.right)
        for key in app.screen.query(FooterKey)
        if key.display and key.region.width
    ]


async def test_pgdn_home_end_scroll_a_revealed_answer_from_the_question_list() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab")
        panel = app.screen.query_one(AnswerPanel)
        assert "Scroll" not in dict(footer_keys(app))  # nothing to scroll while hidden
        await pilot.press("space")
        await pilot.pause()
        assert app.focused is app.screen.query_one(QuestionList)
        assert panel.max_scroll_y > 0, "the sample answer should not fit at 80x24"
        assert dict(footer_keys(app))["Scroll"] <= 80
        # A scroll lands after the next refresh: wait for the screen, not for a time.
        await pilot.press("pagedown")
        await until(pilot, lambda: panel.scroll_y > 0, "pgdn scrolls the answer")
        assert app.screen.query_one(QuestionList).highlighted == 0  # the list did not move
        await pilot.press("end")
        await until(pilot, lambda: panel.scroll_y == panel.max_scroll_y, "end: its last line")
        assert "Likely follow-ups" in visible_text(app)
        await pilot.press("home")
        await until(pilot, lambda: panel.scroll_y == 0, "home: its first line")
        await pilot.press("tab")  # the panel itself: j scrolls it, and the Footer says so
        assert isinstance(app.focused, AnswerPanel)
        assert "Scroll" in dict(footer_keys(app))
        await pilot.press("j", "j")
        await until(pilot, lambda: panel.scroll_y == 2, "j j: two lines")


async def test_footer_shows_the_way_out_at_80_columns() -> None:
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_banks(pilot)
        for keys in ((), ("tab",), ("tab", "space")):
            await pilot.press(*keys)
            await pilot.pause()
            shown = dict(footer_keys(app))
            for main in ("Reveal", "Search", "Review", "Mock", "Quit", "Help"):
                assert main in shown and shown[main] <= 80, (keys, main, shown)


async def test_role_count_in_the_palette_is_singular_for_one_question(tmp_path: Path) -> None:
    one = tmp_path / "one.toml"
    text = (SAMPLE_BANKS / "beta.toml").read_text(encoding="utf-8")
    head, first, *_ = text.split("[[questions]]")
    one.write_text(
        (head + "[[questions]]" + first).replace("beta-analyst", "one-role"), encoding="utf-8"
    )
    app = sample_app(one)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        helps = {str(title): text for title, text, _ in screen.palette_extra()}
        assert helps["Switch role: Beta Analyst"] == "1 question"
        assert helps["Switch role: Alpha Engineer"] == "5 questions"


async def test_search_all_roles_lists_each_hit_with_its_role_and_enter_jumps_there() -> None:
    from preptui.ui.screens.search_all import SearchAllScreen

    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert filter_line(app) == "5 of 5"  # Alpha Engineer shown
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, SearchAllScreen)
        await pilot.press(*"disagreed")
        await pilot.pause()
        text = visible_text(app)
        assert "2 questions in 2 roles" in text
        hits = app.screen.query_one(OptionList)
        labels = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert "Tell me about a time you disagreed with a teammate." in labels[0]
        assert "Alpha Engineer" in labels[0]
        assert "Tell me about a time a stakeholder disagreed" in labels[1]
        assert "Beta Analyst" in labels[1]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        screen = app.screen
        assert screen.bank is not None and screen.bank.bank.role.id == "beta-analyst"
        assert screen.question is not None and screen.question.id == "stakeholder"
        assert filter_line(app) == "3 of 3"  # every filter cleared, so the question is listed
        assert app.focused is screen.query_one(QuestionList)
        assert app.screen.query_one(RoleList).highlighted == 1
        await pilot.press("F", *"no such words", "enter")
        await pilot.pause()
        assert "No question in any role holds “no such words”." in visible_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)
        assert screen.question.id == "stakeholder"


async def test_note_dialog_saves_with_ctrl_s_and_asks_before_discarding(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from preptui.ui.dialogs.confirm import ConfirmScreen
    from preptui.ui.dialogs.note import NoteDialog

    app = sample_app(store_path=tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("escape")  # nothing typed: just closes
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("n", *"hit rate")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing: the text is still there
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(TextArea).text == "hit rate"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.practice.note("alpha-engineer", "caching") == "hit rate"
        await pilot.press("n", *" and ttl", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")  # discard: the saved note stays as it was
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.practice.note("alpha-engineer", "caching") == "hit rate"


async def test_settings_speak_in_words_and_save_the_coach_and_follow_ups() -> None:
    from textual.widgets import Input, Select, Switch

    from preptui.config import load
    from preptui.ui.screens.settings import SettingsScreen

    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert "Interviewer asks follow-ups" in visible_text(app)
        assert "lexical: matches your words" in visible_text(app)
        screen.query_one("#retention", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#settings-error").render())
        assert error.startswith("Desired retention must be"), error
        assert "desired_retention" not in visible_text(app)
        screen.query_one("#retention", Input).value = "0.85"
        screen.query_one("#coach-url", Input).value = "localhost:8080"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#settings-error").render())
        assert error.startswith("Coach server address must be an http:// or https://"), error
        screen.query_one("#coach-url", Input).value = "http://127.0.0.1:8080/v1"
        screen.query_one("#coach-engine", Select).value = "llm"
        await pilot.pause()
        assert "llm: asks a language model you run" in visible_text(app)
        screen.query_one("#coach-model", Input).value = "qwen2.5"
        screen.query_one("#follow-ups", Switch).focus()
        await pilot.press("space")
        await pilot.pause()
        assert "off" in visible_text(app)
        await pilot.press("f1")  # help lists the screen's keys
        await pilot.pause()
        assert "Settings: keys" in visible_text(app) and "ctrl+s" in visible_text(app)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
    saved = load().config
    assert saved.desired_retention == 0.85
    assert saved.follow_ups is False
    assert (saved.coach_engine, saved.coach_model) == ("llm", "qwen2.5")
    assert saved.coach_url == "http://127.0.0.1:8080/v1"


async def test_question_mark_lists_the_keys_of_stats(tmp_path: Path) -> None:
    from preptui.ui.screens.help import HelpScreen
    from preptui.ui.screens.stats import StatsScreen

    app = sample_app(store_path=tmp_path / "s.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        shown = dict(footer_keys(app))
        assert shown["Back"] <= 80 and shown["Help"] <= 80 and "Scroll" in shown
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = visible_text(app)
        assert "Stats: keys" in text
        assert "q, escape" in text and "pgdn" in text and "Scroll down" in text
        await pilot.press("escape")
        assert isinstance(app.screen, StatsScreen)


async def test_stats_scroll_to_recent_reviews_at_80x24_and_weak_spots_need_a_sample(
    isolated_dirs: Path,
) -> None:
    from textual.containers import VerticalScroll

    from preptui.ui.screens.stats import MIN_SAMPLE, StatsScreen

    from .test_review_app import _golden_store, app_at

    _golden_store()
    app = app_at(isolated_dirs / "preptui.sqlite3")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        body = app.screen.query_one("#stats-body", VerticalScroll)
        recent = app.screen.query_one("#stats-recent")
        assert recent.region.y >= 24 or not recent.region.height  # below the fold at first
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        assert 0 < recent.region.y < 23  # now on screen
        await pilot.press("home", "j", "j")
        await pilot.pause()
        assert body.scroll_y == 2
        text = visible_text(app)
        # The golden store has 5 technical reviews, but only 2 hard and 2 scenario ones.
        weakest = str(app.screen.query_one("#stats-weakest").render())
        assert "technical" in weakest and MIN_SAMPLE <= 5
        assert "hard" not in weakest and "scenario" not in weakest
        assert "Orphaned   1 card of questions no longer in the bank (history kept)" in text
        assert "renamed-away (orphaned)" in text


async def test_stats_say_not_enough_answers_after_one_review(isolated_dirs: Path) -> None:
    from preptui.ui.screens.stats import StatsScreen

    from .test_review_app import NOW, app_at, seed_card

    db = isolated_dirs / "preptui.sqlite3"
    seed_card(db, "caching", [(1, NOW)])
    app = app_at(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        weakest = str(app.screen.query_one("#stats-weakest").render())
        assert weakest.startswith("Not enough answers yet")
        assert "Orphaned" not in visible_text(app)  # none: no row to puzzle over


async def test_a_star_first_in_the_search_line_searches_every_role() -> None:
    from textual.widgets import Input

    from preptui.ui.screens.search_all import SearchAllScreen

    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("slash", "asterisk", *"window")
        await pilot.pause()
        assert isinstance(app.screen, SearchAllScreen)
        assert app.screen.query_one(Input).value == "window"
        assert "1 question in 1 role" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.question is not None
        assert app.screen.question.id == "window-functions"
        assert filter_line(app) == "3 of 3"


async def test_search_all_roles_runs_off_the_ui_thread_for_many_questions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import preptui.ui.screens.search_all as search_all

    from ..apphelpers import until

    monkeypatch.setattr(search_all, "SEARCH_INLINE_BELOW", 0)  # as if the roles were huge
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("F", *"disagreed")
        screen = app.screen
        assert isinstance(screen, search_all.SearchAllScreen) and not screen._inline
        await until(pilot, lambda: "2 questions in 2 roles" in visible_text(app), "the hits")
        await pilot.press("backspace", *"ment")  # "disagreement": in no prompt or answer
        await until(pilot, lambda: "No question in any role" in visible_text(app), "no hits")
