"""One review session: the queue, the card on show, ratings and their undo.

Pure: no Textual, no SQLite, no wall clock (every method takes ``now``).

The session only decides; whoever drives it commits each :class:`Rating` to the store at once
(and takes it back from the store on :meth:`ReviewSession.undo`).

Like Anki, a card rated into FSRS's (re)learning steps comes back later in the same session
when it falls due within :data:`LEARN_AHEAD`; when nothing else is left it is shown early.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from preptui.kinds import Grade
from preptui.srs.queue import build_queue, next_due
from preptui.srs.scheduler import Reviewer, card_due
from preptui.srs.status import Status, card_status
from preptui.srs.summary import SessionSummary, summarize_session

__all__ = ["LEARN_AHEAD", "Rating", "ReviewSession"]

#: Learning cards due within this time are brought into a session (Anki's learn-ahead limit).
LEARN_AHEAD = timedelta(minutes=20)

CardData = dict[str, Any]


@dataclass(frozen=True)
class Rating:
    """One rating as it must be stored: the card before (None if it was new) and after."""

    question_id: str
    grade: Grade
    reviewed_at: datetime
    card_before: CardData | None
    card_after: CardData
    duration_ms: int
    requeued: bool
    seq: int = 0  # numbers the ratings of a session; never reused, even after an undo

    @property
    def was_new(self) -> bool:
        return self.card_before is None

    @property
    def due(self) -> datetime:
        """When the card is due again after this rating."""
        return card_due(self.card_after)


class ReviewSession:
    """The questions of one role to review now, in order, and what was done to them."""

    def __init__(
        self,
        role_id: str,
        question_ids: Sequence[str],
        cards: Mapping[str, Mapping[str, Any]],
        reviewer: Reviewer,
        now: datetime,
        *,
        new_done_today: int = 0,
        learn_ahead: timedelta = LEARN_AHEAD,
    ) -> None:
        self.role_id = role_id
        self.question_ids = list(dict.fromkeys(question_ids))
        self.reviewer = reviewer
        self.learn_ahead = learn_ahead
        self.cards: dict[str, CardData] = {qid: dict(card) for qid, card in cards.items()}
        self.queue: list[str] = build_queue(
            self.question_ids,
            self.cards,
            now,
            new_limit=reviewer.settings.new_per_day,
            new_done_today=new_done_today,
            learn_ahead=learn_ahead,
        )
        self.history: list[Rating] = []
        self._seq = 0

    # ------------------------------------------------------------------ the card on show

    @property
    def current(self) -> str | None:
        """The question id on show, or None when the session is over."""
        return self.queue[0] if self.queue else None

    @property
    def done(self) -> bool:
        return not self.queue

    def _stored(self, question_id: str) -> CardData | None:
        card = self.cards.get(question_id)
        if card is None or card.get("last_review") is None:
            return None
        return card

    def card(self, question_id: str, now: datetime) -> CardData:
        """The question's card: the stored one, or a new card due ``now``."""
        stored = self._stored(question_id)
        if stored is not None:
            return stored
        return self.reviewer.new_card(self.role_id, question_id, now)

    def status(self, question_id: str, now: datetime) -> Status:
        return card_status(self._stored(question_id), now)

    def preview(self, now: datetime) -> dict[Grade, timedelta]:
        """For each grade, how long until the card on show would be due again (unfuzzed)."""
        qid = self.current
        if qid is None:
            return {}
        return self.reviewer.preview(self.card(qid, now), now)

    def counts(self, now: datetime) -> tuple[int, int, int]:
        """Cards left in the queue: (new, learning, review), as Anki counts them."""
        new = learning = review = 0
        for qid in self.queue:
            stored = self._stored(qid)
            if stored is None:
                new += 1
            elif stored.get("state") == 2:
                review += 1
            else:
                learning += 1
        return new, learning, review

    # ------------------------------------------------------------------ rating

    def rate(self, grade: Grade | int, now: datetime, duration_ms: int = 0) -> Rating:
        """Rate the card on show; it leaves the queue (and comes back later if still learning)."""
        qid = self.current
        if qid is None:
            raise ValueError("the session is over: there is no card to rate")
        grade = Grade(grade)
        before = self._stored(qid)
        after, _ = self.reviewer.rate(
            self.card(qid, now), grade, now, duration_ms=max(0, int(duration_ms))
        )
        self.queue.pop(0)
        self.cards[qid] = after
        requeued = after.get("state") != 2 and card_due(after) <= now + self.learn_ahead
        if requeued:
            self.queue.append(qid)
        rating = Rating(
            question_id=qid,
            grade=grade,
            reviewed_at=now,
            card_before=None if before is None else dict(before),
            card_after=after,
            duration_ms=max(0, int(duration_ms)),
            requeued=requeued,
            seq=self._seq + 1,
        )
        self._seq += 1
        self.history.append(rating)
        return rating

    def undo(self) -> Rating | None:
        """Take back the last rating: the card returns as it was, at the front of the queue."""
        if not self.history:
            return None
        rating = self.history.pop()
        qid = rating.question_id
        if rating.requeued:
            # the copy put back for its learning step is the last occurrence
            index = len(self.queue) - 1 - self.queue[::-1].index(qid)
            del self.queue[index]
        if rating.card_before is None:
            self.cards.pop(qid, None)
        else:
            self.cards[qid] = dict(rating.card_before)
        self.queue.insert(0, qid)
        return rating

    # ------------------------------------------------------------------ the end

    def next_due(self, now: datetime) -> datetime | None:
        """When the next of the role's reviewed cards falls due after ``now`` (orphans left out)."""
        known = set(self.question_ids)
        return next_due([c for q, c in self.cards.items() if q in known], now)

    def summary(self, now: datetime) -> SessionSummary:
        """What was done, and what is still queued (a session ended early says so)."""
        new, learning, review = self.counts(now)
        return summarize_session(
            ((int(r.grade), r.duration_ms) for r in self.history),
            self.next_due(now),
            new_left=new,
            due_left=learning + review,
        )
