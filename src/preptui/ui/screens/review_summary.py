"""The end of a review session: how many were reviewed, how many forgotten, time, next due.

With nothing to review it is the friendly "Nothing due" screen that says when the next card is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from preptui.srs.summary import SessionSummary
from preptui.text import fmt_interval
from preptui.ui.widgets.key_footer import KeyFooter


def fmt_duration(spent: timedelta) -> str:
    """``42s``, ``3m 05s``, ``1h 02m``."""
    seconds = int(spent.total_seconds())
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def fmt_next_due(due: datetime | None, now: datetime) -> str:
    if due is None:
        return "no reviewed cards yet"
    local = due.astimezone()
    when = local.strftime("%a %d %b %H:%M")
    if due <= now:
        return f"now ({when})"
    return f"in {fmt_interval(due - now)} ({when})"


class ReviewSummaryScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("q", "close", "Back", id="review-summary.close.q"),
        Binding("escape", "close", "Back", show=False, id="review-summary.close.escape"),
        Binding("enter", "close", "Back", show=False, id="review-summary.close.enter"),
        Binding("question_mark", "help", "Keys", id="review-summary.help"),
    ]

    def __init__(
        self,
        summary: SessionSummary,
        role_title: str,
        now: datetime,
        *,
        new_per_day: int | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.role_title = role_title
        self.now = now
        self.new_per_day = new_per_day

    @property
    def nothing_due(self) -> bool:
        return self.summary.reviewed == 0

    def compose(self) -> ComposeResult:
        summary = self.summary
        with VerticalScroll(id="review-summary"):
            if self.nothing_due:
                left = summary.left
                title = "Nothing due" if not left else "Nothing reviewed"
                yield Static(Content(f"{title} · {self.role_title}"), classes="title")
                yield Static(
                    "You are all caught up: no card is due and no new question is left for today."
                    if not left
                    else f"Nothing was reviewed: {summary.left_text()}.",
                    classes="summary",
                )
                rows = [("Next due", fmt_next_due(summary.next_due, self.now))]
                if left:
                    rows.insert(0, ("Left", summary.left_text()))
                if self.new_per_day is not None:
                    rows.append(
                        ("New per day", f"{self.new_per_day} (change it in the settings: ,)")
                    )
            else:
                yield Static(Content(f"Session done · {self.role_title}"), classes="title")
                recalled = summary.recalled
                share = f"{recalled / summary.reviewed:.0%}" if summary.reviewed else "–"
                rows = [
                    ("Reviewed", f"{summary.reviewed} card{'s' if summary.reviewed != 1 else ''}"),
                    ("Again", f"{summary.again} (recalled {recalled}, {share})"),
                    (
                        "Grades",
                        f"{summary.again} Again · {summary.hard} Hard · "
                        f"{summary.good} Good · {summary.easy} Easy",
                    ),
                    ("Time spent", fmt_duration(summary.time_spent)),
                    ("Next due", fmt_next_due(summary.next_due, self.now)),
                ]
                if summary.left:  # ended early: say what is still waiting
                    rows.insert(-1, ("Left", summary.left_text()))
            yield Static(
                Content("\n").join(
                    Content.assemble((f"{label:<12}", "bold"), Content(value))
                    for label, value in rows
                ),
                id="summary-facts",
                classes="facts",
            )
            yield Static("q goes back · s in the browser shows your stats", classes="hint")
        yield KeyFooter()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Keys · review summary"))
