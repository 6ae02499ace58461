"""Writes that failed, kept in memory in the order they were made, to be tried again.

A rating, a note or a mock interview's result that the store could not take (disk full,
read-only) is never reported as saved and never dropped: it waits here and is written, oldest
first, as soon as the store takes a write again (the next write, a timer, quitting). Pure: the
queue knows nothing of the store; it is given the target and what counts as a failure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from preptui.text import join_words, plural

__all__ = ["Flushed", "Pending", "WriteQueue"]

T = TypeVar("T")

# How each kind of write is counted in words ("2 ratings and 1 note"); others are "changes".
_NOUNS = {
    "Rating": "rating",
    "Undo": "undo",
    "Note": "note",
    "Answer": "mock answer",
    "Notes": "mock note",
    "Scorecard": "scorecard",
    "Mock interview": "mock interview",
}


@dataclass
class Pending(Generic[T]):
    """One write waiting: what it is (for people), how to do it, and what to do once done."""

    what: str
    write: Callable[[T], object]
    done: Callable[[object], None] | None = None
    key: Hashable | None = None  # a later write with the same key replaces this one


@dataclass(frozen=True)
class Flushed:
    """What one attempt wrote, and the failure that stopped it (None: the queue is empty)."""

    written: int
    error: Exception | None


class WriteQueue(Generic[T]):
    """Failed writes, oldest first."""

    def __init__(self) -> None:
        self._items: list[Pending[T]] = []

    def __len__(self) -> int:
        return len(self._items)

    def add(self, item: Pending[T]) -> None:
        if item.key is not None:
            self._items = [p for p in self._items if p.key != item.key]
        self._items.append(item)

    def has(self, key: Hashable) -> bool:
        return any(p.key == key for p in self._items)

    def drop(self, key: Hashable) -> bool:
        """Forget the write with ``key`` (the undo of a rating never written); whether it was."""
        before = len(self._items)
        self._items = [p for p in self._items if p.key != key]
        return len(self._items) != before

    def flush(self, target: T, failures: tuple[type[Exception], ...]) -> Flushed:
        """Write what waits, in order, until one fails (it and the rest stay, in order)."""
        written = 0
        while self._items:
            item = self._items[0]
            try:
                result = item.write(target)
            except failures as exc:
                return Flushed(written, exc)
            self._items.pop(0)
            written += 1
            if item.done is not None:
                item.done(result)
        return Flushed(written, None)

    def describe(self) -> str:
        """What waits, in words: ``2 ratings and 1 mock answer``."""
        counts = Counter(_NOUNS.get(p.what, "change") for p in self._items)
        return join_words([plural(n, noun) for noun, n in counts.items()])
