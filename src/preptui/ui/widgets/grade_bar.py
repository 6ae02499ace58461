"""The four answers of a review, Anki style: "Again · 1m", "Hard · 6m", "Good · 10m", "Easy · 4d";
the rating the coach suggests from a typed answer is marked "▶".

The keys 1-4 belong to the screen; the buttons are there to see the next intervals and to click.
They never take focus, so space and the digits always reach the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

GRADES: tuple[tuple[int, str, ButtonVariant], ...] = (
    (1, "Again", "error"),
    (2, "Hard", "warning"),
    (3, "Good", "success"),
    (4, "Easy", "primary"),
)


def grade_label(key: int, name: str, interval: str | None, suggested: bool = False) -> Content:
    text = f"{name} · {interval}" if interval else name
    return Content.assemble(("▶ " if suggested else "", "bold"), (f"{key} ", "bold"), text)


class GradeBar(Horizontal):
    @dataclass
    class Chosen(Message):
        """A grade button was clicked (1 Again … 4 Easy)."""

        grade: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._intervals: dict[int, str] = {}
        self.suggested: int | None = None

    def compose(self) -> ComposeResult:
        for key, name, variant in GRADES:
            button = Button(
                grade_label(key, name, None), id=f"grade-{key}", variant=variant, compact=True
            )
            button.can_focus = False
            yield button

    def show(self, intervals: Mapping[int, str], suggested: int | None = None) -> None:
        """Put each grade's next interval on its button (``{3: "4d", …}``), and mark the grade
        the coach suggests (▶, for a reader without colour too)."""
        self._intervals = dict(intervals)
        self.suggest(suggested)

    def suggest(self, grade: int | None) -> None:
        """Mark ``grade`` as the suggested one (None: no suggestion)."""
        self.suggested = grade
        for key, name, _ in GRADES:
            button = self.query_one(f"#grade-{key}", Button)
            button.label = grade_label(key, name, self._intervals.get(key), key == grade)
            button.set_class(key == grade, "-suggested")

    def label(self, grade: int) -> str:
        return str(self.query_one(f"#grade-{grade}", Button).label)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("grade-"):
            self.post_message(self.Chosen(int(event.button.id.removeprefix("grade-"))))
