"""Spaced repetition: FSRS scheduling of questions, the review queue and the practice stats.

Pure: no Textual, no SQLite, no I/O, no reading of the wall clock. Scheduling is done by the
``fsrs`` package; a card travels as the plain JSON-ready dict of :meth:`fsrs.Card.to_dict`, so
the store can keep it as JSON text and hand it back unchanged.

Every datetime must be timezone-aware: a naive one raises :class:`ValueError`. Aware datetimes
in another zone are converted to UTC, which is all FSRS accepts.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Any, NamedTuple, cast

from fsrs import Card, Rating, Scheduler, State
from fsrs.card import CardDict

from preptui.kinds import Difficulty, Kind
from preptui.progress import MASTERED_STABILITY_DAYS, Status

__all__ = [
    "MASTERED_STABILITY_DAYS",
    "UTC",
    "Grade",
    "ReviewEvent",
    "Reviewer",
    "SessionSummary",
    "Settings",
    "Status",
    "WeakSpot",
    "build_queue",
    "card_due",
    "card_id_for",
    "fmt_interval",
    "is_mastered",
    "next_due",
    "readiness",
    "retention",
    "reviews_per_day",
    "status",
    "streak",
    "summarize_session",
    "weakest",
]


#: Card ids are positive and fit a signed 64-bit SQLite INTEGER.
_CARD_ID_MAX = 2**63 - 1

CardData = dict[str, Any]


# --------------------------------------------------------------------------- datetimes


def _utc(moment: datetime, name: str = "datetime") -> datetime:
    """``moment`` in UTC; naive datetimes are refused (FSRS needs to know the zone)."""
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name} must be timezone-aware (UTC), got the naive datetime {moment.isoformat()}; "
            "use datetime.now(timezone.utc)"
        )
    return moment.astimezone(UTC)


# --------------------------------------------------------------------------- grades and ids


class Grade(IntEnum):
    """The four answers to "how well did you recall it?", as FSRS ratings."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def rating(self) -> Rating:
        return Rating(int(self))


def card_id_for(role_id: str, question_id: str) -> int:
    """A stable card id for a question of a role: the same on every run and machine.

    It comes from a SHA-256 of the pair, so it is positive and below 2**63 (a SQLite INTEGER).
    """
    key = json.dumps([role_id, question_id], ensure_ascii=False).encode()
    value = int.from_bytes(hashlib.sha256(key).digest()[:8], "big") & _CARD_ID_MAX
    return value or 1


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """What the user can tune. ``new_per_day`` caps how many unseen questions a day brings."""

    desired_retention: float = 0.9
    new_per_day: int = 10
    fuzz: bool = True

    def __post_init__(self) -> None:
        retention = self.desired_retention
        if (
            isinstance(retention, bool)
            or not isinstance(retention, int | float)
            or not 0.7 <= retention <= 0.99
        ):
            raise ValueError(f"desired retention must be 0.7-0.99, not {retention!r}")
        new = self.new_per_day
        if isinstance(new, bool) or not isinstance(new, int) or not 0 <= new <= 500:
            raise ValueError(f"new cards per day must be a whole number 0-500, not {new!r}")
        if not isinstance(self.fuzz, bool):
            raise ValueError(f"fuzz must be True or False, not {self.fuzz!r}")


# --------------------------------------------------------------------------- cards


def _card(data: Mapping[str, Any]) -> Card:
    """An fsrs Card from its dict; ValueError when the dict is not one."""
    try:
        card = Card.from_dict(cast(CardDict, dict(data)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not an FSRS card dict ({exc!r}): {dict(data)!r}") from exc
    card.due = _utc(card.due, "the card's due date")
    if card.last_review is not None:
        card.last_review = _utc(card.last_review, "the card's last review")
    return card


def _data(card: Card) -> CardData:
    return dict(card.to_dict())


def card_due(card: Mapping[str, Any]) -> datetime:
    """When the card is next due (UTC)."""
    return _card(card).due


def _seen(card: Card) -> bool:
    return card.last_review is not None


class Reviewer:
    """An FSRS scheduler built from :class:`Settings`.

    :meth:`preview` never fuzzes, so its intervals are the nominal ones; with ``fuzz`` on,
    :meth:`rate` spreads intervals of 3 days or more by a few percent (randomly, as FSRS does),
    so the real due date may differ a little from the preview.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else Settings()
        self._scheduler = Scheduler(
            desired_retention=self.settings.desired_retention,
            enable_fuzzing=self.settings.fuzz,
        )
        self._plain = (
            Scheduler(desired_retention=self.settings.desired_retention, enable_fuzzing=False)
            if self.settings.fuzz
            else self._scheduler
        )

    def scheduler_dict(self) -> dict[str, Any]:
        """The scheduler's parameters and settings, as FSRS serialises them (JSON-ready)."""
        return dict(self._scheduler.to_dict())

    def new_card(self, role_id: str, question_id: str, now: datetime) -> CardData:
        """A never-reviewed card for the question, due ``now``."""
        card = Card(card_id=card_id_for(role_id, question_id), due=_utc(now, "now"))
        return _data(card)

    def preview(self, card: Mapping[str, Any], now: datetime) -> dict[Grade, timedelta]:
        """For each grade, how long after ``now`` the card would be due (unfuzzed)."""
        moment = _utc(now, "now")
        current = _card(card)
        result: dict[Grade, timedelta] = {}
        for grade in Grade:
            after, _ = self._plain.review_card(current, grade.rating, moment)
            result[grade] = after.due - moment
        return result

    def rate(
        self,
        card: Mapping[str, Any],
        grade: Grade,
        now: datetime,
        duration_ms: int | None = None,
    ) -> tuple[CardData, CardData]:
        """Review the card: returns the updated card dict and the FSRS review-log dict."""
        grade = Grade(grade)
        if duration_ms is not None and (
            isinstance(duration_ms, bool) or not isinstance(duration_ms, int) or duration_ms < 0
        ):
            raise ValueError(f"duration_ms must be an int >= 0 or None, not {duration_ms!r}")
        after, log = self._scheduler.review_card(
            _card(card), grade.rating, _utc(now, "now"), duration_ms
        )
        return _data(after), dict(log.to_dict())

    def retrievability(self, card: Mapping[str, Any], now: datetime) -> float:
        """The predicted chance (0..1) of recalling the card at ``now``; 0 if never reviewed."""
        return float(self._scheduler.get_card_retrievability(_card(card), _utc(now, "now")))


# --------------------------------------------------------------------------- status


def is_mastered(card: Mapping[str, Any]) -> bool:
    """Review state with a stability of at least :data:`MASTERED_STABILITY_DAYS`."""
    return _mastered(_card(card))


def _mastered(card: Card) -> bool:
    return (
        card.state == State.Review
        and card.stability is not None
        and card.stability >= MASTERED_STABILITY_DAYS
    )


def status(card: Mapping[str, Any] | None, now: datetime) -> Status:
    """The question's status at ``now`` (see :class:`Status`); None or unreviewed is NEW."""
    moment = _utc(now, "now")
    if card is None:
        return Status.NEW
    parsed = _card(card)
    if not _seen(parsed):
        return Status.NEW
    if parsed.due <= moment:
        return Status.DUE
    if parsed.state == State.Review:
        return Status.MASTERED if _mastered(parsed) else Status.REVIEW
    return Status.LEARNING


# --------------------------------------------------------------------------- queue


def build_queue(
    question_ids: Sequence[str],
    cards: Mapping[str, Mapping[str, Any]],
    now: datetime,
    *,
    new_limit: int,
    new_done_today: int,
    learn_ahead: timedelta = timedelta(0),
) -> list[str]:
    """The question ids to review now, in order.

    First the due cards, most overdue first (ties in bank order); then unseen questions (no
    card, or a card never reviewed) in bank order, at most ``new_limit - new_done_today`` of
    them. Cards of questions not in ``question_ids`` are ignored; repeated ids count once.
    ``learn_ahead`` also brings in cards in the (re)learning steps that fall due within that
    time, so that a short session can finish its learning steps.
    """
    moment = _utc(now, "now")
    if learn_ahead < timedelta(0):
        raise ValueError("learn_ahead cannot be negative")
    due: list[tuple[datetime, int, str]] = []
    unseen: list[str] = []
    seen_ids: set[str] = set()
    for index, qid in enumerate(question_ids):
        if qid in seen_ids:
            continue
        seen_ids.add(qid)
        data = cards.get(qid)
        card = _card(data) if data is not None else None
        if card is None or not _seen(card):
            unseen.append(qid)
            continue
        horizon = moment if card.state == State.Review else moment + learn_ahead
        if card.due <= horizon:
            due.append((card.due, index, qid))
    due.sort()
    room = max(0, new_limit - new_done_today)
    return [qid for _, _, qid in due] + unseen[:room]


def next_due(cards: Iterable[Mapping[str, Any]], now: datetime) -> datetime | None:
    """The earliest due date after ``now`` among reviewed cards, or None."""
    moment = _utc(now, "now")
    later = [c.due for c in map(_card, cards) if _seen(c) and c.due > moment]
    return min(later, default=None)


# --------------------------------------------------------------------------- interval text


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def fmt_interval(delta: timedelta) -> str:
    """A compact, Anki-like interval: ``<1m``, ``10m``, ``3h``, ``4d``, ``3mo``, ``1.2y``.

    Units switch at 60 minutes, 24 hours, 30 days and 12 months (a month is 30 days, a year 365
    days), after rounding, so nothing reads ``60m``. Anything under a minute, negative intervals
    included, is ``<1m``.
    """
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = _round_half_up(seconds / 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = _round_half_up(seconds / 3600)
    if hours < 24:
        return f"{hours}h"
    days_exact = seconds / 86400
    days = _round_half_up(days_exact)
    if days < 30:
        return f"{days}d"
    months = _round_half_up(days_exact / 30)
    if months < 12:
        return f"{months}mo"
    years = _round_half_up(days_exact / 365 * 10) / 10
    return f"{years:.1f}".removesuffix(".0") + "y"


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
        _utc(self.reviewed_at, "reviewed_at")


def retention(events: Iterable[ReviewEvent]) -> float | None:
    """The share of recall tests passed (grade 2 or more), or None when there are none.

    A recall test is a review of a card reviewed before, at least a day after its previous
    review: roughly FSRS's long-term reviews. First sights and same-day learning steps are left
    out, since they measure learning rather than memory. Pass the whole history: the first
    review of each card in ``events`` is only used as the previous review of the next one.
    """
    last: dict[tuple[str, str], datetime] = {}
    tests = passed = 0
    for event in sorted(events, key=lambda e: _utc(e.reviewed_at)):
        key = (event.role_id, event.question_id)
        when = _utc(event.reviewed_at)
        previous = last.get(key)
        if previous is not None and when - previous >= timedelta(days=1):
            tests += 1
            passed += event.grade >= Grade.HARD
        last[key] = when
    return passed / tests if tests else None


def _review_days(events: Iterable[ReviewEvent], tz: tzinfo) -> Counter[date]:
    return Counter(_utc(e.reviewed_at).astimezone(tz).date() for e in events)


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
    moment = _utc(now, "now")
    totals: Counter[Kind] = Counter()
    mastered: Counter[Kind] = Counter()
    for qid, kind in dict(questions).items():
        totals[kind] += 1
        mastered[kind] += status(cards.get(qid), moment) is Status.MASTERED
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
        next_due=None if next_due is None else _utc(next_due, "next_due"),
    )
