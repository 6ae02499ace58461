"""Words for people: plurals, lists, percentages; one place, so every screen says it alike."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["join_words", "percent", "plural"]


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
