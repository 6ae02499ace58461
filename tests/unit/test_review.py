"""Spaced repetition: FSRS scheduling through Reviewer, the queue, statuses and the stats.

Fuzzing is off (Settings(fuzz=False)) and every datetime is a fixed UTC one: nothing sleeps.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast
from zoneinfo import ZoneInfo

import fsrs
import pytest
from fsrs.card import CardDict
from fsrs.scheduler import SchedulerDict
from hypothesis import given
from hypothesis import strategies as st

from preptui.kinds import Difficulty, Grade, Kind
from preptui.srs.metrics import (
    ReviewEvent,
    WeakSpot,
    readiness,
    retention,
    reviews_per_day,
    streak,
    weakest,
)
from preptui.srs.queue import build_queue, next_due
from preptui.srs.scheduler import Reviewer, Settings, card_due, card_id_for
from preptui.srs.status import MASTERED_STABILITY_DAYS, Status, card_status, is_mastered
from preptui.srs.summary import SessionSummary, summarize_session
from preptui.text import fmt_interval

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ROLE = "ml-engineer"


@pytest.fixture
def reviewer() -> Reviewer:
    return Reviewer(Settings(fuzz=False))


def fsrs_scheduler() -> fsrs.Scheduler:
    return fsrs.Scheduler(enable_fuzzing=False)


def fsrs_card(card: dict[str, Any]) -> fsrs.Card:
    return fsrs.Card.from_dict(cast(CardDict, card))


def graduated(reviewer: Reviewer, qid: str = "q1") -> dict[str, Any]:
    """A card in the review state: Good, Good on a new card."""
    card = reviewer.new_card(ROLE, qid, NOW)
    card, _ = reviewer.rate(card, Grade.GOOD, NOW)
    card, _ = reviewer.rate(card, Grade.GOOD, card_due(card))
    assert card["state"] == fsrs.State.Review
    return card


def mastered_card(reviewer: Reviewer, qid: str = "q1") -> dict[str, Any]:
    card = graduated(reviewer, qid)
    while card["stability"] < MASTERED_STABILITY_DAYS:
        card, _ = reviewer.rate(card, Grade.GOOD, card_due(card))
    return card


# --------------------------------------------------------------------------- grades, ids, settings


def test_grade_values_and_labels() -> None:
    assert [(int(g), g.label) for g in Grade] == [
        (1, "Again"),
        (2, "Hard"),
        (3, "Good"),
        (4, "Easy"),
    ]
    assert [fsrs.Rating(int(g)) for g in Grade] == list(fsrs.Rating)


def test_card_id_is_stable_positive_and_distinct() -> None:
    first = card_id_for(ROLE, "bias-variance")
    assert first == card_id_for(ROLE, "bias-variance")
    assert 0 < first < 2**63
    # Known value: the same on every run and machine (SHA-256 based, not hash()).
    code = (
        "from preptui.srs.scheduler import card_id_for; "
        f"print(card_id_for({ROLE!r}, 'bias-variance'))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONHASHSEED": "123"},
        check=True,
    )
    assert int(proc.stdout) == first
    ids = {card_id_for(r, q) for r in ("a", "b", "a-b") for q in ("a", "b", "b-a", "")}
    assert len(ids) == 12
    assert card_id_for("a-b", "c") != card_id_for("a", "b-c")


def test_new_card_has_the_derived_id(reviewer: Reviewer) -> None:
    card = reviewer.new_card(ROLE, "q1", NOW)
    assert card["card_id"] == card_id_for(ROLE, "q1")
    assert card["last_review"] is None
    assert card_due(card) == NOW


@pytest.mark.parametrize(
    "kwargs",
    [
        {"desired_retention": 0.69},
        {"desired_retention": 0.995},
        {"desired_retention": True},
        {"new_per_day": -1},
        {"new_per_day": 501},
        {"new_per_day": 2.5},
        {"fuzz": "yes"},
    ],
)
def test_settings_reject_out_of_range(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Settings(**kwargs)


def test_settings_bounds_and_scheduler_dict() -> None:
    Settings(desired_retention=0.7, new_per_day=0)
    Settings(desired_retention=0.99, new_per_day=500)
    stored = Reviewer(Settings(desired_retention=0.85, fuzz=True)).scheduler_dict()
    assert stored["desired_retention"] == 0.85
    assert stored["enable_fuzzing"] is True
    assert json.loads(json.dumps(stored)) == stored
    assert fsrs.Scheduler.from_dict(cast(SchedulerDict, stored)).desired_retention == 0.85


# --------------------------------------------------------------------------- naive datetimes


def test_naive_datetimes_are_rejected(reviewer: Reviewer) -> None:
    naive = datetime(2025, 3, 3, 9, 0)
    card = reviewer.new_card(ROLE, "q1", NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        reviewer.new_card(ROLE, "q1", naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        reviewer.rate(card, Grade.GOOD, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        reviewer.preview(card, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        reviewer.retrievability(card, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        card_status(card, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        build_queue(["q1"], {}, naive, new_limit=1, new_done_today=0)
    with pytest.raises(ValueError, match="timezone-aware"):
        ReviewEvent(ROLE, "q1", 3, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        reviewer.rate({**card, "due": "2025-03-03T09:00:00"}, Grade.GOOD, NOW)


def test_aware_non_utc_datetimes_are_converted(reviewer: Reviewer) -> None:
    paris = NOW.astimezone(ZoneInfo("Europe/Paris"))
    card = reviewer.new_card(ROLE, "q1", paris)
    assert card["due"] == NOW.isoformat()
    rated, log = reviewer.rate(card, Grade.GOOD, paris)
    assert rated == reviewer.rate(card, Grade.GOOD, NOW)[0]
    assert log["review_datetime"] == NOW.isoformat()
    offset = NOW.astimezone(timezone(timedelta(hours=-5)))
    assert reviewer.preview(card, offset) == reviewer.preview(card, NOW)


def test_bad_card_dicts_and_durations_are_rejected(reviewer: Reviewer) -> None:
    card = reviewer.new_card(ROLE, "q1", NOW)
    with pytest.raises(ValueError, match="FSRS card"):
        reviewer.rate({"card_id": 1}, Grade.GOOD, NOW)
    with pytest.raises(ValueError):
        reviewer.rate(card, Grade.GOOD, NOW, duration_ms=-1)
    with pytest.raises(ValueError):
        reviewer.rate(card, 5, NOW)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- scheduling


def test_new_card_intervals_are_ordered_and_match_fsrs(reviewer: Reviewer) -> None:
    card = reviewer.new_card(ROLE, "q1", NOW)
    preview = reviewer.preview(card, NOW)
    assert preview[Grade.AGAIN] < preview[Grade.HARD] < preview[Grade.GOOD] < preview[Grade.EASY]
    scheduler = fsrs_scheduler()
    plain = fsrs.Card(card_id=card_id_for(ROLE, "q1"), due=NOW)
    for grade in Grade:
        expected, expected_log = scheduler.review_card(plain, fsrs.Rating(grade), NOW, 1500)
        rated, log = reviewer.rate(card, grade, NOW, duration_ms=1500)
        assert rated == expected.to_dict()
        assert log == expected_log.to_dict()
        assert card_due(rated) - NOW == preview[grade]
    # The default learning steps: 1m, (1m+10m)/2, 10m; Easy graduates straight away.
    assert preview[Grade.AGAIN] == timedelta(minutes=1)
    assert preview[Grade.HARD] == timedelta(minutes=5, seconds=30)
    assert preview[Grade.GOOD] == timedelta(minutes=10)
    assert preview[Grade.EASY] >= timedelta(days=1)


def test_reviewed_card_intervals_are_ordered_and_match_fsrs(reviewer: Reviewer) -> None:
    card = graduated(reviewer)
    when = card_due(card) + timedelta(days=1)
    preview = reviewer.preview(card, when)
    assert preview[Grade.AGAIN] < preview[Grade.HARD] < preview[Grade.GOOD] < preview[Grade.EASY]
    assert preview[Grade.AGAIN] == timedelta(minutes=10)  # relearning step
    scheduler = fsrs_scheduler()
    for grade in Grade:
        expected, _ = scheduler.review_card(fsrs_card(card), fsrs.Rating(grade), when)
        rated, log = reviewer.rate(card, grade, when)
        assert rated == expected.to_dict()
        assert card_due(rated) - when == preview[grade]
        assert log["rating"] == grade
        assert log["review_duration"] is None


def test_rate_does_not_mutate_the_input(reviewer: Reviewer) -> None:
    card = graduated(reviewer)
    snapshot = dict(card)
    reviewer.preview(card, NOW + timedelta(days=5))
    reviewer.rate(card, Grade.AGAIN, NOW + timedelta(days=5))
    assert card == snapshot


def test_card_dicts_round_trip_through_json(reviewer: Reviewer) -> None:
    direct = reviewer.new_card(ROLE, "q1", NOW)
    stored = json.loads(json.dumps(direct))
    when = NOW
    grades = [Grade.GOOD, Grade.GOOD, Grade.HARD, Grade.AGAIN, Grade.GOOD, Grade.EASY]
    for grade in grades:
        assert stored == direct
        assert reviewer.preview(stored, when) == reviewer.preview(direct, when)
        direct, direct_log = reviewer.rate(direct, grade, when, 900)
        stored, stored_log = reviewer.rate(stored, grade, when, 900)
        stored = json.loads(json.dumps(stored))
        assert json.loads(json.dumps(stored_log)) == direct_log
        when = card_due(direct) + timedelta(hours=3)
    assert stored == direct
    assert reviewer.retrievability(stored, when) == reviewer.retrievability(direct, when)


def test_fuzzing_setting_reaches_fsrs_and_preview_stays_nominal() -> None:
    fuzzy = Reviewer(Settings(fuzz=True))
    plain = Reviewer(Settings(fuzz=False))
    card = graduated(plain)
    when = card_due(card)
    assert fuzzy.preview(card, when) == plain.preview(card, when)
    assert fuzzy.scheduler_dict()["enable_fuzzing"] is True
    assert plain.scheduler_dict()["enable_fuzzing"] is False


def test_desired_retention_changes_intervals() -> None:
    strict = Reviewer(Settings(desired_retention=0.97, fuzz=False))
    loose = Reviewer(Settings(desired_retention=0.8, fuzz=False))
    card = graduated(Reviewer(Settings(fuzz=False)))
    when = card_due(card)
    assert strict.preview(card, when)[Grade.GOOD] < loose.preview(card, when)[Grade.GOOD]


def test_retrievability(reviewer: Reviewer) -> None:
    assert reviewer.retrievability(reviewer.new_card(ROLE, "q1", NOW), NOW) == 0
    card = graduated(reviewer)
    last = datetime.fromisoformat(card["last_review"])
    values = [reviewer.retrievability(card, last + timedelta(days=d)) for d in (0, 2, 10, 100)]
    assert values[0] == pytest.approx(1.0)
    assert values == sorted(values, reverse=True)
    assert 0 < values[-1] < values[0]
    scheduler = fsrs_scheduler()
    expected = scheduler.get_card_retrievability(fsrs_card(card), last + timedelta(10))
    assert values[2] == expected


review_steps = st.lists(
    st.tuples(
        st.sampled_from(list(Grade)),
        st.integers(min_value=0, max_value=400 * 24 * 60),  # minutes after the previous review
    ),
    min_size=1,
    max_size=25,
)


@given(steps=review_steps, retention=st.sampled_from([0.7, 0.85, 0.9, 0.99]))
def test_any_grade_sequence_schedules_into_the_future(
    steps: list[tuple[Grade, int]], retention: float
) -> None:
    reviewer = Reviewer(Settings(desired_retention=retention, fuzz=False))
    when = NOW
    card = reviewer.new_card(ROLE, "q1", when)
    for grade, gap in steps:
        when += timedelta(minutes=gap)
        preview = reviewer.preview(card, when)
        card, log = reviewer.rate(card, grade, when)
        assert card_due(card) > when
        assert card_due(card) - when == preview[grade]
        assert card["stability"] > 0
        assert 1 <= card["difficulty"] <= 10
        assert log["review_datetime"] == when.isoformat()
        assert 0 <= reviewer.retrievability(card, when) <= 1
        assert card_status(card, when) is not Status.DUE


# --------------------------------------------------------------------------- fmt_interval


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "<1m"),
        (timedelta(seconds=-30), "<1m"),
        (timedelta(seconds=59), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59), "59m"),
        (timedelta(minutes=59, seconds=40), "1h"),
        (timedelta(hours=3), "3h"),
        (timedelta(hours=23, seconds=1), "23h"),
        (timedelta(hours=23, minutes=40), "1d"),
        (timedelta(days=1), "1d"),
        (timedelta(days=4), "4d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=30), "1mo"),
        (timedelta(days=90), "3mo"),
        (timedelta(days=340), "11mo"),
        (timedelta(days=360), "1y"),
        (timedelta(days=365), "1y"),
        (timedelta(days=438), "1.2y"),
        (timedelta(days=3650), "10y"),
        (timedelta(days=36500), "100y"),
    ],
)
def test_fmt_interval(delta: timedelta, text: str) -> None:
    assert fmt_interval(delta) == text


# --------------------------------------------------------------------------- status


def test_status_transitions(reviewer: Reviewer) -> None:
    assert card_status(None, NOW) is Status.NEW
    card = reviewer.new_card(ROLE, "q1", NOW)
    assert card_status(card, NOW) is Status.NEW  # created but never reviewed
    card, _ = reviewer.rate(card, Grade.GOOD, NOW)
    assert card_status(card, NOW) is Status.LEARNING
    assert card_status(card, card_due(card)) is Status.DUE  # due <= now
    card, _ = reviewer.rate(card, Grade.GOOD, card_due(card))
    assert card["stability"] < MASTERED_STABILITY_DAYS
    assert card_status(card, card_due(card) - timedelta(seconds=1)) is Status.REVIEW
    assert not is_mastered(card)
    card = mastered_card(reviewer)
    last = datetime.fromisoformat(card["last_review"])
    assert is_mastered(card)
    assert card_status(card, last) is Status.MASTERED
    assert card_status(card, card_due(card)) is Status.DUE  # due wins over mastered
    lapsed, _ = reviewer.rate(card, Grade.AGAIN, card_due(card))
    assert card_status(lapsed, card_due(card)) is Status.LEARNING  # relearning step
    assert Status.MASTERED.label == "Mastered"


# --------------------------------------------------------------------------- queue


def test_build_queue_orders_due_first_then_new_in_bank_order(reviewer: Reviewer) -> None:
    bank = ["a", "b", "c", "d", "e", "f", "g"]
    late = graduated(reviewer, "b")
    later = graduated(reviewer, "d")
    not_yet = graduated(reviewer, "e")
    now = card_due(late) + timedelta(days=3)
    late = {**late, "due": (now - timedelta(days=1)).isoformat()}
    later = {**later, "due": (now - timedelta(days=2)).isoformat()}
    not_yet = {**not_yet, "due": (now + timedelta(days=1)).isoformat()}
    unreviewed = reviewer.new_card(ROLE, "f", NOW)
    cards = {"b": late, "d": later, "e": not_yet, "f": unreviewed, "gone": later}
    queue = build_queue(bank, cards, now, new_limit=10, new_done_today=0)
    assert queue == ["d", "b", "a", "c", "f", "g"]
    assert build_queue(bank, cards, now, new_limit=10, new_done_today=8) == ["d", "b", "a", "c"]
    assert build_queue(bank, cards, now, new_limit=3, new_done_today=5) == ["d", "b"]
    assert build_queue(bank, cards, now, new_limit=0, new_done_today=0) == ["d", "b"]
    assert build_queue(bank, {}, now, new_limit=2, new_done_today=0) == ["a", "b"]
    assert build_queue([], cards, now, new_limit=5, new_done_today=0) == []
    # Deterministic, and repeated ids count once.
    assert build_queue([*bank, "a"], cards, now, new_limit=10, new_done_today=0) == queue


def test_build_queue_ties_in_bank_order_and_learn_ahead(reviewer: Reviewer) -> None:
    x = graduated(reviewer, "x")
    y = graduated(reviewer, "y")
    now = card_due(x) + timedelta(days=1)
    same = (now - timedelta(hours=1)).isoformat()
    cards = {"x": {**x, "due": same}, "y": {**y, "due": same}}
    assert build_queue(["y", "x"], cards, now, new_limit=0, new_done_today=0) == ["y", "x"]
    step, _ = reviewer.rate(reviewer.new_card(ROLE, "s", now), Grade.AGAIN, now)  # due in 1m
    review_soon = {**x, "due": (now + timedelta(minutes=5)).isoformat()}
    cards = {"s": step, "x": review_soon}
    assert build_queue(["s", "x"], cards, now, new_limit=5, new_done_today=0) == []
    ahead = build_queue(
        ["s", "x"], cards, now, new_limit=5, new_done_today=0, learn_ahead=timedelta(minutes=20)
    )
    assert ahead == ["s"]  # only (re)learning steps are pulled ahead


def test_next_due(reviewer: Reviewer) -> None:
    first, _ = reviewer.rate(reviewer.new_card(ROLE, "a", NOW), Grade.AGAIN, NOW)
    second, _ = reviewer.rate(reviewer.new_card(ROLE, "b", NOW), Grade.EASY, NOW)
    unseen = reviewer.new_card(ROLE, "c", NOW)
    assert next_due([second, first, unseen], NOW) == NOW + timedelta(minutes=1)
    assert next_due([second, first], NOW + timedelta(minutes=1)) == card_due(second)
    assert next_due([], NOW) is None


# --------------------------------------------------------------------------- stats


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def ev(qid: str, grade: int, when: datetime, role: str = ROLE) -> ReviewEvent:
    return ReviewEvent(role, qid, grade, when)


def test_review_event_validates_grade() -> None:
    for bad in (0, 5, True):
        with pytest.raises(ValueError):
            ev("q", bad, at(1))


def test_retention_counts_only_later_day_reviews() -> None:
    assert retention([]) is None
    first_sights = [ev("a", 1, at(1)), ev("b", 3, at(1)), ev("a", 3, at(1, 13))]
    assert retention(first_sights) is None  # first sight and same-day steps are not tests
    events = [
        *first_sights,
        ev("a", 3, at(3)),  # test, passed
        ev("b", 1, at(3)),  # test, failed
        ev("b", 3, at(3, 13)),  # same-day relearning: not a test
        ev("b", 2, at(5)),  # test, passed (Hard still recalls)
        ev("a", 4, at(8), role="other"),  # another role's first sight
    ]
    assert retention(events) == pytest.approx(2 / 3)
    assert retention(reversed(events)) == pytest.approx(2 / 3)  # order does not matter


def test_streak() -> None:
    today = date(2025, 3, 10)
    assert streak([], today) == 0
    days = [ev("a", 3, at(d)) for d in (5, 7, 8, 9)]
    assert streak(days, today) == 3  # nothing yet today: the streak ending yesterday
    assert streak([*days, ev("b", 1, at(10, 8))], today) == 4
    assert streak(days, date(2025, 3, 11)) == 0  # yesterday missed: broken
    assert streak([ev("a", 3, at(5)), ev("a", 3, at(5, 20))], date(2025, 3, 5)) == 1
    # Days are counted in the given zone: 23:30 UTC on the 9th is the 10th in Paris.
    late = [ev("a", 3, at(9, 9)), ev("a", 3, datetime(2025, 3, 9, 23, 30, tzinfo=UTC))]
    assert streak(late, today) == 1
    assert streak(late, today, tz=ZoneInfo("Europe/Paris")) == 2


def test_reviews_per_day() -> None:
    events = [ev("a", 3, at(8)), ev("b", 3, at(8, 14)), ev("a", 2, at(10)), ev("c", 1, at(1))]
    assert reviews_per_day(events, 4, date(2025, 3, 10)) == [
        (date(2025, 3, 7), 0),
        (date(2025, 3, 8), 2),
        (date(2025, 3, 9), 0),
        (date(2025, 3, 10), 1),
    ]
    assert reviews_per_day(events, 0, date(2025, 3, 10)) == []
    with pytest.raises(ValueError):
        reviews_per_day(events, -1, date(2025, 3, 10))


def test_readiness(reviewer: Reviewer) -> None:
    questions = [
        ("t1", Kind.TECHNICAL),
        ("t2", Kind.TECHNICAL),
        ("b1", Kind.BEHAVIOURAL),
        ("c1", Kind.CODING),
    ]
    mastered = mastered_card(reviewer)
    now = datetime.fromisoformat(mastered["last_review"])
    young = graduated(reviewer)
    mix = {Kind.TECHNICAL: 2, Kind.BEHAVIOURAL: 1, Kind.SYSTEM_DESIGN: 3, Kind.CODING: 0}
    assert readiness(questions, {}, mix, now) == 0.0
    cards = {"t1": mastered, "t2": young, "b1": mastered, "c1": mastered}
    # technical 1/2 weighted 2, behavioural 1/1 weighted 1; system design (absent from the
    # bank) and coding (not asked) are ignored.
    assert readiness(questions, cards, mix, now) == pytest.approx((2 * 0.5 + 1 * 1.0) / 3)
    everything = {"t1": mastered, "t2": mastered, "b1": mastered}
    assert readiness(questions, everything, mix, now) == pytest.approx(1.0)
    # Once due, a mastered card counts again only after it is reviewed.
    assert readiness(questions, everything, mix, card_due(mastered)) == 0.0
    assert readiness(questions, cards, {Kind.SYSTEM_DESIGN: 2}, now) == 0.0
    assert readiness([], cards, mix, now) == 0.0


def test_weakest() -> None:
    meta = {
        "t1": (Kind.TECHNICAL, Difficulty.EASY),
        "t2": (Kind.TECHNICAL, Difficulty.HARD),
        "b1": (Kind.BEHAVIOURAL, Difficulty.EASY),
    }
    events = [
        ev("t1", 4, at(1)),
        ev("t2", 1, at(1)),
        ev("t2", 2, at(2)),
        ev("b1", 3, at(1)),
        ev("unknown", 1, at(1)),
    ]
    result = weakest(events, meta)
    assert result == [
        WeakSpot(Difficulty.HARD, 1.5, 2),
        WeakSpot(Kind.TECHNICAL, 7 / 3, 3),
        WeakSpot(Kind.BEHAVIOURAL, 3.0, 1),
        WeakSpot(Difficulty.EASY, 3.5, 2),
    ]
    name, mean, count = result[0]
    assert (name, mean, count) == ("hard", 1.5, 2)
    assert weakest([], meta) == []
    # Ties: more reviews first, then kinds before difficulties.
    tied = weakest([ev("b1", 3, at(1)), ev("b1", 3, at(2))], meta)
    assert [spot.name for spot in tied] == [Kind.BEHAVIOURAL, Difficulty.EASY]


def test_session_summary() -> None:
    due = NOW + timedelta(minutes=10)
    summary = summarize_session([(1, 3000), (3, None), (1, 2000), (4, 500), (2, 0)], due)
    assert summary == SessionSummary(
        reviewed=5,
        again=2,
        hard=1,
        good=1,
        easy=1,
        time_spent=timedelta(seconds=5.5),
        next_due=due,
    )
    assert summary.recalled == 3
    empty = summarize_session([], None)
    assert (empty.reviewed, empty.time_spent, empty.next_due) == (0, timedelta(0), None)
    with pytest.raises(ValueError):
        summarize_session([(0, 10)], None)
    with pytest.raises(ValueError):
        summarize_session([(3, -1)], None)
    with pytest.raises(ValueError):
        summarize_session([], datetime(2025, 1, 1))
