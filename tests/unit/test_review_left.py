"""The review summary tells what is left: a session quit early names its due and new cards."""

from __future__ import annotations

from datetime import UTC, datetime

from preptui.kinds import Grade
from preptui.srs.scheduler import Reviewer, Settings
from preptui.srs.session import ReviewSession
from preptui.srs.summary import summarize_session

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
QIDS = [f"q{i}" for i in range(12)]


def session(new_per_day: int = 10) -> ReviewSession:
    reviewer = Reviewer(Settings(fuzz=False, new_per_day=new_per_day))
    return ReviewSession("role", QIDS, {}, reviewer, NOW)


def test_quitting_at_once_says_how_many_new_are_left() -> None:
    summary = session().summary(NOW)
    assert summary.reviewed == 0
    assert (summary.new_left, summary.due_left) == (10, 0)
    assert summary.left_text() == "10 new left for today"


def test_after_ratings_the_left_counts_follow_the_queue() -> None:
    s = session()
    s.rate(Grade.AGAIN, NOW)  # comes back within the session as a learning card
    s.rate(Grade.EASY, NOW)
    summary = s.summary(NOW)
    assert (summary.new_left, summary.due_left) == (8, 1)
    assert summary.left_text() == "1 to review and 8 new left for today"


def test_nothing_left_says_so() -> None:
    summary = summarize_session([], None)
    assert summary.left == 0
    assert summary.left_text() == "nothing left for today"
