"""Coverage over time: the share of key points typed answers earned, week by week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from preptui.coach.progress import coverage_by_week
from preptui.store import Store

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # a Wednesday


def test_weeks_count_answers_and_credit_partial_as_half() -> None:
    last_week = (NOW - timedelta(days=7)).isoformat()
    today = NOW.isoformat()
    marks = [
        (1, last_week, "covered"),
        (1, last_week, "missed"),
        (2, today, "covered"),
        (2, today, "partial"),
        (3, today, "missed"),
        (4, "not a time", "covered"),  # damaged rows are skipped
        (5, today, "maybe"),
    ]
    weeks = coverage_by_week(marks, NOW, UTC)
    assert [(str(w.week), w.answers, w.points, w.share) for w in weeks] == [
        ("2026-11-23", 1, 2, 0.5),
        ("2026-11-30", 2, 3, 0.5),
    ]


def test_only_the_last_weeks_are_kept() -> None:
    old = (NOW - timedelta(weeks=20)).isoformat()
    assert coverage_by_week([(1, old, "covered")], NOW, UTC, weeks=8) == []


@given(
    st.lists(
        st.tuples(
            st.integers(0, 5), st.integers(0, 48), st.sampled_from(["covered", "partial", "missed"])
        )
    )
)
def test_shares_stay_between_zero_and_one(rows: list[tuple[int, int, str]]) -> None:
    marks = [(a, (NOW - timedelta(days=d)).isoformat(), v) for a, d, v in rows]
    weeks = coverage_by_week(marks, NOW, UTC)
    assert all(0.0 <= w.share <= 1.0 for w in weeks)
    assert sum(w.points for w in weeks) == len(marks)
    assert [w.week for w in weeks] == sorted(w.week for w in weeks)


def test_store_gives_the_mark_that_stands(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    first = store.save_answer("alpha", "q1", "an answer", seconds=3, context="review")
    store.save_marks(first, [(0, "covered", None), (1, "missed", "covered")], "lexical")
    store.save_answer("beta", "q1", "other role", seconds=3, context="review")
    rows = store.role_marks("alpha")
    assert [(a, v) for a, _, v in rows] == [(first, "covered"), (first, "covered")]
