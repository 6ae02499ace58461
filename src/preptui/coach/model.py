"""What a coach engine says about an answer: a verdict per key point, a suggested rating, and
structure feedback for behavioural questions. Plain frozen dataclasses, cheap to import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from preptui.model import Question


class Verdict(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    MISSED = "missed"

    @property
    def credit(self) -> float:
        """How much of a point this verdict earns towards the suggested rating."""
        return _CREDIT[self]


_CREDIT = {Verdict.COVERED: 1.0, Verdict.PARTIAL: 0.5, Verdict.MISSED: 0.0}


@dataclass(frozen=True)
class Target:
    """What an answer is judged against: the question's prompt, its key points and its model
    answer (which the lexical engine reads for the words that explain each point)."""

    key_points: tuple[str, ...]
    prompt: str = ""
    behavioural: bool = False
    answer: str = ""

    @classmethod
    def from_question(cls, question: Question) -> Target:
        from preptui.kinds import Kind

        return cls(
            key_points=tuple(question.key_points),
            prompt=question.prompt,
            behavioural=question.kind is Kind.BEHAVIOURAL,
            answer=question.answer,
        )


@dataclass(frozen=True)
class PointScore:
    """An engine's raw finding for one key point, before thresholds turn it into a verdict."""

    index: int
    score: float  # 0–1
    evidence: str  # the answer's sentence that matched best; "" if none did


@dataclass(frozen=True)
class Thresholds:
    """A score at or above ``covered`` is covered; at or above ``partial``, partly covered."""

    covered: float
    partial: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.partial <= self.covered <= 1.0:
            raise ValueError(f"thresholds out of order: {self}")

    def verdict(self, score: float) -> Verdict:
        if score >= self.covered:
            return Verdict.COVERED
        if score >= self.partial:
            return Verdict.PARTIAL
        return Verdict.MISSED


@dataclass(frozen=True)
class PointVerdict:
    index: int
    verdict: Verdict
    score: float
    evidence: str

    def as_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "verdict": self.verdict.value,
            "score": round(self.score, 3),
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Structure:
    """STAR feedback for a behavioural answer."""

    situation: bool
    task: bool
    action: bool
    result: bool
    first_person: bool  # the actions are told as "I …", not only "we …"
    number_in_result: bool  # the outcome is measured

    def hints(self) -> list[str]:
        """What is missing, in words a candidate can act on."""
        hints = []
        if not self.situation:
            hints.append("set the scene: where you were and what was going on")
        if not self.task:
            hints.append("say what you were responsible for")
        if not self.action:
            hints.append("describe the steps you took")
        elif not self.first_person:
            hints.append('tell your own actions with "I", not only "we"')
        if not self.result:
            hints.append("end with the outcome")
        elif not self.number_in_result:
            hints.append("put a number on the outcome")
        return hints

    def as_dict(self) -> dict[str, bool]:
        return {
            "situation": self.situation,
            "task": self.task,
            "action": self.action,
            "result": self.result,
            "first_person": self.first_person,
            "number_in_result": self.number_in_result,
        }


@dataclass(frozen=True)
class Coverage:
    """An engine's judgement of one answer."""

    points: tuple[PointVerdict, ...]
    engine: str
    structure: Structure | None = None
    notes: tuple[str, ...] = field(default=())  # e.g. why an engine fell back to another

    @property
    def covered(self) -> list[int]:
        return [p.index for p in self.points if p.verdict is Verdict.COVERED]

    @property
    def partial(self) -> list[int]:
        return [p.index for p in self.points if p.verdict is Verdict.PARTIAL]

    @property
    def suggested_rating(self) -> int:
        return suggested_rating([p.verdict for p in self.points])

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``preptui check --json``."""
        return {
            "points": [p.as_dict() for p in self.points],
            "covered": self.covered,
            "suggested_rating": self.suggested_rating,
        }


def suggested_rating(verdicts: Sequence[Verdict]) -> int:
    """1 (Again) to 4 (Easy) from the share of the key points earned (partial counts half)."""
    if not verdicts:
        return 1
    share = sum(v.credit for v in verdicts) / len(verdicts)
    if share >= 0.8:
        return 4
    if share >= 0.5:
        return 3
    if share >= 0.2:
        return 2
    return 1
