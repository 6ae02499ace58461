"""Practice statistics of a role: headline figures, two terminal plots and the weak spots.

The plots use textual-plotext, imported when this screen is built, never at app start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from preptui.stats import DAYS, RoleStats, facts, local_time, weak_name
from preptui.text import fmt_interval, percent, plural
from preptui.ui.body_scroll import BodyScroll
from preptui.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from preptui.coach.progress import WeekCoverage

TICK_EVERY = 7
WIDE_CHART = 50  # columns from which the reviews chart has a date label every week
#: Reviews a kind or a difficulty needs before it can be called weak (one Again says little).
MIN_SAMPLE = 5


def _table(rows: Sequence[tuple[str, ...]], styles: tuple[str, ...] = ()) -> Content:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            Content.styled(f"{cell:<{width}}  ", styles[i] if i < len(styles) else "")
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append(Content.assemble(*cells).rstrip())
    return Content("\n").join(lines)


class StatsScreen(BodyScroll, Screen[None]):
    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("q", "close", "Back", id="stats.close.q"),
        Binding("escape", "close", "Back", show=False, id="stats.close.escape"),
        Binding("r", "review", "Review now", id="stats.review"),
        Binding(
            "j",
            "scroll(1)",
            "Scroll",
            key_display="j/k",
            tooltip="Scroll down",
            id="stats.scroll.j",
        ),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="stats.scroll.k"),
        Binding("down", "scroll(1)", "Scroll", show=False, id="stats.scroll.down"),
        Binding("up", "scroll(-1)", "Scroll up", show=False, id="stats.scroll.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="stats.scroll.pgdn"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="stats.scroll.pgup"),
        Binding("home", "top", "Top", show=False, id="stats.scroll.home"),
        Binding("end", "bottom", "End", show=False, id="stats.scroll.end"),
        Binding("question_mark", "help", "Help", id="stats.help"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (76, "-narrow"), (110, "-wide")]

    @dataclass
    class OpenReview(Message):
        """Start a review of the role these stats are for."""

        role_id: str

    def __init__(self, stats: RoleStats, coverage: Sequence[WeekCoverage] = ()) -> None:
        super().__init__()
        self.stats = stats
        self.coverage = list(coverage)

    def compose(self) -> ComposeResult:
        from preptui.ui.widgets.chart import Chart  # plotext is heavy: only when stats are shown

        stats = self.stats
        with VerticalScroll(id="stats-body"):
            yield Static(Content(f"Stats · {stats.role_title}"), classes="title")
            yield Static(
                Content("\n").join(
                    Content.assemble((f"{label:<11}", "bold"), Content(value))
                    for label, value in _facts(stats)
                ),
                id="stats-facts",
                classes="facts",
            )
            with Horizontal(id="stats-charts"):
                with Vertical(classes="stats-chart"):
                    yield Static(f"Reviews per day, last {DAYS} days", classes="heading")
                    yield Chart(self._draw_reviews, id="reviews-plot")
                with Vertical(classes="stats-chart"):
                    yield Static("Mock interview scores", classes="heading")
                    if stats.mock_scores:
                        yield Chart(self._draw_mocks, id="mocks-plot")
                    else:
                        yield Static(
                            "No scored mock interviews yet: press m in the browser.",
                            classes="hint",
                        )
            yield Static("Weakest kinds and difficulties", classes="heading")
            weakest = [spot for spot in stats.weakest if spot.reviews >= MIN_SAMPLE]
            if weakest:
                rows = [("", "mean grade (1 Again – 4 Easy)", "reviews")] + [
                    (weak_name(s), f"{s.mean_grade:.1f}", str(s.reviews)) for s in weakest[:6]
                ]
                yield Static(_table(rows, ("bold",)), id="stats-weakest")
            elif stats.weakest:
                yield Static(
                    f"Not enough answers yet: a kind or a difficulty is shown here once it has "
                    f"{plural(MIN_SAMPLE, 'review')}.",
                    classes="hint",
                    id="stats-weakest",
                )
            else:
                yield Static("No reviews of this role's questions yet.", classes="hint")
            yield Static("Key points your typed answers covered", classes="heading")
            if self.coverage:
                weeks = [("week of", "answers", "covered")] + [
                    (
                        f"{w.week:%a %d %b}",
                        str(w.answers),
                        f"{percent(w.share)} of {plural(w.points, 'key point')}",
                    )
                    for w in self.coverage
                ]
                yield Static(_table(weeks, ("dim", "", "bold")), id="stats-coverage")
            else:
                yield Static(
                    "No typed answers yet: type one in review (tab) before you reveal, and the "
                    "coach marks which key points it covered.",
                    classes="hint",
                    id="stats-coverage",
                )
            yield Static("Recent reviews", classes="heading")
            if stats.recent:
                recent = [("when", "grade", "next due", "question")] + [
                    (
                        local_time(item.reviewed_at, stats.tz),
                        item.grade.label,
                        _next_due(item.next_due, stats),
                        " ".join(item.prompt.split())
                        if item.prompt is not None
                        else f"{item.question_id} (orphaned)",
                    )
                    for item in stats.recent
                ]
                yield Static(_table(recent, ("dim", "bold", "$text-muted")), id="stats-recent")
            else:
                yield Static(
                    f"No reviews yet: press r to start ({plural(stats.questions, 'question')}).",
                    classes="hint",
                )
        yield KeyFooter()

    def _draw_reviews(self, reviews: Any, width: int) -> None:
        stats = self.stats
        counts = [count for _, count in stats.per_day]
        xs = list(range(1, len(counts) + 1))
        reviews.bar(xs, counts, width=0.5, marker="hd", color="cyan")
        # Room right of today's bar for its label: a label that would overflow the edge is
        # dropped or kept by plotext depending on set order (the hash seed), not on the data.
        reviews.xlim(0.5, len(xs) + 2.5)
        # A date every week; every two weeks when narrow (labels a week apart would touch, and
        # plotext then shifts them by a column depending on set order, not on the data).
        every = TICK_EVERY if width >= WIDE_CHART else 2 * TICK_EVERY
        ticks = [x for x in xs if (len(xs) - x) % every == 0]
        reviews.xticks(ticks, [f"{stats.per_day[x - 1][0]:%m-%d}" for x in ticks])
        step = max(1, -(-max([1, *counts]) // 4))  # about four whole-number ticks
        top = -(-max([1, *counts]) // step) * step
        reviews.yticks(list(range(0, top + 1, step)))
        reviews.ylim(0, top)

    def _draw_mocks(self, mocks: Any, width: int) -> None:
        stats = self.stats
        scores = [score for _, score in stats.mock_scores]
        positions = list(range(1, len(scores) + 1))
        mocks.plot(positions, scores, marker="braille", color="green")
        mocks.scatter(positions, scores, marker="●", color="green")
        step = max(1, len(positions) // 4)
        shown = positions[::step]
        mocks.xticks(
            shown,
            [f"{stats.mock_scores[p - 1][0].astimezone(stats.tz):%m-%d}" for p in shown],
        )
        mocks.xlim(0.5, len(positions) + 0.5)
        mocks.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        mocks.ylim(0, 100)

    def scroll_body(self) -> VerticalScroll:
        return self.query_one("#stats-body", VerticalScroll)

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Stats: keys"))

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_review(self) -> None:
        self.app.pop_screen()
        self.app.post_message(self.OpenReview(self.stats.role_id))


def _facts(stats: RoleStats) -> list[tuple[str, str]]:
    """The headline rows; "Orphaned" only when there are some (the row then says what it is)."""
    return [
        (label, value) for label, value in facts(stats) if label != "Orphaned" or stats.orphaned
    ]


def _next_due(due: datetime | None, stats: RoleStats) -> str:
    """``due now`` or ``in 4d``: short, so the question beside it keeps the width."""
    if due is None:
        return "–"
    if due <= stats.now:
        return "due now"
    return f"in {fmt_interval(due - stats.now)}"
