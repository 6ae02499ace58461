"""Key points with the coach's marks: covered, partly covered or missed, with the sentence of the
answer that matched, and the rating the marks suggest.

Each mark is a symbol and a word as well as a colour (✓ covered, ◐ partly, ✗ missed), so it reads
without colour. With focus, ``j``/``k`` (or the arrows) move the highlighted point and ``c`` (or
enter) cycles its mark; every correction is posted as :class:`CoverageView.Corrected` for the
screen to store. Without an answer the view shows the key points plainly. Key points and
evidence wrap; nothing is cut short.

A screen that shows this widget adds ``coverage_view.tcss`` to its ``CSS_PATH``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from preptui.coach.model import Coverage, Verdict, suggested_rating
from preptui.kinds import Grade

__all__ = ["MARKS", "MARKS_HELP", "CoverageView"]

#: The marks' own keys, for the help of a screen that shows them (they are not its bindings).
MARKS_HELP = [
    ("j / k, ↑ / ↓", "In the marks (tab after reveal): move between key points"),
    ("c, enter", "In the marks: change the highlighted mark (covered → partly → missed)"),
]

#: How each verdict is shown: symbol, word, colour.
MARKS: dict[Verdict, tuple[str, str, str]] = {
    Verdict.COVERED: ("✓", "covered", "$success"),
    Verdict.PARTIAL: ("◐", "partly", "$warning"),
    Verdict.MISSED: ("✗", "missed", "$error"),
}
_NEXT = {Verdict.COVERED: Verdict.PARTIAL, Verdict.PARTIAL: Verdict.MISSED}


class CoverageView(Vertical, can_focus=True):
    BINDINGS = [
        Binding("j,down", "move(1)", "Next point", id="coverage.next"),
        Binding("k,up", "move(-1)", "Previous point", show=False, id="coverage.previous"),
        Binding("c,enter", "cycle", "Correct", id="coverage.cycle"),
        Binding("escape,tab", "leave", "Leave", id="coverage.leave"),
    ]

    @dataclass
    class Corrected(Message):
        """The person changed a key point's mark (``index`` into the key points)."""

        index: int
        verdict: Verdict

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.key_points: tuple[str, ...] = ()
        self.coverage: Coverage | None = None
        self.corrections: dict[int, Verdict] = {}
        self.highlighted = 0
        self.can_focus = False
        self._rows: list[tuple[Static, Static]] = []

    def compose(self) -> ComposeResult:
        yield Static(id="coverage-summary")
        yield Vertical(id="coverage-rows")

    # ------------------------------------------------------------------ what is shown

    def show_points(self, key_points: Sequence[str]) -> None:
        """The key points alone (no answer to mark)."""
        self._show(key_points, None, {})

    def show_coverage(
        self,
        key_points: Sequence[str],
        coverage: Coverage,
        corrections: Mapping[int, Verdict] | None = None,
    ) -> None:
        """The key points marked by ``coverage``, with the person's corrections on top."""
        self._show(key_points, coverage, dict(corrections or {}))

    @property
    def marked(self) -> bool:
        return self.coverage is not None

    @property
    def verdicts(self) -> list[Verdict]:
        """Each key point's mark as it stands (corrections win); empty without an answer."""
        if self.coverage is None:
            return []
        found = {p.index: p.verdict for p in self.coverage.points}
        return [
            self.corrections.get(i, found.get(i, Verdict.MISSED))
            for i in range(len(self.key_points))
        ]

    @property
    def suggested_rating(self) -> int | None:
        return suggested_rating(self.verdicts) if self.coverage is not None else None

    def _show(
        self,
        key_points: Sequence[str],
        coverage: Coverage | None,
        corrections: dict[int, Verdict],
    ) -> None:
        self.key_points = tuple(key_points)
        self.coverage = coverage
        self.corrections = corrections
        self.highlighted = 0
        self.can_focus = coverage is not None
        self.set_class(coverage is None, "-plain")
        self._rows = [
            (Static(classes="coverage-mark"), Static(classes="coverage-point"))
            for _ in self.key_points
        ]
        self._draw()
        rows = self.query_one("#coverage-rows", Vertical)
        rows.remove_children()
        rows.mount_all(Horizontal(mark, body, classes="coverage-row") for mark, body in self._rows)
        if not self.can_focus and self.has_focus:
            self.screen.set_focus(None)

    def _evidence(self, index: int) -> str:
        if self.coverage is None:
            return ""
        for point in self.coverage.points:
            if point.index == index:
                return point.evidence
        return ""

    def _draw(self) -> None:
        verdicts = self.verdicts
        for index, (mark, body) in enumerate(self._rows):
            point = Content(self.key_points[index])
            here = self.has_focus and index == self.highlighted
            cursor = "›" if here else " "
            if mark.parent is not None:
                mark.parent.set_class(here, "-highlight")
            if not verdicts:
                mark.update(Content.assemble(cursor, ("•", "$accent")))
                body.update(point)
                continue
            verdict = verdicts[index]
            symbol, word, colour = MARKS[verdict]
            mark.update(Content.assemble(cursor, (f"{symbol} {word}", f"bold {colour}")))
            parts = [point]
            evidence = self._evidence(index) if verdict is not Verdict.MISSED else ""
            if evidence:
                parts.append(Content.styled(f"“{evidence}”", "italic $text-muted"))
            if index in self.corrections:
                parts.append(Content.styled("(your mark)", "$text-muted"))
            body.update(Content("\n").join(parts))
        self._draw_summary()

    def _draw_summary(self) -> None:
        summary = self.query_one("#coverage-summary", Static)
        verdicts = self.verdicts
        summary.display = bool(verdicts)
        if not verdicts:
            return
        covered = verdicts.count(Verdict.COVERED)
        partly = verdicts.count(Verdict.PARTIAL)
        grade = Grade(suggested_rating(verdicts))
        text = f"Covered {covered} of {len(verdicts)}"
        if partly:
            text += f", partly {partly}"
        summary.update(
            Content.assemble(text, " · suggested rating ", (f"{int(grade)} {grade.label}", "bold"))
        )

    # ------------------------------------------------------------------ keys

    def on_focus(self) -> None:
        self._draw()
        self._keep_in_view()

    def on_blur(self) -> None:
        self._draw()

    def action_move(self, step: int) -> None:
        if not self.key_points:
            return
        self.highlighted = max(0, min(len(self.key_points) - 1, self.highlighted + step))
        self._draw()
        self._keep_in_view()

    def action_cycle(self) -> None:
        verdicts = self.verdicts
        if not verdicts:
            return
        index = self.highlighted
        verdict = _NEXT.get(verdicts[index], Verdict.COVERED)
        self.corrections[index] = verdict
        self._draw()
        self.post_message(self.Corrected(index, verdict))

    def action_leave(self) -> None:
        self.screen.set_focus(None)

    def _keep_in_view(self) -> None:
        if 0 <= self.highlighted < len(self._rows):
            row = self._rows[self.highlighted][0].parent
            if isinstance(row, Widget):
                row.scroll_visible(animate=False)
