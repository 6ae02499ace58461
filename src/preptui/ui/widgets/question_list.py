"""The question list: review status marker, bookmark star, prompt, difficulty and kind badges."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from preptui.ui.widgets.badges import difficulty_badge, kind_badge, status_badge

if TYPE_CHECKING:
    from preptui.model import Question


def question_label(question: Question, bookmarked: bool, status: str | None = None) -> Content:
    star = Content.from_markup("[$warning]★[/] ") if bookmarked else Content("")
    marker = Content.assemble(status_badge(status, word=False), " ") if status else Content("")
    return Content.assemble(
        star,
        marker,
        Content(question.prompt),
        "\n",
        difficulty_badge(question.difficulty),
        " ",
        kind_badge(question.kind),
    )


MAX_SHOWN = 400


class QuestionList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @dataclass
    class QuestionHighlighted(Message):
        """The highlighted question changed (``None`` when the list is empty)."""

        question: Question | None

    @dataclass
    class QuestionChosen(Message):
        """Enter was pressed on a question."""

        question: Question

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._questions: list[Question] = []
        self._statuses: Mapping[str, str] = {}

    def show(
        self,
        questions: Sequence[Question],
        bookmarks: Collection[str],
        keep: str | None,
        statuses: Mapping[str, str] | None = None,
    ) -> None:
        """Replace the list, keeping ``keep`` highlighted if it is still shown.

        ``statuses`` maps question ids to their review status (new, due, …), shown as a marker.
        """
        self._questions = list(questions[:MAX_SHOWN])
        self._statuses = statuses or {}
        self.clear_options()
        options: list[Option | None] = []
        for q in self._questions:
            label = question_label(q, q.id in bookmarks, self._statuses.get(q.id))
            options += [Option(label, id=q.id), None]
        hidden = len(questions) - len(self._questions)
        if hidden:  # laying out thousands of wrapped rows costs seconds: show the first ones
            more = f"… {hidden:,} more not listed: search with / or filter with d and t"
            options.append(Option(Content.styled(more, "dim italic"), disabled=True))
        else:
            options = options[:-1]
        self.add_options(options)
        ids = [q.id for q in self._questions]
        if keep in ids:
            self.highlighted = ids.index(keep)
        elif ids:
            self.highlighted = 0
        else:
            self.post_message(self.QuestionHighlighted(None))

    def mark(self, question: Question, bookmarked: bool) -> None:
        self.replace_option_prompt(
            question.id, question_label(question, bookmarked, self._statuses.get(question.id))
        )

    @property
    def question(self) -> Question | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._questions):
            return None
        return self._questions[index]

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index >= len(self._questions):
            return
        self.post_message(self.QuestionHighlighted(self._questions[event.option_index]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index >= len(self._questions):
            return
        self.post_message(self.QuestionChosen(self._questions[event.option_index]))
