"""Bank text is only text: a bank with Textual markup in every field opens every screen with no
crash, no action run and no style applied; the literal text is what a person sees."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.command import CommandList
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._markdown import MarkdownBlock

from preptui.banks.discover import Origin
from preptui.config import Config
from preptui.mock.clock import FakeClock
from preptui.ui.app import PrepApp
from preptui.ui.dialogs.note import NoteDialog
from preptui.ui.requests import MockRequest, ReviewRequest
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.screens.help import HelpScreen
from preptui.ui.screens.history import HistoryScreen
from preptui.ui.screens.interview import InterviewScreen
from preptui.ui.screens.mock_preview import MockPreviewScreen
from preptui.ui.screens.problems import ProblemsScreen
from preptui.ui.screens.review import ReviewScreen
from preptui.ui.screens.scorecard import ScorecardScreen
from preptui.ui.screens.settings import SettingsScreen
from preptui.ui.screens.stats import StatsScreen
from preptui.ui.screens.today import TodayScreen
from preptui.ui.widgets.role_list import RoleList

from ..apphelpers import palette_titles, until, visible_text, wait_for_banks
from ..conftest import DATA

HOSTILE_BANK = DATA / "hostile" / "hostile.toml"
ROLE = "hostile-role"
# Each class of markup, as it is written in every field of the bank.
MARKUP = "[@click=app.quit]x[/] [reverse]r[/reverse] [b]b [link=https://x]l[/link] [/] [/"
TITLE = f"Title {MARKUP}"
BROKEN = "[@click=app.quit]q[b].toml"
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
# Each piece of markup, and the style it would apply if it were parsed.
PIECES = {
    "[@click=app.quit]x[/]": "click",
    "[reverse]r[/reverse]": "reverse",
    "[b]b": "bold",
    "[link=https://x]l[/link]": "link",
}


def hostile_app(tmp_path: Path, **kwargs: Any) -> PrepApp:
    """The hostile bank, plus a broken bank whose very file name is markup."""
    folder = tmp_path / "[reverse]r["  # the path reads "…[reverse]r[/[@click=app.quit]q[b].toml"
    folder.mkdir()
    broken = folder / BROKEN
    broken.write_text('[role]\nid = "broken"\ntitle = "[b]x"\n', encoding="utf-8")
    sources = [(HOSTILE_BANK, Origin.EXTRA), (broken, Origin.EXTRA)]
    kwargs.setdefault("config", Config())
    return PrepApp(sources=sources, store_path=tmp_path / "store.db", now=lambda: NOW, **kwargs)


def styled_hostile(widgets: Iterable[Widget]) -> list[str]:
    """Pieces of hostile text drawn with the style their markup asks for (reverse, bold, link,
    a click action): each piece, where it shows literally, must carry none of them."""
    found = []
    for widget in widgets:
        if not (widget.display and widget.visible):
            continue
        visual = widget.render()
        if not isinstance(visual, Content):
            continue
        plain = visual.plain
        for piece, applied in PIECES.items():
            at = plain.find(piece)
            while at >= 0:
                for span in visual.spans:
                    style = str(span.style)
                    if isinstance(widget, MarkdownBlock) and style.startswith("@click='link("):
                        continue  # Markdown's own autolink: open_links=False, it opens nothing
                    if span.end > at and span.start < at + len(piece) and applied in style:
                        found.append(f"{type(widget).__name__}: {style!r} on {piece!r}")
                at = plain.find(piece, at + 1)
    return found


def assert_only_text(app: PrepApp, *needles: str) -> None:
    """Each needle is on screen as written; nothing hostile is styled; the app still runs."""
    text = "\n".join([visible_text(app), *table_cells(app)])
    for needle in needles:
        assert needle in text, f"{needle!r} not shown literally in:\n{text}"
    assert styled_hostile(app.screen.query(Widget)) == []
    assert app.is_running and app.return_code is None  # no [@click=app.quit] ran
    for notification in app._notifications:  # a notice quoting bank text shows it as text
        assert "[" not in notification.message or not notification.markup, notification


def table_cells(app: PrepApp) -> list[str]:
    """The cells of the tables on screen, as drawn (a str cell would be parsed as markup)."""
    cells = []
    for table in app.screen.query(DataTable):
        for index in range(table.row_count):
            for cell in table.get_row_at(index):
                assert isinstance(cell, Text | Content), f"cell {cell!r} is parsed as markup"
                cells.append(cell.plain)
    return cells


def border_titles(app: PrepApp) -> list[str]:
    titles = []
    for widget in app.screen.query(Widget):
        title = widget._border_title  # the Content drawn: str titles are parsed as markup
        if title is not None:
            titles.append(title.plain)
    return titles


async def press_until(pilot: Pilot[Any], key: str, screen: type[Any]) -> Any:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, screen), screen.__name__)
    return pilot.app.screen


async def test_the_browser_and_its_dialogs_show_hostile_text_as_text(tmp_path: Path) -> None:
    app = hostile_app(tmp_path, role=ROLE)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_banks(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        # Defect 3: the question pane's border title is the role title, as written.
        assert TITLE in border_titles(app)
        roles = browse.query_one(RoleList)
        prompts = [roles.get_option_at_index(i).prompt for i in range(roles.option_count)]
        assert any(isinstance(p, Content) and TITLE in p.plain for p in prompts)
        assert_only_text(
            app, f"Summary {MARKUP}", f"Tip one {MARKUP}", "Tip two [/", f"Rounds {MARKUP}"
        )

        # Every question revealed: prompt, tip, tags, follow-ups, key points, the answer.
        for number in range(3):
            await pilot.press("tab", *(["j"] * number), "space")
            await pilot.pause()
            question = browse.question
            assert question is not None
            assert_only_text(
                app,
                question.prompt,
                f"Tip {question.kind.value} {MARKUP}",
                f"Follow-up {question.kind.value} {MARKUP}",
                f"Point one {MARKUP}",
                f"Answer {question.kind.value} {MARKUP}",
                "[i]i[/i]",
                "[@click=app.quit]x[/]",
                "[link=https://x]l[/link]",
            )
            await pilot.press("space", "shift+tab")

        # The palette's "Switch role" entry, generated and as typed into the palette.
        assert f"Switch role: {TITLE}" in await palette_titles(browse)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Switch role")
        await until(pilot, lambda: bool(app.screen.query(CommandList)), "palette")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0, "palette hits")
        shown = [commands.get_option_at_index(i).prompt for i in range(commands.option_count)]
        assert any(TITLE in str(getattr(p, "plain", p)) for p in shown), shown
        assert styled_hostile(app.screen.query(Widget)) == []
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is browse, "palette closed")

        await press_until(pilot, "question_mark", HelpScreen)
        assert_only_text(app)
        await pilot.press("escape")

        # A note in the same markup: typed, saved, shown back as written.
        await pilot.press("tab")
        await press_until(pilot, "n", NoteDialog)
        assert_only_text(app, browse.question.prompt if browse.question else "")
        await pilot.press(*f"Note {MARKUP}", "ctrl+s")
        await until(pilot, lambda: app.screen is browse, "note saved")
        await pilot.press("space")
        await pilot.pause()
        assert_only_text(app, f"Note {MARKUP}")
        await pilot.press("space", "shift+tab")

        # The problems notice names the broken file, whose name is markup, literally.
        await press_until(pilot, "exclamation_mark", ProblemsScreen)
        assert_only_text(app, BROKEN)
        await pilot.press("escape")

        for key, screen in (
            ("s", StatsScreen),
            ("comma", SettingsScreen),
            ("T", TodayScreen),
            ("H", HistoryScreen),
        ):
            await until(pilot, lambda: app.screen is browse, "back on the browser")
            await press_until(pilot, key, screen)
            await pilot.pause()
            if screen in (StatsScreen, TodayScreen):
                assert_only_text(app, "Title [@click=app.quit]x[/]")
            else:
                assert_only_text(app)
            await pilot.press("escape")
        await until(pilot, lambda: app.screen is browse, "back on the browser")
        assert app.is_running and app.return_code is None


async def test_review_revealed_with_a_typed_answer_and_marks_is_text(tmp_path: Path) -> None:
    app = hostile_app(tmp_path, review=ReviewRequest(ROLE))
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert_only_text(app)
        await pilot.press("tab", *f"Mine Point one {MARKUP}", "escape", "space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_only_text(
            app, f"Mine Point one {MARKUP}", f"Point one {MARKUP}", "Point two [/", "covered"
        )
        await pilot.press("3")
        await pilot.pause()
        assert_only_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert_only_text(app)


async def test_a_mock_interview_of_the_hostile_role_is_text(tmp_path: Path) -> None:
    clock = FakeClock()
    app = hostile_app(tmp_path, mock=MockRequest(ROLE, minutes=10, seed=3), clock=clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_banks(pilot)
        await until(pilot, lambda: isinstance(app.screen, MockPreviewScreen), "preview")
        assert_only_text(app, "Prompt technical [@click=app.quit]x[/]")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen), "interview")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert_only_text(app)
        await pilot.press("n")
        for said in (f"Said {MARKUP}", "[/", "[b]"):  # typed key by key: the first is the long one
            await pilot.pause()
            await pilot.press("tab", *said, "escape", "space")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert_only_text(app, said, f"Point one {MARKUP}", "Follow-up")
            await pilot.press("3")
            clock.advance(30)
            await pilot.press("n")
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen), "scorecard")
        assert_only_text(app, TITLE, "Prompt coding [@click=app.quit]x[/]", f"Said {MARKUP}")
        await pilot.press("q")
        await pilot.pause()
        await press_until(pilot, "H", HistoryScreen)
        assert_only_text(app, "Title [@click=app.quit]x[/]")
        assert app.is_running and app.return_code is None
