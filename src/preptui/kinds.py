"""Vocabulary of the bank and of practice: difficulty, kind, grade; plain enums, cheap to import."""

from __future__ import annotations

import math
from enum import IntEnum, StrEnum


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"

    @property
    def rank(self) -> int:
        return _DIFFICULTY_RANK[self]


_DIFFICULTY_RANK = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


class Kind(StrEnum):
    TECHNICAL = "technical"
    BEHAVIOURAL = "behavioural"
    SCENARIO = "scenario"
    CODING = "coding"
    SYSTEM_DESIGN = "system-design"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class Grade(IntEnum):
    """The one rating vocabulary, 1–4: a review's recall grade and a mock answer's rating.

    ``label`` is what review shows (FSRS's Again/Hard/Good/Easy); ``mock_label`` is how the same
    number reads for an answer in a mock interview.
    """

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def mock_label(self) -> str:
        return _MOCK_LABELS[self]


_MOCK_LABELS = {
    Grade.AGAIN: "missed",
    Grade.HARD: "partial",
    Grade.GOOD: "good",
    Grade.EASY: "strong",
}

# How long an interview may be, in minutes (bank formats, --minutes, settings).
MIN_INTERVIEW_MINUTES = 5
MAX_INTERVIEW_MINUTES = 480

# Settings ranges: config.toml, the settings screen and the scheduler all check these.
NEW_PER_DAY_MIN, NEW_PER_DAY_MAX = 0, 500
RETENTION_MIN, RETENTION_MAX = 0.7, 0.99


def new_per_day_problem(value: object) -> str | None:
    """Why ``value`` is not a daily limit of new questions, or None."""
    whole = not isinstance(value, bool) and isinstance(value, int)
    if whole and NEW_PER_DAY_MIN <= value <= NEW_PER_DAY_MAX:  # type: ignore[operator]
        return None
    return f"must be a whole number from {NEW_PER_DAY_MIN} to {NEW_PER_DAY_MAX}, not {value!r}"


def retention_problem(value: object) -> str | None:
    """Why ``value`` is not a desired retention, or None."""
    ok = (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and RETENTION_MIN <= value <= RETENTION_MAX
    )
    return (
        None if ok else f"must be a number from {RETENTION_MIN} to {RETENTION_MAX}, not {value!r}"
    )
