"""Timed mock interviews: clocks, countdowns, the agenda, the session state and the scorecard.

Pure: no Textual, no SQLite, no I/O. Every time reading comes from a :class:`Clock`, so tests
drive a :class:`FakeClock` and never sleep. Countdowns are deadline-based: the remaining time is
always computed from the clock, never by counting ticks, so a stalled caller cannot skew it.
"""

from __future__ import annotations

import math
import random
import textwrap
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from preptui.kinds import Difficulty, Kind

if TYPE_CHECKING:
    from preptui.model import Bank, Question

_T = TypeVar("_T")

SegmentKind = Literal["opening", "question", "closing"]
TimeState = Literal["ok", "warning", "overtime"]

#: A countdown turns to "warning" when at most this fraction of its budget is left.
WARNING_FRACTION = 0.2

OPENING_TITLE = "Introductions: walk me through your background"
CLOSING_TITLE = "Your questions for them"
#: Opening and closing get about this much at 60 minutes, less for shorter interviews.
FRAME_SECONDS = 300
FRAME_MIN_SECONDS = 60
#: Short interviews ask fewer questions so that the average question gets at least this much.
MIN_AVERAGE_QUESTION_SECONDS = 120
#: No question gets less than this when the time allows it.
MIN_QUESTION_SECONDS = 90
#: Relative weight of a question without its own ``minutes`` (easy 1 : medium 1.5 : hard 2),
#: expressed as nominal seconds so that a question's own ``minutes`` compares with it.
DIFFICULTY_SECONDS: Mapping[Difficulty, int] = {
    Difficulty.EASY: 240,
    Difficulty.MEDIUM: 360,
    Difficulty.HARD: 480,
}

#: The order kinds are asked in, and the rounds they are grouped into.
KIND_ORDER: tuple[Kind, ...] = (
    Kind.TECHNICAL,
    Kind.CODING,
    Kind.SYSTEM_DESIGN,
    Kind.SCENARIO,
    Kind.BEHAVIOURAL,
)
_ROUND_GROUPS: tuple[tuple[Kind, ...], ...] = (
    (Kind.TECHNICAL, Kind.CODING),
    (Kind.SYSTEM_DESIGN, Kind.SCENARIO),
    (Kind.BEHAVIOURAL,),
)
_GROUP_OF: Mapping[Kind, int] = {k: i for i, group in enumerate(_ROUND_GROUPS) for k in group}

RATING_LABELS: Mapping[int, str] = {1: "missed", 2: "partial", 3: "good", 4: "strong"}
#: Percentage score of each self-rating.
RATING_SCORES: Mapping[int, float] = {1: 0.0, 2: 100 / 3, 3: 200 / 3, 4: 100.0}


# --------------------------------------------------------------------------- clocks


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...


class MonotonicClock:
    """The real clock: :func:`time.monotonic`."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock for tests: it only moves when told to. ``time`` is settable (never backwards)."""

    def __init__(self, start: float = 0.0) -> None:
        self._time = float(start)

    def now(self) -> float:
        return self._time

    @property
    def time(self) -> float:
        return self._time

    @time.setter
    def time(self, value: float) -> None:
        if value < self._time:
            raise ValueError("a monotonic clock never goes backwards")
        self._time = float(value)

    def set(self, value: float) -> None:
        self.time = value

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes backwards")
        self._time += seconds


# --------------------------------------------------------------------------- countdown


class Countdown:
    """A budget of seconds counted down against a clock.

    While running it keeps a deadline and computes ``remaining = deadline - now``; while paused
    it keeps the remaining seconds frozen. Nothing depends on how often it is asked, so a caller
    that stalls for seconds still reads the exact time. ``elapsed`` is time spent running: paused
    time does not count. Before :meth:`start` nothing runs.
    """

    def __init__(self, budget_seconds: float, clock: Clock, *, elapsed: float = 0.0) -> None:
        if not math.isfinite(budget_seconds) or budget_seconds < 0:
            raise ValueError(f"budget must be a finite number >= 0, not {budget_seconds!r}")
        if not math.isfinite(elapsed) or elapsed < 0:
            raise ValueError(f"elapsed must be a finite number >= 0, not {elapsed!r}")
        self.budget = float(budget_seconds)
        self._clock = clock
        self._started = False
        self._deadline: float | None = None  # set while running
        self._frozen = self.budget - elapsed  # remaining seconds while not running

    @property
    def started(self) -> bool:
        return self._started

    @property
    def running(self) -> bool:
        return self._deadline is not None

    @property
    def paused(self) -> bool:
        return self._started and self._deadline is None

    def start(self) -> None:
        """Start counting; a second call does nothing (use :meth:`resume` after a pause)."""
        if self._started:
            return
        self._started = True
        self._deadline = self._clock.now() + self._frozen

    def pause(self) -> None:
        if self._deadline is not None:
            self._frozen = self._deadline - self._clock.now()
            self._deadline = None

    def resume(self) -> None:
        if not self._started:
            self.start()
        elif self._deadline is None:
            self._deadline = self._clock.now() + self._frozen

    def remaining(self) -> float:
        """Seconds left; negative when over time."""
        if self._deadline is None:
            return self._frozen
        return self._deadline - self._clock.now()

    def elapsed(self) -> float:
        return self.budget - self.remaining()

    def fraction_left(self) -> float:
        """The share of the budget left, clamped to 0..1 (0 for an empty budget)."""
        if self.budget <= 0:
            return 0.0
        return min(1.0, max(0.0, self.remaining() / self.budget))

    def state(self) -> TimeState:
        return time_state(self.remaining(), self.budget)


def time_state(remaining: float, budget: float) -> TimeState:
    """``overtime`` past zero, ``warning`` at or below 20 % of the budget left, else ``ok``."""
    if remaining < 0:
        return "overtime"
    if remaining <= WARNING_FRACTION * budget:
        return "warning"
    return "ok"


def fmt_clock(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` from an hour). Negative values are overtime: ``-65`` is ``+01:05``.

    Fractions round up, so a countdown shows ``00:01`` until it really reaches zero.
    """
    whole = math.ceil(round(seconds, 6))
    sign = "+" if whole < 0 else ""
    whole = abs(whole)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{mins:02d}:{secs:02d}"
    return f"{sign}{mins:02d}:{secs:02d}"


# --------------------------------------------------------------------------- agenda


@dataclass(frozen=True)
class Segment:
    """One timed part of the interview: the opening, a question, or the closing."""

    kind: SegmentKind
    title: str
    round: str
    seconds: int
    question: Question | None = field(default=None, hash=False)


@dataclass(frozen=True)
class Agenda:
    """The plan of one mock interview. ``seed`` is the seed actually used (drawn if not given)."""

    role_id: str
    title: str
    minutes: int
    seed: int
    segments: tuple[Segment, ...]
    notes: tuple[str, ...] = ()

    @property
    def total_seconds(self) -> int:
        return sum(s.seconds for s in self.segments)

    @property
    def questions(self) -> list[Segment]:
        return [s for s in self.segments if s.kind == "question"]

    @property
    def question_ids(self) -> list[str]:
        """The chosen questions in order: store these to rebuild with :func:`rebuild_agenda`."""
        return [s.question.id for s in self.segments if s.question is not None]


def build_agenda(
    bank: Bank,
    minutes: int | None = None,
    seed: int | None = None,
    recent: Mapping[str, int] | None = None,
) -> Agenda:
    """Plan a mock interview for the bank's role.

    ``minutes`` defaults to the role's ``format.minutes``; the segments' seconds always add up to
    exactly ``minutes * 60``: about 5 minutes each for the opening and the closing (less when
    short, at least 1), the rest split between the questions by weight (easy 1 : medium 1.5 :
    hard 2, or a question's own ``minutes``), at least 90 seconds each, in whole half-minutes
    where possible. An interview too short for the format's mix asks fewer questions (about 2
    minutes each at least), keeping the kinds' proportions.

    Picking is random but reproducible from ``seed`` (drawn when None, and recorded in the
    agenda). ``recent`` maps question ids to the latest self-rating (1-4): unrated questions and
    those rated 1-2 are picked before 3, and 3 before 4; among those, difficulties are spread as
    evenly as the bank allows. A kind the bank is short of is filled from technical questions,
    then from any kind. Problems (a short kind, too few questions, a too-short interview) become
    ``notes``, never errors.
    """
    minutes = bank.role.format.minutes if minutes is None else minutes
    if minutes < 1:
        raise ValueError(f"an interview lasts at least 1 minute, not {minutes}")
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    total = minutes * 60
    opening, closing = _frame_seconds(total)
    question_seconds = total - opening - closing

    notes: list[str] = []
    mix = {kind: n for kind, n in bank.role.format.mix.items() if n > 0}
    asked = sum(mix.values())
    fit = max(1, question_seconds // MIN_AVERAGE_QUESTION_SECONDS)
    if asked > fit:
        mix = _apportion(mix, fit)
        notes.append(
            f"{minutes} minutes is short for the format's {asked} questions: "
            f"asking {_plural(fit, 'question')}, about "
            f"{_minutes_text(question_seconds / fit)} each."
        )
        asked = fit

    picker = _Picker(bank.questions, rng, recent or {})
    short: dict[Kind, int] = {}
    for kind in KIND_ORDER:
        want = mix.get(kind, 0)
        got = len(picker.take({kind}, want))
        if got < want:
            short[kind] = want - got
    for kind, missing in short.items():
        have = sum(1 for q in bank.questions if q.kind is kind)
        text = (
            f"The bank has {'only ' + str(have) if have else 'no'} {kind.label} "
            f"question{'' if have == 1 else 's'}; the interview asks for {mix[kind]}."
        )
        filled = picker.take({Kind.TECHNICAL}, missing)
        filled += picker.take(None, missing - len(filled))
        if filled:
            counts = Counter(q.kind for q in filled)
            parts = [f"{counts[k]} {k.label}" for k in KIND_ORDER if counts[k]]
            noun = "question" if len(filled) == 1 else "questions"
            text += f" Filled in with {_join(parts)} {noun} instead."
        notes.append(text)
    if len(picker.chosen) < asked:
        notes.append(
            f"The bank has only {_plural(len(bank.questions), 'question')}, fewer than the "
            f"{asked} this interview asks for: using all of them."
        )
    return _assemble(bank, minutes, seed, picker.chosen, notes)


def rebuild_agenda(bank: Bank, question_ids: Sequence[str], minutes: int, seed: int = 0) -> Agenda:
    """The agenda of stored question ids (for resuming), in their order, with the same budgets.

    Ids no longer in the bank are dropped with a note.
    """
    if minutes < 1:
        raise ValueError(f"an interview lasts at least 1 minute, not {minutes}")
    questions: list[Question] = []
    missing: list[str] = []
    seen: set[str] = set()
    for qid in question_ids:
        question = bank.question(qid)
        if question is None:
            missing.append(qid)
        elif qid not in seen:
            seen.add(qid)
            questions.append(question)
    notes = []
    if missing:
        notes.append(f"No longer in the bank, left out: {', '.join(missing)}.")
    return _assemble(bank, minutes, seed, questions, notes, keep_order=True)


def _assemble(
    bank: Bank,
    minutes: int,
    seed: int,
    chosen: Sequence[Question],
    notes: Sequence[str],
    *,
    keep_order: bool = False,
) -> Agenda:
    total = minutes * 60
    opening, closing = _frame_seconds(total)
    if keep_order:
        ordered = list(chosen)
    else:
        pick_order = {q.id: i for i, q in enumerate(chosen)}
        ordered = sorted(
            chosen,
            key=lambda q: (
                _GROUP_OF[q.kind],
                KIND_ORDER.index(q.kind),
                q.difficulty.rank,
                pick_order[q.id],
            ),
        )
    rounds = _round_names(ordered)
    budgets = _allocate(
        total - opening - closing,
        [_nominal_seconds(q) for q in ordered],
        MIN_QUESTION_SECONDS,
    )
    if not ordered:  # only possible when rebuilding from ids the bank lost
        closing = total - opening
    segments = [Segment("opening", OPENING_TITLE, "Opening", opening)]
    for question, seconds in zip(ordered, budgets, strict=True):
        segments.append(
            Segment(
                "question", _first_line(question.prompt), rounds[question.kind], seconds, question
            )
        )
    segments.append(Segment("closing", CLOSING_TITLE, "Closing", closing))
    return Agenda(
        role_id=bank.role.id,
        title=bank.role.title,
        minutes=minutes,
        seed=seed,
        segments=tuple(segments),
        notes=tuple(notes),
    )


def _frame_seconds(total: int) -> tuple[int, int]:
    """Opening and closing: 5 minutes at 60, scaled down (to whole half-minutes), >= 1 minute."""
    each = 30 * round(total * FRAME_SECONDS / 3600 / 30)
    each = max(FRAME_MIN_SECONDS, min(FRAME_SECONDS, each))
    each = min(each, total // 5)  # interviews under 5 minutes
    return each, each


def _nominal_seconds(question: Question) -> int:
    if question.minutes is not None:
        return question.minutes * 60
    return DIFFICULTY_SECONDS[question.difficulty]


def _apportion(mix: Mapping[Kind, int], seats: int) -> dict[Kind, int]:
    """Scale the mix down to ``seats`` questions, keeping proportions (largest remainders).

    Ties go to kinds with fewer questions so far, then to the bigger kind, then by asking order.
    """
    asked = sum(mix.values())
    quotas = {kind: seats * n / asked for kind, n in mix.items()}
    counts = {kind: math.floor(q) for kind, q in quotas.items()}
    for _ in range(seats - sum(counts.values())):
        best = min(
            (k for k in KIND_ORDER if k in mix and counts[k] < mix[k]),
            key=lambda k: (
                -(quotas[k] - counts[k]),
                counts[k],
                -mix[k],
                KIND_ORDER.index(k),
            ),
        )
        counts[best] += 1
    return counts


def _allocate(total: int, weights: Sequence[float], floor: int) -> list[int]:
    """Split ``total`` whole seconds in proportion to ``weights``, summing exactly to ``total``.

    Every share gets at least ``floor`` when that is possible. Shares are whole half-minutes when
    ``total`` allows it; rounding remainders go to the largest fractions, then the earliest.
    """
    count = len(weights)
    if count == 0:
        return []
    unit = 30 if total % 30 == 0 and total // 30 >= count else 1
    units = total // unit
    min_units = math.ceil(floor / unit)
    if min_units * count > units:
        min_units = 0
    fixed: set[int] = set()
    shares: list[float] = []
    while True:
        free = units - min_units * len(fixed)
        weight = sum(w for i, w in enumerate(weights) if i not in fixed)
        shares = [
            float(min_units) if i in fixed else free * w / weight for i, w in enumerate(weights)
        ]
        low = {i for i, s in enumerate(shares) if i not in fixed and s < min_units}
        if not low:
            break
        fixed |= low
    whole = [math.floor(s) for s in shares]
    order = sorted(range(count), key=lambda i: (-(shares[i] - whole[i]), i))
    for step in range(units - sum(whole)):
        whole[order[step % count]] += 1
    return [w * unit for w in whole]


def _round_names(ordered: Sequence[Question]) -> dict[Kind, str]:
    present = {q.kind for q in ordered}
    names: dict[Kind, str] = {}
    number = 0
    for group in _ROUND_GROUPS:
        kinds = [k for k in group if k in present]
        if not kinds:
            continue
        number += 1
        if Kind.TECHNICAL in kinds:
            label = "Fundamentals"
        elif Kind.CODING in kinds:
            label = "Coding"
        elif Kind.SYSTEM_DESIGN in kinds:
            label = "Design"
        elif Kind.SCENARIO in kinds:
            label = "Scenarios"
        else:
            label = "Behavioural"
        for kind in kinds:
            names[kind] = f"Round {number} · {label}"
    return names


class _Picker:
    """Chooses questions without repeats, least well-rated first, spreading difficulties."""

    def __init__(
        self, questions: Sequence[Question], rng: random.Random, recent: Mapping[str, int]
    ) -> None:
        self._questions = questions
        self._rng = rng
        self._recent = recent
        self._used: set[str] = set()
        self._difficulties: Counter[Difficulty] = Counter()
        self.chosen: list[Question] = []

    def _tier(self, question: Question) -> int:
        rating = self._recent.get(question.id)
        if rating is None or rating <= 2:
            return 0
        return 1 if rating == 3 else 2

    def take(self, kinds: Collection[Kind] | None, count: int) -> list[Question]:
        taken: list[Question] = []
        for _ in range(count):
            pool = [
                q
                for q in self._questions
                if q.id not in self._used and (kinds is None or q.kind in kinds)
            ]
            if not pool:
                break
            tier = min(self._tier(q) for q in pool)
            pool = [q for q in pool if self._tier(q) == tier]
            available = {q.difficulty for q in pool}
            fewest = min(self._difficulties[d] for d in available)
            choices = sorted(
                (d for d in available if self._difficulties[d] == fewest), key=lambda d: d.rank
            )
            difficulty = self._rng.choice(choices)
            question = self._rng.choice([q for q in pool if q.difficulty is difficulty])
            self._used.add(question.id)
            self._difficulties[difficulty] += 1
            self.chosen.append(question)
            taken.append(question)
        return taken


# --------------------------------------------------------------------------- plan text

PLAN_WIDTH = 100


def format_plan(agenda: Agenda, width: int = PLAN_WIDTH) -> str:
    """The agenda as a plain-text table: #, segment, question, budget and running total."""
    rows: list[tuple[str, str, str, str, str]] = []
    running = 0
    for number, segment in enumerate(agenda.segments, start=1):
        running += segment.seconds
        segment_text = segment.round if segment.kind == "question" else segment.kind.capitalize()
        text = _first_line(segment.question.prompt) if segment.question else segment.title
        rows.append(
            (str(number), segment_text, text, fmt_clock(segment.seconds), fmt_clock(running))
        )
    header = ("#", "Segment", "Question", "Time", "Total")
    widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(5)]
    widths[1] = min(widths[1], 28)
    widths[2] = max(10, width - sum(widths) + widths[2] - 2 * 4)
    heading = f"{agenda.title} · {agenda.minutes}-minute mock interview · seed {agenda.seed}"
    lines = [_fit(heading, width).rstrip(), ""]
    for row in [header, *rows]:
        cells = [_fit(cell, w) for cell, w in zip(row, widths, strict=True)]
        cells[0] = " " * (widths[0] - _width(row[0])) + row[0]
        cells[3] = " " * (widths[3] - _width(row[3])) + row[3]
        cells[4] = " " * (widths[4] - _width(row[4])) + row[4]
        lines.append("  ".join(cells).rstrip())
    table_width = sum(widths) + 2 * 4
    total = f"Total {fmt_clock(agenda.total_seconds)}"
    lines.append(" " * max(0, table_width - len(total)) + total)
    for note in agenda.notes:
        lines += textwrap.wrap(
            note, width, initial_indent="Note: ", subsequent_indent="      ", break_on_hyphens=False
        )
    return "\n".join(lines)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return " ".join(text.split())


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _width(text: str) -> int:
    return sum(_char_width(c) for c in text)


def _fit(text: str, width: int) -> str:
    """Truncate with an ellipsis and pad to exactly ``width`` terminal columns."""
    if _width(text) > width:
        out, used = "", 0
        for char in text:
            w = _char_width(char)
            if used + w > width - 1:
                break
            out += char
            used += w
        text = out.rstrip() + "…"
    return text + " " * (width - _width(text))


def _minutes_text(seconds: float) -> str:
    text = f"{seconds / 60:.1f}".removesuffix(".0")
    return f"{text} minute" if text == "1" else f"{text} minutes"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


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

    @property
    def over_time(self) -> bool:
        return self.used_seconds > self.budget_seconds

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

    def __init__(self, agenda: Agenda, clock: Clock) -> None:
        self.agenda = agenda
        self._clock = clock
        self.overall = Countdown(agenda.total_seconds, clock)
        self._index = 0
        self._paused = False
        self._finished = False
        self._segment = self._new_countdown(0)
        count = len(agenda.segments)
        self._notes = [""] * count
        self._ratings: list[int | None] = [None] * count
        self._points: list[set[int]] = [set() for _ in range(count)]
        self._results: list[QuestionResult] = []
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
    ) -> MockSession:
        """Rebuild a session at the first question without a result (not started yet).

        ``elapsed_seconds`` is the overall time already used. Results for questions not in the
        agenda are dropped. When every question has a result it continues at the closing.
        """
        session = cls(agenda, clock)
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
        """Rate the current question 1-4 (missed/partial/good/strong), or None to clear.

        Outside a question (opening, closing, finished) it does nothing.
        """
        if rating is not None and rating not in RATING_LABELS:
            raise ValueError(f"a rating is 1-4, not {rating!r}")
        segment = self.current
        if segment is not None and segment.kind == "question":
            self._ratings[self._index] = rating

    def toggle_point(self, i: int) -> bool:
        """Tick or untick key point ``i`` (0-based) of the current question; returns its state."""
        segment = self.current
        if segment is None or segment.question is None:
            return False
        if not 0 <= i < len(segment.question.key_points):
            raise IndexError(f"the question has {len(segment.question.key_points)} key points")
        points = self._points[self._index]
        if i in points:
            points.remove(i)
            return False
        points.add(i)
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
        )

    def _record(self, *, skipped: bool) -> None:
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


# --------------------------------------------------------------------------- scorecard


@dataclass(frozen=True)
class ScoreRow:
    """One question of the agenda with what happened to it (``reached`` False: never asked)."""

    number: int
    question_id: str
    prompt: str
    round: str
    kind: Kind
    difficulty: Difficulty
    budget_seconds: int
    used_seconds: float
    rating: int | None
    covered_points: int
    total_points: int
    notes: str
    skipped: bool
    reached: bool

    @property
    def over_time(self) -> bool:
        return self.used_seconds > self.budget_seconds

    @property
    def rating_label(self) -> str:
        if not self.reached:
            return "not reached"
        if self.skipped:
            return "skipped"
        return "unrated" if self.rating is None else RATING_LABELS[self.rating]


@dataclass(frozen=True)
class Scorecard:
    """The result of one mock interview.

    ``score`` is the mean of the ratings' percentages (1 → 0, 2 → 33, 3 → 67, 4 → 100) over the
    *rated* questions, or None when nothing was rated. ``completion_score`` is the same sum
    divided by *every* question in the agenda: unrated, skipped and never-reached questions count
    as 0. ``weakest_kind`` / ``weakest_difficulty`` have the lowest mean rating among rated
    questions; ties go to the kind asked first (technical, coding, system design, scenario,
    behavioural) and to the easier difficulty.
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

    @property
    def total_questions(self) -> int:
        return len(self.rows)

    def to_markdown(self, role_title: str, started_at: str) -> str:
        """A readable Markdown report (bank text goes in as it is)."""
        out = [
            f"# Mock interview: {role_title}",
            "",
            f"Started {started_at} · {self.minutes} minutes planned · "
            f"{fmt_clock(self.used_seconds)} used on questions · seed {self.seed}",
            "",
            "## Summary",
            "",
        ]
        if self.score is None:
            out.append("- Score: no question was rated")
        else:
            out.append(
                f"- Score: {self.score:.0f} % (mean over {_plural(self.rated, 'rated question')})"
            )
        out += [
            f"- Completion-adjusted score: {self.completion_score:.0f} % "
            "(unrated, skipped and unreached questions count as 0)",
            f"- Questions: {self.total_questions} planned, {self.rated} rated, "
            f"{self.unrated} unrated, {self.skipped} skipped, {self.unreached} not reached",
            f"- Over time: {_plural(self.over_time, 'question')}",
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
                f"| {row.number} | {_cell(row.round)} | {_cell(_first_line(row.prompt))} | "
                f"{row.difficulty.value} | {used} / {fmt_clock(row.budget_seconds)}{late} | "
                f"{row.rating_label} | {points} |"
            )
        noted = [row for row in self.rows if row.notes.strip()]
        if noted:
            out += ["", "## Notes"]
            for row in noted:
                out += ["", f"### {row.number}. {_first_line(row.prompt)}", "", row.notes.strip()]
        return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def scorecard(results: Iterable[QuestionResult], agenda: Agenda) -> Scorecard:
    """Score the results against the agenda (see :class:`Scorecard` for the definitions)."""
    by_id = {result.question_id: result for result in results}
    rows: list[ScoreRow] = []
    for number, segment in enumerate(agenda.questions, start=1):
        question = segment.question
        assert question is not None
        result = by_id.get(question.id)
        rows.append(
            ScoreRow(
                number=number,
                question_id=question.id,
                prompt=question.prompt,
                round=segment.round,
                kind=question.kind,
                difficulty=question.difficulty,
                budget_seconds=segment.seconds,
                used_seconds=result.used_seconds if result else 0.0,
                rating=result.rating if result and not result.skipped else None,
                covered_points=result.covered_points if result else 0,
                total_points=len(question.key_points),
                notes=result.notes if result else "",
                skipped=result.skipped if result else False,
                reached=result is not None,
            )
        )
    rated = [r for r in rows if r.rating is not None]
    points = sum(RATING_SCORES[r.rating] for r in rated if r.rating is not None)
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
        used_seconds=sum(r.used_seconds for r in rows),
        budget_seconds=sum(r.budget_seconds for r in rows),
        points_covered=sum(r.covered_points for r in rows),
        points_total=sum(r.total_points for r in rows),
        weakest_kind=_weakest(rated, lambda r: r.kind, KIND_ORDER),
        weakest_difficulty=_weakest(
            rated, lambda r: r.difficulty, (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)
        ),
    )


def _weakest(
    rows: Sequence[ScoreRow], key: Callable[[ScoreRow], _T], order: Sequence[_T]
) -> _T | None:
    groups: dict[_T, list[int]] = {}
    for row in rows:
        if row.rating is not None:
            groups.setdefault(key(row), []).append(row.rating)
    if not groups:
        return None
    return min(groups, key=lambda g: (sum(groups[g]) / len(groups[g]), order.index(g)))
