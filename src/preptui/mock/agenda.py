"""The agenda of a mock interview: which questions, in what order, with how much time each."""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from preptui.kinds import Difficulty, Kind
from preptui.text import first_line, join_words, minutes_text, plural

if TYPE_CHECKING:
    from preptui.model import Bank, Question


SegmentKind = Literal["opening", "question", "closing"]
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
            f"asking {plural(fit, 'question')}, about "
            f"{minutes_text(question_seconds / fit)} each."
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
            text += f" Filled in with {join_words(parts)} {noun} instead."
        notes.append(text)
    if len(picker.chosen) < asked:
        notes.append(
            f"The bank has only {plural(len(bank.questions), 'question')}, fewer than the "
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
                "question", first_line(question.prompt), rounds[question.kind], seconds, question
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


#: The name of the round each kind is asked in.
ROUND_LABELS: Mapping[Kind, str] = {
    Kind.TECHNICAL: "Fundamentals",
    Kind.CODING: "Coding",
    Kind.SYSTEM_DESIGN: "System design",
    Kind.SCENARIO: "Scenarios",
    Kind.BEHAVIOURAL: "Behavioural",
}


def _round_names(ordered: Sequence[Question]) -> dict[Kind, str]:
    """One round per kind asked, numbered in asking order: a round's name is its kind's."""
    present = {q.kind for q in ordered}
    kinds = [k for k in KIND_ORDER if k in present]
    return {kind: f"Round {n} · {ROUND_LABELS[kind]}" for n, kind in enumerate(kinds, start=1)}


class _Picker:
    """Chooses questions without repeats, least well-rated first, spreading difficulties.

    Linear in the role's size: one pass sorts the questions into buckets by (kind, tier,
    difficulty), as bank indices in bank order; the buckets of a set of kinds asked for (a kind,
    or any) are those of its kinds merged, in bank order. A pick draws from a bucket and removes
    the question from every bucket. The draws are the ones a scan of the whole role per pick made
    (the same lists, in the same order), so the same seed gives the same agenda.
    """

    def __init__(
        self, questions: Sequence[Question], rng: random.Random, recent: Mapping[str, int]
    ) -> None:
        self._questions = questions
        self._rng = rng
        self._recent = recent
        self._difficulties: Counter[Difficulty] = Counter()
        self._by_kind: dict[Kind, dict[tuple[int, Difficulty], list[int]]] | None = None
        self._groups: dict[frozenset[Kind] | None, dict[tuple[int, Difficulty], list[int]]] = {}
        self.chosen: list[Question] = []

    def _tier(self, question: Question) -> int:
        rating = self._recent.get(question.id)
        if rating is None or rating <= 2:
            return 0
        return 1 if rating == 3 else 2

    def _kinds(self) -> dict[Kind, dict[tuple[int, Difficulty], list[int]]]:
        """The one pass over the role: bank indices by kind, then (tier, difficulty)."""
        if self._by_kind is None:
            by_kind: dict[Kind, dict[tuple[int, Difficulty], list[int]]] = {}
            recent = self._recent
            for index, q in enumerate(self._questions):
                rating = recent.get(q.id) if recent else None
                tier = 0 if rating is None or rating <= 2 else 1 if rating == 3 else 2
                by_kind.setdefault(q.kind, {}).setdefault((tier, q.difficulty), []).append(index)
            self._by_kind = by_kind
        return self._by_kind

    def _group(self, kinds: Collection[Kind] | None) -> dict[tuple[int, Difficulty], list[int]]:
        """The unused questions of these kinds (None: any), by tier and difficulty."""
        key = None if kinds is None else frozenset(kinds)
        group = self._groups.get(key)
        if group is None:
            parts: dict[tuple[int, Difficulty], list[list[int]]] = {}
            for kind, buckets in self._kinds().items():
                if key is None or kind in key:
                    for where, bucket in buckets.items():
                        parts.setdefault(where, []).append(bucket)
            group = {
                where: list(lists[0]) if len(lists) == 1 else sorted(itertools.chain(*lists))
                for where, lists in parts.items()
            }
            self._groups[key] = group
        return group

    def _use(self, index: int, question: Question) -> None:
        where = (self._tier(question), question.difficulty)
        for group in [self._kinds()[question.kind], *self._groups.values()]:
            bucket = group.get(where)
            if bucket:
                at = bisect.bisect_left(bucket, index)
                if at < len(bucket) and bucket[at] == index:
                    del bucket[at]

    def take(self, kinds: Collection[Kind] | None, count: int) -> list[Question]:
        taken: list[Question] = []
        group = self._group(kinds)
        for _ in range(count):
            live = [key for key, bucket in group.items() if bucket]
            if not live:
                break
            tier = min(t for t, _ in live)
            available = {d for t, d in live if t == tier}
            fewest = min(self._difficulties[d] for d in available)
            choices = sorted(
                (d for d in available if self._difficulties[d] == fewest), key=lambda d: d.rank
            )
            difficulty = self._rng.choice(choices)
            index = self._rng.choice(group[(tier, difficulty)])
            question = self._questions[index]
            self._use(index, question)
            self._difficulties[difficulty] += 1
            self.chosen.append(question)
            taken.append(question)
        return taken
