"""Difficulty and kind of a question: plain enums, cheap to import (no pydantic)."""

from __future__ import annotations

from enum import StrEnum


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
