"""Practice statistics of a role, and their plain-text report (``preptui stats``).

Pure: no Textual, no SQLite, no wall clock. :func:`role_stats` takes what the store holds (cards,
the review log, mock interviews) and the role's bank, and works out the figures both the stats
screen and the shell show. A card or a review whose question is no longer in the bank (removed
or renamed) is kept and counted as orphaned, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from preptui.kinds import Grade
from preptui.srs.metrics import (
    ReviewEvent,
    WeakSpot,
    readiness,
    retention,
    reviews_per_day,
    streak,
    weakest,
)
from preptui.srs.scheduler import fmt_interval
from preptui.srs.status import Status, statuses
from preptui.text import percent, plural
from preptui.times import day_end

if TYPE_CHECKING:
    from preptui.model import Bank
    from preptui.records import MockRecord, ReviewRecord

__all__ = ["DAYS", "RecentReview", "RoleStats", "format_stats", "role_stats"]

#: How many days the reviews-per-day chart covers.
DAYS = 30
RECENT = 10


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


def _due(card: Mapping[str, Any]) -> datetime | None:
    try:
        return _when(str(card["due"]))
    except (KeyError, ValueError):
        return None


def role_stats(
    bank: Bank,
    cards: Mapping[str, Mapping[str, Any]],
    log: Sequence[ReviewRecord],
    mocks: Iterable[MockRecord],
    now: datetime,
    tz: tzinfo | None = None,
) -> RoleStats:
    """The figures of one role at ``now``; days are counted in ``tz`` (default: local).

    ``cards`` is ``Store.cards(role)``, ``log`` is ``Store.review_log(role)`` and ``mocks`` the
    role's ``Store.mocks(role)``.
    """
    role = bank.role
    questions = {q.id: q for q in bank.questions}
    status = statuses(questions, cards, now)
    end = day_end(now, tz)
    events = [
        ReviewEvent(role.id, row.question_id, row.grade, _when(row.reviewed_at)) for row in log
    ]
    events.sort(key=lambda event: event.reviewed_at)  # stable: ties keep the log's order
    today = now.astimezone(tz).date()
    zone = tz if tz is not None else now.astimezone().tzinfo
    assert zone is not None
    due_dates = {qid: _due(card) for qid, card in cards.items() if qid in questions}
    reviewed = {qid for qid, s in status.items() if s is not Status.NEW}
    later = [d for qid, d in due_dates.items() if qid in reviewed and d is not None and d > now]
    recent = [
        RecentReview(
            reviewed_at=event.reviewed_at,
            question_id=event.question_id,
            prompt=questions[event.question_id].prompt if event.question_id in questions else None,
            grade=Grade(event.grade),
            next_due=_due(cards[event.question_id]) if event.question_id in cards else None,
        )
        for event in events[-RECENT:]
    ]
    recent.reverse()
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
        reviews=len(events),
        retention=retention(events),
        streak=streak(events, today, zone),
        readiness=readiness([(q.id, q.kind) for q in bank.questions], cards, role.format.mix, now),
        next_due=min(later, default=None),
        per_day=reviews_per_day(events, DAYS, today, zone),
        mock_scores=scored,
        weakest=weakest(events, {q.id: (q.kind, q.difficulty) for q in bank.questions}),
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
        rows.append(("Orphaned", "0"))
    return rows


def bar(value: float, top: float, width: int) -> str:
    """A bar of ``width`` cells for ``value`` out of ``top``, in whole cells."""
    if top <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(value / top * width))


def weak_name(spot: WeakSpot) -> str:
    return spot.name.label if hasattr(spot.name, "label") else str(spot.name)


def format_stats(stats: RoleStats, width: int = 40) -> str:
    """The plain-text report of one role, as ``preptui stats ROLE`` prints it."""
    tz = stats.tz
    out = [f"{stats.role_title} ({stats.role_id})", ""]
    label_width = max(len(label) for label, _ in facts(stats)) + 2
    out += [f"  {label:<{label_width}}{value}" for label, value in facts(stats)]

    out += ["", f"Reviews per day (last {DAYS} days)"]
    top = max((n for _, n in stats.per_day), default=0)
    if not top:
        out.append("  no reviews in these days")
    else:
        for day, count in stats.per_day:
            out.append(f"  {day:%m-%d} │{bar(count, top, width)}{f' {count}' if count else ''}")

    out += ["", "Mock interview scores"]
    if not stats.mock_scores:
        out.append("  no scored mock interviews yet (preptui mock)")
    for when, score in stats.mock_scores:
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
