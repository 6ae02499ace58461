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

    @property
    def recalled(self) -> int:
        """Reviews rated Hard or better."""
        return self.reviewed - self.again


def summarize_session(
    ratings: Iterable[tuple[int, int | None]], next_due: datetime | None
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
    )
