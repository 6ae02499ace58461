"""Words for people: plurals, lists, percentages; one place, so every screen says it alike."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["first_line", "join_words", "minutes_text", "percent", "plural"]


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
