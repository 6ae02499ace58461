"""Practice metrics from the review log: retention, streak, reviews a day, readiness, weak spots;
and the figures of a log (:class:`ReviewFigures`) the stats and Today read instead of its rows."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple, Protocol, runtime_checkable

from preptui.kinds import Difficulty, Grade, Kind
from preptui.records import ReviewRecord
from preptui.srs.status import Card, Status, statuses
from preptui.times import aware, parse_iso

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
    return _streak(days.__contains__, today)


def _streak(rated: Callable[[date], bool], today: date) -> int:
    """The streak rule, given whether a day had a review."""
    day = today if rated(today) else today - timedelta(days=1)
    count = 0
    while rated(day):
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
    cards: Mapping[str, Card],
    mix: Mapping[Kind, int],
    now: datetime,
) -> float:
    """How ready the user is for the interview, 0..1.

    For each kind, the share of the bank's questions of that kind whose status at ``now`` is
    MASTERED (a mastered card that is due again does not count until reviewed); the shares are
    averaged, weighted by how many questions of each kind the interview asks (``mix``). Kinds
    the bank has no question of, or that the mix does not ask, are left out; 0 when none is left.
    """
    kinds = dict(questions)
    status = statuses(kinds, cards, aware(now, "now"))  # an unreadable card is NEW
    totals: Counter[Kind] = Counter()
    mastered: Counter[Kind] = Counter()
    for qid, kind in kinds.items():
        totals[kind] += 1
        mastered[kind] += status[qid] is Status.MASTERED
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


# --------------------------------------------------------------------------- log figures


@runtime_checkable
class ReviewFigures(Protocol):
    """What the stats and Today need of a review log, so a long log is never read row by row.

    The store answers it with SQL aggregates (``Store.review_figures(role)``, or of every role
    with None); :class:`RecordFigures` answers it from the records themselves, and is the rule
    both follow. A recall test pairs ratings of the same role and question.
    """

    def review_count(self) -> int:
        """How many ratings the log holds."""
        ...

    def recall_tests(self) -> tuple[int, int]:
        """(tests, passed): ratings of a question at least a day after its previous rating,
        and how many of those were Hard or better (see :func:`retention`)."""
        ...

    def counts_between(self, bounds: Sequence[tuple[datetime, datetime]]) -> list[int]:
        """The ratings made in each ``[start, end)`` of ``bounds``."""
        ...

    def active_between(self, bounds: Sequence[tuple[datetime, datetime]]) -> list[bool]:
        """Whether any rating was made in each ``[start, end)`` of ``bounds`` (what a streak
        asks: cheaper than counting a busy day's ratings)."""
        ...

    def grade_totals(self) -> dict[str, tuple[int, int]]:
        """Per question id: (sum of its grades, how many ratings)."""
        ...

    def latest(self, count: int) -> list[ReviewRecord]:
        """The ``count`` latest ratings, newest first (the later id first at the same time)."""
        ...


class RecordFigures:
    """:class:`ReviewFigures` worked out from the records (``Store.review_log(role)``)."""

    def __init__(self, log: Sequence[ReviewRecord]) -> None:
        # Oldest first, as the store orders the log; a tie keeps the log's order (stable sort).
        self._rows = sorted(
            ((parse_iso(row.reviewed_at), i, row) for i, row in enumerate(log)), key=lambda t: t[:2]
        )
        self._times = [when for when, _, _ in self._rows]

    def review_count(self) -> int:
        return len(self._rows)

    def recall_tests(self) -> tuple[int, int]:
        last: dict[tuple[str, str], datetime] = {}
        tests = passed = 0
        for when, _, row in self._rows:
            key = (row.role_id, row.question_id)
            previous = last.get(key)
            if previous is not None and when - previous >= timedelta(days=1):
                tests += 1
                passed += row.grade >= Grade.HARD
            last[key] = when
        return tests, passed

    def counts_between(self, bounds: Sequence[tuple[datetime, datetime]]) -> list[int]:
        times = self._times
        return [
            bisect.bisect_left(times, end) - bisect.bisect_left(times, start)
            for start, end in bounds
        ]

    def active_between(self, bounds: Sequence[tuple[datetime, datetime]]) -> list[bool]:
        return [n > 0 for n in self.counts_between(bounds)]

    def grade_totals(self) -> dict[str, tuple[int, int]]:
        totals: dict[str, tuple[int, int]] = {}
        for _, _, row in self._rows:
            total, count = totals.get(row.question_id, (0, 0))
            totals[row.question_id] = (total + row.grade, count + 1)
        return totals

    def latest(self, count: int) -> list[ReviewRecord]:
        return [row for _, _, row in reversed(self._rows[-count:])] if count > 0 else []


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The instants of one local day: midnight to the next midnight, in ``zone``."""
    start = datetime.combine(day, time(0), zone)
    return start, datetime.combine(day + timedelta(days=1), time(0), zone)


_STREAK_CHUNK = 64  # days asked about at once while a streak is walked back


def logged_streak(
    log: ReviewFigures, today: date, zone: tzinfo, known: Mapping[date, int] | None = None
) -> int:
    """:func:`streak` of a log's figures: its days asked about a few dozen at a time, but for
    the days in ``known`` (their rating counts, already read: the stats' last 30 days)."""
    active: dict[date, bool] = {day: n > 0 for day, n in (known or {}).items()}

    def rated(day: date) -> bool:
        if day not in active:
            days = [day - timedelta(days=back) for back in range(_STREAK_CHUNK)]
            found = log.active_between([day_bounds(d, zone) for d in days])
            active.update(zip(days, found, strict=True))
        return active[day]

    return _streak(rated, today)
