"""How the mock interview went: per question and in total; e exports a Markdown report.

Per question: the rating, the time against its budget, the key points covered and missed, your
notes, and the follow-up the interviewer asked. The time used and the status read as in
``preptui history`` (the stored time used, :meth:`MockStatus.words`).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from preptui.mock.clock import fmt_clock
from preptui.mock.scorecard import Scorecard, ScoreRow, frame_summary
from preptui.mock.session import FrameResult
from preptui.records import MockStatus
from preptui.text import plural
from preptui.ui.body_scroll import SCROLL, BodyScroll
from preptui.ui.widgets.key_footer import KeyFooter


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


class ScorecardScreen(BodyScroll, Screen[None]):
    CSS_PATH = "mock.tcss"
    BINDINGS = [
        Binding("q", "close", "Back", id="scorecard.close.q"),
        Binding("e", "export", "Export report", id="scorecard.export"),
        Binding("j,down", "scroll(1)", "Scroll down", id="scorecard.scroll.down", group=SCROLL),
        Binding("k,up", "scroll(-1)", "Scroll up", id="scorecard.scroll.up", group=SCROLL),
        Binding("question_mark", "help", "Keys", id="scorecard.help"),
        Binding("escape", "close", "Back", show=False, id="scorecard.close.escape"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, key_display="PgDn", id="scorecard.pgdn"
        ),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, key_display="PgUp", id="scorecard.pgup"
        ),
        Binding("home", "top", "Top", show=False, id="scorecard.top"),
        Binding("end", "bottom", "Bottom", show=False, id="scorecard.bottom"),
    ]

    def __init__(
        self,
        card: Scorecard,
        role_title: str,
        started_at: str,
        export_dir: Path,
        complete: bool,
        *,
        status: str | None = None,
    ) -> None:
        super().__init__()
        self.card = card
        self.role_title = role_title
        self.started_at = started_at
        self.export_dir = export_dir
        self.complete = complete
        self.status = status or (MockStatus.COMPLETE if complete else MockStatus.ENDED_EARLY)
        self.exported: Path | None = None

    def compose(self) -> ComposeResult:
        card = self.card
        with VerticalScroll(id="scorecard", can_focus=False):
            yield Static(
                Content(f"Scorecard · {self.role_title} · {MockStatus.words(self.status)}"),
                classes="title",
            )
            yield Static(self._facts(), classes="facts")
            opening = card.frame("opening")
            if opening is not None:
                yield from self._frame("Opening", opening)
            yield Static("Questions", classes="heading")
            for row in card.rows:
                yield Static(self._row_head(row), classes="score-row")
                yield Static(Content(row.prompt), classes="score-prompt")
                details = self._row_details(row)
                if details is not None:
                    yield Static(details, classes="score-details")
            closing = card.frame("closing")
            if closing is not None:
                yield from self._frame("Closing", closing)
            yield Static("e: export a Markdown report · q: back", classes="hint")
        yield KeyFooter()

    def _facts(self) -> Content:
        card = self.card
        weakest = " · ".join(
            x
            for x in (
                card.weakest_kind.label if card.weakest_kind else "",
                card.weakest_difficulty.value if card.weakest_difficulty else "",
            )
            if x
        )
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
                "Time used",
                f"{fmt_clock(card.used_seconds)} of {card.minutes}:00 · "
                f"{plural(card.over_time, 'question')} over time",
            ),
            ("Key points", f"{card.points_covered} of {card.points_total} covered"),
            ("Weakest", weakest or "not enough rated answers to tell"),
        ]
        return Content("\n").join(
            Content.assemble((f"{label:<11}", "bold"), Content(value)) for label, value in totals
        )

    def _frame(self, title: str, frame: FrameResult) -> ComposeResult:
        yield Static(
            Content.assemble((title, "bold"), "  ", (frame_summary(frame), "$text-muted")),
            classes="heading",
        )
        if frame.notes.strip():
            yield Static(Content(frame.notes.strip()), classes="score-details")

    def _row_head(self, row: ScoreRow) -> Content:
        used = f"{fmt_clock(row.used_seconds)}/{fmt_clock(row.budget_seconds)}"
        style = "$error" if row.over_time else ""
        return Content.assemble(
            (f"{row.number:>2}. ", "bold"),
            (f"{row.rating_label:<12}", "bold $accent"),
            (f"{used:<12}", style),
            f"key points {row.covered_points}/{row.total_points}",
        )

    def _row_details(self, row: ScoreRow) -> Content | None:
        if not row.reached or row.skipped:
            return None
        lines: list[Content] = []
        points = self.card.points_of(row)
        if row.result.points_known:
            for index in row.covered:
                if index < len(points):
                    lines.append(Content.assemble(("✓ ", "$success"), Content(points[index])))
            for index in row.partial:
                if index < len(points):
                    lines.append(Content.assemble(("◐ ", "$warning"), Content(points[index])))
            for index in row.missed:
                if index < len(points):
                    lines.append(Content.assemble(("✗ ", "$error"), Content(points[index])))
        if row.notes.strip():
            lines.append(Content.assemble(("Your notes  ", "bold"), Content(row.notes.strip())))
        if row.follow_up:
            label = "Follow-up (passed)  " if row.follow_up_skipped else "Follow-up  "
            lines.append(Content.assemble((label, "bold"), Content(row.follow_up)))
            if row.follow_up_notes.strip():
                lines.append(Content.assemble("  ", Content(row.follow_up_notes.strip())))
        return Content("\n").join(lines) if lines else None

    # ------------------------------------------------------------------ actions

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#scorecard", VerticalScroll)

    def scroll_body(self) -> VerticalScroll:
        return self.body

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Keys · scorecard"))

    def action_export(self) -> None:
        stamp = self.started_at.replace(":", "").replace("-", "")[:15]
        slug = "".join(c if c.isalnum() else "-" for c in self.role_title.lower()).strip("-")
        path = self.export_dir / f"mock-{stamp}-{slug}.md"
        report = self.card.to_markdown(self.role_title, self.started_at, self.status)
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(report, encoding="utf-8")
        except OSError as exc:
            self.notify(f"Report not saved: {exc}", severity="error", markup=False)
            return
        self.exported = path
        self.notify(f"Report saved to {path}", timeout=10, markup=False)

    def action_close(self) -> None:
        self.app.pop_screen()
