"""How the mock interview went: per question and in total; e exports a Markdown report."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from preptui.mock.clock import fmt_clock
from preptui.mock.scorecard import Scorecard


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


class ScorecardScreen(Screen[None]):
    CSS_PATH = "mock.tcss"
    BINDINGS = [
        Binding("e", "export", "Export report", id="scorecard.export"),
        Binding("q", "close", "Back to browser", id="scorecard.close.q"),
        Binding("escape", "close", "Back", show=False, id="scorecard.close.escape"),
    ]

    def __init__(
        self, card: Scorecard, role_title: str, started_at: str, export_dir: Path, complete: bool
    ) -> None:
        super().__init__()
        self.card = card
        self.role_title = role_title
        self.started_at = started_at
        self.export_dir = export_dir
        self.complete = complete
        self.exported: Path | None = None

    def compose(self) -> ComposeResult:
        card = self.card
        status = "complete" if self.complete else "ended early"
        with VerticalScroll(id="scorecard"):
            yield Static(Content(f"Scorecard · {self.role_title} · {status}"), classes="title")
            totals = [
                (
                    "Score",
                    f"{_score(card.score)} of rated answers · "
                    f"{_score(card.completion_score)} counting every question",
                ),
                (
                    "Questions",
                    f"{card.rated} rated, {card.unrated} unrated, {card.skipped} skipped, "
                    f"{card.unreached} not reached, of {card.total_questions}",
                ),
                (
                    "Time",
                    f"{fmt_clock(card.used_seconds)} used of {fmt_clock(card.budget_seconds)}"
                    f" · {card.over_time} over time",
                ),
                ("Key points", f"{card.points_covered}/{card.points_total} covered"),
                (
                    "Weakest",
                    " · ".join(
                        x
                        for x in (
                            card.weakest_kind.label if card.weakest_kind else "",
                            card.weakest_difficulty.value if card.weakest_difficulty else "",
                        )
                        if x
                    )
                    or "–",
                ),
            ]
            yield Static(
                Content("\n").join(
                    Content.assemble((f"{label:<11}", "bold"), Content(value))
                    for label, value in totals
                ),
                classes="facts",
            )
            yield Static("Questions", classes="heading")
            for row in card.rows:
                used = f"{fmt_clock(row.used_seconds)}/{fmt_clock(row.budget_seconds)}"
                style = "$error" if row.over_time else ""
                head = Content.assemble(
                    (f"{row.number:>2}. ", "bold"),
                    (f"{row.rating_label:<12}", "bold $accent"),
                    (f"{used:<12}", style),
                    f"points {row.covered_points}/{row.total_points}  ",
                    Content(row.prompt),
                )
                yield Static(head, classes="score-row")
                if row.notes.strip():
                    yield Static(Content(row.notes.strip()), classes="score-notes")
            yield Static("e: export a Markdown report · q: back to the browser", classes="hint")
        yield Footer()

    def action_export(self) -> None:
        self.export_dir.mkdir(parents=True, exist_ok=True)
        stamp = self.started_at.replace(":", "").replace("-", "")[:15]
        slug = "".join(c if c.isalnum() else "-" for c in self.role_title.lower()).strip("-")
        path = self.export_dir / f"mock-{stamp}-{slug}.md"
        path.write_text(self.card.to_markdown(self.role_title, self.started_at), encoding="utf-8")
        self.exported = path
        self.notify(f"Report saved to {path}", timeout=10, markup=False)

    def action_close(self) -> None:
        self.app.pop_screen()
