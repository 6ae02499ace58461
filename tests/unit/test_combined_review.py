"""A review across roles: one queue over each role's own session, keyed by (role, question)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preptui.kinds import Grade
from preptui.srs.combined import CombinedReview
from preptui.srs.scheduler import Reviewer, Settings
from preptui.srs.session import ReviewSession

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def reviewer(new_per_day: int = 10) -> Reviewer:
    return Reviewer(Settings(fuzz=False, new_per_day=new_per_day))


def reviewed(role: str, qid: str, days_ago: int) -> dict[str, Any]:
    """A card rated Easy ``days_ago`` days ago (due a few days after that)."""
    r = reviewer()
    when = NOW - timedelta(days=days_ago)
    card, _ = r.rate(r.new_card(role, qid, when), Grade.EASY, when)
    return card


def session(
    role: str, qids: list[str], cards: dict[str, dict[str, Any]] | None = None, new: int = 10
) -> ReviewSession:
    return ReviewSession(role, qids, cards or {}, reviewer(new), NOW)


def test_due_cards_of_every_role_come_first_most_overdue_first_then_new_in_turn() -> None:
    a = session(
        "a", ["x", "y", "n1", "n2"], {"x": reviewed("a", "x", 30), "y": reviewed("a", "y", 60)}
    )
    b = session("b", ["x", "m1"], {"x": reviewed("b", "x", 45)})
    review = CombinedReview([a, b])
    assert review.queue == [
        ("a", "y"),
        ("b", "x"),
        ("a", "x"),
        ("a", "n1"),
        ("b", "m1"),
        ("a", "n2"),
    ]
    assert review.counts(NOW) == (3, 0, 3)


def test_the_same_question_id_in_two_roles_is_two_cards() -> None:
    review = CombinedReview([session("a", ["same"]), session("b", ["same"])])
    assert review.queue == [("a", "same"), ("b", "same")]
    role, rating = review.rate(Grade.EASY, NOW)
    assert (role, rating.question_id) == ("a", "same")
    assert "same" in review.session("a").cards and "same" not in review.session("b").cards
    assert review.current == ("b", "same")


def test_each_role_keeps_its_own_new_card_limit() -> None:
    a = ReviewSession("a", ["a1", "a2", "a3"], {}, reviewer(2), NOW, new_done_today=1)
    b = ReviewSession("b", ["b1", "b2"], {}, reviewer(2), NOW)
    assert CombinedReview([a, b]).queue == [("a", "a1"), ("b", "b1"), ("b", "b2")]


def test_a_role_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        CombinedReview([session("a", ["q"]), session("a", ["q"])])


def test_again_brings_the_card_back_and_undo_takes_back_across_roles() -> None:
    review = CombinedReview([session("a", ["a1"]), session("b", ["b1"])])
    _, first = review.rate(Grade.AGAIN, NOW)  # back within the session (learning)
    assert first.requeued and review.queue == [("b", "b1"), ("a", "a1")]
    role, second = review.rate(Grade.GOOD, NOW)
    assert role == "b"
    assert review.ratings == 2
    assert review.undo() == ("b", second)
    assert review.queue == [("b", "b1"), ("a", "a1")]
    role, undone = review.undo()  # type: ignore[misc]
    assert (role, undone.question_id) == ("a", "a1")
    assert review.queue == [("a", "a1"), ("b", "b1")]
    assert review.undo() is None
    assert review.session("a").cards == {} and review.session("b").cards == {}


def test_summary_counts_every_role_and_what_is_left() -> None:
    review = CombinedReview([session("a", ["a1", "a2"]), session("b", ["b1"])])
    assert review.summary(NOW).left_text() == "3 new left for today"
    review.rate(Grade.EASY, NOW)
    review.rate(Grade.AGAIN, NOW)
    summary = review.summary(NOW)
    assert (summary.reviewed, summary.easy, summary.again) == (2, 1, 1)
    assert summary.left_text() == "1 to review and 1 new left for today"
    assert summary.next_due is not None and summary.next_due == review.session("b").next_due(NOW)
    with pytest.raises(ValueError):
        CombinedReview([session("a", [])]).rate(Grade.GOOD, NOW)


@given(
    st.lists(
        st.tuples(st.sampled_from(["rate", "undo"]), st.sampled_from(list(Grade))), max_size=25
    )
)
def test_any_ratings_and_undos_keep_each_roles_order(steps: list[tuple[str, Grade]]) -> None:
    cards = {"old": reviewed("a", "old", 20)}
    review = CombinedReview(
        [session("a", ["old", "a1", "a2"], cards), session("b", ["a1", "b2"]), session("c", ["c1"])]
    )
    minute = 0
    for step, grade in steps:
        if step == "undo":
            review.undo()
        elif not review.done:
            review.rate(grade, NOW + timedelta(minutes=minute))
            minute += 1
        for role_id, sub in review.sessions.items():  # the merged queue is each queue, interleaved
            assert [q for r, q in review.queue if r == role_id] == sub.queue
        assert review.ratings == sum(len(s.history) for s in review.sessions.values())
