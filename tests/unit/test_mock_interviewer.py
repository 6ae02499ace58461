"""The interviewer of a mock: follow-ups, the opening and closing, and what the scorecard says
about them. Every clock is a FakeClock."""

from __future__ import annotations

from pathlib import Path

import pytest

from preptui.kinds import Difficulty, Kind
from preptui.mock.agenda import build_agenda
from preptui.mock.clock import FakeClock
from preptui.mock.interviewer import (
    FOLLOW_UP_MIN_SECONDS,
    closing_questions,
    follow_up,
    role_family,
)
from preptui.mock.scorecard import scorecard
from preptui.mock.session import FrameResult, MockSession, QuestionResult
from preptui.model import Bank, Format, Question, Role
from preptui.store import Store


def question(qid: str, kind: Kind = Kind.TECHNICAL, follow_ups: int = 3) -> Question:
    return Question(
        id=qid,
        prompt=f"Prompt of {qid}?",
        difficulty=Difficulty.MEDIUM,
        kind=kind,
        answer="An answer.",
        key_points=["first point", "second point", "third point"],
        follow_ups=[f"{qid} follow-up {i}" for i in range(follow_ups)],
    )


def role(rid: str = "software-engineer", title: str = "Software Engineer") -> Role:
    return Role(
        id=rid,
        title=title,
        summary="A role.",
        format=Format(minutes=30, rounds="two", mix={Kind.TECHNICAL: 2, Kind.SYSTEM_DESIGN: 1}),
    )


def bank() -> Bank:
    questions = [question("t1"), question("t2"), question("d1", Kind.SYSTEM_DESIGN)]
    return Bank(role=role(), questions=questions)


def test_follow_ups_are_reproducible_from_the_seed_and_vary_with_it() -> None:
    q = question("q")
    assert follow_up(q, 1) == follow_up(q, 1)
    assert {follow_up(q, seed) for seed in range(40)} == set(q.follow_ups)
    assert follow_up(question("none", follow_ups=0), 1) is None


def test_the_session_asks_one_follow_up_within_the_budget_and_can_pass_on_it() -> None:
    agenda = build_agenda(bank(), 30, seed=4)
    clock = FakeClock()
    session = MockSession(agenda, clock)
    session.start()
    assert session.ask_follow_up() is None  # the opening has none
    session.next()
    first = session.current
    assert first is not None and first.question is not None
    asked = session.ask_follow_up()
    assert asked == follow_up(first.question, agenda.seed)
    assert session.ask_follow_up() is None  # once per question
    session.follow_up_notes = "my follow-up answer"
    assert session.skip_follow_up() and not session.skip_follow_up()
    result = session.current_result()
    assert result is not None
    assert (result.follow_up, result.follow_up_notes, result.follow_up_skipped) == (
        asked,
        "my follow-up answer",
        True,
    )
    session.next()
    second = session.current
    assert second is not None
    clock.advance(second.seconds - FOLLOW_UP_MIN_SECONDS + 1)
    assert session.ask_follow_up() is None  # less than the minimum left of its budget
    assert session.follow_up == ""


def test_follow_ups_turned_off_are_never_asked() -> None:
    agenda = build_agenda(bank(), 30, seed=4)
    session = MockSession(agenda, FakeClock(), follow_ups=False)
    session.start()
    session.next()
    assert session.ask_follow_up() is None and session.follow_up == ""


def test_results_round_trip_and_old_rows_without_the_new_fields_still_read() -> None:
    full = QuestionResult(
        "q", "p", Kind.TECHNICAL, Difficulty.EASY, 60, 30.0, 3, 1, 3, "notes", False,
        covered=(2,), partial=(0,), follow_up="why?", follow_up_notes="because",
    )  # fmt: skip
    assert QuestionResult.from_dict(full.to_dict()) == full
    old = full.to_dict()
    for key in ("covered", "partial", "follow_up", "follow_up_notes", "follow_up_skipped"):
        del old[key]
    read = QuestionResult.from_dict(old)
    assert read.covered == () and read.follow_up == "" and not read.points_known
    assert read.covered_points == 1
    frame = FrameResult("opening", "hello", 12.5, 4)
    assert FrameResult.from_dict(frame.to_dict()) == frame
    with pytest.raises(ValueError):
        FrameResult.from_dict({"segment": "middle"})


def test_opening_and_closing_keep_notes_and_ratings_outside_the_score() -> None:
    agenda = build_agenda(bank(), 30, seed=4)
    clock = FakeClock()
    session = MockSession(agenda, clock)
    session.start()
    session.notes = "ten years of backend"
    session.rate(4)
    clock.advance(40)
    session.next()
    session.rate(2)
    while session.current is not None and session.current.kind != "closing":
        session.next()
    session.notes = "asked about on-call"
    clock.advance(20)
    session.next()
    assert session.finished
    opening, closing = session.frames
    assert opening == FrameResult("opening", "ten years of backend", 40.0, 4)
    assert closing == FrameResult("closing", "asked about on-call", 20.0, None)
    card = scorecard(session.results, agenda, frames=session.frames)
    assert card.rated == 1 and card.score == pytest.approx(100 / 3)  # the opening's 4 is not in it
    assert card.used_seconds == 60.0  # the frames' time counts as time used
    report = card.to_markdown("Role", "now")
    assert "ten years of backend" in report and "rated strong" in report
    assert "asked about on-call" in report


def test_the_report_names_covered_and_missed_points_and_the_follow_up() -> None:
    agenda = build_agenda(bank(), 30, seed=4)
    session = MockSession(agenda, FakeClock())
    session.start()
    session.next()
    session.set_marks([0], [1])
    session.toggle_point(2)
    session.toggle_point(2)  # on and off again: missed
    session.notes = "my answer"
    asked = session.ask_follow_up()
    session.follow_up_notes = "my follow-up"
    session.rate(3)
    session.finish()
    card = scorecard(session.results, agenda, elapsed_seconds=123.0)
    assert card.used_seconds == 123.0  # the stored overall time, not a sum of parts
    row = card.rows[0]
    assert (row.covered, row.partial, row.missed) == ((0,), (1,), (2,))
    report = card.to_markdown("Role", "now", "ended-early")
    assert "ended early" in report and "ended-early" not in report
    assert "Covered:\n- first point" in report
    assert "Partly covered:\n- second point" in report
    assert "Missed:\n- third point" in report
    assert (
        "> my answer" in report and f"Follow-up: {asked}" in report and "> my follow-up" in report
    )


def test_weakest_needs_two_rated_answers_in_each_of_two_kinds() -> None:
    questions = [question(f"t{i}") for i in range(3)] + [
        question(f"b{i}", Kind.BEHAVIOURAL) for i in range(2)
    ]
    mix = {Kind.TECHNICAL: 3, Kind.BEHAVIOURAL: 2}
    many = Bank(role=role().model_copy(update={"format": Format(minutes=60, rounds="r", mix=mix)}),
                questions=questions)  # fmt: skip
    agenda = build_agenda(many, 60, seed=1)
    ratings = {"t0": 4, "t1": 3, "t2": 4, "b0": 2, "b1": 1}

    def result(qid: str, rating: int) -> QuestionResult:
        q = many.question(qid)
        assert q is not None
        return QuestionResult(qid, q.prompt, q.kind, q.difficulty, 60, 30, rating, 0, 3)

    card = scorecard([result(q, r) for q, r in ratings.items()], agenda)
    assert card.weakest_kind is Kind.BEHAVIOURAL
    one = scorecard([result(q, r) for q, r in ratings.items() if q != "b1"], agenda)
    assert one.weakest_kind is None  # one behavioural answer is not enough to call it weakest


@pytest.mark.parametrize(
    ("rid", "title", "family"),
    [
        ("software-engineer", "Software Engineer", "engineering"),
        ("data-analyst", "Data Analyst", "data"),
        ("product-manager", "Product Manager", "product"),
        ("engineering-manager", "Engineering Manager", "manager"),
        ("ux-designer", "UX Designer", "design"),
        ("chef", "Chef", "general"),
    ],
)
def test_the_closing_offers_questions_for_the_kind_of_role(
    rid: str, title: str, family: str
) -> None:
    r = role(rid, title)
    assert role_family(r) == family
    offered = closing_questions(r, seed=7)
    assert len(offered) == 4 and len(set(offered)) == 4
    assert offered == closing_questions(r, seed=7)


def test_the_store_keeps_the_opening_and_closing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    mock_id = store.create_mock("r", "Role", 30, 1, ["a"])
    store.save_mock_frame(mock_id, "opening", "hello", 30.0, 31.0, rating=3)
    store.save_mock_frame(mock_id, "opening", "hello again", 35.0, 36.0)
    store.save_mock_frame(mock_id, "closing", "bye", 10.0, 50.0)
    frames = [FrameResult.from_dict(d) for d in store.mock_frames(mock_id)]
    assert frames == [
        FrameResult("opening", "hello again", 35.0, None),
        FrameResult("closing", "bye", 10.0, None),
    ]
    (record,) = store.mocks()
    assert record.elapsed_seconds == 50.0 and record.answered == 0
    with pytest.raises(ValueError):
        store.save_mock_frame(mock_id, "middle", "", 0.0, 0.0)
