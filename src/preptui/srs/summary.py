"""The summary of one review session."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from preptui.kinds import Grade
from preptui.times import aware

# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True)
class SessionSummary:
    """What one review session did: counts per grade, time spent and the next due date."""

    reviewed: int
    again: int
    hard: int
    good: int
    easy: int
    time_spent: timedelta
    next_due: datetime | None
    new_left: int = 0  # new questions still in the queue (within today's limit)
    due_left: int = 0  # due or learning cards still in the queue

    @property
    def left(self) -> int:
        """Cards the session did not get to."""
        return self.new_left + self.due_left

    def left_text(self) -> str:
        """What is left, in words: ``10 new left for today``, ``2 to review and 3 new left…``."""
        parts = []
        if self.due_left:
            parts.append(f"{self.due_left} to review")
        if self.new_left:
            parts.append(f"{self.new_left} new")
        if not parts:
            return "nothing left for today"
        return " and ".join(parts) + " left for today"

    @property
    def recalled(self) -> int:
        """Reviews rated Hard or better."""
        return self.reviewed - self.again


def summarize_session(
    ratings: Iterable[tuple[int, int | None]],
    next_due: datetime | None,
    *,
    new_left: int = 0,
    due_left: int = 0,
) -> SessionSummary:
    """Summarise a session from its ``(grade, duration_ms)`` pairs (None durations count 0)."""
    counts: Counter[Grade] = Counter()
    millis = 0
    for grade, duration_ms in ratings:
        counts[Grade(grade)] += 1
        if duration_ms is not None:
            if duration_ms < 0:
                raise ValueError(f"a duration cannot be negative, not {duration_ms}")
            millis += duration_ms
    return SessionSummary(
        reviewed=sum(counts.values()),
        again=counts[Grade.AGAIN],
        hard=counts[Grade.HARD],
        good=counts[Grade.GOOD],
        easy=counts[Grade.EASY],
        time_spent=timedelta(milliseconds=millis),
        next_due=None if next_due is None else aware(next_due, "next_due"),
        new_left=new_left,
        due_left=due_left,
    )
