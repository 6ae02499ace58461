"""Words for people: plurals, lists, percentages; one place, so every screen says it alike."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

__all__ = ["first_line", "fmt_interval", "join_words", "minutes_text", "percent", "plural"]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 question``, ``2 questions``; ``many`` for irregular plurals (``2 queries``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def join_words(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def first_line(text: str) -> str:
    """The first non-blank line, white space folded (a prompt's headline)."""
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return " ".join(text.split())


def minutes_text(seconds: float) -> str:
    """``1 minute``, ``2.5 minutes``."""
    text = f"{seconds / 60:.1f}".removesuffix(".0")
    return f"{text} minute" if text == "1" else f"{text} minutes"


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def fmt_interval(delta: timedelta) -> str:
    """A compact, Anki-like interval: ``<1m``, ``10m``, ``3h``, ``4d``, ``3mo``, ``1.2y``.

    Units switch at 60 minutes, 24 hours, 30 days and 12 months (a month is 30 days, a year 365
    days), after rounding, so nothing reads ``60m``. Anything under a minute, negative intervals
    included, is ``<1m``.
    """
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = _round_half_up(seconds / 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = _round_half_up(seconds / 3600)
    if hours < 24:
        return f"{hours}h"
    days_exact = seconds / 86400
    days = _round_half_up(days_exact)
    if days < 30:
        return f"{days}d"
    months = _round_half_up(days_exact / 30)
    if months < 12:
        return f"{months}mo"
    years = _round_half_up(days_exact / 365 * 10) / 10
    return f"{years:.1f}".removesuffix(".0") + "y"
