"""The Today overview: what is due, learning and new in each role, the streak, today's reviews.

Pure: no Textual, no SQLite, no wall clock. The counts come from the one card-status rule
(:func:`preptui.srs.status.statuses`), so they agree with ``preptui stats`` and the browser's
markers; "new today" follows the review queue's rule: never-reviewed questions, at most the daily
new limit less the new questions already introduced today. The app's Today screen and
``preptui today`` both show :func:`today_overview` (the shell through :func:`format_today`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from preptui.srs.metrics import RecordFigures, ReviewFigures, day_bounds, logged_streak
from preptui.srs.status import Card, Status, statuses
from preptui.text import plural

if TYPE_CHECKING:
    from preptui.model import Bank
    from preptui.records import ReviewRecord

__all__ = ["RoleToday", "Today", "format_today", "role_today", "today_overview"]


@dataclass(frozen=True)
class RoleToday:
    """One role's figures at a moment.

    ``due``: reviewed before and due now. ``learning``: in the (re)learning steps, not due yet.
    ``new``: never-reviewed questions a review would show today. ``unseen``: every
    never-reviewed question. ``total``: the bank's questions.
    """

    role_id: str
    role_title: str
    due: int
    learning: int
    new: int
    unseen: int
    total: int

    @property
    def to_review(self) -> int:
        """What a review of the role would go through now: due cards and today's new ones."""
        return self.due + self.new


@dataclass(frozen=True)
class Today:
    roles: tuple[RoleToday, ...]
    streak: int
    done_today: int
    day: date

    @property
    def due(self) -> int:
        return sum(r.due for r in self.roles)

    @property
    def learning(self) -> int:
        return sum(r.learning for r in self.roles)

    @property
    def new(self) -> int:
        return sum(r.new for r in self.roles)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.roles)

    def role(self, role_id: str) -> RoleToday | None:
        return next((r for r in self.roles if r.role_id == role_id), None)

    def headline(self) -> str:
        """``Streak 4 days · 12 reviews today · 3 due now, 10 new``."""
        return (
            f"Streak {plural(self.streak, 'day')} · {plural(self.done_today, 'review')} today"
            f" · {self.due} due now, {self.new} new"
        )


def role_today(
    role_id: str,
    role_title: str,
    question_ids: Iterable[str],
    cards: Mapping[str, Card],
    now: datetime,
    *,
    new_per_day: int,
    new_done_today: int,
) -> RoleToday:
    """The figures of one role at ``now`` (cards of questions gone from the bank are left out)."""
    status = statuses(dict.fromkeys(question_ids), cards, now)
    unseen = sum(s is Status.NEW for s in status.values())
    room = max(0, new_per_day - new_done_today)
    return RoleToday(
        role_id=role_id,
        role_title=role_title,
        due=sum(s is Status.DUE for s in status.values()),
        learning=sum(s is Status.LEARNING for s in status.values()),
        new=min(unseen, room),
        unseen=unseen,
        total=len(status),
    )


def today_overview(
    banks: Sequence[Bank],
    cards: Mapping[str, Mapping[str, Card]],
    log: Iterable[ReviewRecord] | ReviewFigures,
    new_done_today: Mapping[str, int],
    now: datetime,
    *,
    new_per_day: int,
    tz: tzinfo | None = None,
) -> Today:
    """Every loaded role at ``now``, in bank order; the streak and today's reviews over all roles.

    ``cards`` maps a role id to ``Store.card_records(role)`` (or ``Store.cards(role)``), ``log``
    is ``Store.review_figures(None)`` or the records of ``Store.review_log()`` (every role,
    orphans and roles no longer loaded included: a review is a review), and ``new_done_today``
    the new questions each role introduced since the start of today. Days are counted in ``tz``
    (default: local).
    """
    roles = tuple(
        role_today(
            bank.role.id,
            bank.role.title,
            (q.id for q in bank.questions),
            cards.get(bank.role.id, {}),
            now,
            new_per_day=new_per_day,
            new_done_today=new_done_today.get(bank.role.id, 0),
        )
        for bank in banks
    )
    zone = tz if tz is not None else now.astimezone().tzinfo
    assert zone is not None
    today = now.astimezone(zone).date()
    figures = log if isinstance(log, ReviewFigures) else RecordFigures(list(log))
    (done,) = figures.counts_between([day_bounds(today, zone)])
    return Today(
        roles=roles, streak=logged_streak(figures, today, zone), done_today=done, day=today
    )


# --------------------------------------------------------------------------- text

COLUMNS = ("Due", "Learning", "New today", "Total")


def table_rows(today: Today) -> list[tuple[str, int, int, int, int]]:
    """(title, due, learning, new today, total) per role, then the sum over every role."""
    rows = [(r.role_title, r.due, r.learning, r.new, r.total) for r in today.roles]
    if len(today.roles) > 1:
        rows.append(("All roles", today.due, today.learning, today.new, today.total))
    return rows


def format_today(today: Today, *, title_width: int = 32) -> str:
    """The overview as ``preptui today`` prints it: a headline, then one line a role."""
    out = [f"Today, {today.day:%a %d %b %Y} · {today.headline()}", ""]
    if not today.roles:
        out.append("No banks loaded.")
        return "\n".join(out) + "\n"
    widths = [max(len(c), 4) for c in COLUMNS]
    head = "  ".join(f"{c:>{w}}" for c, w in zip(COLUMNS, widths, strict=True))
    out.append(f"{'Role':<{title_width}}  {head}")
    for title, *numbers in table_rows(today):
        name = title if len(title) <= title_width else title[: title_width - 1] + "…"
        cells = "  ".join(f"{n:>{w}}" for n, w in zip(numbers, widths, strict=True))
        out.append(f"{name:<{title_width}}  {cells}")
    out.append("")
    if today.due or today.new:
        out.append("Review everything due: preptui review · one role: preptui review ROLE")
    else:
        out.append("Nothing due and no new question left for today.")
    return "\n".join(out) + "\n"
