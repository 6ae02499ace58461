"""The browser's side panes: the role sidebar at the sizes people use, the role overview."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from preptui.banks.discover import Origin
from preptui.banks.load import load_bank
from preptui.banks.loaded import LoadedBank
from preptui.ui.widgets.role_list import RoleList
from preptui.ui.widgets.role_overview import RoleOverview

from ..conftest import SAMPLE_BANKS


def banks_titled(*titles: str) -> list[LoadedBank]:
    path = SAMPLE_BANKS / "alpha.toml"
    bank = load_bank(path)
    return [
        LoadedBank(
            bank.model_copy(
                update={"role": bank.role.model_copy(update={"id": f"r{i}", "title": title})}
            ),
            path,
            Origin.EXTRA,
        )
        for i, title in enumerate(titles)
    ]


class Sidebar(App[None]):
    CSS = "RoleList { width: 20; height: 12; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield RoleList()


async def test_a_label_wraps_again_when_the_scrollbar_comes() -> None:
    """At 80 columns the sidebar is 20 wide and needs a scrollbar: the two columns it takes
    make some labels a line longer. Each must still end with its question count (a label
    that fitted in two lines without the bar lost its third, "Android) 2")."""
    app = Sidebar()
    async with app.run_test(size=(40, 14)) as pilot:
        roles = app.query_one(RoleList)
        titles = [
            "Mobile Engineer (iOS / Android)",
            "Data Analyst",
            *(f"Role {n}" for n in "ABCDEFGH"),
        ]
        roles.set_banks(banks_titled(*titles))
        await pilot.pause()
        assert roles.show_vertical_scrollbar
        rows = ["".join(s.text for s in roles.render_line(y)).rstrip() for y in range(12)]
        count = len(load_bank(SAMPLE_BANKS / "alpha.toml").questions)
        shown = "\n".join(rows)
        assert f"Android) {count}" in shown, shown
        assert f"Data Analyst {count}" in shown.replace("\n", " "), shown


class Overview(App[None]):
    def compose(self) -> ComposeResult:
        yield RoleOverview()


async def test_the_overview_mounts_a_roles_widgets_with_the_first_role() -> None:
    """Before any bank is read it is one line (the first frame draws nothing more); the
    first role mounts the rest, filled before it is shown; the next role reuses them."""
    app = Overview()
    async with app.run_test(size=(80, 30)) as pilot:
        overview = app.query_one(RoleOverview)
        await pilot.pause()
        assert [str(w.render()) for w in overview.query(Static)] == ["Loading banks…"]
        first, second = banks_titled("First role", "Second role")
        overview.show(first.bank.role, 3)
        await pilot.pause()
        shown = [str(w.render()) for w in overview.query(Static) if w.display]
        assert shown[0].endswith("First role") and "3" in shown
        widgets = list(overview.query(Static))
        overview.show(second.bank.role, 4)
        await pilot.pause()
        assert list(overview.query(Static)) == widgets
        shown = [str(w.render()) for w in overview.query(Static) if w.display]
        assert shown[0].endswith("Second role") and "4" in shown and "Loading banks…" not in shown
