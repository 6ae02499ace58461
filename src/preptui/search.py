"""Filtering and incremental search over a role's questions. Pure: no Textual."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from preptui.kinds import Difficulty, Kind

if TYPE_CHECKING:
    from preptui.model import Question


T = TypeVar("T")


def cycle(current: T | None, options: Sequence[T]) -> T | None:
    """The next filter value: none → first → … → last → none."""
    if current is None:
        return options[0] if options else None
    index = list(options).index(current) if current in options else -1
    return options[index + 1] if index + 1 < len(options) else None


@dataclass(frozen=True)
class Filter:
    text: str = ""
    difficulty: Difficulty | None = None
    kind: Kind | None = None
    bookmarked: bool = False
    due: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(self.text.casefold().split())

    @property
    def active(self) -> bool:
        return bool(self.terms or self.difficulty or self.kind or self.bookmarked or self.due)

    def cleared(self) -> Filter:
        return Filter()

    def with_text(self, text: str) -> Filter:
        return replace(self, text=text)

    def next_difficulty(self) -> Filter:
        return replace(self, difficulty=cycle(self.difficulty, list(Difficulty)))

    def next_kind(self, kinds: Sequence[Kind] | None = None) -> Filter:
        return replace(self, kind=cycle(self.kind, list(kinds or Kind)))

    def toggle_bookmarked(self) -> Filter:
        return replace(self, bookmarked=not self.bookmarked)

    def toggle_due(self) -> Filter:
        return replace(self, due=not self.due)

    def describe(self, shown: int, total: int) -> str:
        """The filter line, e.g. ``7 of 18 · medium · technical · "drift"``."""
        parts = [f"{shown} of {total}"]
        if self.difficulty:
            parts.append(self.difficulty.value)
        if self.kind:
            parts.append(self.kind.label)
        if self.bookmarked:
            parts.append("bookmarked")
        if self.due:
            parts.append("due")
        if self.terms:
            parts.append(f"“{' '.join(self.terms)}”")
        return " · ".join(parts)


class SearchIndex:
    """Pre-folded search text for a list of questions, so each keystroke only scans strings."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = list(questions)
        self._texts = [q.search_text() for q in self.questions]

    def filter(
        self, flt: Filter, bookmarks: Collection[str] = (), due: Collection[str] = ()
    ) -> list[int]:
        """Indices of the questions that pass the filter, in bank order.

        ``due`` holds the ids of the questions due for review (used when ``flt.due`` is on).
        """
        terms = flt.terms
        out: list[int] = []
        for index, question in enumerate(self.questions):
            if flt.difficulty is not None and question.difficulty is not flt.difficulty:
                continue
            if flt.kind is not None and question.kind is not flt.kind:
                continue
            if flt.bookmarked and question.id not in bookmarks:
                continue
            if flt.due and question.id not in due:
                continue
            if terms:
                text = self._texts[index]
                if not all(term in text for term in terms):
                    continue
            out.append(index)
        return out


def filter_questions(
    questions: Sequence[Question], flt: Filter, bookmarks: Collection[str] = ()
) -> list[Question]:
    index = SearchIndex(questions)
    return [index.questions[i] for i in index.filter(flt, bookmarks)]
