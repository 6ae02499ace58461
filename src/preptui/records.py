"""What the store hands back: plain typed records; pure, the core reads them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AnswerMark", "AnswerRecord", "MockRecord", "MockStatus", "ReviewRecord", "word_count"]


class MockStatus:
    """A mock interview's status as stored, and how it reads to a person."""

    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    ENDED_EARLY = "ended-early"

    _WORDS = {IN_PROGRESS: "in progress", COMPLETE: "finished", ENDED_EARLY: "ended early"}

    @classmethod
    def words(cls, status: str) -> str:
        """``finished``, ``ended early``, ``in progress``: never the stored word itself."""
        return cls._WORDS.get(status, "status unknown")


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

    @property
    def status_words(self) -> str:
        return MockStatus.words(self.status)


@dataclass(frozen=True)
class ReviewRecord:
    """One rating in the review log."""

    id: int
    role_id: str
    question_id: str
    grade: int
    reviewed_at: str
    duration_ms: int | None


def word_count(text: str) -> int:
    """The words of a typed answer, as stored with it and shown beside it."""
    return len(text.split())


@dataclass(frozen=True)
class AnswerRecord:
    """One typed answer to a question, in review or in a mock interview."""

    id: int
    role_id: str
    question_id: str
    context: str  # "review" or "mock"
    text: str
    words: int
    seconds: float  # time taken to answer
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class AnswerMark:
    """The coach's mark of one key point of an answer, and the person's correction if any."""

    point_index: int
    engine_verdict: str  # "covered", "partial" or "missed"
    user_verdict: str | None
    engine: str

    @property
    def verdict(self) -> str:
        """The mark that stands: the person's correction, else the engine's."""
        return self.user_verdict or self.engine_verdict
