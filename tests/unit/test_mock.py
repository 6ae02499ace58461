"""Mock interviews: agenda planning, deadline-based countdowns, the session and the scorecard.

Every clock here is a FakeClock: nothing sleeps.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from preptui.banks.errors import BankLoadError
from preptui.banks.load import load_bank
from preptui.mock.agenda import (
    CLOSING_TITLE,
    KIND_ORDER,
    MIN_QUESTION_SECONDS,
    OPENING_TITLE,
    Agenda,
    build_agenda,
    rebuild_agenda,
)
from preptui.mock.clock import Countdown, FakeClock, MonotonicClock, fmt_clock
from preptui.mock.plan import format_plan
from preptui.mock.scorecard import scorecard
from preptui.mock.session import MockSession, QuestionResult
from preptui.model import Bank, Difficulty, Format, Kind, Question, Role

REPO = Path(__file__).resolve().parents[2]
BUNDLED = sorted((REPO / "banks").glob("*.toml"))
DIFFICULTIES = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)
ROUND_GROUP = {
    Kind.TECHNICAL: 0,
    Kind.CODING: 0,
    Kind.SYSTEM_DESIGN: 1,
    Kind.SCENARIO: 1,
    Kind.BEHAVIOURAL: 2,
}


def make_question(
    qid: str,
    kind: Kind = Kind.TECHNICAL,
    difficulty: Difficulty = Difficulty.MEDIUM,
    minutes: int | None = None,
    points: int = 3,
) -> Question:
    return Question(
        id=qid,
        prompt=f"Prompt of {qid}: explain | something\nwith a second line",
        difficulty=difficulty,
        kind=kind,
        answer="An answer.",
        key_points=[f"point {i}" for i in range(points)],
        minutes=minutes,
    )


def make_bank(
    questions: Sequence[Question], mix: dict[Kind, int], minutes: int = 60, role_id: str = "role"
) -> Bank:
    return Bank(
        role=Role(
            id=role_id,
            title="Test Role",
            summary="A role for tests.",
            format=Format(minutes=minutes, rounds="some rounds", mix=mix),
        ),
        questions=list(questions),
    )


def grid_bank(per_cell: int = 4, mix: dict[Kind, int] | None = None) -> Bank:
    """``per_cell`` questions of every kind and difficulty."""
    questions = [
        make_question(f"{kind.value}-{difficulty.value}-{i}", kind, difficulty)
        for kind in KIND_ORDER
        for difficulty in DIFFICULTIES
        for i in range(per_cell)
    ]
    default = {Kind.TECHNICAL: 3, Kind.CODING: 2, Kind.SYSTEM_DESIGN: 1, Kind.BEHAVIOURAL: 2}
    return make_bank(questions, mix or default)


def check_agenda(agenda: Agenda, bank: Bank, minutes: int) -> None:
    """Invariants every agenda keeps."""
    segments = agenda.segments
    assert agenda.total_seconds == minutes * 60
    assert sum(s.seconds for s in segments) == minutes * 60
    assert all(isinstance(s.seconds, int) and s.seconds > 0 for s in segments)
    assert segments[0].kind == "opening" and segments[0].title == OPENING_TITLE
    assert segments[-1].kind == "closing" and segments[-1].title == CLOSING_TITLE
    assert all(s.kind == "question" for s in segments[1:-1])
    questions = agenda.questions
    assert 1 <= len(questions) <= min(bank.role.format.question_count, len(bank.questions))
    ids = [s.question.id for s in questions if s.question]
    assert len(ids) == len(set(ids)) == len(questions)
    assert all(bank.question(qid) is not None for qid in ids)
    groups = [ROUND_GROUP[s.question.kind] for s in questions if s.question]
    assert groups == sorted(groups)
    assert all(s.round.startswith("Round ") for s in questions)
    if minutes >= 5:
        assert segments[0].seconds >= 60 and segments[-1].seconds >= 60
        assert all(s.seconds >= MIN_QUESTION_SECONDS for s in questions)
    if minutes <= 60:
        assert segments[0].seconds <= 300 and segments[-1].seconds <= 300
    plan = format_plan(agenda)
    assert all(len(line) <= 100 for line in plan.splitlines())
    assert f"Total {fmt_clock(minutes * 60)}" in plan


# --------------------------------------------------------------------------- agenda


def loadable_banks() -> list[Bank]:
    banks = []
    for path in BUNDLED:
        try:
            banks.append(load_bank(path))
        except BankLoadError:
            continue
    return banks


@pytest.mark.parametrize("minutes", [20, 30, 45, 60, 90])
def test_bundled_banks_sum_exactly(minutes: int) -> None:
    banks = loadable_banks()
    if not banks:
        pytest.skip("no bundled bank loads yet")
    for bank in banks:
        for seed in range(3):
            agenda = build_agenda(bank, minutes, seed=seed)
            assert agenda.role_id == bank.role.id and agenda.minutes == minutes
            check_agenda(agenda, bank, minutes)


def test_default_minutes_come_from_the_format() -> None:
    bank = make_bank([make_question("a"), make_question("b")], {Kind.TECHNICAL: 2}, minutes=35)
    agenda = build_agenda(bank, seed=1)
    assert agenda.minutes == 35 and agenda.total_seconds == 35 * 60


kinds_st = st.sampled_from(KIND_ORDER)
question_specs = st.lists(
    st.tuples(
        kinds_st,
        st.sampled_from(DIFFICULTIES),
        st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
    ),
    min_size=1,
    max_size=25,
)
mixes = st.dictionaries(kinds_st, st.integers(min_value=0, max_value=8), min_size=1).filter(
    lambda m: sum(m.values()) > 0
)


@settings(max_examples=150, deadline=None)
@given(
    specs=question_specs,
    mix=mixes,
    minutes=st.integers(min_value=5, max_value=240),
    seed=st.integers(min_value=0, max_value=2**32),
    ratings=st.lists(st.integers(min_value=1, max_value=4), max_size=25),
)
def test_generated_agendas_keep_every_rule(
    specs: list[tuple[Kind, Difficulty, int | None]],
    mix: dict[Kind, int],
    minutes: int,
    seed: int,
    ratings: list[int],
) -> None:
    questions = [make_question(f"q{i}", k, d, m) for i, (k, d, m) in enumerate(specs)]
    bank = make_bank(questions, mix)
    recent = {f"q{i}": r for i, r in enumerate(ratings)}
    agenda = build_agenda(bank, minutes, seed=seed, recent=recent)
    check_agenda(agenda, bank, minutes)
    assert agenda == build_agenda(bank, minutes, seed=seed, recent=recent)
    have = Counter(q.kind for q in questions)
    asked = sum(mix.values())
    if len(agenda.questions) == asked:  # not scaled down: short kinds must be explained
        for kind, n in mix.items():
            if have[kind] < n:
                assert any(kind.label in note for note in agenda.notes), agenda.notes
    if len(questions) < asked and len(agenda.questions) < asked:
        assert agenda.notes


@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(min_value=1, max_value=4), seed=st.integers(0, 100))
def test_tiny_interviews_still_sum_exactly(minutes: int, seed: int) -> None:
    bank = grid_bank(1)
    agenda = build_agenda(bank, minutes, seed=seed)
    assert agenda.total_seconds == minutes * 60
    assert len(agenda.questions) == 1
    assert all(s.seconds > 0 for s in agenda.segments)


def test_zero_minutes_is_an_error() -> None:
    with pytest.raises(ValueError):
        build_agenda(grid_bank(1), 0)


def test_same_seed_same_agenda_different_seeds_differ() -> None:
    bank = grid_bank(4)
    first = build_agenda(bank, 45, seed=7)
    assert first.seed == 7
    assert build_agenda(bank, 45, seed=7) == first
    assert format_plan(build_agenda(bank, 45, seed=7)) == format_plan(first)
    plans = {tuple(build_agenda(bank, 45, seed=s).question_ids) for s in range(10)}
    assert len(plans) > 5


def test_no_seed_draws_one_and_records_it() -> None:
    bank = grid_bank(4)
    agenda = build_agenda(bank, 30)
    assert isinstance(agenda.seed, int)
    assert build_agenda(bank, 30, seed=agenda.seed) == agenda


def test_rounds_follow_a_sensible_order() -> None:
    bank = grid_bank(2, {Kind.BEHAVIOURAL: 1, Kind.SCENARIO: 1, Kind.CODING: 1, Kind.TECHNICAL: 2})
    agenda = build_agenda(bank, 60, seed=3)
    kinds = [s.question.kind for s in agenda.questions if s.question]
    assert kinds == [Kind.TECHNICAL, Kind.TECHNICAL, Kind.CODING, Kind.SCENARIO, Kind.BEHAVIOURAL]
    rounds = [s.round for s in agenda.questions]
    assert rounds == [
        "Round 1 · Fundamentals",
        "Round 1 · Fundamentals",
        "Round 2 · Coding",  # a coding question never sits under "Fundamentals"
        "Round 3 · Scenarios",
        "Round 4 · Behavioural",
    ]
    assert agenda.notes == ()


def test_budgets_follow_difficulty_and_own_minutes() -> None:
    questions = [
        make_question("easy", difficulty=Difficulty.EASY),
        make_question("hard", difficulty=Difficulty.HARD),
        make_question("long", kind=Kind.SYSTEM_DESIGN, difficulty=Difficulty.EASY, minutes=20),
    ]
    bank = make_bank(questions, {Kind.TECHNICAL: 2, Kind.SYSTEM_DESIGN: 1})
    agenda = build_agenda(bank, 60, seed=0)
    budget = {s.question.id: s.seconds for s in agenda.questions if s.question}
    assert abs(budget["hard"] - 2 * budget["easy"]) <= 60  # whole half-minutes
    assert all(seconds % 30 == 0 for seconds in budget.values())
    assert budget["long"] > budget["hard"]
    assert sum(budget.values()) == 3600 - 600


def test_difficulties_are_spread() -> None:
    bank = grid_bank(4, {Kind.TECHNICAL: 3})
    for seed in range(20):
        agenda = build_agenda(bank, 60, seed=seed)
        assert {s.question.difficulty for s in agenda.questions if s.question} == set(DIFFICULTIES)
    bank = grid_bank(4, {Kind.TECHNICAL: 3, Kind.BEHAVIOURAL: 3})
    for seed in range(20):
        agenda = build_agenda(bank, 90, seed=seed)
        counts = Counter(s.question.difficulty for s in agenda.questions if s.question)
        assert counts == {d: 2 for d in DIFFICULTIES}


def test_spread_where_the_bank_allows() -> None:
    questions = [make_question(f"m{i}", difficulty=Difficulty.MEDIUM) for i in range(5)]
    questions.append(make_question("h", difficulty=Difficulty.HARD))
    bank = make_bank(questions, {Kind.TECHNICAL: 4})
    for seed in range(10):
        ids = build_agenda(bank, 60, seed=seed).question_ids
        assert "h" in ids and len(ids) == 4


def test_recently_well_rated_questions_come_last() -> None:
    questions = [make_question(f"q{i}", difficulty=DIFFICULTIES[i % 3]) for i in range(12)]
    bank = make_bank(questions, {Kind.TECHNICAL: 6})
    # q0-q3 strong, q4-q5 good, q6 missed, q7 partial, q8-q11 never rated
    recent = {"q0": 4, "q1": 4, "q2": 4, "q3": 4, "q4": 3, "q5": 3, "q6": 1, "q7": 2}
    for seed in range(15):
        ids = set(build_agenda(bank, 60, seed=seed, recent=recent).question_ids)
        assert ids == {"q6", "q7", "q8", "q9", "q10", "q11"}
    smaller = make_bank(questions[:8], {Kind.TECHNICAL: 5})
    for seed in range(15):
        ids = set(build_agenda(smaller, 60, seed=seed, recent=recent).question_ids)
        assert ids == {"q4", "q5", "q6", "q7"} | (ids & {"q0", "q1", "q2", "q3"})
        assert len(ids & {"q0", "q1", "q2", "q3"}) == 1


def test_a_short_kind_is_filled_from_technical_with_a_note() -> None:
    questions = [make_question(f"t{i}", Kind.TECHNICAL, DIFFICULTIES[i % 3]) for i in range(6)]
    questions += [make_question(f"b{i}", Kind.BEHAVIOURAL) for i in range(4)]
    questions.append(make_question("s0", Kind.SYSTEM_DESIGN, Difficulty.HARD))
    mix = {Kind.TECHNICAL: 2, Kind.SYSTEM_DESIGN: 3, Kind.BEHAVIOURAL: 1}
    bank = make_bank(questions, mix)
    for seed in range(10):
        agenda = build_agenda(bank, 60, seed=seed)
        kinds = Counter(s.question.kind for s in agenda.questions if s.question)
        assert kinds == {Kind.TECHNICAL: 4, Kind.SYSTEM_DESIGN: 1, Kind.BEHAVIOURAL: 1}
        assert len(agenda.notes) == 1
        assert agenda.notes[0] == (
            "The bank has only 1 system design question; the interview asks for 3. "
            "Filled in with 2 technical questions instead."
        )
        check_agenda(agenda, bank, 60)


def test_missing_kind_falls_back_to_any_kind_when_technical_runs_out() -> None:
    questions = [make_question("t0"), *(make_question(f"b{i}", Kind.BEHAVIOURAL) for i in range(3))]
    bank = make_bank(questions, {Kind.CODING: 2, Kind.TECHNICAL: 1})
    agenda = build_agenda(bank, 30, seed=1)
    kinds = Counter(s.question.kind for s in agenda.questions if s.question)
    assert kinds == {Kind.TECHNICAL: 1, Kind.BEHAVIOURAL: 2}
    assert agenda.notes == (
        "The bank has no coding questions; the interview asks for 2. "
        "Filled in with 2 behavioural questions instead.",
    )


def test_a_tiny_bank_uses_what_it_has() -> None:
    questions = [make_question("a"), make_question("b", Kind.SCENARIO)]
    bank = make_bank(questions, {Kind.TECHNICAL: 4, Kind.SCENARIO: 2, Kind.BEHAVIOURAL: 2})
    agenda = build_agenda(bank, 45, seed=2)
    assert sorted(agenda.question_ids) == ["a", "b"]
    assert any("only 2 questions" in note for note in agenda.notes)
    check_agenda(agenda, bank, 45)


def test_short_interviews_ask_fewer_questions() -> None:
    mix = {Kind.TECHNICAL: 5, Kind.SYSTEM_DESIGN: 2, Kind.BEHAVIOURAL: 2}
    bank = grid_bank(4, mix)
    agenda = build_agenda(bank, 10, seed=5)
    questions = agenda.questions
    assert 1 <= len(questions) < 9
    assert all(s.seconds >= MIN_QUESTION_SECONDS for s in questions)
    kinds = Counter(s.question.kind for s in questions if s.question)
    assert kinds[Kind.TECHNICAL] >= max(kinds[Kind.SYSTEM_DESIGN], kinds[Kind.BEHAVIOURAL])
    assert any("short" in note for note in agenda.notes)
    check_agenda(agenda, bank, 10)
    five = build_agenda(bank, 5, seed=5)
    assert len(five.questions) == 1 and five.questions[0].question
    assert five.questions[0].question.kind is Kind.TECHNICAL
    full = build_agenda(bank, 60, seed=5)
    assert len(full.questions) == 9 and full.notes == ()


def test_rebuild_agenda_from_ids() -> None:
    bank = grid_bank(3)
    agenda = build_agenda(bank, 45, seed=11)
    rebuilt = rebuild_agenda(bank, agenda.question_ids, agenda.minutes, agenda.seed)
    assert rebuilt.segments == agenda.segments
    partial = rebuild_agenda(bank, [*agenda.question_ids, "gone"], 45, 11)
    assert partial.total_seconds == 45 * 60 and any("gone" in n for n in partial.notes)
    empty = rebuild_agenda(bank, ["gone"], 20)
    assert empty.total_seconds == 20 * 60 and empty.questions == []


def test_format_plan() -> None:
    bank = grid_bank(2)
    agenda = build_agenda(bank, 45, seed=1)
    plan = format_plan(agenda)
    lines = plan.splitlines()
    assert lines[-1] == "Total 45:00".rjust(len(lines[-1]))
    assert "Introductions" in plan and "Your questions for them" in plan
    assert "Round 1 · Fundamentals" in plan
    body = [line for line in lines if line[:3].strip().isdigit()]
    assert len(body) == len(agenda.segments)
    assert body[-1].endswith("45:00")
    assert all(len(line) <= 100 for line in lines)
    short = build_agenda(make_bank([make_question("x")], {Kind.TECHNICAL: 3}), 20, seed=0)
    assert format_plan(short).splitlines()[-1].startswith("Note: ")


def test_format_plan_truncates_wide_text() -> None:
    question = Question(
        id="wide",
        prompt="設計" * 80,
        difficulty=Difficulty.HARD,
        kind=Kind.TECHNICAL,
        answer="a",
        key_points=["a", "b"],
    )
    plan = format_plan(build_agenda(make_bank([question], {Kind.TECHNICAL: 1}), 20, seed=0))
    row = next(line for line in plan.splitlines() if "設計" in line)
    assert "…" in row
    width = sum(2 if "\u3000" <= c <= "\u9fff" else 1 for c in row)
    assert width <= 100


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00"),
        (5, "00:05"),
        (59.2, "01:00"),
        (65, "01:05"),
        (2700, "45:00"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (5400, "1:30:00"),
        (-0.4, "00:00"),
        (-1, "+00:01"),
        (-65, "+01:05"),
        (-3725, "+1:02:05"),
        (300.0000000001, "05:00"),
    ],
)
def test_fmt_clock(seconds: float, text: str) -> None:
    assert fmt_clock(seconds) == text


# --------------------------------------------------------------------------- clocks


def test_fake_clock() -> None:
    clock = FakeClock(10.0)
    assert clock.now() == 10.0
    clock.advance(2.5)
    assert clock.now() == 12.5
    clock.time = 20.0
    clock.set(21)
    assert clock.now() == 21.0
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.time = 3.0
    real = MonotonicClock()
    assert real.now() <= real.now()


def test_countdown_states() -> None:
    clock = FakeClock()
    countdown = Countdown(100, clock)
    assert countdown.remaining() == 100 and not countdown.started
    clock.advance(50)  # not started: nothing runs
    assert countdown.remaining() == 100 and countdown.state() == "ok"
    countdown.start()
    clock.advance(79.9)
    assert countdown.state() == "ok"
    assert countdown.fraction_left() == pytest.approx(0.201)
    clock.advance(0.1)
    assert countdown.state() == "warning"
    assert countdown.remaining() == pytest.approx(20)
    clock.advance(20)
    assert countdown.remaining() == pytest.approx(0) and countdown.state() == "warning"
    clock.advance(0.5)
    assert countdown.state() == "overtime"
    clock.advance(64.5)
    assert countdown.remaining() == pytest.approx(-65)
    assert fmt_clock(countdown.remaining()) == "+01:05"
    assert countdown.elapsed() == pytest.approx(165)
    assert countdown.fraction_left() == 0.0


def test_countdown_pause_and_stall() -> None:
    clock = FakeClock(1000.0)
    countdown = Countdown(60, clock)
    countdown.start()
    countdown.start()  # a second start changes nothing
    clock.advance(10)
    countdown.pause()
    assert countdown.paused
    clock.advance(300)  # paused: time does not run
    assert countdown.remaining() == 50
    countdown.resume()
    assert not countdown.paused
    clock.advance(2)  # a 2-second stall: nobody calls, remaining is still exact
    assert countdown.remaining() == 48
    assert countdown.elapsed() == 12
    countdown.pause()
    countdown.pause()
    clock.advance(5)
    countdown.resume()
    countdown.resume()
    assert countdown.remaining() == 48


def test_countdown_rejects_bad_budgets() -> None:
    with pytest.raises(ValueError):
        Countdown(-1, FakeClock())
    with pytest.raises(ValueError):
        Countdown(float("nan"), FakeClock())
    with pytest.raises(ValueError):
        Countdown(10, FakeClock(), elapsed=-1)
    empty = Countdown(0, FakeClock())
    assert empty.fraction_left() == 0.0 and empty.state() == "warning"


def test_countdown_tracks_the_clock_over_an_hour_of_stalls_and_pauses() -> None:
    rng = random.Random(1234)
    clock = FakeClock(rng.uniform(0, 1e6))
    countdown = Countdown(3600, clock)
    countdown.start()
    expected = 0.0
    paused = False
    while clock.now() - 0 < 1e7 and expected < 3600:
        roll = rng.random()
        if roll < 0.05:
            paused = not paused
            countdown.pause() if paused else countdown.resume()
        step = rng.uniform(1.5, 10) if roll < 0.15 else rng.uniform(0.01, 0.25)  # stalls
        clock.advance(step)
        if not paused:
            expected += step
        assert abs(countdown.elapsed() - expected) < 0.1
        assert abs(countdown.remaining() - (3600 - expected)) < 0.1
        assert countdown.paused is paused
    assert abs(countdown.remaining() - (3600 - expected)) < 1e-6


# --------------------------------------------------------------------------- session


def session_bank() -> Bank:
    questions = [
        make_question("t-easy", Kind.TECHNICAL, Difficulty.EASY, points=2),
        make_question("t-hard", Kind.TECHNICAL, Difficulty.HARD, points=4),
        make_question("design", Kind.SYSTEM_DESIGN, Difficulty.MEDIUM, points=3),
        make_question("story", Kind.BEHAVIOURAL, Difficulty.MEDIUM, points=2),
    ]
    mix = {Kind.TECHNICAL: 2, Kind.SYSTEM_DESIGN: 1, Kind.BEHAVIOURAL: 1}
    return make_bank(questions, mix, minutes=30)


def test_session_walk_through_and_scorecard() -> None:
    bank = session_bank()
    agenda = build_agenda(bank, 30, seed=0)
    assert agenda.question_ids == ["t-easy", "t-hard", "design", "story"]
    clock = FakeClock(500)
    session = MockSession(agenda, clock)
    assert session.current == agenda.segments[0] and not session.started
    session.start()
    status = session.status()
    assert status.progress == "Opening" and status.overall_remaining == 1800
    clock.advance(100)
    session.rate(3)  # how the introduction went: kept with the opening, not in the score
    assert session.rating == 3
    assert session.next() == agenda.segments[1]

    # question 1: rated strong, two key points, notes, on time
    assert session.status().progress == "Question 1 of 4 · Round 1 · Fundamentals"
    session.rate(4)
    assert session.toggle_point(0) and session.toggle_point(1)
    assert session.toggle_point(1) is False and session.toggle_point(1) is True
    with pytest.raises(IndexError):
        session.toggle_point(2)
    with pytest.raises(ValueError):
        session.rate(5)
    session.notes = "said *idempotent* | good"
    budget1 = agenda.segments[1].seconds
    clock.advance(budget1 - 10)
    assert session.status().segment_state == "warning"
    assert not session.status().segment_time_up
    session.next()

    # question 2: over time, rated partial, paused in the middle
    clock.advance(30)
    assert session.toggle_pause() is True and session.paused
    clock.advance(1000)
    status = session.status()
    assert status.paused and status.segment_remaining == agenda.segments[2].seconds - 30
    assert session.toggle_pause() is False
    clock.advance(agenda.segments[2].seconds)
    status = session.status()
    assert status.segment_time_up and status.segment_state == "overtime"
    assert not status.interview_time_up
    session.rate(2)
    session.toggle_point(3)
    session.next()

    # question 3: skipped after a few seconds; question 4: unrated
    clock.advance(5)
    session.rate(4)
    session.skip()
    assert session.status().progress == "Question 4 of 4 · Round 3 · Behavioural"
    clock.advance(60)
    assert session.next() == agenda.segments[-1]
    assert session.status().progress == "Closing"
    clock.advance(30)
    assert session.next() is None
    assert session.finished and session.current is None
    assert session.status().progress == "Finished"
    used = session.elapsed_seconds
    clock.advance(500)
    assert session.elapsed_seconds == used  # the clocks stopped
    assert session.next() is None and session.skip() is None

    results = session.results
    assert [r.question_id for r in results] == ["t-easy", "t-hard", "design", "story"]
    first, second, third, fourth = results
    assert first.rating == 4 and first.covered_points == 2 and first.total_points == 2
    assert first.used_seconds == budget1 - 10 and not first.over_time
    assert first.notes == "said *idempotent* | good"
    assert second.rating == 2 and second.over_time and second.covered_points == 1
    assert second.used_seconds == agenda.segments[2].seconds + 30
    assert third.skipped and third.rating is None and third.used_seconds == 5
    assert fourth.rating is None and not fourth.skipped
    assert QuestionResult.from_dict(second.to_dict()) == second

    card = scorecard(results, agenda)
    assert card.rated == 2 and card.unrated == 1 and card.skipped == 1 and card.unreached == 0
    assert card.score == pytest.approx((100 + 100 / 3) / 2)
    assert card.completion_score == pytest.approx((100 + 100 / 3) / 4)
    assert card.over_time == 1
    assert card.points_covered == 3 and card.points_total == 2 + 4 + 3 + 2
    assert card.weakest_kind is None  # one kind rated: nothing to compare it with
    assert card.weakest_difficulty is None  # one rated answer each: too few to call
    assert [row.rating_label for row in card.rows] == ["strong", "partial", "skipped", "unrated"]
    report = card.to_markdown("Test Role", "2025-01-02 10:00")
    assert report.startswith("# Mock interview: Test Role")
    assert "2025-01-02 10:00" in report
    assert "Score: 67 %" in report
    assert "Completion-adjusted score: 33 %" in report
    assert "said *idempotent* | good" in report  # notes go in as written
    assert "explain \\| something" in report  # but pipes cannot break the table
    assert "Weakest" not in report


def test_finish_early_and_unreached_questions() -> None:
    agenda = build_agenda(session_bank(), 30, seed=0)
    clock = FakeClock()
    session = MockSession(agenda, clock)
    session.start()
    session.next()
    clock.advance(40)
    session.rate(1)
    session.finish()
    assert session.finished and session.current is None and not session.paused
    assert session.toggle_pause() is False
    assert [(r.question_id, r.rating, r.used_seconds) for r in session.results] == [
        ("t-easy", 1, 40)
    ]
    card = scorecard(session.results, agenda)
    assert card.score == 0 and card.completion_score == 0
    assert card.unreached == 3 and card.rows[1].rating_label == "not reached"
    assert "| 2 |" in card.to_markdown("Role", "now")


def test_interview_time_up() -> None:
    agenda = build_agenda(session_bank(), 30, seed=0)
    clock = FakeClock()
    session = MockSession(agenda, clock)
    assert session.check_time() is False  # not started: nothing is up
    session.start()
    session.next()
    clock.advance(1800 - 1)
    assert session.check_time() is False
    assert session.status().overall_state == "warning"
    clock.advance(1)
    status = session.status()
    assert status.interview_time_up and status.segment_time_up and not status.finished
    assert session.check_time() is True
    assert session.finished and session.status().interview_time_up
    assert session.results[0].used_seconds == 1800  # the opening was left at once


def test_pause_carries_over_to_the_next_segment() -> None:
    agenda = build_agenda(session_bank(), 30, seed=0)
    clock = FakeClock()
    session = MockSession(agenda, clock)
    session.start()
    session.toggle_pause()
    session.next()
    clock.advance(100)
    status = session.status()
    assert status.paused and status.segment_remaining == agenda.segments[1].seconds
    assert status.overall_remaining == 1800
    session.toggle_pause()
    clock.advance(10)
    assert session.status().segment_remaining == agenda.segments[1].seconds - 10


def test_scorecard_ties_are_deterministic() -> None:
    agenda = build_agenda(session_bank(), 30, seed=0)
    results = [
        QuestionResult(
            seg.question.id, "p", seg.question.kind, seg.question.difficulty, 60, 30, 2, 0, 2
        )
        for seg in agenda.questions
        if seg.question
    ]
    card = scorecard(results, agenda)
    assert card.weakest_kind is None  # only technical has two rated answers
    assert card.weakest_difficulty is None
    assert card.score == pytest.approx(100 / 3) and card.completion_score == pytest.approx(100 / 3)
    empty = scorecard([], agenda)
    assert empty.score is None and empty.weakest_kind is None
    assert "no question was rated" in empty.to_markdown("Role", "now")


def test_resume_continues_at_the_first_question_without_a_result() -> None:
    agenda = build_agenda(session_bank(), 30, seed=0)
    clock = FakeClock()
    session = MockSession(agenda, clock)
    session.start()
    session.next()
    clock.advance(200)
    session.rate(3)
    session.next()
    clock.advance(50)
    saved = [r.to_dict() for r in session.results]
    elapsed = session.elapsed_seconds

    later = FakeClock(99_999)
    results = [QuestionResult.from_dict(d) for d in saved]
    resumed = MockSession.resume(agenda, later, results, elapsed)
    assert resumed.index == 2 and resumed.current == agenda.segments[2]
    assert resumed.results == results
    assert resumed.status().overall_remaining == 1800 - 250
    resumed.start()
    later.advance(20)
    assert resumed.status().segment_remaining == agenda.segments[2].seconds - 20
    assert resumed.status().progress == "Question 2 of 4 · Round 1 · Fundamentals"
    resumed.next()
    resumed.next()
    resumed.next()
    assert resumed.current == agenda.segments[-1]
    resumed.next()
    assert resumed.finished
    assert [r.question_id for r in resumed.results] == agenda.question_ids

    everything = MockSession.resume(agenda, later, resumed.results, 1000)
    assert everything.current == agenda.segments[-1]
    stranger = QuestionResult("nope", "p", Kind.CODING, Difficulty.EASY, 60, 1, 4, 0, 2)
    fresh = MockSession.resume(agenda, later, [stranger], 0)
    assert fresh.index == 1 and fresh.results == []
