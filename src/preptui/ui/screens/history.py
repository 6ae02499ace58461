"""History: every past mock interview, newest first; enter reopens its scorecard or resumes it.

The rows are :func:`preptui.history.history_row` of what :meth:`Practice.mock_history` returns,
so they read as ``preptui history`` prints them (status in words, the time the interview clock
ran). Reopening and resuming are asked for by messages the app handles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from preptui.history import HistoryRow, history_row
from preptui.practice import Practice, PracticeError
from preptui.text import plural
from preptui.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from preptui.records import MockRecord

NAVIGATION_KEYS = [
    ("↑ / ↓", "Move between interviews"),
    ("PgUp / PgDn", "Move a page (older ones are added as you go down)"),
]
#: Rows added at a time, and how near the last one the cursor gets before the next are added.
PAGE, MORE_AHEAD = 100, 10
READ = "history-read"  # the worker that reads the interviews
COLUMNS = ("Date", "Role", "Length", "Used", "Score", "Status")
RIGHT = {"Length", "Used", "Score"}


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("enter", "open", "Scorecard / resume", priority=True, id="history.open"),
        Binding("q", "close", "Back", id="history.close.q"),
        Binding("escape", "close", "Back", show=False, id="history.close.escape"),
        Binding("question_mark", "help", "Help", id="history.help"),
        Binding("j", "cursor_down", "Next interview", show=False, id="history.cursor_down"),
        Binding("k", "cursor_up", "Previous interview", show=False, id="history.cursor_up"),
        Binding("home", "newest", "Newest", show=False, priority=True, id="history.newest"),
        Binding("end", "oldest", "Oldest so far", show=False, priority=True, id="history.oldest"),
    ]
    HELP_EXTRA = NAVIGATION_KEYS

    @dataclass
    class OpenScorecard(Message):
        """Show the scorecard of a finished (or ended) interview."""

        mock_id: int

    @dataclass
    class Resume(Message):
        """Go on with an interview still in progress."""

        mock_id: int

    def __init__(self, practice: Practice) -> None:
        super().__init__()
        self.practice = practice
        self.records: list[MockRecord] = []
        self.rows: dict[int, HistoryRow] = {}  # the interviews shown so far, by id

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Static("Mock interview history", id="history-title", classes="title")
            yield Static("Reading the interviews…", id="history-headline")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="history-hint", classes="hint")
        yield KeyFooter()

    @property
    def table(self) -> DataTable[Text]:
        table: DataTable[Text] = self.query_one("#history-table", DataTable)
        return table

    def on_mount(self) -> None:
        for name in COLUMNS:
            self.table.add_column(Text(name, justify="right" if name in RIGHT else "left"))
        self.table.focus()

    def on_screen_resume(self) -> None:
        # Shown first, or back from a scorecard or an interview that may have finished meanwhile.
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Read the interviews again, in a thread (a thousand take over 10 ms), and show them
        when they come (:meth:`on_worker_state_changed`), keeping the highlighted one."""
        self.run_worker(self._read, thread=True, name=READ, group=READ, exclusive=True)

    def _read(self) -> tuple[list[MockRecord], list[str]] | str:
        try:
            return self.practice.mock_history()
        except PracticeError as exc:
            return str(exc)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != READ or event.state is not WorkerState.SUCCESS:
            return
        if isinstance(worker.result, str):
            self.notify(worker.result, severity="error", markup=False)
        elif worker.result is not None:
            self._show(*worker.result)

    def _show(self, records: list[MockRecord], damaged: list[str]) -> None:
        for line in damaged:
            self.notify(line, severity="warning", timeout=10, markup=False)
        keep = self.mock_id
        self.records = records
        self.rows = {}
        self.table.clear()
        ids = [r.id for r in records]
        upto = ids.index(keep) + 1 if keep in ids else 0
        self._show_more(max(PAGE, -(-upto // PAGE) * PAGE))
        if keep is not None and keep in self.rows:
            self.table.move_cursor(row=self.table.get_row_index(str(keep)), animate=False)
        self.table.display = bool(records)
        self.query_one("#history-headline", Static).update(Content(self._headline()))
        self.query_one("#history-hint", Static).update(Content(self._hint()))

    def _show_more(self, upto: int) -> None:
        """Add the rows of the interviews up to ``upto`` (a page at a time: a long history
        would take seconds to lay out at once)."""
        table = self.table
        for record in self.records[len(self.rows) : upto]:
            row = self.rows[record.id] = history_row(record)
            table.add_row(
                Text(row.date),
                Text(row.role, no_wrap=True),
                Text(row.length, justify="right"),
                Text(row.used, justify="right"),
                Text(row.score, justify="right"),
                Text(row.status, style="bold" if row.unfinished else ""),
                key=str(row.mock_id),
            )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - MORE_AHEAD and len(self.rows) < len(self.records):
            self._show_more(len(self.rows) + PAGE)

    def _headline(self) -> str:
        if not self.records:
            return "No mock interviews yet: press m in the browser to sit one."
        unfinished = sum(r.unfinished for r in self.records)
        more = f" · {unfinished} in progress" if unfinished else ""
        return f"{plural(len(self.records), 'interview')}, newest first{more}"

    def _hint(self) -> str:
        if not self.records:
            return ""
        return "enter shows the scorecard, or goes on with an interview in progress"

    @property
    def mock_id(self) -> int | None:
        """The interview highlighted, if any."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else int(key.value)

    # ------------------------------------------------------------------ actions

    def action_open(self) -> None:
        mock_id = self.mock_id
        row = self.rows.get(mock_id) if mock_id is not None else None
        if row is None:
            self.notify("No mock interview to open.", severity="warning")
            return
        if row.unfinished:
            self.post_message(self.Resume(row.mock_id))
        else:
            self.post_message(self.OpenScorecard(row.mock_id))

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_newest(self) -> None:
        self.table.action_scroll_top()

    def action_oldest(self) -> None:
        self.table.action_scroll_bottom()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self))
