"""Time as preptui stores and shows it: aware UTC datetimes, ISO text, local day boundaries.

Wall-clock time only; interview countdowns use the monotonic clock in ``preptui.mock.clock``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = ["aware", "day_end", "day_start", "iso", "now_iso", "parse_iso", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime, name: str = "moment") -> datetime:
    """``moment`` in UTC; a naive datetime is a programming error (FSRS needs aware ones)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name} must be timezone-aware (UTC), got the naive datetime {moment.isoformat()}; "
            "use datetime.now(timezone.utc)"
        )
    return moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    """``moment`` in UTC as the store keeps times: ``2025-01-31T09:30:00+00:00``."""
    return aware(moment).isoformat(timespec="seconds")


def now_iso() -> str:
    return iso(utc_now())


def parse_iso(text: str) -> datetime:
    """The inverse of :func:`iso`; a time without an offset is taken as UTC."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _midnight(day: date, tz: tzinfo | None) -> datetime:
    if tz is None:  # a naive local time made aware picks the local offset of that very day
        return datetime.combine(day, time(0)).astimezone()
    return datetime.combine(day, time(0), tz)


def day_start(now: datetime, tz: tzinfo | None = None) -> datetime:
    """Midnight at the start of the day ``now`` falls on in ``tz`` (default: the local zone)."""
    return _midnight(aware(now, "now").astimezone(tz).date(), tz)


def day_end(now: datetime, tz: tzinfo | None = None) -> datetime:
    """Midnight at the end of the day ``now`` falls on: a card due before it is due today."""
    return _midnight(aware(now, "now").astimezone(tz).date() + timedelta(days=1), tz)
