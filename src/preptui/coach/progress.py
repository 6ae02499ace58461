"""How much of the key points your typed answers covered, week by week (pure).

Each stored mark counts once: the person's correction when they gave one, else the coach's mark;
a partly covered point earns half (:attr:`Verdict.credit`). The stats screen and ``preptui stats``
show the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from preptui.coach.model import Verdict

__all__ = ["WeekCoverage", "coverage_by_week", "coverage_line"]


@dataclass(frozen=True)
class WeekCoverage:
    """One week (Monday first) of typed answers: how many, and the share of key points earned."""

    week: date
    answers: int
    points: int
    earned: float

    @property
    def share(self) -> float:
        return self.earned / self.points if self.points else 0.0


def coverage_by_week(
    marks: Iterable[tuple[int, str, str]],
    now: datetime,
    zone: tzinfo | None = None,
    weeks: int = 8,
) -> list[WeekCoverage]:
    """The last ``weeks`` weeks that have answers, oldest first.

    ``marks`` are ``(answer_id, created_at ISO time, verdict that stands)`` rows; an unknown
    verdict or time is skipped (a damaged row never breaks the stats).
    """
    this_week = _monday(now.astimezone(zone).date())
    first = this_week - timedelta(weeks=max(1, weeks) - 1)
    answers: dict[date, set[int]] = {}
    points: dict[date, int] = {}
    earned: dict[date, float] = {}
    for answer_id, created_at, verdict in marks:
        try:
            credit = Verdict(verdict).credit
            when = datetime.fromisoformat(created_at)
        except ValueError:
            continue
        if when.tzinfo is None:
            continue
        week = _monday(when.astimezone(zone).date())
        if week < first or week > this_week:
            continue
        answers.setdefault(week, set()).add(answer_id)
        points[week] = points.get(week, 0) + 1
        earned[week] = earned.get(week, 0.0) + credit
    return [WeekCoverage(w, len(answers[w]), points[w], earned[w]) for w in sorted(answers)]


def coverage_line(weeks: Sequence[WeekCoverage]) -> str:
    """One line for ``preptui stats``: this (latest) week's share, and the one before it."""
    from preptui.text import percent, plural

    latest = weeks[-1]
    line = (
        f"Typed answers: {percent(latest.share)} of key points covered in the week of "
        f"{latest.week:%d %b} ({plural(latest.answers, 'answer')})"
    )
    if len(weeks) > 1:
        line += f", {percent(weeks[-2].share)} the week before"
    return line


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())
