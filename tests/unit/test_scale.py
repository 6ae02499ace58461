"""Issue 15, at scale: the store's migration and indexes, old mocks, and unchanged picks/search.

Nothing here is timed (speed is ``make bench``): these tests hold what the speed-ups must keep.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from preptui.kinds import Difficulty, Kind
from preptui.mock import agenda as agenda_module
from preptui.mock.agenda import build_agenda
from preptui.model import Bank, Format, Question, Role
from preptui.records import MockStatus
from preptui.search import Filter, SearchIndex
from preptui.store import Store
from preptui.store.migrations import MIGRATIONS

SCHEDULER = {"parameters": [0.2, 1.2, 3.1], "desired_retention": 0.9, "maximum_interval": 36500}
OTHER_SCHEDULER = {**SCHEDULER, "desired_retention": 0.85}


# --------------------------------------------------------------------------- migration


def old_store(path: Path, ratings: int) -> list[tuple[object, ...]]:
    """A store at schema 4 (every rating repeating its scheduler JSON); returns its log rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:4]):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    for i in range(ratings):
        question = f"q{i % 7}"
        settings = SCHEDULER if i % 3 else OTHER_SCHEDULER
        before = None if i < 7 else json.dumps({"due": f"2025-01-{i % 28 + 1:02d}T00:00:00+00:00"})
        after = json.dumps({"due": f"2025-02-{i % 28 + 1:02d}T00:00:00+00:00", "n": i})
        conn.execute(
            "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, duration_ms,"
            " card_before, card_after, scheduler) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "r",
                question,
                i % 4 + 1,
                f"2025-01-01T00:{i // 60:02d}:{i % 60:02d}+00:00",
                i * 10 if i % 5 else None,
                before,
                after,
                json.dumps(settings),
            ),
        )
        conn.execute(
            "INSERT INTO cards (role_id, question_id, card, due, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (role_id, question_id) DO UPDATE SET card = excluded.card",
            ("r", question, after, "2025-02-01T00:00:00+00:00", "2025-01-01T00:00:00+00:00"),
        )
    rows = conn.execute(
        "SELECT id, role_id, question_id, grade, reviewed_at, duration_ms, card_before,"
        " card_after, scheduler FROM review_log ORDER BY id"
    ).fetchall()
    conn.close()
    return rows


def test_migration_keeps_every_rating_and_refers_to_its_settings(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    before = old_store(path, 40)
    store = Store(path)
    assert store.schema_version == len(MIGRATIONS)
    after = store.read(
        "SELECT l.id, l.role_id, l.question_id, l.grade, l.reviewed_at, l.duration_ms,"
        " l.card_before, l.card_after, s.settings FROM review_log l"
        " JOIN schedulers s ON s.id = l.scheduler_id ORDER BY l.id"
    )
    assert [tuple(row) for row in after] == before
    assert store.read("SELECT COUNT(*) FROM schedulers")[0][0] == 2  # not one per rating
    assert store.review_scheduler(int(str(before[1][0]))) == SCHEDULER
    assert store.review_scheduler(int(str(before[0][0]))) == OTHER_SCHEDULER
    assert len(store.review_log("r")) == 40


def test_undo_still_works_after_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    before = old_store(path, 10)
    store = Store(path)
    latest = int(str(before[-1][0]))  # q2's last rating (i = 9); q2 was also rated at i = 2
    assert store.undo_review(latest) == ("r", "q2")
    card = store.cards("r")["q2"]
    assert card == json.loads(str(before[-1][6]))  # back to the card before that rating
    log_id = store.save_review(
        "r",
        "q9",
        3,
        "2025-03-01T00:00:00+00:00",
        None,
        {"due": "2025-03-02T00:00:00+00:00"},
        SCHEDULER,
    ).log_id
    assert store.review_scheduler(log_id) == SCHEDULER
    assert store.read("SELECT COUNT(*) FROM schedulers")[0][0] == 2  # the settings reused
    assert store.undo_review(log_id) == ("r", "q9")
    assert "q9" not in store.cards("r")


def plan(store: Store, sql: str, params: Sequence[object]) -> str:
    rows = store.read("EXPLAIN QUERY PLAN " + sql, params)
    return "\n".join(str(row["detail"]) for row in rows)


def test_queries_use_their_indexes(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    undo = plan(
        store,
        "SELECT 1 FROM review_log WHERE role_id = ? AND question_id = ? AND id > ?",
        ("r", "q", 1),
    )
    assert "USING COVERING INDEX review_log_by_question" in undo, undo
    recent = plan(
        store,
        "SELECT r.question_id, r.rating FROM mock_results r JOIN mocks m ON m.id = r.mock_id"
        " WHERE m.role_id = ? AND r.rating IS NOT NULL ORDER BY r.updated_at, r.rowid",
        ("r",),
    )
    assert "SEARCH m USING COVERING INDEX mocks_by_role (role_id=?)" in recent, recent
    assert "SCAN" not in recent.replace("SCAN CONSTANT", ""), recent
    by_role = plan(
        store, "SELECT m.id FROM mocks m WHERE m.role_id = ? ORDER BY m.id DESC LIMIT ?", ("r", 5)
    )
    assert "SEARCH m USING COVERING INDEX mocks_by_role (role_id=?)" in by_role, by_role
    assert "TEMP B-TREE" not in by_role, by_role
    unfinished = plan(
        store,
        "SELECT m.id FROM mocks m WHERE m.status = ? ORDER BY m.id DESC LIMIT 1",
        (MockStatus.IN_PROGRESS,),
    )
    assert "USING COVERING INDEX mocks_by_status (status=?)" in unfinished, unfinished


def test_the_store_methods_run_the_queries_checked_above(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    log_id = store.save_review(
        "r", "q", 3, "2025-01-01T00:00:00+00:00", None, {"due": "x"}, {}
    ).log_id
    store.undo_review(log_id)
    store.recent_mock_ratings("r")
    store.mocks("r")
    store.latest_unfinished_mock()
    text = "\n".join(statements)
    # (the trace shows statements with their parameters filled in)
    assert f"FROM review_log WHERE role_id = 'r' AND question_id = 'q' AND id > {log_id}" in text
    assert "WHERE m.role_id = 'r' AND r.rating IS NOT NULL" in text
    assert "WHERE m.role_id = 'r' ORDER BY m.id DESC LIMIT 200" in text
    assert "WHERE m.status = 'in-progress' ORDER BY m.id DESC LIMIT 1" in text


def test_mock_and_resume_find_mocks_beyond_the_latest_200(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    first = store.create_mock("r", "Role", 30, 1, ["a", "b"])  # unfinished, the oldest
    for seed in range(250):
        mock_id = store.create_mock("r" if seed % 2 else "other", "Role", 30, seed, ["a"])
        store.finish_mock(mock_id, complete=True, score=0.5, elapsed_seconds=60)
    assert len(store.mocks()) == 200
    assert first not in {m.id for m in store.mocks()}
    found = store.mock(first)
    assert found is not None and found.question_ids == ["a", "b"]
    resumed = store.latest_unfinished_mock("r")
    assert resumed is not None and resumed.id == first
    assert store.latest_unfinished_mock("other") is None


# --------------------------------------------------------------------------- integrity check


def test_check_on_demand_reports_a_sound_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.set_bookmark("r", "q", True)
    assert store.check() == []


def test_no_integrity_check_on_a_clean_open_but_after_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    statements: list[str] = []
    original = sqlite3.Connection.execute

    def checks(opened: Store) -> bool:
        return any("quick_check" in s for s in statements)

    class Tracing(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            statements.append(sql)
            return original(self, sql, *args)  # type: ignore[arg-type]

    real_connect = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(*args, factory=Tracing, **kwargs)  # type: ignore[call-overload, no-any-return]

    sqlite3.connect = connect  # type: ignore[assignment]
    try:
        store = Store(path)
        assert not checks(store)  # closed cleanly: no check
        store.close()
        # A process that died with the store open leaves its marker behind.
        dead = tmp_path / "s.db.open" / f"{2**22 + 12345}-0"
        dead.parent.mkdir(exist_ok=True)
        dead.touch()
        store = Store(path)
        assert checks(store)
        assert not dead.exists()
        statements.clear()
        store.close()
        store = Store(path)
        assert not checks(store)  # checked once, not again
        store.close()
    finally:
        sqlite3.connect = real_connect


def test_a_damaged_file_found_after_a_crash_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = Store(path)
    for i in range(300):
        store.set_bookmark("r", f"question-{i:04d}-" + "x" * 80, True)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(data), 6 * page), 7):  # scribble over index pages
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    dead = tmp_path / "s.db.open" / f"{2**22 + 54321}-0"
    dead.touch()
    reopened = Store(path)
    assert any("moved it to" in n for n in reopened.notices)
    assert len(list(tmp_path.glob("s.db.corrupt-*"))) == 1
    assert reopened.check() == []


def test_pids_in_markers_are_real_processes() -> None:
    from preptui.store.connection import _alive

    assert _alive(str(os.getpid()))
    assert not _alive(str(2**22 + 999))
    assert not _alive("not-a-pid")


def test_only_markers_of_dead_processes_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    folder = tmp_path / "s.db.open"
    mine = folder / "notes.txt"  # not a marker: never touched
    mine.write_text("mine", encoding="utf-8")
    live = folder / f"{os.getpid()}-999"
    live.touch()
    Store(path).close()
    assert mine.read_text(encoding="utf-8") == "mine" and live.exists()


# --------------------------------------------------------------------------- the picker


class OldPicker:
    """The picker before issue 15 (a scan of the role per pick), kept to compare draws."""

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


def bank_of(cells: Sequence[tuple[Kind, Difficulty]], mix: Mapping[Kind, int]) -> Bank:
    questions = [
        Question(
            id=f"q{i}",
            prompt=f"Question {i}?",
            difficulty=d,
            kind=k,
            answer="An answer.",
            key_points=["a point", "another point"],
        )
        for i, (k, d) in enumerate(cells)
    ]
    return Bank(
        role=Role(
            id="role",
            title="Role",
            summary="A role.",
            format=Format(minutes=60, rounds="rounds", mix=dict(mix)),
        ),
        questions=questions,
    )


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.sampled_from(list(Kind)), st.sampled_from(list(Difficulty))),
        min_size=1,
        max_size=60,
    ),
    mix=st.dictionaries(st.sampled_from(list(Kind)), st.integers(1, 6), min_size=1),
    ratings=st.lists(st.integers(1, 4), max_size=60),
    seed=st.integers(0, 2**32 - 1),
    minutes=st.sampled_from([5, 20, 45, 60, 90]),
)
def test_the_picker_draws_the_same_agenda_for_the_same_seed(
    cells: list[tuple[Kind, Difficulty]],
    mix: dict[Kind, int],
    ratings: list[int],
    seed: int,
    minutes: int,
) -> None:
    bank = bank_of(cells, mix)
    recent = {f"q{i}": r for i, r in enumerate(ratings)}
    new = build_agenda(bank, minutes, seed, recent)
    fast = agenda_module._Picker
    agenda_module._Picker = OldPicker  # type: ignore[assignment, misc]
    try:
        old = build_agenda(bank, minutes, seed, recent)
    finally:
        agenda_module._Picker = fast  # type: ignore[misc]
    assert new == old


# --------------------------------------------------------------------------- search


WORDS = "cache retry idempotent queue shard latency index drift rollout kubectl ß Straße"


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(WORDS.split()), min_size=1, max_size=12).map(" ".join),
        min_size=1,
        max_size=80,
    ),
    typed=st.lists(st.sampled_from(WORDS.split()), min_size=1, max_size=3).map(" ".join),
)
def test_search_results_are_a_plain_scan_whether_indexed_or_not(
    texts: list[str], typed: str
) -> None:
    questions = [
        Question(
            id=f"q{i}",
            prompt=text,
            difficulty=Difficulty.EASY,
            kind=Kind.TECHNICAL,
            answer="Answer " + text[::-1],
            key_points=["p", "q"],
        )
        for i, text in enumerate(texts)
    ]
    plain = [q.search_text() for q in questions]
    indexed = SearchIndex(questions, index_above=0)
    indexed.prepare()
    assert indexed.indexed
    scanning = SearchIndex(questions)
    for end in range(1, len(typed) + 1):  # letter by letter, as typed
        flt = Filter(text=typed[:end])
        terms = flt.terms
        want = [i for i, t in enumerate(plain) if all(term in t for term in terms)]
        assert indexed.filter(flt) == want
        assert scanning.filter(flt) == want


# --------------------------------------------------------------------------- stats in SQL


STATS_NOW = datetime(2025, 3, 3, 15, 30, tzinfo=UTC)
ratings_st = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "gone"]),  # "gone": a question no longer in the bank
        st.integers(1, 4),
        # minutes before STATS_NOW: days apart, same day, exactly one day apart, at the bounds
        st.one_of(
            st.integers(0, 60 * 24 * 90),
            st.sampled_from([0, 1, 60 * 24, 60 * 24 - 1, 60 * 24 + 1, 60 * 15 + 30]),
        ),
    ),
    max_size=60,
)
zones_st = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
)


def stats_bank() -> Bank:
    def question(qid: str, kind: Kind, difficulty: Difficulty) -> Question:
        return Question(
            id=qid,
            prompt=f"Question {qid}?",
            difficulty=difficulty,
            kind=kind,
            answer="An answer.",
            key_points=["one", "two"],
        )

    role = Role(
        id="r",
        title="R",
        summary="A role.",
        format=Format(minutes=30, rounds="One round.", mix={Kind.TECHNICAL: 2}),
    )
    questions = [
        question("a", Kind.TECHNICAL, Difficulty.EASY),
        question("b", Kind.TECHNICAL, Difficulty.HARD),
        question("c", Kind.BEHAVIOURAL, Difficulty.HARD),
    ]
    return Bank(role=role, questions=questions)


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_st, zone=zones_st)
def test_stats_from_sql_figures_equal_stats_from_the_records(
    tmp_path_factory: pytest.TempPathFactory, ratings: list[tuple[str, int, int]], zone: tzinfo
) -> None:
    from preptui.stats import RecordFigures, role_stats
    from preptui.times import iso

    store = Store(tmp_path_factory.mktemp("stats") / "s.db")
    try:
        for question_id, grade, minutes in ratings:
            when = iso(STATS_NOW - timedelta(minutes=minutes))
            card = {"due": iso(STATS_NOW + timedelta(days=1)), "last_review": when}
            store.save_review("r", question_id, grade, when, None, card, SCHEDULER, rebase=_keep)
            store.save_review("other", question_id, 1, when, None, card, SCHEDULER, rebase=_keep)
        records = store.review_log("r")
        sql, plain = store.review_figures("r"), RecordFigures(records)
        assert sql.review_count() == plain.review_count() == len(ratings)
        assert sql.recall_tests() == plain.recall_tests()
        assert sql.grade_totals() == plain.grade_totals()
        assert sql.latest(10) == plain.latest(10)
        bank, cards = stats_bank(), store.cards("r")
        assert role_stats(bank, store.card_records("r"), sql, [], STATS_NOW, zone) == role_stats(
            bank, cards, records, [], STATS_NOW, zone
        )  # the cards' columns and the indexed log give what their JSON and the rows give
    finally:
        store.close()


@settings(max_examples=60, deadline=None)
@given(
    ratings=ratings_st,
    edits=st.lists(st.tuples(st.booleans(), st.integers(0, 59), st.integers(0, 60 * 24 * 9))),
)
def test_recall_tests_stay_right_as_ratings_are_added_removed_and_moved(
    tmp_path_factory: pytest.TempPathFactory,
    ratings: list[tuple[str, int, int]],
    edits: list[tuple[bool, int, int]],
) -> None:
    """Each rating's ``after_day`` (kept by triggers) gives the recall tests the rule gives,
    whatever order ratings come in and however the log is edited afterwards."""
    from preptui.stats import RecordFigures
    from preptui.store.reviews import LogFigures
    from preptui.times import iso

    store = Store(tmp_path_factory.mktemp("recall") / "s.db")
    try:
        for question_id, grade, minutes in ratings:
            when = iso(STATS_NOW - timedelta(minutes=minutes))
            card = {"due": iso(STATS_NOW + timedelta(days=1)), "last_review": when}
            store.save_review("r", question_id, grade, when, None, card, SCHEDULER, rebase=_keep)
        conn = store._conn
        for delete, row, minutes in edits:
            ids = [log_id for (log_id,) in conn.execute("SELECT id FROM review_log ORDER BY id")]
            if not ids:
                break
            log_id = ids[row % len(ids)]
            if delete:
                conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            else:
                when = iso(STATS_NOW - timedelta(minutes=minutes))
                conn.execute("UPDATE review_log SET reviewed_at = ? WHERE id = ?", (when, log_id))
        rule = RecordFigures(store.review_log("r")).recall_tests()
        assert store.review_figures("r").recall_tests() == rule
        assert LogFigures(conn, "r", damaged=True).recall_tests() == rule  # the log walked
    finally:
        store.close()


def test_the_migration_marks_the_recall_tests_of_old_ratings(tmp_path: Path) -> None:
    from preptui.stats import RecordFigures

    path = tmp_path / "s.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:9]):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    conn.execute("INSERT INTO schedulers (settings) VALUES ('{}')")
    for i, (question, day) in enumerate([("a", 1), ("a", 2), ("b", 1), ("a", 2), ("b", 5)]):
        conn.execute(
            "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, card_after,"
            " scheduler_id) VALUES ('r', ?, ?, ?, '{}', 1)",
            (question, i % 4 + 1, f"2025-01-0{day}T10:00:00+00:00"),
        )
    conn.close()
    store = Store(path)
    assert store.review_figures("r").recall_tests() == (2, 1)  # a on day 2 (Hard), b on day 5
    assert RecordFigures(store.review_log("r")).recall_tests() == (2, 1)
    store.close()


def _keep(current: object) -> tuple[None, dict[str, str]]:
    """Rebase: the test writes its ratings as they come, whatever the stored card says."""
    return None, {"due": "2025-03-04T00:00:00+00:00"}


def test_stats_figures_leave_out_and_report_a_damaged_rating(tmp_path: Path) -> None:
    from preptui.stats import RecordFigures

    store = Store(tmp_path / "s.db")
    for i in range(3):
        when = f"2025-03-0{i + 1}T10:00:00+00:00"
        store.save_review("r", "a", 3, when, None, {"due": when, "last_review": when}, SCHEDULER)
        store._conn.execute("DELETE FROM cards")  # each rating a first one: no compare-and-set
    store._conn.execute("UPDATE review_log SET reviewed_at = 'not a time' WHERE id = 2")
    figures = store.review_figures("r")
    assert figures.review_count() == RecordFigures(store.review_log("r")).review_count() == 2
    assert any("rating 2" in notice for notice in store.notices)
    store.close()


def test_the_stats_figures_read_indexes_only(tmp_path: Path) -> None:
    """Each figure's query reads a covering index of the log or the per-question totals (never
    the log's rows with their card JSON), or only the few rows it returns; for one role and for
    every role (Today)."""
    from preptui.times import iso

    store = Store(tmp_path / "s.db")
    span = json.dumps([[iso(STATS_NOW - timedelta(days=1)), iso(STATS_NOW)]])
    for role in ("r", None):
        figures = store.review_figures(role)
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)
        figures.review_count()
        figures.recall_tests()
        figures.counts_between([(STATS_NOW - timedelta(days=1), STATS_NOW)])
        figures.active_between([(STATS_NOW - timedelta(days=1), STATS_NOW)])
        figures.grade_totals()
        figures.latest(10)
        store._conn.set_trace_callback(None)
        assert len(statements) == 6
        for sql in statements:
            sql = sql.replace("'r'", "?").replace(f"'{span}'", "?").replace("LIMIT 10", "LIMIT ?")
            params: list[str] = [*(["r"] if role else []), span] if "json_each" in sql else []
            params = params or ["r"] * sql.count("?")
            detail = plan(store, sql, params)
            if "LIMIT" in sql:  # the latest few: read in index order, no sort of the whole log
                assert "TEMP B-TREE" not in detail, (sql, detail)
                assert "SCAN review_log USING INDEX" in detail or "SCAN" not in detail
                continue
            assert "SCAN review_log" not in detail, (sql, detail)
            if "review_totals" in sql:  # one row per question
                assert "review_totals" in detail and "SCAN review_log" not in detail
                if role:
                    assert "USING PRIMARY KEY (role_id=?)" in detail, (sql, detail)
            else:
                assert "USING COVERING INDEX review_log_by_" in detail, (sql, detail)
    store.close()


# --------------------------------------------------------------------------- due counts


def test_due_counts_follow_ratings_the_clock_and_the_banks(tmp_path: Path) -> None:
    from preptui.banks.discover import Origin
    from preptui.banks.load import LoadedBank, LoadResult
    from preptui.config import Config
    from preptui.practice import Practice

    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    clock = [start]
    practice = Practice(Config(), store_path=tmp_path / "s.sqlite3", now=lambda: clock[0])
    assert practice.open_store() == []
    bank = bank_of([(Kind.TECHNICAL, Difficulty.EASY)] * 3, {Kind.TECHNICAL: 1})
    practice.set_banks(LoadResult([LoadedBank(bank, tmp_path / "role.toml", Origin.EXTRA)]))
    assert practice.store is not None

    def rate(question: str, due: datetime) -> None:
        assert practice.store is not None
        card = {"due": due.isoformat(), "last_review": start.isoformat(), "state": 2}
        practice.store.save_review("role", question, 3, start.isoformat(), None, card, SCHEDULER)

    assert practice.due_counts() == {}
    rate("q0", start + timedelta(hours=1))
    rate("q1", start + timedelta(hours=3))
    assert practice.due_counts() == {"role": 0}
    clock[0] = start + timedelta(hours=2)  # q0 fell due since the last count
    assert practice.due_counts() == {"role": 1}
    clock[0] = start + timedelta(hours=4)
    assert practice.due_counts() == {"role": 2}
    clock[0] = start  # a clock set back: counted again
    assert practice.due_counts() == {"role": 0}
    rate("q2", start - timedelta(hours=1))  # a new rating: the cards are read again
    assert practice.due_counts() == {"role": 1}
    other = Store(tmp_path / "s.sqlite3")  # another instance's rating
    before = {"due": (start + timedelta(hours=1)).isoformat(), "last_review": start.isoformat()}
    card = {"due": start.isoformat(), "last_review": start.isoformat(), "state": 2}
    other.save_review("role", "q0", 1, start.isoformat(), {**before, "state": 2}, card, SCHEDULER)
    other.close()
    assert practice.due_counts() == {"role": 2}
    fewer = bank.model_copy(update={"questions": bank.questions[1:]})  # q0 left the bank
    practice.set_banks(LoadResult([LoadedBank(fewer, tmp_path / "role.toml", Origin.EXTRA)]))
    assert practice.due_counts() == {"role": 1}


def test_a_mock_counts_as_answered_the_questions_not_skipped(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    mock_id = store.create_mock("r", "Role", 30, 1, ["a", "b", "c", "d"])
    store.save_mock_result(mock_id, {"question_id": "a", "rating": 3, "seconds": 60}, 60)
    store.save_mock_result(mock_id, {"question_id": "b", "skipped": True, "seconds": 5}, 65)
    store.save_mock_result(mock_id, {"question_id": "c", "seconds": 30}, 95)  # not rated yet
    store._conn.execute(  # a damaged row: reported where it is read, counted, never fatal here
        "INSERT INTO mock_results (mock_id, question_id, result, updated_at)"
        " VALUES (?, 'd', 'not json', '2025-01-01T00:00:00+00:00')",
        (mock_id,),
    )
    store._conn.commit()
    found = store.mock(mock_id)
    assert found is not None and found.answered == 3
    assert [m.answered for m in store.mocks("r")] == [3]
