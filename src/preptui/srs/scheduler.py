"""FSRS scheduling: settings, the reviewer that rates cards, card ids and interval text.

A card travels as the plain JSON-ready dict of :meth:`fsrs.Card.to_dict`, so the store can keep it
as JSON text and hand it back unchanged. Every datetime must be timezone-aware (FSRS needs UTC).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from fsrs import Card, Rating, Scheduler
from fsrs.card import CardDict

from preptui.kinds import Grade, new_per_day_problem, retention_problem
from preptui.times import aware

_CARD_ID_MAX = 2**63 - 1

CardData = dict[str, Any]


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
        if problem := retention_problem(self.desired_retention):
            raise ValueError(f"desired retention {problem}")
        if problem := new_per_day_problem(self.new_per_day):
            raise ValueError(f"new cards per day {problem}")
        if not isinstance(self.fuzz, bool):
            raise ValueError(f"fuzz must be True or False, not {self.fuzz!r}")


# --------------------------------------------------------------------------- cards


def _card(data: Mapping[str, Any]) -> Card:
    """An fsrs Card from its dict; ValueError when the dict is not one."""
    try:
        card = Card.from_dict(cast(CardDict, dict(data)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not an FSRS card dict ({exc!r}): {dict(data)!r}") from exc
    card.due = aware(card.due, "the card's due date")
    if card.last_review is not None:
        card.last_review = aware(card.last_review, "the card's last review")
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
        card = Card(card_id=card_id_for(role_id, question_id), due=aware(now, "now"))
        return _data(card)

    def preview(self, card: Mapping[str, Any], now: datetime) -> dict[Grade, timedelta]:
        """For each grade, how long after ``now`` the card would be due (unfuzzed)."""
        moment = aware(now, "now")
        current = _card(card)
        result: dict[Grade, timedelta] = {}
        for grade in Grade:
            after, _ = self._plain.review_card(current, Rating(int(grade)), moment)
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
            _card(card), Rating(int(grade)), aware(now, "now"), duration_ms
        )
        return _data(after), dict(log.to_dict())

    def retrievability(self, card: Mapping[str, Any], now: datetime) -> float:
        """The predicted chance (0..1) of recalling the card at ``now``; 0 if never reviewed."""
        return float(self._scheduler.get_card_retrievability(_card(card), aware(now, "now")))
