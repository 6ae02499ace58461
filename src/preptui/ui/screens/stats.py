"""Practice statistics of a role: headline figures, two terminal plots and the weak spots.

The plots use textual-plotext, imported when this screen is built, never at app start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from preptui.stats import DAYS, RoleStats, due_text, facts, local_time, weak_name
from preptui.text import plural

TICK_EVERY = 7


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


class StatsScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("q", "close", "Back to browser", id="stats.close.q"),
        Binding("escape", "close", "Back", show=False, id="stats.close.escape"),
        Binding("r", "review", "Review now", id="stats.review"),
    ]

    @dataclass
    class OpenReview(Message):
        """Start a review of the role these stats are for."""

        role_id: str

    def __init__(self, stats: RoleStats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot  # heavy: only when stats are shown

        stats = self.stats
        with VerticalScroll(id="stats"):
            yield Static(Content(f"Stats · {stats.role_title}"), classes="title")
            yield Static(
                Content("\n").join(
                    Content.assemble((f"{label:<11}", "bold"), Content(value))
                    for label, value in facts(stats)
                ),
                id="stats-facts",
                classes="facts",
            )
            with Horizontal(id="stats-plots"):
                with Vertical(classes="plot-box"):
                    yield Static(f"Reviews per day, last {DAYS} days", classes="heading")
                    yield PlotextPlot(id="reviews-plot")
                with Vertical(classes="plot-box"):
                    yield Static("Mock interview scores", classes="heading")
                    if stats.mock_scores:
                        yield PlotextPlot(id="mocks-plot")
                    else:
                        yield Static(
                            "No scored mock interviews yet: press m in the browser.",
                            classes="hint",
                        )
            yield Static("Weakest kinds and difficulties", classes="heading")
            if stats.weakest:
                rows = [("", "mean grade", "reviews")] + [
                    (weak_name(s), f"{s.mean_grade:.1f}", str(s.reviews)) for s in stats.weakest[:6]
                ]
                yield Static(_table(rows, ("bold",)), id="stats-weakest")
            else:
                yield Static("No reviews of this role's questions yet.", classes="hint")
            yield Static("Recent reviews", classes="heading")
            if stats.recent:
                recent = [
                    (
                        local_time(item.reviewed_at, stats.tz),
                        item.grade.label,
                        item.prompt
                        if item.prompt is not None
                        else f"{item.question_id} (orphaned)",
                        "next " + due_text(item.next_due, stats.now, stats.tz),
                    )
                    for item in stats.recent
                ]
                yield Static(
                    Content("\n").join(
                        Content.assemble(
                            (f"{when}  ", "dim"),
                            (f"{grade:<6}", "bold"),
                            Content(_clip(prompt, 48)),
                            "  ",
                            (due, "$text-muted"),
                        )
                        for when, grade, prompt, due in recent
                    ),
                    id="stats-recent",
                )
            else:
                yield Static(
                    f"No reviews yet: press r to start ({plural(stats.questions, 'question')}).",
                    classes="hint",
                )
        yield Footer()

    def on_mount(self) -> None:
        from textual_plotext import PlotextPlot

        stats = self.stats
        found = self.query("#reviews-plot").results(PlotextPlot)
        plot = next(found, None)
        if plot is None:  # the app is shutting down under us (say, q then s typed at once)
            return
        reviews: Any = plot.plt
        counts = [count for _, count in stats.per_day]
        xs = list(range(1, len(counts) + 1))
        reviews.bar(xs, counts, width=0.5, marker="hd", color="cyan")
        reviews.xlim(0.5, len(xs) + 0.5)
        ticks = [x for x in xs if (len(xs) - x) % TICK_EVERY == 0]
        reviews.xticks(ticks, [f"{stats.per_day[x - 1][0]:%m-%d}" for x in ticks])
        step = max(1, -(-max([1, *counts]) // 4))  # about four whole-number ticks
        top = -(-max([1, *counts]) // step) * step
        reviews.yticks(list(range(0, top + 1, step)))
        reviews.ylim(0, top)
        if stats.mock_scores:
            mocks: Any = self.query_one("#mocks-plot", PlotextPlot).plt
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

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_review(self) -> None:
        self.app.pop_screen()
        self.app.post_message(self.OpenReview(self.stats.role_id))


def _clip(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
