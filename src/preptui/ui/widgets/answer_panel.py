"""The answer panel: the prompt, then the model answer, key points and tip once revealed.

Moving through the list (a question shown with its answer hidden) fills the prompt and its
badges in place; the panel is built anew only to reveal an answer or hide one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from preptui.ui.body_scroll import scroll_now
from preptui.ui.widgets.badges import difficulty_badge, kind_badge

if TYPE_CHECKING:
    from preptui.model import Question

HIDDEN = "Answer hidden. Say or write your answer, then press space to reveal it."


def key_points_text(points: list[str], ticked: set[int] | None = None) -> Content:
    lines = []
    for index, point in enumerate(points):
        box = "☑" if ticked and index in ticked else "☐"
        lines.append(Content.assemble((box, "$accent"), "  ", Content(point)))
    return Content("\n").join(lines)


def _meta(question: Question) -> Content:
    meta = [difficulty_badge(question.difficulty), Content(" "), kind_badge(question.kind)]
    if question.minutes:
        meta.append(Content(f"  ~{question.minutes} min"))
    if question.tags:
        meta.append(Content.styled("  " + " ".join(f"#{t}" for t in question.tags), "dim"))
    return Content.assemble(*meta)


class AnswerPanel(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll", key_display="j/k", id="answer-panel.scroll_down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="answer-panel.scroll_up"),
    ]

    revealed: reactive[bool] = reactive(False, init=False)
    question: reactive[Question | None] = reactive(None, init=False)
    note: reactive[str] = reactive("", init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # What the children show: (question, revealed, note) as composed; None before compose.
        self._composed: tuple[Question | None, bool, str] | None = None
        self._prompt: Static | None = None
        self._meta: Static | None = None

    # j/k and the arrows scroll at once, as every body does (see preptui.ui.body_scroll).
    def action_scroll_down(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        scroll_now(self, lines=1)

    def action_scroll_up(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        scroll_now(self, lines=-1)

    def show(self, question: Question | None, *, revealed: bool = False) -> None:
        self.set_reactive(AnswerPanel.revealed, revealed)
        self.set_reactive(AnswerPanel.question, question)
        self._update()
        self.scroll_home(animate=False)

    def watch_revealed(self) -> None:
        self._update()

    def watch_question(self) -> None:
        self._update()

    def watch_note(self) -> None:
        self._update()

    def _update(self) -> None:
        """Bring the children up to date: in place when the answer stays hidden, else anew."""
        composed = self._composed
        if composed is None or self._recompose_required:
            return  # compose (to come) reads the current state
        question, revealed = self.question, self.revealed
        if (question, revealed, self.note if revealed else "") == composed:
            return
        old_question, old_revealed, _ = composed
        prompt, meta = self._prompt, self._meta
        hidden_both = not revealed and not old_revealed
        if hidden_both and question is not None and old_question is not None and prompt and meta:
            prompt.update(Content(question.prompt))
            meta.update(_meta(question))
            self._composed = (question, False, "")
            return
        self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        question = self.question
        self._composed = (question, self.revealed, self.note if self.revealed else "")
        self._prompt = self._meta = None
        if question is None:
            yield Static("No question selected.", classes="hint")
            return
        self._prompt = Static(Content(question.prompt), classes="prompt")
        self._meta = Static(_meta(question), classes="meta")
        yield self._prompt
        yield self._meta
        if not self.revealed:
            yield Static(HIDDEN, classes="hint hidden-answer")
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
