"""Today: every role's due, learning and new questions, the streak, and one key to review them all.

The figures are :meth:`Practice.today` (the one card-status rule, as ``preptui stats`` and the
browser count them), read again whenever the screen comes back and as time passes. Navigation is
asked for by messages the app handles: review everything due, open a role in the browser, history.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from preptui.practice import Practice, PracticeError
from preptui.today import COLUMNS, Today
from preptui.ui.widgets.key_footer import KeyFooter

#: How often the figures are worked out again while the screen is shown (cards fall due).
REFRESH_SECONDS = 30.0
FIGURES = "today-figures"  # the worker that works them out

NAVIGATION_KEYS = [("↑ / ↓", "Move between roles")]


class TodayScreen(Screen[None]):
    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("r", "review_all", "Review all due", id="today.review_all"),
        Binding("enter", "open_role", "Browse role", priority=True, id="today.open_role"),
        Binding("h", "history", "History", id="today.history"),
        Binding("q", "close", "Back", id="today.close.q"),
        Binding("escape", "close", "Back", show=False, id="today.close.escape"),
        Binding("question_mark", "help", "Help", id="today.help"),
        Binding("j", "cursor_down", "Next role", show=False, id="today.cursor_down"),
        Binding("k", "cursor_up", "Previous role", show=False, id="today.cursor_up"),
    ]
    HELP_EXTRA = NAVIGATION_KEYS

    class ReviewAll(Message):
        """Review everything due (and today's new questions) in every role."""

    @dataclass
    class OpenRole(Message):
        """Show this role in the browser."""

        role_id: str

    class OpenHistory(Message):
        """Show the past mock interviews."""

    def __init__(self, practice: Practice) -> None:
        super().__init__()
        self.practice = practice
        self.today: Today | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="today"):
            yield Static("Today", id="today-title", classes="title")
            yield Static("Working out today's figures…", id="today-headline")
            yield DataTable(id="today-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="today-hint", classes="hint")
        yield KeyFooter()

    @property
    def table(self) -> DataTable[Text]:
        table: DataTable[Text] = self.query_one("#today-table", DataTable)
        return table

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Role", key="role")
        for name in COLUMNS:
            table.add_column(Text(name, justify="right"), key=name)
        self.set_interval(REFRESH_SECONDS, self.refresh_figures, name="today-refresh")
        table.focus()

    def on_screen_resume(self) -> None:
        # Shown first, or back from a review (or the browser's role) with other figures.
        self.refresh_figures()

    def refresh_figures(self) -> None:
        """Work the figures out again, in a thread (tens of ms over a long history), and show
        them when they come (:meth:`on_worker_state_changed`), keeping the highlighted role."""
        self.run_worker(self._figures, thread=True, name=FIGURES, group=FIGURES, exclusive=True)

    def _figures(self) -> Today | str:
        try:
            return self.practice.today()
        except PracticeError as exc:
            return str(exc)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != FIGURES or event.state is not WorkerState.SUCCESS:
            return
        if isinstance(worker.result, Today):
            self._show(worker.result)
        else:
            self.notify(str(worker.result), severity="error", markup=False)

    def _show(self, today: Today) -> None:
        self.today = today
        self.query_one("#today-title", Static).update(Content(f"Today · {today.day:%a %d %b}"))
        self.query_one("#today-headline", Static).update(Content(today.headline()))
        table = self.table
        keep = self.role_id
        table.clear()
        for role in today.roles:
            numbers = (role.due, role.learning, role.new, role.total)
            cells = [
                Text(str(n), justify="right", style="bold" if n and i == 0 else "")
                for i, n in enumerate(numbers)
            ]
            table.add_row(Text(role.role_title, no_wrap=True), *cells, key=role.role_id)
        if keep is not None and today.role(keep) is not None:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self.query_one("#today-hint", Static).update(Content(self._hint(today)))

    @staticmethod
    def _hint(today: Today) -> str:
        if not today.roles:
            return "No banks loaded."
        if today.due or today.new:
            return "r reviews everything due in every role · enter opens a role in the browser"
        return "Nothing due and no new question left for today. h shows past mock interviews."

    @property
    def role_id(self) -> str | None:
        """The role highlighted in the table, if any."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    # ------------------------------------------------------------------ actions

    def action_review_all(self) -> None:
        self.post_message(self.ReviewAll())

    def action_open_role(self) -> None:
        role_id = self.role_id
        if role_id is None:
            self.notify("No role loaded.", severity="warning")
            return
        self.post_message(self.OpenRole(role_id))

    def action_history(self) -> None:
        self.post_message(self.OpenHistory())

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self))
