"""Practice metrics from the review log: retention, streak, reviews a day, readiness, weak spots."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from preptui.kinds import Difficulty, Grade, Kind
from preptui.srs.status import Status, card_status
from preptui.times import aware

# --------------------------------------------------------------------------- stats


@dataclass(frozen=True)
class ReviewEvent:
    """One stored review: which question, the grade (1-4) and when (timezone-aware)."""

    role_id: str
    question_id: str
    grade: int
    reviewed_at: datetime

    def __post_init__(self) -> None:
        if self.grade not in (1, 2, 3, 4) or isinstance(self.grade, bool):
            raise ValueError(f"a grade is 1-4, not {self.grade!r}")
        aware(self.reviewed_at, "reviewed_at")


def retention(events: Iterable[ReviewEvent]) -> float | None:
    """The share of recall tests passed (grade 2 or more), or None when there are none.

    A recall test is a review of a card reviewed before, at least a day after its previous
    review: roughly FSRS's long-term reviews. First sights and same-day learning steps are left
    out, since they measure learning rather than memory. Pass the whole history: the first
    review of each card in ``events`` is only used as the previous review of the next one.
    """
    last: dict[tuple[str, str], datetime] = {}
    tests = passed = 0
    for event in sorted(events, key=lambda e: aware(e.reviewed_at)):
        key = (event.role_id, event.question_id)
        when = aware(event.reviewed_at)
        previous = last.get(key)
        if previous is not None and when - previous >= timedelta(days=1):
            tests += 1
            passed += event.grade >= Grade.HARD
        last[key] = when
    return passed / tests if tests else None


def _review_days(events: Iterable[ReviewEvent], tz: tzinfo) -> Counter[date]:
    return Counter(aware(e.reviewed_at).astimezone(tz).date() for e in events)


def streak(events: Iterable[ReviewEvent], today: date, tz: tzinfo = UTC) -> int:
    """Consecutive days (in ``tz``) with at least one review, ending today.

    A day with nothing yet does not break the streak until it is over: with no review today,
    the streak ending yesterday counts.
    """
    days = _review_days(events, tz)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def reviews_per_day(
    events: Iterable[ReviewEvent], days: int, today: date, tz: tzinfo = UTC
) -> list[tuple[date, int]]:
    """Reviews on each of the ``days`` days ending ``today`` (in ``tz``), oldest first."""
    if days < 0:
        raise ValueError(f"days cannot be negative, not {days}")
    counts = _review_days(events, tz)
    return [
        (day, counts.get(day, 0))
        for day in (today - timedelta(days=back) for back in range(days - 1, -1, -1))
    ]


def readiness(
    questions: Sequence[tuple[str, Kind]],
    cards: Mapping[str, Mapping[str, Any]],
    mix: Mapping[Kind, int],
    now: datetime,
) -> float:
    """How ready the user is for the interview, 0..1.

    For each kind, the share of the bank's questions of that kind whose status at ``now`` is
    MASTERED (a mastered card that is due again does not count until reviewed); the shares are
    averaged, weighted by how many questions of each kind the interview asks (``mix``). Kinds
    the bank has no question of, or that the mix does not ask, are left out; 0 when none is left.
    """
    moment = aware(now, "now")
    totals: Counter[Kind] = Counter()
    mastered: Counter[Kind] = Counter()
    for qid, kind in dict(questions).items():
        totals[kind] += 1
        mastered[kind] += card_status(cards.get(qid), moment) is Status.MASTERED
    weights = {kind: n for kind, n in mix.items() if n > 0 and totals[kind] > 0}
    total_weight = sum(weights.values())
    if not total_weight:
        return 0.0
    share = sum(n * mastered[kind] / totals[kind] for kind, n in weights.items())
    return share / total_weight


class WeakSpot(NamedTuple):
    """A kind or a difficulty with the mean grade of its reviews and how many there were."""

    name: Kind | Difficulty
    mean_grade: float
    reviews: int


_KINDS = tuple(Kind)
_DIFFICULTIES = tuple(Difficulty)


def weakest(
    events: Iterable[ReviewEvent], question_meta: Mapping[str, tuple[Kind, Difficulty]]
) -> list[WeakSpot]:
    """The mean grade per kind and per difficulty, weakest (lowest mean) first.

    Only groups with reviews appear; events of questions missing from ``question_meta`` are
    ignored (pass the events and questions of one role). Ties: more reviews first, then kinds
    before difficulties, in their declared order. ``name`` is the :class:`Kind` or the
    :class:`Difficulty` itself (both are strings).
    """
    sums: dict[Kind | Difficulty, list[int]] = {}
    for event in events:
        meta = question_meta.get(event.question_id)
        if meta is None:
            continue
        for group in meta:
            total = sums.setdefault(group, [0, 0])
            total[0] += event.grade
            total[1] += 1
    spots = [WeakSpot(name, total / count, count) for name, (total, count) in sums.items()]

    def order(spot: WeakSpot) -> tuple[float, int, int, int]:
        if isinstance(spot.name, Kind):
            place = (0, _KINDS.index(spot.name))
        else:
            place = (1, _DIFFICULTIES.index(spot.name))
        return (spot.mean_grade, -spot.reviews, *place)

    return sorted(spots, key=order)
