"""Practice statistics of a role, and their plain-text report (``preptui stats``).

Pure: no Textual, no SQLite, no wall clock. :func:`role_stats` takes what the store holds (cards,
the review log, mock interviews) and the role's bank, and works out the figures both the stats
screen and the shell show. A card or a review whose question is no longer in the bank (removed
or renamed) is kept and counted as orphaned, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from preptui.kinds import Difficulty, Grade, Kind
from preptui.records import CardRecord
from preptui.srs.metrics import (
    RecordFigures,
    ReviewFigures,
    WeakSpot,
    day_bounds,
    logged_streak,
    readiness,
)
from preptui.srs.status import Card, Status, statuses
from preptui.text import fmt_interval, percent, plural
from preptui.times import day_end

if TYPE_CHECKING:
    from preptui.model import Bank
    from preptui.records import MockRecord, MockScore, ReviewRecord

__all__ = [
    "DAYS",
    "RecentReview",
    "RecordFigures",
    "ReviewFigures",
    "RoleStats",
    "day_bounds",
    "format_stats",
    "role_stats",
]

#: How many days the reviews-per-day chart covers.
DAYS = 30
RECENT = 10
#: How many mock interviews the text report lists (the latest; the stats screen plots them all).
MOCK_LINES = 10


@dataclass(frozen=True)
class RecentReview:
    """One past rating, with the question's next due date as it stands now."""

    reviewed_at: datetime
    question_id: str
    prompt: str | None  # None: the question is no longer in the bank
    grade: Grade
    next_due: datetime | None


@dataclass(frozen=True)
class RoleStats:
    role_id: str
    role_title: str
    now: datetime
    tz: tzinfo | None
    questions: int
    seen: int
    mastered: int
    due_now: int
    due_today: int
    reviews: int
    retention: float | None
    streak: int
    readiness: float
    next_due: datetime | None
    per_day: list[tuple[date, int]]
    mock_scores: list[tuple[datetime, float]]
    weakest: list[WeakSpot]
    orphaned: int
    recent: list[RecentReview]

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:  # the store writes UTC; be lenient with hand-edited rows
        moment = moment.replace(tzinfo=UTC)
    return moment


def _due(card: Card) -> datetime | None:
    if isinstance(card, CardRecord):
        return card.due
    try:
        return _when(str(card["due"]))
    except (KeyError, ValueError):
        return None


def _per_day(log: ReviewFigures, today: date, zone: tzinfo) -> list[tuple[date, int]]:
    days = [today - timedelta(days=back) for back in range(DAYS - 1, -1, -1)]
    counts = log.counts_between([day_bounds(d, zone) for d in days])
    return list(zip(days, counts, strict=True))


_KINDS = tuple(Kind)
_DIFFICULTIES = tuple(Difficulty)


def _weakest(
    totals: Mapping[str, tuple[int, int]], meta: Mapping[str, tuple[Kind, Difficulty]]
) -> list[WeakSpot]:
    """:func:`preptui.srs.metrics.weakest` from per-question totals: the same groups, means and
    order (lowest mean first; ties: more reviews, then kinds before difficulties)."""
    sums: dict[Kind | Difficulty, list[int]] = {}
    for qid, (total, count) in totals.items():
        for group in meta.get(qid, ()):
            entry = sums.setdefault(group, [0, 0])
            entry[0] += total
            entry[1] += count
    spots = [WeakSpot(name, total / count, count) for name, (total, count) in sums.items()]

    def order(spot: WeakSpot) -> tuple[float, int, int, int]:
        if isinstance(spot.name, Kind):
            place = (0, _KINDS.index(spot.name))
        else:
            place = (1, _DIFFICULTIES.index(spot.name))
        return (spot.mean_grade, -spot.reviews, *place)

    return sorted(spots, key=order)


def role_stats(
    bank: Bank,
    cards: Mapping[str, Card],
    log: Sequence[ReviewRecord] | ReviewFigures,
    mocks: Iterable[MockRecord | MockScore],
    now: datetime,
    tz: tzinfo | None = None,
) -> RoleStats:
    """The figures of one role at ``now``; days are counted in ``tz`` (default: local).

    ``cards`` is ``Store.card_records(role)`` (or the card dicts of ``Store.cards(role)``),
    ``log`` is ``Store.review_figures(role)`` (or the records of ``Store.review_log(role)``) and
    ``mocks`` the role's ``Store.mock_scores(role)`` (or its ``Store.mocks(role)``).
    """
    figures = log if isinstance(log, ReviewFigures) else RecordFigures(log)
    role = bank.role
    questions = {q.id: q for q in bank.questions}
    status = statuses(questions, cards, now)
    end = day_end(now, tz)
    today = now.astimezone(tz).date()
    zone = tz if tz is not None else now.astimezone().tzinfo
    assert zone is not None
    due_dates = {qid: _due(card) for qid, card in cards.items() if qid in questions}
    reviewed = {qid for qid, s in status.items() if s is not Status.NEW}
    later = [d for qid, d in due_dates.items() if qid in reviewed and d is not None and d > now]
    recent = [
        RecentReview(
            reviewed_at=_when(row.reviewed_at),
            question_id=row.question_id,
            prompt=questions[row.question_id].prompt if row.question_id in questions else None,
            grade=Grade(row.grade),
            next_due=_due(cards[row.question_id]) if row.question_id in cards else None,
        )
        for row in figures.latest(RECENT)
    ]
    tests, passed = figures.recall_tests()
    per_day = _per_day(figures, today, zone)
    scored = [
        (_when(m.started_at), float(m.score))
        for m in mocks
        if m.score is not None and m.role_id == role.id
    ]
    scored.sort(key=lambda pair: pair[0])
    return RoleStats(
        role_id=role.id,
        role_title=role.title,
        now=now,
        tz=tz,
        questions=len(questions),
        seen=len(reviewed),
        mastered=sum(s is Status.MASTERED for s in status.values()),
        due_now=sum(s is Status.DUE for s in status.values()),
        due_today=sum(1 for qid in reviewed if (d := due_dates.get(qid)) is not None and d < end),
        reviews=figures.review_count(),
        retention=passed / tests if tests else None,
        streak=logged_streak(figures, today, zone, known=dict(per_day)),
        readiness=readiness([(q.id, q.kind) for q in bank.questions], cards, role.format.mix, now),
        next_due=min(later, default=None),
        per_day=per_day,
        mock_scores=scored,
        weakest=_weakest(
            figures.grade_totals(), {q.id: (q.kind, q.difficulty) for q in bank.questions}
        ),
        orphaned=sum(1 for qid in cards if qid not in questions),
        recent=recent,
    )


# --------------------------------------------------------------------------- text


def local_time(moment: datetime, tz: tzinfo | None) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def due_text(due: datetime | None, now: datetime, tz: tzinfo | None) -> str:
    """``due now`` or ``in 4d (2025-03-05 09:00)``; ``–`` for none."""
    if due is None:
        return "–"
    if due <= now:
        return "due now"
    return f"in {fmt_interval(due - now)} ({local_time(due, tz)})"


def facts(stats: RoleStats) -> list[tuple[str, str]]:
    """The headline figures as (label, value) rows, shared by the shell and the stats screen."""
    rows = [
        ("Questions", f"{stats.questions} · seen {stats.seen} · mastered {stats.mastered}"),
        ("Due today", f"{stats.due_today} ({stats.due_now} due now)"),
        (
            "Reviews",
            f"{stats.reviews} · retention {percent(stats.retention)}"
            f" · streak {plural(stats.streak, 'day')}",
        ),
        ("Readiness", f"{percent(stats.readiness)} (mastered, weighted by the interview mix)"),
        ("Next due", due_text(stats.next_due, stats.now, stats.tz)),
    ]
    if stats.orphaned:
        rows.append(
            (
                "Orphaned",
                f"{plural(stats.orphaned, 'card')} of questions no longer in the bank"
                " (history kept)",
            )
        )
    else:
        rows.append(("Orphaned", "none (cards kept for questions no longer in the bank)"))
    return rows


def bar(value: float, top: float, width: int) -> str:
    """A bar of ``width`` cells for ``value`` out of ``top``, in whole cells."""
    if top <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(value / top * width))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    """One cell a day: ``·`` for none, ``▁`` to ``█`` for the rest (scaled to the busiest)."""
    top = max(counts, default=0)
    return "".join(
        "·" if n <= 0 else SPARKS[max(0, -(-n * len(SPARKS) // top) - 1)] for n in counts
    )


def reviews_per_day_lines(per_day: Sequence[tuple[date, int]]) -> list[str]:
    """The reviews-per-day chart in two lines: totals, then a sparkline from first to last day."""
    counts = [n for _, n in per_day]
    if not any(counts):
        return ["  no reviews in these days"]
    busiest_day, busiest = max(per_day, key=lambda pair: (pair[1], pair[0]))
    active = sum(1 for n in counts if n)
    return [
        f"  {plural(sum(counts), 'review')} on {plural(active, 'day')},"
        f" at most {busiest} ({busiest_day:%m-%d})",
        f"  {per_day[0][0]:%m-%d} {sparkline(counts)} {per_day[-1][0]:%m-%d}",
    ]


def weak_name(spot: WeakSpot) -> str:
    return spot.name.label if hasattr(spot.name, "label") else str(spot.name)


def format_stats(stats: RoleStats, width: int = 40) -> str:
    """The plain-text report of one role, as ``preptui stats ROLE`` prints it."""
    tz = stats.tz
    out = [f"{stats.role_title} ({stats.role_id})", ""]
    label_width = max(len(label) for label, _ in facts(stats)) + 2
    out += [f"  {label:<{label_width}}{value}" for label, value in facts(stats)]

    out += ["", f"Reviews per day (last {DAYS} days)"]
    out += reviews_per_day_lines(stats.per_day)

    out += ["", "Mock interview scores"]
    if not stats.mock_scores:
        out.append("  no scored mock interviews yet (preptui mock)")
    earlier = len(stats.mock_scores) - MOCK_LINES
    if earlier > 0:
        out.append(f"  … {plural(earlier, 'earlier interview')} (the latest {MOCK_LINES} below)")
    for when, score in stats.mock_scores[-MOCK_LINES:]:
        out.append(f"  {local_time(when, tz)} │{bar(score, 100, width)} {score:.0f}%")

    out += ["", "Weakest kinds and difficulties (mean grade, 1 Again – 4 Easy)"]
    if not stats.weakest:
        out.append("  no reviews of the bank's questions yet")
    for spot in stats.weakest[:6]:
        out.append(
            f"  {weak_name(spot):<14} {spot.mean_grade:.1f}  {plural(spot.reviews, 'review')}"
        )

    out += ["", "Recent reviews"]
    if not stats.recent:
        out.append(f"  none yet: preptui review {stats.role_id}")
    for item in stats.recent:
        name = item.question_id if item.prompt is not None else f"{item.question_id} (orphaned)"
        out.append(
            f"  {local_time(item.reviewed_at, tz)}  {item.grade.label:<5}  {name:<24}"
            f"  next {due_text(item.next_due, stats.now, tz)}"
        )
    return "\n".join(out) + "\n"
