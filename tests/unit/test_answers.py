"""Typed answers and the coach's marks: the store's repository and the practice service."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from preptui.banks.discover import Origin, bank_files
from preptui.banks.load import load_banks
from preptui.coach import Coverage, PointVerdict, Verdict
from preptui.config import Config
from preptui.practice import Practice, PracticeError
from preptui.records import word_count
from preptui.store import Store

from ..conftest import SAMPLE_BANKS

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ROLE = "alpha-engineer"

GOOD_CACHING = (
    "I'd add a cache when the same expensive read repeats a lot and slightly stale data is "
    "acceptable. You need an invalidation strategy on write. Protect the database from a "
    "stampede when the cache is cold."
)


def practice(tmp_path: Path, config: Config | None = None) -> Practice:
    p = Practice(config or Config(), store_path=tmp_path / "s.db", now=lambda: NOW)
    assert p.open_store() == []
    p.set_banks(load_banks([(f, Origin.EXTRA) for f in bank_files(SAMPLE_BANKS)], cache=False))
    return p


def question(p: Practice, qid: str = "caching"):  # type: ignore[no-untyped-def]
    loaded = p.bank(ROLE)
    assert loaded is not None
    found = loaded.bank.question(qid)
    assert found is not None
    return found


# --------------------------------------------------------------------------- the store


def test_answers_are_inserted_updated_and_listed_newest_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    first = store.save_answer(ROLE, "caching", "use a cache", seconds=12.5, context="review")
    again = store.save_answer(
        ROLE, "caching", "use a cache with a TTL", seconds=20, context="review", answer_id=first
    )
    assert again == first
    second = store.save_answer(ROLE, "caching", "second try", seconds=3, context="mock")
    store.save_answer(ROLE, "caching", "   ", seconds=1, context="review")  # blank: not listed
    store.save_answer("beta-analyst", "caching", "other role", seconds=1, context="review")
    rows = store.answers(ROLE, "caching")
    assert [(r.id, r.text, r.words, r.context) for r in rows] == [
        (second, "second try", 2, "mock"),
        (first, "use a cache with a TTL", 6, "review"),
    ]
    assert rows[1].seconds == 20.0
    assert store.answers(ROLE, "caching", limit=1)[0].id == second
    store.close()


def test_an_update_of_a_gone_or_foreign_answer_starts_a_new_one(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    mine = store.save_answer(ROLE, "caching", "mine", seconds=1, context="review")
    other = store.save_answer(
        ROLE, "outage", "typed on another card", seconds=1, context="review", answer_id=mine
    )
    assert other != mine
    assert store.answer(mine) is not None and store.answer(mine).text == "mine"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="review or mock"):
        store.save_answer(ROLE, "caching", "x", seconds=1, context="chat")
    store.close()


def test_marks_are_replaced_and_keep_the_correction(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    answer = store.save_answer(ROLE, "caching", "text", seconds=1, context="review")
    store.save_marks(answer, [(0, "covered", None), (1, "missed", None)], "lexical")
    store.save_marks(answer, [(0, "covered", None), (1, "missed", "partial")], "lexical")
    marks = store.answer_marks(answer)
    assert [(m.point_index, m.engine_verdict, m.user_verdict, m.verdict) for m in marks] == [
        (0, "covered", None, "covered"),
        (1, "missed", "partial", "partial"),
    ]
    with pytest.raises(ValueError, match="covered, partial or missed"):
        store.save_marks(answer, [(0, "great", None)], "lexical")
    store.close()


def test_an_answer_is_kept_across_a_reopen_and_its_marks_go_with_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    answer = store.save_answer(ROLE, "caching", "kept", seconds=1, context="review")
    store.save_marks(answer, [(0, "covered", None)], "lexical")
    store.close()
    again = Store(tmp_path / "s.db")
    assert [r.text for r in again.answers(ROLE, "caching")] == ["kept"]
    with again.write() as conn:
        conn.execute("DELETE FROM answers WHERE id = ?", (answer,))
    assert again.answer_marks(answer) == []  # ON DELETE CASCADE
    again.close()


def test_word_count() -> None:
    assert word_count("") == 0
    assert word_count("  one\ntwo  three\t") == 3


# --------------------------------------------------------------------------- the service


def test_practice_saves_and_lists_answers(tmp_path: Path) -> None:
    p = practice(tmp_path)
    answer_id = p.save_answer(ROLE, "caching", "first draft", seconds=4.0, context="review")
    assert (
        p.save_answer(
            ROLE,
            "caching",
            "first draft, longer",
            seconds=9.0,
            context="review",
            answer_id=answer_id,
        )
        == answer_id
    )
    (row,) = p.answers(ROLE, "caching")
    assert (row.text, row.words, row.seconds) == ("first draft, longer", 3, 9.0)
    assert row.created_at == row.updated_at == "2025-03-03T09:00:00+00:00"
    p.close()


def test_a_failed_answer_write_raises_one_line(tmp_path: Path) -> None:
    p = practice(tmp_path)
    assert p.store is not None
    p.store._conn.close()  # every write fails now
    with pytest.raises(PracticeError, match=r"^Answer not saved: ") as caught:
        p.save_answer(ROLE, "caching", "lost?", seconds=1, context="review")
    assert "\n" not in str(caught.value)
    assert p.answers(ROLE, "caching") == []  # a failed read gives nothing, never raises
    no_store = Practice(Config(), use_store=False)
    with pytest.raises(PracticeError, match="Answer not saved: the store is turned off"):
        no_store.save_answer(ROLE, "caching", "x", seconds=1, context="review")


def test_assess_marks_key_points_with_evidence_and_suggests_a_rating(tmp_path: Path) -> None:
    p = practice(tmp_path)
    caching = question(p)
    coverage = p.assess(caching, GOOD_CACHING)
    assert coverage.engine == "lexical"
    assert len(coverage.points) == len(caching.key_points)
    assert coverage.covered, coverage
    for point in coverage.points:
        if point.verdict is not Verdict.MISSED:
            assert point.evidence and point.evidence in GOOD_CACHING
    assert coverage.suggested_rating >= 3
    weak = p.assess(caching, "I am not sure, maybe something about computers.")
    assert weak.covered == [] and weak.suggested_rating == 1
    assert p.coach_note is None


def test_assess_gives_structure_feedback_for_behavioural_questions(tmp_path: Path) -> None:
    p = practice(tmp_path)
    coverage = p.assess(question(p, "conflict"), "We talked and it was fine.")
    assert coverage.structure is not None
    assert "end with the outcome" in coverage.structure.hints()
    assert p.assess(question(p), GOOD_CACHING).structure is None


def test_an_engine_that_cannot_run_falls_back_to_lexical_with_a_note(tmp_path: Path) -> None:
    p = practice(tmp_path, Config(coach_engine="no-such-engine"))
    engine = p.coach_engine()
    assert engine.name == "lexical"
    assert p.coach_note is not None and p.coach_note.startswith("Using the built-in coach:")
    assert "\n" not in p.coach_note
    assert p.coach_engine() is engine  # made once


def test_a_failing_optional_engine_falls_back_at_assess(tmp_path: Path) -> None:
    p = practice(tmp_path)

    class Broken:
        name = "broken"

        def assess(self, target: object, answer: str) -> Coverage:
            raise TimeoutError("no answer in 5 s")

    key = ("lexical", p.config.coach_url, p.config.coach_model, ROLE)
    p._coaches[key] = (p.banks, Broken())
    coverage = p.assess(question(p), GOOD_CACHING, ROLE)
    assert coverage.engine == "lexical" and coverage.covered
    assert p.coach_note == "Using the built-in coach: the broken engine failed (no answer in 5 s)"


def test_one_engine_a_role_made_again_for_new_banks(tmp_path: Path) -> None:
    p = practice(tmp_path)
    assert not p.coach_ready(ROLE)
    first = p.coach_engine(ROLE)
    assert p.coach_ready(ROLE) and not p.coach_ready("beta-analyst")
    assert p.coach_engine(ROLE) is first
    assert p.coach_engine("beta-analyst") is not first
    p.set_banks(p.banks.__class__(banks=list(p.banks.banks)))
    assert not p.coach_ready(ROLE)
    assert p.coach_engine(ROLE) is not first


def test_the_role_weighs_terms_as_preptui_check_does(tmp_path: Path) -> None:
    from preptui.coach import Target, make_engine
    from preptui.coach.lexical import bank_texts

    p = practice(tmp_path)
    loaded = p.bank(ROLE)
    assert loaded is not None
    alone = make_engine("lexical", bank_texts(loaded.bank.questions))
    answer = "Invalidate on write; protect against a stampede."
    expected = alone.assess(Target.from_question(question(p)), answer)
    assert p.assess(question(p), answer, ROLE) == expected


def test_save_marks_stores_engine_marks_and_corrections(tmp_path: Path) -> None:
    p = practice(tmp_path)
    answer_id = p.save_answer(ROLE, "caching", GOOD_CACHING, seconds=30, context="review")
    coverage = Coverage(
        points=(
            PointVerdict(0, Verdict.COVERED, 0.9, "a"),
            PointVerdict(1, Verdict.MISSED, 0.1, ""),
        ),
        engine="lexical",
    )
    p.save_marks(answer_id, coverage, {1: Verdict.PARTIAL})
    marks = p.answer_marks(answer_id)
    assert [(m.engine_verdict, m.user_verdict) for m in marks] == [
        ("covered", None),
        ("missed", "partial"),
    ]
    assert p.store is not None
    p.store._conn.close()
    with pytest.raises(PracticeError, match=r"^Marks not saved: "):
        p.save_marks(answer_id, coverage, {})


def test_the_answers_table_refuses_an_unknown_context(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute(
            "INSERT INTO answers (role_id, question_id, context, text, words, seconds,"
            " created_at, updated_at) VALUES ('r', 'q', 'chat', '', 0, 0, '', '')"
        )
    store.close()
