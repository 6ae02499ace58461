"""Issue 15: a long history costs what the questions cost, not what the history does.

The cards table keeps what the status rule reads of each card as columns (migration 11), and
``review_totals`` keeps each question's totals of the log (kept by triggers). These tests hold
that the columns give every card the status its JSON gives, whatever the card, however it was
written (a rating, an undo, the migration, a hand edit), that the totals follow every change to
the log, and that Today, the stats and the due counts read neither the cards' JSON nor the log
row by row. Nothing here is timed (speed is ``make bench``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from preptui.kinds import Difficulty, Grade, Kind
from preptui.model import Bank, Format, Question, Role
from preptui.records import CardRecord, ReviewRecord
from preptui.srs.metrics import RecordFigures, ReviewEvent, day_bounds, logged_streak, streak
from preptui.srs.scheduler import Reviewer, Settings, card_due
from preptui.srs.status import Status, card_record, due_count, due_summary, statuses
from preptui.store import Store
from preptui.store.migrations import MIGRATIONS
from preptui.times import iso

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
SCHEDULER = {"desired_retention": 0.9}


_EMPTY: list[Path] = []  # an empty store at the current schema, copied for each example


@contextmanager
def fresh_store(factory: pytest.TempPathFactory) -> Iterator[Store]:
    if not _EMPTY:
        empty = factory.mktemp("empty") / "s.db"
        Store(empty).close()  # migrated once; closing folds the WAL into the file
        _EMPTY.append(empty)
    path = factory.mktemp("store") / "s.db"
    shutil.copyfile(_EMPTY[0], path)
    store = Store(path)
    store._conn.execute("PRAGMA synchronous = OFF")  # a test's file: no waiting for the disk
    try:
        yield store
    finally:
        store.close()


def rated(grades: list[int]) -> dict[str, Any]:
    """A real FSRS card: rated with ``grades``, each when it fell due."""
    reviewer = Reviewer(Settings(fuzz=False))
    card = reviewer.new_card("r", "q", NOW)
    when = NOW
    for grade in grades:
        card, _ = reviewer.rate(card, Grade(grade), when)
        when = card_due(card)
    return card


def _rebase_to(card: Mapping[str, Any]) -> Any:
    return lambda current: (current, card)


# Cards as FSRS writes them, and as a hand edit or another version might leave them.
odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["2", "review", 10**400, 21, 21.0, 20.999999999999996]),
)
odd_times = st.one_of(
    st.none(),
    st.sampled_from(
        ["not a time", "2025-03-03T09:00:00", "2025-03-03", "", "0001-01-01T00:00+05:00"]
    ),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
    ).map(lambda d: d.isoformat()),
)
cards_st = st.builds(
    lambda grades, edits: {**rated(grades), **edits},
    st.lists(st.integers(1, 4), max_size=6),
    st.dictionaries(
        st.sampled_from(["state", "stability", "due", "last_review"]),
        st.one_of(odd_values, odd_times),
        max_size=2,
    ),
)


def moments_around(card: Mapping[str, Any]) -> list[datetime]:
    """Now at, just before and just after the card's due time (when it has one), and far off."""
    moments = [NOW, NOW + timedelta(days=400), NOW - timedelta(days=400)]
    try:
        due = datetime.fromisoformat(str(card.get("due")))
    except ValueError:
        return moments
    if due.tzinfo is None or not datetime(2, 1, 1, tzinfo=UTC) < due < datetime(
        9998, 1, 1, tzinfo=UTC
    ):
        return moments
    return [*moments, due, due - timedelta(microseconds=1), due + timedelta(microseconds=1)]


def status_of_json(card: Mapping[str, Any], now: datetime) -> Status:
    return statuses(["q"], {"q": card}, now)["q"]


@settings(max_examples=60, deadline=None)
@given(card=cards_st)
def test_a_cards_columns_give_the_status_its_json_gives(
    tmp_path_factory: pytest.TempPathFactory, card: dict[str, Any]
) -> None:
    """Written by a rating, the record read back has the status (and due count) of the JSON
    the store holds, at any moment, to the microsecond."""
    with fresh_store(tmp_path_factory) as store:
        store.save_review("r", "q", 3, iso(NOW), None, card, SCHEDULER)
        stored = store.cards("r").get("q")  # the JSON as the store holds it (None: damaged)
        records = store.card_records("r")
        if stored is None:
            assert records == {}
            assert any("card of 'q' in 'r'" in notice for notice in store.notices)
            return
        assert records == {"q": card_record("r", "q", stored)}
        for now in moments_around(stored):
            assert status_of_json(stored, now) is statuses(["q"], records, now)["q"]
            assert due_count(["q"], {"q": stored}, now) == due_count(["q"], records, now)


def schema_10_store(path: Path, cards: Mapping[str, object]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # a test file: no need to wait for the disk
    for number, script in enumerate(MIGRATIONS[:10]):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    for qid, text in cards.items():
        conn.execute(
            "INSERT INTO cards (role_id, question_id, card, due, updated_at)"
            " VALUES ('r', ?, ?, '', '')",
            (qid, text),
        )
    conn.close()


@settings(max_examples=15, deadline=None)
@given(cards=st.lists(cards_st, min_size=1, max_size=8))
def test_the_migration_works_out_the_columns_as_a_rating_does(
    tmp_path_factory: pytest.TempPathFactory, cards: list[dict[str, Any]]
) -> None:
    texts: dict[str, object] = {f"q{i}": json.dumps(c) for i, c in enumerate(cards)}
    texts["broken"] = "[1,"
    path = tmp_path_factory.mktemp("old") / "s.db"
    schema_10_store(path, texts)
    store = Store(path)
    try:
        assert store.read("SELECT COUNT(*) FROM cards")[0][0] == len(texts)  # every row kept
        kept = {row["question_id"]: row["card"] for row in store.read("SELECT * FROM cards")}
        assert kept == texts  # the JSON untouched
        json_cards = store.cards("r")
        records = store.card_records("r")
        assert set(records) == set(json_cards) and "broken" not in records
        for qid, card in json_cards.items():
            assert records[qid] == card_record("r", qid, card)
            for now in moments_around(card):
                assert status_of_json(card, now) is statuses([qid], records, now)[qid]
    finally:
        store.close()


def test_columns_follow_an_undo_and_a_hand_edit(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    first, second = rated([3]), rated([3, 3, 3])
    store.save_review("r", "q", 3, iso(NOW), None, first, SCHEDULER)
    log_id = store.save_review("r", "q", 3, iso(NOW), first, second, SCHEDULER).log_id
    assert store.card_records("r")["q"] == card_record("r", "q", second)
    store.undo_review(log_id)
    assert store.card_records("r")["q"] == card_record("r", "q", first)
    # Changed by hand: the columns are forgotten and the JSON read instead.
    edited = {**second, "state": 1}
    store._conn.execute("UPDATE cards SET card = ?", (json.dumps(edited),))
    assert store.card_records("r")["q"] == card_record("r", "q", edited)
    # Added by hand, without columns; and a column set to something the store never writes.
    store._conn.execute(
        "INSERT INTO cards (role_id, question_id, card, due, updated_at)"
        " VALUES ('r', 'h', ?, '', '')",
        (json.dumps(second),),
    )
    store._conn.execute("UPDATE cards SET due_us = 'soon' WHERE question_id = 'q'")
    assert store.card_records("r") == {
        "q": card_record("r", "q", edited),
        "h": card_record("r", "h", second),
    }
    # Damaged by hand: reported and left out, the row kept.
    store._conn.execute("UPDATE cards SET card = '{not json' WHERE question_id = 'h'")
    assert set(store.all_card_records()["r"]) == {"q"}
    assert any("card of 'h' in 'r'" in notice for notice in store.notices)
    assert store.read("SELECT COUNT(*) FROM cards")[0][0] == 2
    store.close()


def test_the_readers_parse_no_card_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Due counts, Today and the stats read the columns: a JSON parse of a card fails here."""
    from preptui.banks.discover import Origin
    from preptui.banks.load import LoadedBank, LoadResult
    from preptui.config import Config
    from preptui.practice import Practice
    from preptui.store import reviews

    practice = Practice(Config(), store_path=tmp_path / "s.db", now=lambda: NOW)
    practice.open_store()
    store = practice.store
    assert store is not None
    bank = a_bank("r", ["a", "b", "c"])
    practice.set_banks(LoadResult([LoadedBank(bank, tmp_path / "r.toml", Origin.EXTRA)]))
    rated_at = NOW - timedelta(days=3)
    card = {"due": iso(NOW - timedelta(hours=1)), "last_review": iso(rated_at), "state": 2}
    for qid in ("a", "b", "gone"):
        store.save_review("r", qid, 3, iso(rated_at), None, card, SCHEDULER)

    def no_parse(text: object) -> object:
        raise AssertionError("a card's JSON was parsed")

    monkeypatch.setattr(reviews, "json_or_bad", no_parse)
    with pytest.raises(AssertionError):
        store.cards("r")  # the patch bites what reads the JSON
    assert practice.due_counts() == {"r": 2}
    today = practice.today()
    assert (today.due, today.total) == (2, 3)
    stats = practice.role_stats(practice.banks.banks[0])
    assert (stats.seen, stats.due_now, stats.orphaned, stats.reviews) == (2, 2, 1, 3)


def a_bank(role_id: str, qids: list[str]) -> Bank:
    return Bank(
        role=Role(
            id=role_id,
            title=role_id.upper(),
            summary="A role.",
            format=Format(minutes=30, rounds="One round.", mix={Kind.TECHNICAL: 2}),
        ),
        questions=[
            Question(
                id=qid,
                prompt=f"Question {qid}?",
                difficulty=Difficulty.EASY,
                kind=Kind.TECHNICAL,
                answer="An answer.",
                key_points=["one", "two"],
            )
            for qid in qids
        ],
    )


# --------------------------------------------------------------------------- the log's totals

ratings_st = st.lists(
    st.tuples(
        st.sampled_from(["r", "s"]),
        st.sampled_from(["a", "b", "c"]),
        st.integers(1, 4),
        st.integers(0, 60 * 24 * 20),  # minutes before NOW
    ),
    max_size=30,
)
edits_st = st.lists(
    st.tuples(
        st.sampled_from(["delete", "grade", "question", "role", "time"]),
        st.integers(0, 59),
        st.integers(0, 60 * 24 * 20),
    ),
    max_size=12,
)


def write_log(store: Store, ratings: list[tuple[str, str, int, int]]) -> None:
    """The ratings (role, question, grade, minutes before NOW) and each one's card, in one
    transaction, as the store writes them (its own card writes; the log's triggers)."""
    from preptui.store.reviews import _put_card, _scheduler_id

    with store.write() as conn:
        scheduler = _scheduler_id(conn, SCHEDULER)
        for role, qid, grade, minutes in ratings:
            when = NOW - timedelta(minutes=minutes)
            card = {
                "due": iso(when + timedelta(hours=grade * 20)),
                "last_review": iso(when),
                "state": grade % 3 + 1,
                "stability": grade * 7.0,
            }
            _put_card(conn, role, qid, card, iso(when))
            conn.execute(
                "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, card_after,"
                " scheduler_id) VALUES (?, ?, ?, ?, ?, ?)",
                (role, qid, grade, iso(when), json.dumps(card), scheduler),
            )


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_st, edits=edits_st)
def test_the_totals_follow_every_change_to_the_log(
    tmp_path_factory: pytest.TempPathFactory,
    ratings: list[tuple[str, str, int, int]],
    edits: list[tuple[str, int, int]],
) -> None:
    """Ratings added, removed, regraded, moved to another question, role or time, by the store
    or by hand: the totals are the log's, and so are the figures read from them."""
    with fresh_store(tmp_path_factory) as store:
        write_log(store, ratings)
        with store.write() as conn:  # by hand: only the triggers keep the totals
            for kind, row, value in edits:
                ids = [i for (i,) in conn.execute("SELECT id FROM review_log ORDER BY id")]
                if not ids:
                    break
                log_id = ids[row % len(ids)]
                if kind == "delete":
                    conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
                    continue
                column, new = {
                    "grade": ("grade", value % 4 + 1),
                    "question": ("question_id", "abc"[value % 3]),
                    "role": ("role_id", "rs"[value % 2]),
                    "time": ("reviewed_at", iso(NOW - timedelta(minutes=value))),
                }[kind]
                conn.execute(f"UPDATE review_log SET {column} = ? WHERE id = ?", (new, log_id))
        totals = store.read(
            "SELECT role_id, question_id, ratings, grades, tests, passed FROM review_totals"
            " WHERE ratings != 0 OR grades != 0 OR tests != 0 OR passed != 0"
            " ORDER BY role_id, question_id"
        )
        recount = store.read(
            "SELECT role_id, question_id, COUNT(*), SUM(grade), SUM(after_day),"
            " SUM(after_day AND grade >= 2) FROM review_log GROUP BY role_id, question_id"
            " ORDER BY role_id, question_id"
        )
        assert [tuple(r) for r in totals] == [tuple(r) for r in recount]
        for role in ("r", "s", None):
            sql, rule = store.review_figures(role), RecordFigures(store.review_log(role))
            assert sql.review_count() == rule.review_count()
            assert sql.recall_tests() == rule.recall_tests()
            if role is not None:
                assert sql.grade_totals() == rule.grade_totals()


def test_the_migration_totals_the_log_it_keeps(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    schema_10_store(path, {})
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO schedulers (settings) VALUES ('{}')")
    for qid, day, grade in [("a", 1, 3), ("a", 2, 1), ("b", 1, 4), ("a", 4, 2)]:
        conn.execute(
            "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, card_after,"
            " scheduler_id) VALUES ('r', ?, ?, ?, '{}', 1)",
            (qid, grade, f"2025-01-0{day}T10:00:00+00:00"),
        )
    before = conn.execute("SELECT * FROM review_log ORDER BY id").fetchall()
    conn.close()
    store = Store(path)
    assert [tuple(r) for r in store.read("SELECT * FROM review_log ORDER BY id")] == before
    figures = store.review_figures("r")
    assert figures.review_count() == 4
    assert figures.grade_totals() == {"a": (6, 3), "b": (4, 1)}
    assert figures.recall_tests() == (2, 1)  # a on day 2 (Again), a on day 4 (Hard)
    store.close()


# --------------------------------------------------------------------------- Today and streaks


zones_st = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
)


@settings(max_examples=40, deadline=None)
@given(ratings=ratings_st, zone=zones_st)
def test_today_from_the_columns_and_the_indexed_log_equals_today_from_the_rows(
    tmp_path_factory: pytest.TempPathFactory,
    ratings: list[tuple[str, str, int, int]],
    zone: tzinfo,
) -> None:
    from preptui.today import today_overview

    with fresh_store(tmp_path_factory) as store:
        write_log(store, ratings)
        banks = [a_bank("r", ["a", "b"]), a_bank("s", ["a", "b", "c"])]
        new_done = {"r": 1, "s": 0}
        json_cards = {role: store.cards(role) for role in ("r", "s")}
        from_rows = today_overview(
            banks, json_cards, store.review_log(), new_done, NOW, new_per_day=2, tz=zone
        )
        from_sql = today_overview(
            banks,
            store.all_card_records(),
            store.review_figures(None),
            new_done,
            NOW,
            new_per_day=2,
            tz=zone,
        )
        assert from_sql == from_rows


@given(
    days=st.sets(st.integers(0, 200), max_size=60),
    zone=zones_st,
)
def test_the_streak_of_the_log_figures_is_the_streak_of_the_events(
    days: set[int], zone: tzinfo
) -> None:
    today = date(2025, 6, 30)
    events = [
        ReviewEvent(
            "r",
            "q",
            3,
            datetime.combine(today - timedelta(days=d), datetime.min.time(), zone)
            + timedelta(hours=h),
        )
        for d in days
        for h in (0, 23)
    ]
    records = [
        ReviewRecord(i, e.role_id, e.question_id, e.grade, iso(e.reviewed_at), None)
        for i, e in enumerate(events)
    ]
    figures = RecordFigures(records)
    want = streak(events, today, zone)
    assert logged_streak(figures, today, zone) == want
    last_days = [today - timedelta(days=back) for back in range(30)]  # as the stats have them
    counts = figures.counts_between([day_bounds(day, zone) for day in last_days])
    known = dict(zip(last_days, counts, strict=True))
    assert logged_streak(figures, today, zone, known=known) == want


@given(card=cards_st, minutes=st.integers(-60 * 24 * 400, 60 * 24 * 400))
def test_due_summary_counts_what_due_count_counts_and_says_when_the_next_falls_due(
    card: dict[str, Any], minutes: int
) -> None:
    from preptui.store.cardcolumns import DAMAGED, card_columns

    columns = card_columns(card)
    if columns[0] == DAMAGED:
        return
    records = {"q": CardRecord("r", "q", *columns), "gone": CardRecord("r", "gone", *columns)}
    now = NOW + timedelta(minutes=minutes)
    due, soonest = due_summary(["q", "other"], records, now)
    assert due == due_count(["q", "other"], {"q": card}, now)
    if soonest is None:  # due now, or never due: nothing to wait for
        assert due == 1 or status_of_json(card, datetime(9000, 1, 1, tzinfo=UTC)) is not Status.DUE
    else:
        assert soonest > now
        assert status_of_json(card, soonest) is Status.DUE
        assert status_of_json(card, soonest - timedelta(microseconds=1)) is not Status.DUE


def test_the_stats_chart_the_scores_read_alone(tmp_path: Path) -> None:
    """The stats read each interview's start and score only: the same chart as from the whole
    interviews, a damaged one reported and left out."""
    from preptui.records import MockScore
    from preptui.stats import role_stats

    store = Store(tmp_path / "s.db")
    ids = [store.create_mock("r", "R", 30, seed, ["a"]) for seed in range(4)]
    for mock_id, score in zip(ids, (70.0, None, 55.5, 90.0), strict=True):
        store.finish_mock(mock_id, complete=True, score=score, elapsed_seconds=60)
    store.create_mock("other", "O", 30, 9, ["a"])
    store._conn.execute("UPDATE mocks SET started_at = 'soon' WHERE id = ?", (ids[3],))
    scores = store.mock_scores("r")
    assert [s.score for s in scores] == [55.5, 70.0]  # newest first; unscored and damaged out
    assert all(isinstance(s, MockScore) and s.role_id == "r" for s in scores)
    assert any(f"mock {ids[3]}" in notice for notice in store.notices)
    bank, log = a_bank("r", ["a"]), store.review_figures("r")
    assert role_stats(bank, {}, log, scores, NOW, UTC) == role_stats(
        bank, {}, log, store.mocks("r"), NOW, UTC
    )
    store.close()
