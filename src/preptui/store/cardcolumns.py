"""The columns the cards table keeps beside each card's JSON: what the status rule reads.

``state``, ``due_us``, ``stability`` and ``last_review_us`` are
:func:`preptui.srs.status.card_record`'s fields, so a card's record read from them has the status
its JSON has. The store writes them with every card it writes (:func:`card_columns`), migration
11 back-filled them, and a card that is not one (not a JSON object, or a due time that is not a
time) is marked :data:`DAMAGED`: reported and left out when read, as its JSON would be. A row
whose columns are missing or odd (:data:`SOUND_NOT`) is read from its JSON.
"""

from __future__ import annotations

from collections.abc import Mapping

from preptui.srs.status import CardState, card_record
from preptui.store.damage import BAD, iso_or_bad

__all__ = ["COLUMNS", "DAMAGED", "SOUND_NOT", "Columns", "card_columns"]

#: The columns, in the order :func:`card_columns` gives them.
COLUMNS = ("state", "due_us", "stability", "last_review_us")

#: ``state`` of a stored card that is not an FSRS card.
DAMAGED = "damaged"

Columns = tuple[str, int | None, float | None, int | None]

_STATES = ", ".join(f"'{state.value}'" for state in CardState)

#: SQL true of a row whose columns are not ones the store writes (none yet: a card added or
#: changed by hand; or edited): its JSON is the one to go by. Migration 11's partial index
#: ``cards_unsound`` holds these rows: keep the two the same, term for term.
SOUND_NOT = (
    f"NOT (typeof(state) = 'text' AND state IN ({_STATES})"
    " AND typeof(due_us) IN ('integer', 'null') AND typeof(stability) IN ('real', 'null')"
    " AND typeof(last_review_us) IN ('integer', 'null'))"
)


def card_columns(card: object) -> Columns:
    """The columns of a card, as parsed from its JSON (any JSON value: never raises)."""
    if not isinstance(card, Mapping) or iso_or_bad(card.get("due")) is BAD:
        return (DAMAGED, None, None, None)
    try:
        record = card_record("", "", card)
    except (ValueError, TypeError, OverflowError):  # not expected of JSON; damaged, not fatal
        return (DAMAGED, None, None, None)
    return record.state, record.due_us, record.stability, record.last_review_us
