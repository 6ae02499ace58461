"""The bank format: pydantic models for roles, interview formats and questions.

Pure: no Textual, no I/O. A bank file is a TOML document with one ``[role]`` table and an
array of ``[[questions]]`` tables; :class:`Bank` validates the parsed document.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from preptui.kinds import MAX_INTERVIEW_MINUTES, MIN_INTERVIEW_MINUTES, Difficulty, Kind
from preptui.safe import first_control
from preptui.slugs import SLUG_PATTERN

__all__ = ["Bank", "Difficulty", "Format", "Kind", "Question", "Role", "Solution", "SolutionCase"]


def _no_controls(value: str) -> str:
    """Bank text is shown in a terminal: no control characters but tab and newline."""
    char = first_control(value)
    if char is not None:
        raise PydanticCustomError(
            "control_character", "control character {code}", {"code": f"U+{ord(char):04X}"}
        )
    return value


NoControls = AfterValidator(_no_controls)
Slug = Annotated[StrictStr, StringConstraints(pattern=SLUG_PATTERN)]
Line = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000),
    NoControls,
]
Text = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100_000),
    NoControls,
]
Tag = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    NoControls,
]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        frozen=True,
    )


class Format(_Strict):
    """How a real interview for the role runs."""

    minutes: Annotated[
        StrictInt,
        Field(
            ge=MIN_INTERVIEW_MINUTES,
            le=MAX_INTERVIEW_MINUTES,
            description="Interview length in minutes.",
        ),
    ]
    rounds: Line = Field(description="Rounds, in words, e.g. '2-3 rounds: coding, ML design'.")
    mix: dict[Kind, Annotated[StrictInt, Field(ge=0, le=50)]] = Field(
        description="How many questions of each kind a real interview asks."
    )

    @field_validator("mix")
    @classmethod
    def _some_questions(cls, value: dict[Kind, int]) -> dict[Kind, int]:
        if sum(value.values()) == 0:
            raise ValueError("the mix must ask at least one question")
        return value

    @property
    def question_count(self) -> int:
        return sum(self.mix.values())

    def mix_text(self) -> str:
        return ", ".join(f"{self.mix[k]} {k.label}" for k in Kind if self.mix.get(k))


class Role(_Strict):
    id: Slug = Field(description="Unique slug for the role, e.g. 'ml-engineer'.")
    title: Line
    icon: Annotated[
        StrictStr, StringConstraints(strip_whitespace=True, max_length=8), NoControls
    ] = ""
    summary: Text
    tips: list[Line] = Field(default_factory=list, max_length=20)
    format: Format


class SolutionCase(_Strict):
    """One test case of a reference solution."""

    input: Text = Field(
        description=(
            "python: an expression that calls the solution, e.g. 'two_sum([2, 7], 9)'; "
            "sql: statements that fill the tables before the query runs."
        )
    )
    expected: Text = Field(
        description=(
            "A Python literal: the expression's value (python) or the list of result rows "
            "as tuples (sql)."
        )
    )


class Solution(_Strict):
    """A reference solution that can be run against its test cases."""

    language: Literal["python", "sql"]
    code: Text = Field(description="python: definitions; sql: one query.")
    setup: Text | None = Field(
        default=None, description="sql: CREATE TABLE statements run before each case."
    )
    ordered: StrictBool = Field(
        default=True, description="sql: compare rows in order (false: as a multiset)."
    )
    cases: list[SolutionCase] = Field(min_length=1, max_length=30)


class Question(_Strict):
    id: Slug = Field(description="Slug unique within the bank.")
    prompt: Text
    difficulty: Difficulty
    kind: Kind
    answer: Text = Field(description="Model answer, Markdown.")
    key_points: list[Line] = Field(min_length=2, max_length=8)
    tip: Line | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    minutes: Annotated[StrictInt, Field(ge=1, le=120)] | None = None
    follow_ups: list[Line] = Field(
        default_factory=list,
        max_length=5,
        description="Questions an interviewer commonly asks next.",
    )
    solution: Solution | None = Field(
        default=None, description="A runnable reference solution with test cases (coding)."
    )

    def search_text(self) -> str:
        """Lower-cased text that incremental search matches against."""
        return "\n".join((self.prompt, self.answer, " ".join(self.tags))).casefold()


class Bank(_Strict):
    """One bank file: a role and its questions."""

    role: Role
    questions: list[Question] = Field(min_length=1, max_length=20_000)

    @model_validator(mode="after")
    def _unique_question_ids(self) -> Bank:
        seen: dict[str, int] = {}
        for index, question in enumerate(self.questions):
            if question.id in seen:
                raise DuplicateQuestionId(question.id, seen[question.id], index)
            seen[question.id] = index
        return self

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None


class DuplicateQuestionId(ValueError):
    def __init__(self, question_id: str, first: int, second: int) -> None:
        super().__init__(f"duplicate question id {question_id!r} (also questions[{first}])")
        self.question_id = question_id
        self.first = first
        self.second = second
