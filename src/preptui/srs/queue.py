"""The review queue: which cards are due and which new questions are shown today."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from fsrs import State

from preptui.srs.scheduler import _card, _seen
from preptui.times import aware

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
    moment = aware(now, "now")
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
    moment = aware(now, "now")
    later = [c.due for c in map(_card, cards) if _seen(c) and c.due > moment]
    return min(later, default=None)
