"""The answer panel: the prompt, then the model answer, key points and tip once revealed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from preptui.ui.widgets.badges import difficulty_badge, kind_badge

if TYPE_CHECKING:
    from preptui.model import Question


def key_points_text(points: list[str], ticked: set[int] | None = None) -> Content:
    lines = []
    for index, point in enumerate(points):
        box = "☑" if ticked and index in ticked else "☐"
        lines.append(Content.assemble((box, "$accent"), "  ", Content(point)))
    return Content("\n").join(lines)


class AnswerPanel(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll", key_display="j/k", id="answer-panel.scroll_down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="answer-panel.scroll_up"),
    ]

    revealed: reactive[bool] = reactive(False, recompose=True)
    question: reactive[Question | None] = reactive(None, recompose=True)
    note: reactive[str] = reactive("", recompose=True)

    def show(self, question: Question | None, *, revealed: bool = False) -> None:
        self.set_reactive(AnswerPanel.revealed, revealed)
        self.question = question
        self.mutate_reactive(AnswerPanel.question)
        self.scroll_home(animate=False)

    def compose(self) -> ComposeResult:
        question = self.question
        if question is None:
            yield Static("No question selected.", classes="hint")
            return
        yield Static(Content(question.prompt), classes="prompt")
        meta = [difficulty_badge(question.difficulty), Content(" "), kind_badge(question.kind)]
        if question.minutes:
            meta.append(Content(f"  ~{question.minutes} min"))
        if question.tags:
            meta.append(Content.styled("  " + " ".join(f"#{t}" for t in question.tags), "dim"))
        yield Static(Content.assemble(*meta), classes="meta")
        if not self.revealed:
            yield Static(
                "Answer hidden. Say or write your answer, then press space to reveal it.",
                classes="hint hidden-answer",
            )
            return
        from textual.widgets import Markdown  # heavy: imported on first reveal only

        yield Static("Model answer", classes="heading")
        yield Markdown(question.answer, open_links=False, classes="answer")
        yield Static("Key points", classes="heading")
        yield Static(key_points_text(question.key_points), classes="key-points")
        if question.tip:
            yield Static(Content.assemble(("Tip  ", "bold"), Content(question.tip)), classes="tip")
        if question.follow_ups:
            yield Static("Likely follow-ups", classes="heading")
            yield Static(
                Content("\n").join(Content(f"→ {f}") for f in question.follow_ups),
                classes="follow-ups",
            )
        if self.note:
            yield Static("Your note", classes="heading")
            yield Static(Content(self.note), classes="note")
