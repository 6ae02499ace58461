"""A mock interview in progress: the segment shown, its countdowns, and one result per question."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from preptui.kinds import Difficulty, Grade, Kind
from preptui.mock.agenda import Agenda, Segment, SegmentKind
from preptui.mock.clock import Clock, Countdown, TimeState, time_state
from preptui.mock.interviewer import FOLLOW_UP_MIN_SECONDS, follow_up

if TYPE_CHECKING:
    pass


# --------------------------------------------------------------------------- session


@dataclass(frozen=True)
class QuestionResult:
    """What happened with one question of a mock interview."""

    question_id: str
    prompt: str
    kind: Kind
    difficulty: Difficulty
    budget_seconds: int
    used_seconds: float
    rating: int | None
    covered_points: int
    total_points: int
    notes: str = ""
    skipped: bool = False
    #: Which key points (0-based) were covered, and which partly; empty in rows stored before
    #: they were kept (``covered_points`` still counts them).
    covered: tuple[int, ...] = ()
    partial: tuple[int, ...] = ()
    #: The follow-up the interviewer asked ("" when none), the notes on it, and whether the
    #: person passed on it.
    follow_up: str = ""
    follow_up_notes: str = ""
    follow_up_skipped: bool = False

    @property
    def over_time(self) -> bool:
        return self.used_seconds > self.budget_seconds

    @property
    def points_known(self) -> bool:
        """Whether the result says which points were covered (rows stored before did not)."""
        return bool(self.covered) or self.covered_points == 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; :meth:`from_dict` reads it back."""
        return {
            "question_id": self.question_id,
            "prompt": self.prompt,
            "kind": self.kind.value,
            "difficulty": self.difficulty.value,
            "budget_seconds": self.budget_seconds,
            "used_seconds": self.used_seconds,
            "rating": self.rating,
            "covered_points": self.covered_points,
            "total_points": self.total_points,
            "notes": self.notes,
            "skipped": self.skipped,
            "covered": list(self.covered),
            "partial": list(self.partial),
            "follow_up": self.follow_up,
            "follow_up_notes": self.follow_up_notes,
            "follow_up_skipped": self.follow_up_skipped,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuestionResult:
        rating = data.get("rating")
        return cls(
            question_id=str(data["question_id"]),
            prompt=str(data["prompt"]),
            kind=Kind(data["kind"]),
            difficulty=Difficulty(data["difficulty"]),
            budget_seconds=int(data["budget_seconds"]),
            used_seconds=float(data["used_seconds"]),
            rating=None if rating is None else int(rating),
            covered_points=int(data["covered_points"]),
            total_points=int(data["total_points"]),
            notes=str(data.get("notes", "")),
            skipped=bool(data.get("skipped", False)),
            covered=_indices(data.get("covered")),
            partial=_indices(data.get("partial")),
            follow_up=str(data.get("follow_up") or ""),
            follow_up_notes=str(data.get("follow_up_notes") or ""),
            follow_up_skipped=bool(data.get("follow_up_skipped", False)),
        )


def _indices(value: object) -> tuple[int, ...]:
    """Key-point indices as stored (a JSON list); anything else reads as none."""
    if not isinstance(value, list):
        return ()
    return tuple(sorted({v for v in value if isinstance(v, int) and not isinstance(v, bool)}))


@dataclass(frozen=True)
class FrameResult:
    """The opening or the closing of a mock interview: the notes taken and the time used."""

    segment: SegmentKind
    notes: str
    used_seconds: float
    rating: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "notes": self.notes,
            "used_seconds": self.used_seconds,
            "rating": self.rating,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FrameResult:
        segment = data.get("segment")
        if segment not in ("opening", "closing"):
            raise ValueError(f"a frame is the opening or the closing, not {segment!r}")
        used = data.get("used_seconds", 0.0)
        rating = data.get("rating")
        return cls(
            segment="opening" if segment == "opening" else "closing",
            notes=str(data.get("notes") or ""),
            used_seconds=float(used) if isinstance(used, int | float) else 0.0,
            rating=rating if isinstance(rating, int) and 1 <= rating <= 4 else None,
        )


@dataclass(frozen=True)
class SessionStatus:
    """A snapshot for the UI to draw."""

    index: int
    segment: Segment | None
    progress: str
    overall_remaining: float
    segment_remaining: float
    overall_state: TimeState
    segment_state: TimeState
    overall_fraction_left: float
    segment_fraction_left: float
    segment_time_up: bool
    interview_time_up: bool
    paused: bool
    finished: bool


class MockSession:
    """The state of a mock interview in progress.

    One countdown runs for the whole interview and one for the current segment; pausing stops
    both. Nothing runs until :meth:`start`. ``results`` holds one :class:`QuestionResult` per
    question reached (answered, skipped, or in progress when the interview was finished);
    questions never reached have none.
    """

    def __init__(self, agenda: Agenda, clock: Clock, *, follow_ups: bool = True) -> None:
        self.agenda = agenda
        self._clock = clock
        self.follow_ups_enabled = follow_ups
        self.overall = Countdown(agenda.total_seconds, clock)
        self._index = 0
        self._paused = False
        self._finished = False
        self._segment = self._new_countdown(0)
        count = len(agenda.segments)
        self._notes = [""] * count
        self._ratings: list[int | None] = [None] * count
        self._points: list[set[int]] = [set() for _ in range(count)]
        self._partial: list[set[int]] = [set() for _ in range(count)]
        self._follow_ups = [""] * count
        self._follow_up_notes = [""] * count
        self._follow_up_skipped = [False] * count
        self._results: list[QuestionResult] = []
        self._frames: dict[SegmentKind, FrameResult] = {}
        self._question_numbers = {
            i: n
            for n, i in enumerate(
                (i for i, s in enumerate(agenda.segments) if s.kind == "question"), start=1
            )
        }

    @classmethod
    def resume(
        cls,
        agenda: Agenda,
        clock: Clock,
        results_so_far: Iterable[QuestionResult],
        elapsed_seconds: float,
        *,
        frames: Iterable[FrameResult] = (),
        follow_ups: bool = True,
    ) -> MockSession:
        """Rebuild a session at the first question without a result (not started yet).

        ``elapsed_seconds`` is the overall time already used. Results for questions not in the
        agenda are dropped. When every question has a result it continues at the closing.
        ``frames`` are the opening's and closing's notes saved so far.
        """
        session = cls(agenda, clock, follow_ups=follow_ups)
        session._frames = {frame.segment: frame for frame in frames}
        ids = set(agenda.question_ids)
        done: dict[str, QuestionResult] = {}
        for result in results_so_far:
            if result.question_id in ids and result.question_id not in done:
                done[result.question_id] = result
        session._results = [
            done[s.question.id]
            for s in agenda.segments
            if s.question is not None and s.question.id in done
        ]
        session.overall = Countdown(agenda.total_seconds, clock, elapsed=max(0.0, elapsed_seconds))
        last_question = max(session._question_numbers, default=0)
        index = next(
            (
                i
                for i, s in enumerate(agenda.segments)
                if s.question is not None and s.question.id not in done
            ),
            last_question + 1,
        )
        session._index = index
        if index >= len(agenda.segments):
            session._finished = True
        else:
            session._segment = session._new_countdown(index)
            closing = session._frames.get("closing")
            if agenda.segments[index].kind == "closing" and closing is not None:
                session._notes[index] = closing.notes
                session._ratings[index] = closing.rating
        return session

    # ---------------------------------------------------------------- reading

    @property
    def index(self) -> int:
        return self._index

    @property
    def current(self) -> Segment | None:
        """The segment under way; None once finished."""
        if self._finished or self._index >= len(self.agenda.segments):
            return None
        return self.agenda.segments[self._index]

    @property
    def segment_clock(self) -> Countdown:
        return self._segment

    @property
    def started(self) -> bool:
        return self.overall.started

    @property
    def paused(self) -> bool:
        return self._paused and not self._finished

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def results(self) -> list[QuestionResult]:
        return list(self._results)

    @property
    def elapsed_seconds(self) -> float:
        """Overall time used (paused time excluded): store it to :meth:`resume` later."""
        return self.overall.elapsed()

    @property
    def rating(self) -> int | None:
        return self._ratings[self._index] if self.current is not None else None

    @property
    def covered_points(self) -> frozenset[int]:
        return frozenset(self._points[self._index]) if self.current is not None else frozenset()

    @property
    def notes(self) -> str:
        return self._notes[self._index] if self.current is not None else ""

    @notes.setter
    def notes(self, text: str) -> None:
        if self.current is not None:
            self._notes[self._index] = text

    def notes_at(self, index: int) -> str:
        return self._notes[index]

    @property
    def partial_points(self) -> frozenset[int]:
        return frozenset(self._partial[self._index]) if self.current is not None else frozenset()

    @property
    def follow_up(self) -> str:
        """The follow-up asked on the current question ("" before one is asked, or none)."""
        return self._follow_ups[self._index] if self.current is not None else ""

    @property
    def follow_up_skipped(self) -> bool:
        return self._follow_up_skipped[self._index] if self.current is not None else False

    @property
    def follow_up_notes(self) -> str:
        return self._follow_up_notes[self._index] if self.current is not None else ""

    @follow_up_notes.setter
    def follow_up_notes(self, text: str) -> None:
        if self.current is not None and self.follow_up:
            self._follow_up_notes[self._index] = text

    @property
    def frames(self) -> list[FrameResult]:
        """The opening and closing as recorded so far (the one under way as it stands)."""
        frames = dict(self._frames)
        current = self._frame_now()
        if current is not None:
            frames[current.segment] = current
        return [frames[k] for k in ("opening", "closing") if k in frames]

    def status(self) -> SessionStatus:
        segment = self.current
        if segment is None:
            progress = "Finished"
        elif segment.kind == "question":
            number = self._question_numbers[self._index]
            total = len(self._question_numbers)
            progress = f"Question {number} of {total} · {segment.round}"
        else:
            progress = segment.round
        overall_left = self.overall.remaining()
        segment_left = self._segment.remaining()
        return SessionStatus(
            index=self._index,
            segment=segment,
            progress=progress,
            overall_remaining=overall_left,
            segment_remaining=segment_left,
            overall_state=time_state(overall_left, self.overall.budget),
            segment_state=time_state(segment_left, self._segment.budget),
            overall_fraction_left=self.overall.fraction_left(),
            segment_fraction_left=self._segment.fraction_left(),
            segment_time_up=segment is not None and segment_left <= 0,
            interview_time_up=overall_left <= 0,
            paused=self.paused,
            finished=self._finished,
        )

    # ---------------------------------------------------------------- acting

    def start(self) -> None:
        """Start (or, after :meth:`resume`, continue) the clocks; a second call does nothing."""
        if self._finished or self.overall.started:
            return
        self.overall.start()
        self._segment.start()

    def toggle_pause(self) -> bool:
        """Pause or resume both clocks; returns whether the session is now paused."""
        if self._finished or not self.overall.started:
            return self.paused
        self._paused = not self._paused
        for countdown in (self.overall, self._segment):
            if self._paused:
                countdown.pause()
            else:
                countdown.resume()
        return self._paused

    def rate(self, rating: int | None) -> None:
        """Rate the current segment 1-4 (missed/partial/good/strong), or None to clear.

        The opening's and closing's ratings are kept with their notes, outside the score.
        Once finished it does nothing.
        """
        if rating is not None and rating not in {int(g) for g in Grade}:
            raise ValueError(f"a rating is 1-4, not {rating!r}")
        if self.current is not None:
            self._ratings[self._index] = rating

    def toggle_point(self, i: int) -> bool:
        """Tick or untick key point ``i`` (0-based) of the current question; returns its state.

        A point marked partly covered becomes covered.
        """
        segment = self.current
        if segment is None or segment.question is None:
            return False
        if not 0 <= i < len(segment.question.key_points):
            raise IndexError(f"the question has {len(segment.question.key_points)} key points")
        points = self._points[self._index]
        self._partial[self._index].discard(i)
        if i in points:
            points.remove(i)
            return False
        points.add(i)
        return True

    def set_marks(self, covered: Iterable[int], partial: Iterable[int] = ()) -> None:
        """Mark the current question's points at once (the coach's suggestion, say)."""
        segment = self.current
        if segment is None or segment.question is None:
            return
        count = len(segment.question.key_points)
        self._points[self._index] = {i for i in covered if 0 <= i < count}
        self._partial[self._index] = {
            i for i in partial if 0 <= i < count and i not in self._points[self._index]
        }

    def ask_follow_up(self) -> str | None:
        """Ask the current question's follow-up, once, if there is time for it; returns it.

        None when follow-ups are off, the question has none, it was already asked, or less than
        :data:`FOLLOW_UP_MIN_SECONDS` of the question's budget is left (it shares that budget).
        """
        segment = self.current
        if (
            not self.follow_ups_enabled
            or segment is None
            or segment.question is None
            or self._follow_ups[self._index]
        ):
            return None
        if self._segment.remaining() < FOLLOW_UP_MIN_SECONDS:
            return None
        text = follow_up(segment.question, self.agenda.seed)
        if text is None:
            return None
        self._follow_ups[self._index] = text
        return text

    def skip_follow_up(self) -> bool:
        """Pass on the follow-up asked; returns whether there was one to pass on."""
        if self.current is None or not self.follow_up or self.follow_up_skipped:
            return False
        self._follow_up_skipped[self._index] = True
        return True

    def next(self) -> Segment | None:
        """Record the time used on the current segment and move on; returns the new segment."""
        return self._advance(skipped=False)

    def skip(self) -> Segment | None:
        """Record the current question as skipped and move on."""
        return self._advance(skipped=True)

    def finish(self) -> None:
        """End now: the segment under way is recorded as it stands, the clocks stop."""
        if self._finished:
            return
        self._record(skipped=False)
        self._stop()

    def check_time(self) -> bool:
        """Finish the interview if its time is up; returns whether it is finished."""
        if not self._finished and self.overall.started and self.overall.remaining() <= 0:
            self.finish()
        return self._finished

    # ---------------------------------------------------------------- internals

    def _new_countdown(self, index: int) -> Countdown:
        seconds = self.agenda.segments[index].seconds if index < len(self.agenda.segments) else 0
        return Countdown(seconds, self._clock)

    def current_result(self, *, skipped: bool = False) -> QuestionResult | None:
        """The current question's result as it stands now (None outside a question)."""
        segment = self.current
        if segment is None or segment.question is None:
            return None
        question = segment.question
        return QuestionResult(
            question_id=question.id,
            prompt=question.prompt,
            kind=question.kind,
            difficulty=question.difficulty,
            budget_seconds=segment.seconds,
            used_seconds=self._segment.elapsed(),
            rating=None if skipped else self._ratings[self._index],
            covered_points=0 if skipped else len(self._points[self._index]),
            total_points=len(question.key_points),
            notes=self._notes[self._index],
            skipped=skipped,
            covered=() if skipped else tuple(sorted(self._points[self._index])),
            partial=() if skipped else tuple(sorted(self._partial[self._index])),
            follow_up=self._follow_ups[self._index],
            follow_up_notes=self._follow_up_notes[self._index],
            follow_up_skipped=self._follow_up_skipped[self._index],
        )

    def current_frame(self) -> FrameResult | None:
        """The opening or closing under way as it stands (None in a question)."""
        return self._frame_now()

    def _frame_now(self) -> FrameResult | None:
        segment = self.current
        if segment is None or segment.kind == "question":
            return None
        return FrameResult(
            segment.kind,
            self._notes[self._index],
            self._segment.elapsed(),
            self._ratings[self._index],
        )

    def _record(self, *, skipped: bool) -> None:
        frame = self._frame_now()
        if frame is not None:
            self._frames[frame.segment] = frame
            return
        result = self.current_result(skipped=skipped)
        if result is None:
            return
        self._results = [r for r in self._results if r.question_id != result.question_id]
        self._results.append(result)

    def _advance(self, *, skipped: bool) -> Segment | None:
        if self._finished:
            return None
        self._record(skipped=skipped)
        self._segment.pause()
        self._index += 1
        if self._index >= len(self.agenda.segments):
            self._stop()
            return None
        self._segment = self._new_countdown(self._index)
        if self.overall.started:
            self._segment.start()
            if self._paused:
                self._segment.pause()
        return self.current

    def _stop(self) -> None:
        self._finished = True
        self.overall.pause()
        self._segment.pause()
