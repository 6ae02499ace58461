"""What the store hands back: plain typed records; pure, the core reads them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MockRecord", "MockStatus", "ReviewRecord"]


class MockStatus:
    """A mock interview's status as stored, and how it reads to a person."""

    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    ENDED_EARLY = "ended-early"


@dataclass(frozen=True)
class MockRecord:
    """One mock interview as stored: enough to list it, resume it or show its scorecard."""

    id: int
    role_id: str
    role_title: str
    started_at: str
    minutes: int
    seed: int
    question_ids: list[str]
    status: str
    elapsed_seconds: float
    finished_at: str | None
    score: float | None
    answered: int

    @property
    def complete(self) -> bool:
        return self.status == MockStatus.COMPLETE

    @property
    def unfinished(self) -> bool:
        return self.status == MockStatus.IN_PROGRESS


@dataclass(frozen=True)
class ReviewRecord:
    """One rating in the review log."""

    id: int
    role_id: str
    question_id: str
    grade: int
    reviewed_at: str
    duration_ms: int | None
