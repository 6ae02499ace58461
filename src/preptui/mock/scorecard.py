"""The scorecard of a finished mock interview, and its Markdown report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from preptui.kinds import Difficulty, Grade, Kind
from preptui.mock.agenda import KIND_ORDER, Agenda
from preptui.mock.clock import fmt_clock
from preptui.mock.session import FrameResult, QuestionResult
from preptui.records import MockStatus
from preptui.text import first_line, plural

if TYPE_CHECKING:
    pass


_T = TypeVar("_T")

RATING_SCORES: Mapping[int, float] = {1: 0.0, 2: 100 / 3, 3: 200 / 3, 4: 100.0}
#: A kind or difficulty is called "weakest" only when it and another one each have at least
#: this many rated answers: one low rating says nothing about a kind.
MIN_WEAKEST_SAMPLE = 2


# --------------------------------------------------------------------------- scorecard


@dataclass(frozen=True)
class ScoreRow:
    """One question of the agenda with what happened to it (``reached`` False: never asked).

    ``result`` is the question's result with the agenda's budget and the bank's key-point count;
    a question never reached has an empty one (no time used, no rating).
    """

    number: int
    round: str
    result: QuestionResult
    reached: bool

    @property
    def question_id(self) -> str:
        return self.result.question_id

    @property
    def prompt(self) -> str:
        return self.result.prompt

    @property
    def kind(self) -> Kind:
        return self.result.kind

    @property
    def difficulty(self) -> Difficulty:
        return self.result.difficulty

    @property
    def budget_seconds(self) -> int:
        return self.result.budget_seconds

    @property
    def used_seconds(self) -> float:
        return self.result.used_seconds

    @property
    def rating(self) -> int | None:
        return None if self.result.skipped else self.result.rating

    @property
    def covered_points(self) -> int:
        return self.result.covered_points

    @property
    def total_points(self) -> int:
        return self.result.total_points

    @property
    def notes(self) -> str:
        return self.result.notes

    @property
    def skipped(self) -> bool:
        return self.result.skipped

    @property
    def over_time(self) -> bool:
        return self.result.over_time

    @property
    def covered(self) -> tuple[int, ...]:
        return self.result.covered

    @property
    def partial(self) -> tuple[int, ...]:
        return self.result.partial

    @property
    def missed(self) -> tuple[int, ...]:
        """The points neither covered nor partly covered (only when the result says which)."""
        if not self.result.points_known:
            return ()
        done = set(self.result.covered) | set(self.result.partial)
        return tuple(i for i in range(self.total_points) if i not in done)

    @property
    def follow_up(self) -> str:
        return self.result.follow_up

    @property
    def follow_up_notes(self) -> str:
        return self.result.follow_up_notes

    @property
    def follow_up_skipped(self) -> bool:
        return self.result.follow_up_skipped

    @property
    def rating_label(self) -> str:
        if not self.reached:
            return "not reached"
        if self.skipped:
            return "skipped"
        return "unrated" if self.rating is None else Grade(self.rating).mock_label


@dataclass(frozen=True)
class Scorecard:
    """The result of one mock interview.

    ``score`` is the mean of the ratings' percentages (1 → 0, 2 → 33, 3 → 67, 4 → 100) over the
    *rated* questions, or None when nothing was rated. ``completion_score`` is the same sum
    divided by *every* question in the agenda: unrated, skipped and never-reached questions count
    as 0. ``weakest_kind`` / ``weakest_difficulty`` have the lowest mean rating among rated
    questions, named only when at least two kinds (difficulties) have
    :data:`MIN_WEAKEST_SAMPLE` rated answers each; ties go to the kind asked first (technical,
    coding, system design, scenario, behavioural) and to the easier difficulty.

    ``used_seconds`` is the interview's overall time used (the stored ``elapsed_seconds``, the
    figure ``preptui history`` shows); ``question_seconds`` is the part spent on questions.
    ``key_points`` holds the bank's key points of each question (by id) so the report can name
    them; ``frames`` the opening's and closing's notes.
    """

    rows: tuple[ScoreRow, ...]
    minutes: int
    seed: int
    notes: tuple[str, ...]
    score: float | None
    completion_score: float
    rated: int
    unrated: int
    skipped: int
    unreached: int
    over_time: int
    used_seconds: float
    budget_seconds: int
    points_covered: int
    points_total: int
    weakest_kind: Kind | None
    weakest_difficulty: Difficulty | None
    question_seconds: float = 0.0
    key_points: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    frames: tuple[FrameResult, ...] = ()

    @property
    def total_questions(self) -> int:
        return len(self.rows)

    def points_of(self, row: ScoreRow) -> tuple[str, ...]:
        return self.key_points.get(row.question_id, ())

    def frame(self, segment: str) -> FrameResult | None:
        return next((f for f in self.frames if f.segment == segment), None)

    def to_markdown(
        self, role_title: str, started_at: str, status: str = MockStatus.COMPLETE
    ) -> str:
        """A readable Markdown report (bank text goes in as it is)."""
        out = [
            f"# Mock interview: {role_title}",
            "",
            f"Started {started_at} · {MockStatus.words(status)} · {self.minutes} minutes "
            f"planned · {fmt_clock(self.used_seconds)} used · seed {self.seed}",
            "",
            "## Summary",
            "",
        ]
        if self.score is None:
            out.append("- Score: no question was rated")
        else:
            out.append(
                f"- Score: {self.score:.0f} % (mean over {plural(self.rated, 'rated question')})"
            )
        out += [
            f"- Completion-adjusted score: {self.completion_score:.0f} % "
            "(unrated, skipped and unreached questions count as 0)",
            f"- Questions: {self.total_questions} planned, {self.rated} rated, "
            f"{self.unrated} unrated, {self.skipped} skipped, {self.unreached} not reached",
            f"- Over time: {plural(self.over_time, 'question')}",
            f"- Key points covered: {self.points_covered} of {self.points_total}",
        ]
        if self.weakest_kind is not None:
            out.append(f"- Weakest kind: {self.weakest_kind.label}")
        if self.weakest_difficulty is not None:
            out.append(f"- Weakest difficulty: {self.weakest_difficulty.value}")
        if self.notes:
            out += ["", "Plan notes:", ""]
            out += [f"- {note}" for note in self.notes]
        out += [
            "",
            "## Questions",
            "",
            "| # | Round | Question | Difficulty | Time used / budget | Rating | Key points |",
            "| ---: | --- | --- | --- | --- | --- | --- |",
        ]
        for row in self.rows:
            used = fmt_clock(row.used_seconds) if row.reached else "-"
            late = " (over)" if row.reached and row.over_time else ""
            points = f"{row.covered_points}/{row.total_points}" if row.reached else "-"
            out.append(
                f"| {row.number} | {_cell(row.round)} | {_cell(first_line(row.prompt))} | "
                f"{row.difficulty.value} | {used} / {fmt_clock(row.budget_seconds)}{late} | "
                f"{row.rating_label} | {points} |"
            )
        out += _frame_section("Opening: tell me about yourself", self.frame("opening"))
        out += ["", "## Answers"]
        for row in self.rows:
            out += ["", f"### {row.number}. {first_line(row.prompt)}", ""]
            out += self._row_details(row)
        out += _frame_section("Closing: your questions for them", self.frame("closing"))
        return "\n".join(out) + "\n"

    def _row_details(self, row: ScoreRow) -> list[str]:
        if not row.reached:
            return ["Not reached."]
        out: list[str] = []
        points = self.points_of(row)
        if row.skipped:
            out.append("Skipped.")
        elif points and row.result.points_known:
            marks = [
                ("Covered", row.covered),
                ("Partly covered", row.partial),
                ("Missed", row.missed),
            ]
            for label, indices in marks:
                named = [points[i] for i in indices if i < len(points)]
                if named:
                    out.append(f"{label}:")
                    out += [f"- {text}" for text in named]
        else:
            out.append(f"Key points covered: {row.covered_points} of {row.total_points}")
        if row.notes.strip():
            out += ["", "Your notes:", "", _quote(row.notes)]
        if row.follow_up:
            asked = "Follow-up (passed)" if row.follow_up_skipped else "Follow-up"
            out += ["", f"{asked}: {row.follow_up}"]
            if row.follow_up_notes.strip():
                out += ["", _quote(row.follow_up_notes)]
        return out


def frame_summary(frame: FrameResult) -> str:
    """``04:10 used · rated good``: the time and rating of an opening or closing."""
    text = f"{fmt_clock(frame.used_seconds)} used"
    if frame.rating is not None:
        text += f" · rated {Grade(frame.rating).mock_label}"
    return text


def _frame_section(title: str, frame: FrameResult | None) -> list[str]:
    if frame is None:
        return []
    out = ["", f"## {title}", "", frame_summary(frame)]
    if frame.notes.strip():
        out += ["", _quote(frame.notes)]
    return out


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def scorecard(
    results: Iterable[QuestionResult],
    agenda: Agenda,
    *,
    elapsed_seconds: float | None = None,
    frames: Iterable[FrameResult] = (),
) -> Scorecard:
    """Score the results against the agenda (see :class:`Scorecard` for the definitions).

    ``elapsed_seconds`` is the interview's overall time used; without it, the time of the
    questions and frames added up.
    """
    frames = tuple(frames)
    by_id = {result.question_id: result for result in results}
    rows: list[ScoreRow] = []
    for number, segment in enumerate(agenda.questions, start=1):
        question = segment.question
        assert question is not None
        result = by_id.get(question.id)
        if result is None:  # never reached: an empty result
            result_row = QuestionResult(
                question_id=question.id,
                prompt=question.prompt,
                kind=question.kind,
                difficulty=question.difficulty,
                budget_seconds=segment.seconds,
                used_seconds=0.0,
                rating=None,
                covered_points=0,
                total_points=len(question.key_points),
            )
        else:  # the agenda's budget and the bank's points are what the row is scored against
            result_row = replace(
                result,
                prompt=question.prompt,
                budget_seconds=segment.seconds,
                total_points=len(question.key_points),
            )
        rows.append(
            ScoreRow(number, segment.round, result_row, reached=by_id.get(question.id) is not None)
        )
    rated = [r for r in rows if r.rating is not None]
    points = sum(RATING_SCORES[r.rating] for r in rated if r.rating is not None)
    question_seconds = sum(r.used_seconds for r in rows)
    if elapsed_seconds is None:
        elapsed_seconds = question_seconds + sum(f.used_seconds for f in frames)
    return Scorecard(
        rows=tuple(rows),
        minutes=agenda.minutes,
        seed=agenda.seed,
        notes=agenda.notes,
        score=points / len(rated) if rated else None,
        completion_score=points / len(rows) if rows else 0.0,
        rated=len(rated),
        unrated=sum(1 for r in rows if r.reached and not r.skipped and r.rating is None),
        skipped=sum(1 for r in rows if r.skipped),
        unreached=sum(1 for r in rows if not r.reached),
        over_time=sum(1 for r in rows if r.reached and r.over_time),
        used_seconds=elapsed_seconds,
        budget_seconds=sum(r.budget_seconds for r in rows),
        points_covered=sum(r.covered_points for r in rows),
        points_total=sum(r.total_points for r in rows),
        weakest_kind=_weakest(rated, lambda r: r.kind, KIND_ORDER),
        weakest_difficulty=_weakest(
            rated, lambda r: r.difficulty, (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)
        ),
        question_seconds=question_seconds,
        key_points={
            s.question.id: tuple(s.question.key_points)
            for s in agenda.questions
            if s.question is not None
        },
        frames=frames,
    )


def _weakest(
    rows: Sequence[ScoreRow], key: Callable[[ScoreRow], _T], order: Sequence[_T]
) -> _T | None:
    groups: dict[_T, list[int]] = {}
    for row in rows:
        if row.rating is not None:
            groups.setdefault(key(row), []).append(row.rating)
    groups = {g: ratings for g, ratings in groups.items() if len(ratings) >= MIN_WEAKEST_SAMPLE}
    if len(groups) < 2:
        return None
    return min(groups, key=lambda g: (sum(groups[g]) / len(groups[g]), order.index(g)))
