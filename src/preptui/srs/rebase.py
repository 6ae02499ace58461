"""Re-applying a rating to the card as it is stored now, when another instance changed it.

Two preptui instances can review the same role. Each works a rating out from the card it read;
the store writes it only if that card is still the stored one (compare-and-set). When it is not,
the grade the person gave is re-applied to the current card, so neither rating is lost:
:func:`reapply` does that, :func:`rebaser` packs it as the store's ``rebase`` callback, and
:func:`adopt` brings a session in line with what was stored. Pure: no SQLite, no wall clock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from preptui.kinds import Grade
from preptui.srs.scheduler import CardData, Reviewer
from preptui.srs.session import Rating, ReviewSession

__all__ = ["adopt", "reapply", "rebaser"]


def _seen(card: Mapping[str, Any] | None) -> CardData | None:
    if card is None or card.get("last_review") is None:
        return None
    return dict(card)


def reapply(
    reviewer: Reviewer,
    role_id: str,
    question_id: str,
    current: Mapping[str, Any] | None,
    grade: Grade | int,
    reviewed_at: datetime,
    duration_ms: int | None = None,
) -> tuple[CardData | None, CardData]:
    """The grade given to the card as stored now: ``(card_before, card_after)`` to write.

    ``current`` None (or a card never reviewed) is a new card: ``card_before`` is then None.
    """
    before = _seen(current)
    start = before if before is not None else reviewer.new_card(role_id, question_id, reviewed_at)
    after, _ = reviewer.rate(start, Grade(grade), reviewed_at, duration_ms)
    return before, after


def rebaser(
    reviewer: Reviewer, role_id: str, rating: Rating
) -> Callable[[CardData | None], tuple[CardData | None, CardData]]:
    """The store's ``rebase`` callback for one rating of a session."""

    def rebase(current: CardData | None) -> tuple[CardData | None, CardData]:
        return reapply(
            reviewer,
            role_id,
            rating.question_id,
            current,
            rating.grade,
            rating.reviewed_at,
            rating.duration_ms,
        )

    return rebase


def adopt(
    session: ReviewSession,
    rating: Rating,
    card_before: Mapping[str, Any] | None,
    card_after: Mapping[str, Any],
) -> Rating:
    """Make the session agree with what the store wrote for ``rating`` after a rebase.

    The session's card becomes the stored one and its history entry the rebased rating, so an
    undo returns the card to what was stored before it. Returns the rebased rating.
    """
    rebased = dataclasses.replace(
        rating,
        card_before=None if card_before is None else dict(card_before),
        card_after=dict(card_after),
    )
    session.cards[rating.question_id] = dict(card_after)
    for index, entry in enumerate(session.history):
        if entry.seq == rating.seq:
            session.history[index] = rebased
    return rebased
