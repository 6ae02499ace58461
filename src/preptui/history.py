"""Past mock interviews as a person reads them: when, which role, how long, the score, the status.

Pure: the app's History screen and ``preptui history`` both show :func:`history_row` of each
:class:`~preptui.records.MockRecord`, so they say the same thing. The time used is the stored
``elapsed_seconds`` (what the interview clock ran), the status is in words ("finished",
"ended early", "in progress"), and the date is in the local zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from preptui.mock.clock import fmt_clock
from preptui.times import parse_iso

if TYPE_CHECKING:
    from preptui.records import MockRecord

__all__ = ["HistoryRow", "format_history", "history_row"]


@dataclass(frozen=True)
class HistoryRow:
    mock_id: int
    date: str
    role: str
    length: str
    used: str
    score: str
    status: str
    answered: str
    unfinished: bool


def history_row(record: MockRecord, tz: tzinfo | None = None) -> HistoryRow:
    """One interview's cells; ``tz`` is the zone dates are shown in (default: local)."""
    started = parse_iso(record.started_at).astimezone(tz)
    return HistoryRow(
        mock_id=record.id,
        date=f"{started:%Y-%m-%d %H:%M}",
        role=record.role_title,
        length=f"{record.minutes} min",
        used=fmt_clock(record.elapsed_seconds),
        score="–" if record.score is None else f"{record.score:.0f}%",
        status=record.status_words,
        answered=f"{record.answered} answered",
        unfinished=record.unfinished,
    )


def format_history(records: list[MockRecord], tz: tzinfo | None = None) -> str:
    """The table ``preptui history`` prints, newest first (as the store returns them)."""
    rows = [history_row(r, tz) for r in records]
    role_width = min(28, max([4, *(len(r.role) for r in rows)]))
    out = [
        f"{'#':>4}  {'date':<16}  {'role':<{role_width}}  {'length':>7}  {'used':>5}"
        f"  {'score':>5}  status"
    ]
    for row in rows:
        role = row.role if len(row.role) <= role_width else row.role[: role_width - 1] + "…"
        status = f"{row.status} (preptui mock --resume)" if row.unfinished else row.status
        out.append(
            f"{row.mock_id:>4}  {row.date:<16}  {role:<{role_width}}  {row.length:>7}"
            f"  {row.used:>5}  {row.score:>5}  {status} · {row.answered}"
        )
    return "\n".join(out) + "\n"
