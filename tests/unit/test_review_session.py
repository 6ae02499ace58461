"""Review progress without fsrs (progress.py), one review session (review_session.py) and the
practice statistics with their text report (stats.py). Pure: no app, no store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preptui.kinds import Grade
from preptui.records import ReviewRecord
from preptui.srs.scheduler import Reviewer, Settings, card_due
from preptui.srs.session import LEARN_AHEAD, ReviewSession
from preptui.srs.status import Status, card_status, due_count, statuses
from preptui.times import day_end, day_start, iso

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ROLE = "alpha-engineer"
QIDS = ["caching", "markup-injection", "consistency", "outage", "conflict"]


def plain() -> Reviewer:
    return Reviewer(Settings(fuzz=False))


def reviewed(grades: list[int], start: datetime = NOW, qid: str = "caching") -> dict[str, Any]:
    """A card rated with ``grades``, each when it fell due."""
    reviewer = plain()
    card = reviewer.new_card(ROLE, qid, start)
    when = start
    for grade in grades:
        card, _ = reviewer.rate(card, Grade(grade), when)
        when = card_due(card)
    return card


# --------------------------------------------------------------------------- progress


@given(
    grades=st.lists(st.integers(1, 4), max_size=8),
    later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
)
def test_card_status_agrees_with_fsrs_card(grades: list[int], later: timedelta) -> None:
    # The oracle: fsrs's own Card object, read from the same dict.
    import fsrs
    from fsrs.card import CardDict

    from preptui.srs.status import MASTERED_STABILITY_DAYS

    card = reviewed(grades)
    moment = card_due(card) - timedelta(minutes=1) + later if grades else NOW + later
    parsed = fsrs.Card.from_dict(cast(CardDict, card))  # the store keeps fsrs's own dict shape
    if parsed.last_review is None:
        expected = Status.NEW
    elif parsed.due <= moment:
        expected = Status.DUE
    elif parsed.state == fsrs.State.Review:
        stability = parsed.stability or 0.0
        expected = Status.MASTERED if stability >= MASTERED_STABILITY_DAYS else Status.REVIEW
    else:
        expected = Status.LEARNING
    assert card_status(card, moment) is expected


def test_statuses_and_due_count_ignore_orphans_and_bad_cards() -> None:
    due = reviewed([3])  # learning, due 10 minutes after NOW
    later = NOW + timedelta(hours=1)
    cards = {"caching": due, "gone": due, "outage": {"last_review": "x", "due": "not a date"}}
    got = statuses(["caching", "conflict", "outage"], cards, later)
    assert got == {"caching": Status.DUE, "conflict": Status.NEW, "outage": Status.NEW}
    assert due_count(["caching", "conflict"], cards, later) == 1  # "gone" is an orphan
    assert due_count(["caching"], cards, NOW) == 0
    with pytest.raises(ValueError):
        card_status(due, datetime(2025, 1, 1))  # naive


def test_day_boundaries_in_a_zone_and_iso() -> None:
    paris = ZoneInfo("Europe/Paris")
    moment = datetime(2025, 3, 30, 23, 30, tzinfo=UTC)  # 01:30 on the 31st in Paris (DST day)
    assert day_start(moment, paris) == datetime(2025, 3, 31, tzinfo=paris)
    assert day_end(moment, paris) == datetime(2025, 4, 1, tzinfo=paris)
    assert day_start(moment, UTC) == datetime(2025, 3, 30, tzinfo=UTC)
    assert iso(datetime(2025, 3, 31, 1, 30, tzinfo=paris)) == "2025-03-30T23:30:00+00:00"
    east = timezone(timedelta(hours=5))
    assert iso(day_start(moment, east)) == "2025-03-30T19:00:00+00:00"


# --------------------------------------------------------------------------- session


def session(cards: dict[str, dict[str, Any]] | None = None, **kw: Any) -> ReviewSession:
    reviewer = kw.pop("reviewer", plain())
    return ReviewSession(ROLE, QIDS, cards or {}, reviewer, kw.pop("now", NOW), **kw)


def test_queue_is_due_cards_then_new_up_to_the_daily_limit() -> None:
    overdue = reviewed([4], start=NOW - timedelta(days=30), qid="outage")
    future = reviewed([4], start=NOW, qid="conflict")
    s = session(
        {"outage": overdue, "conflict": future},
        reviewer=Reviewer(Settings(new_per_day=2, fuzz=False)),
    )
    assert s.queue == ["outage", "caching", "markup-injection"]
    assert s.counts(NOW) == (2, 0, 1)
    limited = session(reviewer=Reviewer(Settings(new_per_day=2, fuzz=False)), new_done_today=1)
    assert limited.queue == ["caching"]
    none_left = session(reviewer=Reviewer(Settings(new_per_day=2)), new_done_today=2)
    assert none_left.done and none_left.current is None
    with pytest.raises(ValueError, match="over"):
        none_left.rate(Grade.GOOD, NOW)


def test_rating_a_new_card_gives_the_fsrs_card_and_requeues_learning_steps() -> None:
    s = session()
    preview = s.preview(NOW)
    assert preview[Grade.GOOD] == timedelta(minutes=10)
    rating = s.rate(Grade.GOOD, NOW, duration_ms=4200)
    assert rating.question_id == "caching" and rating.was_new and rating.card_before is None
    assert rating.due == NOW + timedelta(minutes=10) and rating.duration_ms == 4200
    expected, _ = plain().rate(plain().new_card(ROLE, "caching", NOW), Grade.GOOD, NOW)
    assert rating.card_after == expected
    # still learning and due within the learn-ahead window: it comes back at the end
    assert rating.requeued and s.queue[-1] == "caching" and s.queue[0] == "markup-injection"
    easy = s.rate(Grade.EASY, NOW)
    assert not easy.requeued and "markup-injection" not in s.queue
    assert s.status("markup-injection", NOW) is Status.REVIEW
    assert (easy.seq, rating.seq) == (2, 1)


def test_undo_puts_the_card_back_in_front_as_it_was() -> None:
    old = reviewed([3, 3], start=NOW - timedelta(days=20))
    s = session({"caching": old})
    assert s.queue[0] == "caching"
    before_queue = list(s.queue)
    first = s.rate(Grade.AGAIN, NOW)  # relearning, 10 minutes: requeued
    assert first.card_before == old and first.requeued
    second = s.rate(Grade.GOOD, NOW)
    assert s.undo() is second
    assert s.undo() is first
    assert s.queue == before_queue and s.cards["caching"] == old
    assert s.undo() is None
    # undoing a first sight forgets the card
    third = s.rate(Grade.GOOD, NOW)
    new = s.rate(Grade.HARD, NOW)
    assert new.was_new and s.undo() is new and "markup-injection" not in s.cards
    assert s.current == "markup-injection" and third.seq < new.seq
    again = s.rate(Grade.GOOD, NOW)
    assert again.seq > new.seq  # sequence numbers are never reused


def test_learning_cards_beyond_learn_ahead_stay_out_and_summary() -> None:
    s = session(learn_ahead=timedelta(minutes=5))
    rating = s.rate(Grade.GOOD, NOW, duration_ms=1000)  # 10 minutes > 5
    assert not rating.requeued and "caching" not in s.queue
    s.rate(Grade.AGAIN, NOW, duration_ms=2500)  # 1 minute: back in the queue
    summary = s.summary(NOW)
    assert (summary.reviewed, summary.again, summary.good) == (2, 1, 1)
    assert summary.time_spent == timedelta(milliseconds=3500)
    assert summary.next_due == NOW + timedelta(minutes=1)
    assert timedelta(minutes=20) == LEARN_AHEAD


def test_next_due_ignores_orphans() -> None:
    orphan = reviewed([3], qid="gone")
    s = session({"gone": orphan}, reviewer=Reviewer(Settings(new_per_day=0)))
    assert s.done and s.next_due(NOW) is None


# --------------------------------------------------------------------------- stats


def test_role_stats_figures_and_orphans() -> None:
    from preptui.banks.discover import Origin
    from preptui.banks.load import load_banks
    from preptui.stats import format_stats, role_stats

    from ..conftest import SAMPLE_BANKS

    bank = load_banks([(SAMPLE_BANKS / "alpha.toml", Origin.EXTRA)]).banks[0].bank
    reviewer = plain()
    log: list[ReviewRecord] = []
    cards: dict[str, dict[str, Any]] = {}

    def rate(qid: str, grade: int, when: datetime) -> None:
        card = cards.get(qid) or reviewer.new_card(ROLE, qid, when)
        cards[qid], _ = reviewer.rate(card, Grade(grade), when)
        log.append(ReviewRecord(len(log) + 1, ROLE, qid, grade, iso(when), None))

    day = timedelta(days=1)
    rate("caching", 4, NOW - 3 * day)
    rate("caching", 3, NOW - 1 * day)  # a recall test, passed
    rate("outage", 1, NOW - 1 * day)
    rate("removed", 3, NOW - 2 * day)  # question gone from the bank
    stats = role_stats(bank, cards, log, [], NOW, UTC)
    assert (stats.questions, stats.seen, stats.orphaned, stats.reviews) == (5, 2, 1, 4)
    assert stats.retention == 1.0 and stats.streak == 3  # none today yet; orphans count
    assert stats.per_day[-2:] == [(date(2025, 3, 2), 2), (date(2025, 3, 3), 0)]
    assert stats.due_now == 1 and stats.due_today == 1  # outage (relearning, due long ago)
    assert stats.recent[0].question_id in {"caching", "outage"}
    assert any(r.prompt is None and r.question_id == "removed" for r in stats.recent)
    text = format_stats(stats)
    assert "Orphaned   1 card of questions no longer in the bank (history kept)" in text
    assert "removed (orphaned)" in text


def test_due_filter() -> None:
    from preptui.banks.discover import Origin
    from preptui.banks.load import load_banks
    from preptui.search import Filter, SearchIndex

    from ..conftest import SAMPLE_BANKS

    bank = load_banks([(SAMPLE_BANKS / "alpha.toml", Origin.EXTRA)]).banks[0].bank
    index = SearchIndex(bank.questions)
    due = Filter().toggle_due()
    assert due.active and not due.toggle_due().active
    assert index.filter(due, due={"outage", "gone"}) == [3]
    assert index.filter(due) == []
    assert index.filter(Filter(), due={"outage"}) == [0, 1, 2, 3, 4]
    both = due.toggle_bookmarked()
    assert index.filter(both, {"outage"}, {"outage", "caching"}) == [3]
    assert both.describe(1, 5) == "1 of 5 · bookmarked · due"
    assert due.cleared() == Filter()


def test_the_stats_report_lists_the_latest_mocks_and_counts_the_rest() -> None:
    from preptui.banks.discover import Origin
    from preptui.banks.load import load_banks
    from preptui.records import MockScore
    from preptui.stats import MOCK_LINES, format_stats, role_stats

    from ..conftest import SAMPLE_BANKS

    bank = load_banks([(SAMPLE_BANKS / "alpha.toml", Origin.EXTRA)]).banks[0].bank
    mocks = [
        MockScore(bank.role.id, iso(NOW - timedelta(days=40 - i)), float(i * 2))
        for i in range(MOCK_LINES + 3)
    ]
    text = format_stats(role_stats(bank, {}, [], mocks, NOW, UTC))
    lines = text.splitlines()
    first = lines.index("Mock interview scores") + 1
    assert lines[first] == "  … 3 earlier interviews (the latest 10 below)"
    shown = lines[first + 1 : first + 1 + MOCK_LINES]
    assert all("│" in line for line in shown) and "│" not in lines[first + 1 + MOCK_LINES]
    assert shown[0].endswith(" 6%") and shown[-1].endswith(" 24%")  # oldest to newest
