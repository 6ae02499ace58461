"""The baseline: a bare Textual app with the same widgets as preptui's browser and static text.

It imports nothing of preptui. bench.py times how long it takes to show its first role title.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Footer, Input, OptionList, Static


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit"), ("space", "noop", "Reveal"), ("slash", "noop", "Search")]

    def compose(self) -> ComposeResult:
        with Horizontal():
            roles = OptionList(
                "🤖 Backend Engineer\n   20 questions", "🤖 Data Scientist\n   20 questions"
            )
            roles.border_title = "Roles"
            yield roles
            with Vertical():
                yield Input(placeholder="Search")
                yield Static("20 of 20")
                yield OptionList(*(f"Question {i}\n easy  technical" for i in range(20)))
            with ContentSwitcher(initial="overview"), VerticalScroll(id="overview"):
                yield Static("Backend Engineer")
                yield Static("Summary of the role.")
        yield Footer()

    def action_noop(self) -> None:
        pass


if __name__ == "__main__":
    BareApp().run()
