"""One review across several roles: each role's own session, shown as one queue.

Pure: no Textual, no SQLite, no wall clock. A question id may repeat across roles, so a card is
a :data:`CardKey`, ``(role_id, question_id)``. Each role keeps its own :class:`ReviewSession`
(its new-card limit, learning steps, undo), and the combined queue keeps every role's cards in
that role's own order: due cards of every role first, most overdue first, then the new ones,
taking turns between roles. A single-role review is a combined review of one role.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import zip_longest

from preptui.kinds import Grade
from preptui.srs.scheduler import card_due
from preptui.srs.session import Rating, ReviewSession
from preptui.srs.status import Status
from preptui.srs.summary import SessionSummary, summarize_session

__all__ = ["CardKey", "CombinedReview"]

CardKey = tuple[str, str]


class CombinedReview:
    """The cards of one or more roles to review now, in one order."""

    def __init__(self, sessions: Sequence[ReviewSession]) -> None:
        self.sessions: dict[str, ReviewSession] = {}
        for session in sessions:
            if session.role_id in self.sessions:
                raise ValueError(f"the role {session.role_id!r} is in the review twice")
            self.sessions[session.role_id] = session
        self.queue: list[CardKey] = _merge(list(self.sessions.values()))
        self._rated: list[str] = []  # the role of each rating, in order (for undo)

    @property
    def role_ids(self) -> list[str]:
        return list(self.sessions)

    def session(self, role_id: str) -> ReviewSession:
        return self.sessions[role_id]

    # ------------------------------------------------------------------ the card on show

    @property
    def current(self) -> CardKey | None:
        return self.queue[0] if self.queue else None

    @property
    def done(self) -> bool:
        return not self.queue

    @property
    def ratings(self) -> int:
        """How many ratings the review holds (undone ones are gone)."""
        return len(self._rated)

    def status(self, key: CardKey, now: datetime) -> Status:
        return self.sessions[key[0]].status(key[1], now)

    def preview(self, now: datetime) -> dict[Grade, timedelta]:
        key = self.current
        return {} if key is None else self.sessions[key[0]].preview(now)

    def counts(self, now: datetime) -> tuple[int, int, int]:
        """Cards left in the queue across roles: (new, learning, review)."""
        new = learning = review = 0
        for session in self.sessions.values():
            n, le, r = session.counts(now)
            new, learning, review = new + n, learning + le, review + r
        return new, learning, review

    # ------------------------------------------------------------------ rating

    def rate(self, grade: Grade | int, now: datetime, duration_ms: int = 0) -> tuple[str, Rating]:
        """Rate the card on show in its role's session: ``(role_id, rating)``."""
        key = self.current
        if key is None:
            raise ValueError("the review is over: there is no card to rate")
        role_id, question_id = key
        session = self.sessions[role_id]
        if session.current != question_id:  # the orders agree by construction
            raise RuntimeError(f"{role_id}: expected {question_id!r}, not {session.current!r}")
        rating = session.rate(grade, now, duration_ms)
        self.queue.pop(0)
        if rating.requeued:
            self.queue.append(key)
        self._rated.append(role_id)
        return role_id, rating

    def undo(self) -> tuple[str, Rating] | None:
        """Take back the last rating of the review, whichever role it was in."""
        if not self._rated:
            return None
        role_id = self._rated.pop()
        rating = self.sessions[role_id].undo()
        if rating is None:  # cannot happen: every entry of _rated is a rating of that role
            return None
        key = (role_id, rating.question_id)
        if rating.requeued:
            index = len(self.queue) - 1 - self.queue[::-1].index(key)
            del self.queue[index]
        self.queue.insert(0, key)
        return role_id, rating

    # ------------------------------------------------------------------ the end

    def next_due(self, now: datetime) -> datetime | None:
        dues = [d for s in self.sessions.values() if (d := s.next_due(now)) is not None]
        return min(dues, default=None)

    def summary(self, now: datetime) -> SessionSummary:
        """What was done in every role, and what is still queued across them."""
        new, learning, review = self.counts(now)
        ratings = [r for s in self.sessions.values() for r in s.history]
        return summarize_session(
            ((int(r.grade), r.duration_ms) for r in ratings),
            self.next_due(now),
            new_left=new,
            due_left=learning + review,
        )


def _merge(sessions: list[ReviewSession]) -> list[CardKey]:
    """Every role's queue in one: seen cards by due time (ties by role, then the role's own
    order), then new cards a role at a time in turn. Each role's order is kept."""
    seen: list[tuple[datetime, int, int, CardKey]] = []
    new: list[list[CardKey]] = []
    for rank, session in enumerate(sessions):
        fresh: list[CardKey] = []
        for position, qid in enumerate(session.queue):
            stored = session.cards.get(qid)
            if stored is None or stored.get("last_review") is None:
                fresh.append((session.role_id, qid))
            else:
                seen.append((card_due(stored), rank, position, (session.role_id, qid)))
        new.append(fresh)
    seen.sort()
    turns = [key for row in zip_longest(*new) for key in row if key is not None]
    return [key for *_, key in seen] + turns
