"""A card's status (new, learning, review, due, mastered) and due counts: one rule, no fsrs.

Pure and light: no Textual, no SQLite, and no import of ``fsrs`` (nor of pydantic), so the
browser can mark questions and count due cards without paying for the scheduler at start-up.
A card is the JSON-ready dict of :meth:`fsrs.Card.to_dict` (see :mod:`preptui.srs.scheduler`); only
its ``state``, ``stability``, ``due`` and ``last_review`` fields are read here. The answers
are what every screen, the CLI and the stats use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from preptui.times import aware

__all__ = [
    "MASTERED_STABILITY_DAYS",
    "Status",
    "card_status",
    "due_count",
    "is_mastered",
    "statuses",
]

#: A card in the review state whose stability reaches this many days counts as mastered
#: (Anki calls cards with intervals of 21 days or more "mature").
MASTERED_STABILITY_DAYS = 21.0

# fsrs.State values, as stored in the card dict.
_REVIEW_STATE = 2


class Status(StrEnum):
    """Where a question stands.

    ``NEW``: never reviewed. ``DUE``: reviewed before and due now (any state). ``LEARNING``:
    in FSRS's (re)learning steps, not due yet. ``REVIEW``: graduated to the review state, not
    due yet, stability under 21 days. ``MASTERED``: review state, not due, stability of at
    least 21 days.
    """

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    DUE = "due"
    MASTERED = "mastered"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def _parse(value: object, name: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"the card's {name} is not a date: {value!r}") from None
    else:
        raise ValueError(f"the card's {name} is not a date: {value!r}")
    return aware(moment, f"the card's {name}")


def card_status(card: Mapping[str, Any] | None, now: datetime) -> Status:
    """The question's status at ``now``; None or a never-reviewed card is NEW.

    Raises ValueError for a card dict without a readable ``due`` date.
    """
    moment = aware(now, "now")
    if card is None or card.get("last_review") is None:
        return Status.NEW
    if _parse(card.get("due"), "due") <= moment:
        return Status.DUE
    if card.get("state") == _REVIEW_STATE:
        return Status.MASTERED if is_mastered(card) else Status.REVIEW
    return Status.LEARNING


def statuses(
    question_ids: Iterable[str], cards: Mapping[str, Mapping[str, Any]], now: datetime
) -> dict[str, Status]:
    """The status of each question; a card that cannot be read counts as NEW."""
    out: dict[str, Status] = {}
    for qid in question_ids:
        try:
            out[qid] = card_status(cards.get(qid), now)
        except (ValueError, TypeError):
            out[qid] = Status.NEW
    return out


def due_count(
    question_ids: Iterable[str], cards: Mapping[str, Mapping[str, Any]], now: datetime
) -> int:
    """How many of the questions were reviewed before and are due at ``now``.

    Cards of questions not in ``question_ids`` (orphans: removed or renamed in the bank) are
    not counted.
    """
    return sum(s is Status.DUE for s in statuses(question_ids, cards, now).values())


def is_mastered(card: Mapping[str, Any]) -> bool:
    """Review state with a stability of at least :data:`MASTERED_STABILITY_DAYS`."""
    stability = card.get("stability")
    return (
        card.get("state") == _REVIEW_STATE
        and isinstance(stability, int | float)
        and stability >= MASTERED_STABILITY_DAYS
    )
