"""The bank format: pydantic models for roles, interview formats and questions.

Pure: no Textual, no I/O. A bank file is a TOML document with one ``[role]`` table and an
array of ``[[questions]]`` tables; :class:`Bank` validates the parsed document.

A question may also be *lazy* (:meth:`Question.lazy`): it holds only its :data:`LIGHT_FIELDS`
and reads the rest, its body, from a :class:`QuestionSource` (a bank's cache entry, see
``banks.lazy``) when one of them is first used. A lazy question is the same as the eager one:
its fields read the same, and it is equal to it, dumps and serialises the same, and copies,
pickles and prints as it; only its ``__dict__`` holds less. This is how 100,000 questions fit in
a few tens of MB: answers, key points and follow-ups stay on disk until they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol, Self, cast, final

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from preptui.kinds import MAX_INTERVIEW_MINUTES, MIN_INTERVIEW_MINUTES, Difficulty, Kind
from preptui.safe import first_control
from preptui.slugs import SLUG_PATTERN

__all__ = [
    "LIGHT_FIELDS",
    "Bank",
    "Difficulty",
    "Format",
    "Kind",
    "Question",
    "QuestionSource",
    "Role",
    "Solution",
    "SolutionCase",
    "is_lazy",
    "search_chars",
    "search_texts",
]


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
        return _search_text(self.prompt, self.answer, self.tags)

    # ------------------------------------------------------------------ lazy bodies

    @classmethod
    def lazy(cls, light: dict[str, Any], source: QuestionSource, index: int) -> Question:
        """A question that holds ``light`` (its :data:`LIGHT_FIELDS`, as validated values) and
        reads its body from ``source`` (question ``index`` there) when a body field is used.

        For a loader only: ``light`` must be the light fields of ``source.whole(index, light)``.
        """
        question = cls.__new__(cls)
        _set(question, "__dict__", light)
        _set(question, "__pydantic_fields_set__", _EVERY_FIELD)  # as a JSON load sets (all)
        _set(question, "__pydantic_extra__", None)
        _set(question, "__pydantic_private__", _Lazy(source, index))
        return question

    def whole(self) -> Question:
        """This question with every field in memory: itself, or (lazy) its validated body.

        The whole question of a lazy one is read when needed and may be dropped again (the
        source keeps only the last few), so hold the lazy question, not this.
        """
        link: object = self.__pydantic_private__
        if type(link) is _Lazy:
            return link.source.whole(link.index, self.__dict__)
        return self

    if not TYPE_CHECKING:  # a body field missing from a lazy question's __dict__: read it

        def __getattr__(self, name: str) -> Any:
            try:
                link = object.__getattribute__(self, "__pydantic_private__")
            except AttributeError:  # not set up yet (being copied or unpickled)
                link = None
            if type(link) is _Lazy and name in _BODY_FIELDS:
                return getattr(link.source.whole(link.index, self.__dict__), name)
            return super().__getattr__(name)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Question):
            return NotImplemented
        mine, theirs = self.__dict__, other.__dict__
        if any(mine.get(k, _UNSET) != theirs.get(k, _UNSET) for k in LIGHT_FIELDS):
            return False  # told apart without reading a body (``in``, ``index`` on lists)
        return BaseModel.__eq__(self.whole(), other.whole())

    def __hash__(self) -> int:  # pydantic's frozen hash (a list field makes it raise, as ever)
        values = self.whole().__dict__
        return hash(tuple(values.get(name) for name in _EVERY_FIELD_IN_ORDER))

    def __repr_args__(self) -> Iterable[tuple[str | None, Any]]:
        return BaseModel.__repr_args__(self.whole())

    def __iter__(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        return BaseModel.__iter__(self.whole())

    def __copy__(self) -> Self:
        return cast(Self, BaseModel.__copy__(self.whole()))

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        return cast(Self, BaseModel.__deepcopy__(self.whole(), memo))

    def __getstate__(self) -> dict[Any, Any]:
        return BaseModel.__getstate__(self.whole())

    def _serialize_whole(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # No return annotation: pydantic then keeps the model's own serialisation schema.
        return handler(self.whole())

    _serialize_whole = model_serializer(mode="wrap")(_serialize_whole)


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


# --------------------------------------------------------------------------- lazy questions

#: The fields a lazy question holds in memory: what lists, filters and mock agendas read for
#: every question of a role. The others (answer, key points, tip, tags, follow-ups, solution)
#: are its body.
LIGHT_FIELDS = ("id", "prompt", "difficulty", "kind", "minutes")
_BODY_FIELDS = frozenset(Question.model_fields) - frozenset(LIGHT_FIELDS)
_EVERY_FIELD_IN_ORDER = tuple(Question.model_fields)
_EVERY_FIELD = set(_EVERY_FIELD_IN_ORDER)  # shared by every lazy question; never changed
_UNSET = object()
_set = object.__setattr__


class QuestionSource(Protocol):
    """Where lazy questions' bodies are kept (``banks.lazy.EntryBodies``: a bank's cache entry)."""

    def whole(self, index: int, light: Mapping[str, Any]) -> Question:
        """Question ``index``, every field read and validated, with these light fields."""
        ...

    def search_parts(self, indices: Sequence[int]) -> list[tuple[str, str] | None]:
        """Each question's answer and its tags joined by spaces, read in one pass; None where
        they could not be read (then the question's own body is used)."""
        ...

    def body_chars(self, index: int) -> int:
        """``len(answer) + sum(len(tag) for tag in tags)`` of question ``index``."""
        ...


@final
class _Lazy:
    """A lazy question's link to its body (in ``__pydantic_private__``, unused otherwise)."""

    __slots__ = ("index", "source")

    def __init__(self, source: QuestionSource, index: int) -> None:
        self.source = source
        self.index = index


def is_lazy(question: Question) -> bool:
    """Whether ``question`` reads its body from a source when used (see :meth:`Question.lazy`)."""
    link: object = question.__pydantic_private__
    return type(link) is _Lazy


def _search_text(prompt: str, answer: str, tags: Iterable[str]) -> str:
    return _joined_text(prompt, answer, " ".join(tags))


def _joined_text(prompt: str, answer: str, tags: str) -> str:
    return "\n".join((prompt, answer, tags)).casefold()


def search_texts(questions: Sequence[Question]) -> list[str]:
    """Every question's :meth:`~Question.search_text`, lazy questions' bodies read in bulk
    (one pass over each source, nothing kept) rather than one question at a time."""
    links: list[object] = [q.__pydantic_private__ for q in questions]
    first = links[0] if links else None
    if type(first) is _Lazy and all(
        type(link) is _Lazy and link.source is first.source for link in links
    ):  # one bank's questions (the usual case): one pass, no grouping
        found = first.source.search_parts([cast(_Lazy, link).index for link in links])
        return [
            q.search_text() if parts is None else _joined_text(q.prompt, *parts)
            for q, parts in zip(questions, found, strict=True)
        ]
    texts: list[str | None] = [None] * len(questions)
    groups: dict[int, tuple[QuestionSource, list[int], list[int]]] = {}
    for at, question in enumerate(questions):
        link: object = question.__pydantic_private__
        if type(link) is _Lazy:
            group = groups.get(id(link.source))
            if group is None:
                group = groups[id(link.source)] = (link.source, [], [])
            group[1].append(at)
            group[2].append(link.index)
        else:
            texts[at] = question.search_text()
    for source, places, indices in groups.values():
        for at, parts in zip(places, source.search_parts(indices), strict=True):
            question = questions[at]
            if parts is None:  # could not be read in bulk: the question reads (or rescues) it
                texts[at] = question.search_text()
            else:
                texts[at] = _joined_text(question.prompt, *parts)
    return cast(list[str], texts)


def search_chars(questions: Iterable[Question]) -> int:
    """The length of the questions' prompts, answers and tags, without reading lazy bodies."""
    total = 0
    for question in questions:
        link: object = question.__pydantic_private__
        if type(link) is _Lazy:
            total += len(question.prompt) + link.source.body_chars(link.index)
        else:
            total += len(question.prompt) + len(question.answer) + sum(map(len, question.tags))
    return total
