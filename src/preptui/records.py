"""What the store hands back: plain typed records; pure, the core reads them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

__all__ = [
    "AnswerMark",
    "AnswerRecord",
    "CardRecord",
    "MockRecord",
    "MockScore",
    "MockStatus",
    "ReviewRecord",
    "from_micros",
    "micros",
    "word_count",
]


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
    answered: int  # questions reached and not skipped

    @property
    def complete(self) -> bool:
        return self.status == MockStatus.COMPLETE

    @property
    def unfinished(self) -> bool:
        return self.status == MockStatus.IN_PROGRESS

    @property
    def status_words(self) -> str:
        return MockStatus.words(self.status)


class MockScore(NamedTuple):
    """A scored mock interview as the stats chart it: when it started and its score."""

    role_id: str
    started_at: str
    score: float


@dataclass(frozen=True)
class ReviewRecord:
    """One rating in the review log."""

    id: int
    role_id: str
    question_id: str
    grade: int
    reviewed_at: str
    duration_ms: int | None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """An aware moment as whole microseconds since 1970 (UTC): how the cards table keeps times,
    so SQL and Python compare them exactly."""
    return (moment - _EPOCH) // _MICROSECOND


def from_micros(value: int) -> datetime:
    """The inverse of :func:`micros`, in UTC."""
    return _EPOCH + timedelta(microseconds=value)


class CardRecord(NamedTuple):
    """A review card as the status rule, the stats, Today and the due counts read it: columns of
    the cards table, never its FSRS JSON (:func:`preptui.srs.status.card_record` works them out
    of a card when it is written). A tuple, so thousands of them are cheap to read.
    """

    role_id: str
    question_id: str
    state: str  # preptui.srs.status.CardState: new (never rated), learning, review, relearning
    due_us: int | None  # next due (micros); None: the card's due is not a time with a zone
    stability: float | None  # FSRS stability in days; None: none yet, or not a number
    last_review_us: int | None  # None: never rated, or not a time with a zone

    @property
    def due(self) -> datetime | None:
        return None if self.due_us is None else from_micros(self.due_us)


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
