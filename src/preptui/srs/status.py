"""A card's status (new, learning, review, due, mastered) and due counts: one rule, no fsrs.

Pure and light: no Textual, no SQLite, and no import of ``fsrs`` (nor of pydantic), so the
browser can mark questions and count due cards without paying for the scheduler at start-up.
A card is the JSON-ready dict of :meth:`fsrs.Card.to_dict` (see :mod:`preptui.srs.scheduler`); only
its ``state``, ``stability``, ``due`` and ``last_review`` fields are read here. The answers
are what every screen, the CLI and the stats use.

The rule reads a :class:`~preptui.records.CardRecord`: the few fields of a card it needs, which
the store keeps as columns beside the card's JSON so that a long history is never parsed to
count what is due. :func:`card_record` works them out of a card dict (the store calls it on
every write and in the migration that added the columns); a card dict and its record always
have the same status.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from preptui.records import CardRecord, from_micros, micros
from preptui.times import aware

__all__ = [
    "MASTERED_STABILITY_DAYS",
    "Card",
    "CardState",
    "Status",
    "card_record",
    "card_status",
    "due_count",
    "due_summary",
    "is_mastered",
    "record_status",
    "statuses",
]

#: A card in the review state whose stability reaches this many days counts as mastered
#: (Anki calls cards with intervals of 21 days or more "mature").
MASTERED_STABILITY_DAYS = 21.0

# fsrs.State values, as stored in the card dict.
_REVIEW_STATE = 2
_RELEARNING_STATE = 3

#: A card as the readers take it: the FSRS dict, or the store's record of its columns.
Card = Mapping[str, Any] | CardRecord


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


class CardState(StrEnum):
    """A card's FSRS state as the store keeps it (``new`` until its first rating)."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


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
    try:
        return aware(moment, f"the card's {name}")
    except OverflowError:  # an offset that takes the moment out of datetime's range in UTC
        raise ValueError(f"the card's {name} is out of range: {value!r}") from None


def _micros_or_none(value: object) -> int | None:
    try:
        return micros(_parse(value, "time"))
    except ValueError:
        return None


def _number_or_none(value: object) -> float | None:
    if not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too big for a float: only its sign matters here
        number = math.inf if value > 0 else -math.inf
    return None if math.isnan(number) else number


def card_record(role_id: str, question_id: str, card: Mapping[str, Any]) -> CardRecord:
    """What the rule reads of a card dict: its state, due time, stability and last review."""
    if card.get("last_review") is None:
        state = CardState.NEW
    elif card.get("state") == _REVIEW_STATE:
        state = CardState.REVIEW
    elif card.get("state") == _RELEARNING_STATE:
        state = CardState.RELEARNING
    else:  # learning, or a state preptui does not know: not the review state, so learning
        state = CardState.LEARNING
    return CardRecord(
        role_id,
        question_id,
        state.value,
        _micros_or_none(card.get("due")),
        _number_or_none(card.get("stability")),
        _micros_or_none(card.get("last_review")),
    )


def _status(record: CardRecord, now_us: int) -> Status:
    """The rule itself."""
    if record.state == CardState.NEW or record.due_us is None:
        return Status.NEW  # never rated, or no due time to go by (a damaged card)
    if record.due_us <= now_us:
        return Status.DUE
    if record.state == CardState.REVIEW:
        return Status.MASTERED if _mastered(record) else Status.REVIEW
    return Status.LEARNING


def _mastered(record: CardRecord) -> bool:
    return (
        record.state == CardState.REVIEW
        and record.stability is not None
        and record.stability >= MASTERED_STABILITY_DAYS
    )


def record_status(record: CardRecord | None, now: datetime) -> Status:
    """The question's status at ``now`` from the store's record of its card (None: NEW).

    A record without a due time (its card's due was not a date with a zone) is NEW, as
    :func:`statuses` counts such a card.
    """
    now_us = micros(aware(now, "now"))
    return Status.NEW if record is None else _status(record, now_us)


def card_status(card: Mapping[str, Any] | None, now: datetime) -> Status:
    """The question's status at ``now``; None or a never-reviewed card is NEW.

    Raises ValueError for a card dict without a readable ``due`` date.
    """
    moment = aware(now, "now")
    if card is None:
        return Status.NEW
    record = card_record("", "", card)
    if record.state != CardState.NEW and record.due_us is None:
        _parse(card.get("due"), "due")  # raises, naming what is wrong with it
    return _status(record, micros(moment))


def _status_of(card: Card | None, now_us: int) -> Status:
    if card is None:
        return Status.NEW
    if isinstance(card, CardRecord):
        return _status(card, now_us)
    # A card dict: its record, as the store works it out (an unreadable due reads as NEW).
    return _status(card_record("", "", card), now_us)


def statuses(
    question_ids: Iterable[str], cards: Mapping[str, Card], now: datetime
) -> dict[str, Status]:
    """The status of each question; a card that cannot be read counts as NEW."""
    now_us = micros(aware(now, "now"))
    get = cards.get
    out: dict[str, Status] = {}
    for qid in question_ids:
        try:
            out[qid] = _status_of(get(qid), now_us)
        except (ValueError, TypeError, AttributeError):
            out[qid] = Status.NEW
    return out


def due_count(question_ids: Iterable[str], cards: Mapping[str, Card], now: datetime) -> int:
    """How many of the questions were reviewed before and are due at ``now``.

    Cards of questions not in ``question_ids`` (orphans: removed or renamed in the bank) are
    not counted.
    """
    return sum(s is Status.DUE for s in statuses(question_ids, cards, now).values())


def due_summary(
    question_ids: Iterable[str], cards: Mapping[str, CardRecord], now: datetime
) -> tuple[int, datetime | None]:
    """How many of the questions are due at ``now``, and the first moment after ``now`` one
    more falls due (None: none will), so a count can be kept until then."""
    now_us = micros(aware(now, "now"))
    due = 0
    soonest: int | None = None
    for qid in question_ids:
        record = cards.get(qid)
        if record is None:
            continue
        status = _status(record, now_us)
        if status is Status.DUE:
            due += 1
        elif status is not Status.NEW and record.due_us is not None:  # due later
            soonest = record.due_us if soonest is None else min(soonest, record.due_us)
    return due, None if soonest is None else from_micros(soonest)


def is_mastered(card: Mapping[str, Any]) -> bool:
    """Review state with a stability of at least :data:`MASTERED_STABILITY_DAYS`."""
    stability = _number_or_none(card.get("stability"))
    return (
        card.get("state") == _REVIEW_STATE
        and stability is not None
        and stability >= MASTERED_STABILITY_DAYS
    )
