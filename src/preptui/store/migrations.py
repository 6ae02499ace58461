"""The store's schema, one migration per version. Never edit a released entry; append."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from preptui.store.cardcolumns import Columns, card_columns
from preptui.store.damage import json_or_bad
from preptui.store.errors import StoreError

__all__ = ["MIGRATIONS", "migrate"]

# Each entry moves the schema from version N to N + 1.
MIGRATIONS: Sequence[str] = (
    """
    CREATE TABLE bookmarks (
        role_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (role_id, question_id)
    );
    """,
    """
    CREATE TABLE mocks (
        id              INTEGER PRIMARY KEY,
        role_id         TEXT NOT NULL,
        role_title      TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        minutes         INTEGER NOT NULL,
        seed            INTEGER NOT NULL,
        question_ids    TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'in-progress',
        elapsed_seconds REAL NOT NULL DEFAULT 0,
        finished_at     TEXT,
        score           REAL
    );
    CREATE TABLE mock_results (
        mock_id     INTEGER NOT NULL REFERENCES mocks (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        result      TEXT NOT NULL,
        rating      INTEGER,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (mock_id, question_id)
    );
    CREATE INDEX mock_results_by_question ON mock_results (question_id);
    """,
    """
    CREATE TABLE cards (
        role_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        card        TEXT NOT NULL,
        due         TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (role_id, question_id)
    );
    CREATE TABLE review_log (
        id          INTEGER PRIMARY KEY,
        role_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        grade       INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,
        duration_ms INTEGER,
        card_before TEXT,
        card_after  TEXT NOT NULL,
        scheduler   TEXT NOT NULL
    );
    CREATE INDEX review_log_by_role ON review_log (role_id, reviewed_at);
    """,
    """
    CREATE TABLE notes (
        role_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        note        TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (role_id, question_id)
    );
    """,
    # 5: a rating refers to the scheduler settings it used (one row per distinct settings)
    # instead of repeating their JSON (~1 kB) in every row. Every old row is kept, with its id:
    # the log is copied, its settings deduplicated, and the copy replaces the old table.
    # review_log_by_question answers "is there a later rating of this question" (undo).
    """
    CREATE TABLE schedulers (
        id       INTEGER PRIMARY KEY,
        settings TEXT NOT NULL UNIQUE
    );
    INSERT OR IGNORE INTO schedulers (settings) SELECT scheduler FROM review_log ORDER BY id;
    CREATE TABLE review_log_new (
        id           INTEGER PRIMARY KEY,
        role_id      TEXT NOT NULL,
        question_id  TEXT NOT NULL,
        grade        INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
        reviewed_at  TEXT NOT NULL,
        duration_ms  INTEGER,
        card_before  TEXT,
        card_after   TEXT NOT NULL,
        scheduler_id INTEGER NOT NULL REFERENCES schedulers (id)
    );
    INSERT INTO review_log_new (id, role_id, question_id, grade, reviewed_at, duration_ms,
                                card_before, card_after, scheduler_id)
        SELECT l.id, l.role_id, l.question_id, l.grade, l.reviewed_at, l.duration_ms,
               l.card_before, l.card_after, s.id
        FROM review_log l JOIN schedulers s ON s.settings = l.scheduler ORDER BY l.id;
    DROP TABLE review_log;
    ALTER TABLE review_log_new RENAME TO review_log;
    CREATE INDEX review_log_by_role ON review_log (role_id, reviewed_at);
    CREATE INDEX review_log_by_question ON review_log (role_id, question_id, id);
    """,
    # 6: a role's mocks (history, stats, recent ratings) and the unfinished one to resume.
    """
    CREATE INDEX mocks_by_role ON mocks (role_id, id);
    CREATE INDEX mocks_by_status ON mocks (status, id);
    """,
    # 7: typed answers (in review or a mock) and the coach's mark of each key point, with the
    # person's correction when they gave one (labelled data for improving the engines).
    """
    CREATE TABLE answers (
        id          INTEGER PRIMARY KEY,
        role_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        context     TEXT NOT NULL CHECK (context IN ('review', 'mock')),
        text        TEXT NOT NULL,
        words       INTEGER NOT NULL,
        seconds     REAL NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX answers_by_question ON answers (role_id, question_id, id);
    CREATE TABLE answer_marks (
        answer_id      INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        point_index    INTEGER NOT NULL,
        engine_verdict TEXT NOT NULL,
        user_verdict   TEXT,
        engine         TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (answer_id, point_index)
    );
    """,
    # 8: a mock interview's opening and closing: the notes taken and the time used on each.
    """
    CREATE TABLE mock_frames (
        mock_id      INTEGER NOT NULL REFERENCES mocks (id) ON DELETE CASCADE,
        segment      TEXT NOT NULL CHECK (segment IN ('opening', 'closing')),
        notes        TEXT NOT NULL,
        used_seconds REAL NOT NULL,
        rating       INTEGER CHECK (rating BETWEEN 1 AND 4),
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (mock_id, segment)
    );
    """,
    # 9: the stats' figures of a role's log read from an index alone, never from the rows and
    # the card JSON they hold: by time (count, ratings a day, the latest) and by question
    # (recall tests, grades per question).
    """
    CREATE INDEX review_log_by_day
        ON review_log (role_id, reviewed_at, grade, duration_ms, question_id);
    CREATE INDEX review_log_by_card
        ON review_log (role_id, question_id, reviewed_at, id, grade, duration_ms);
    """,
    # 10: each rating says whether it came at least a day after the question's previous rating
    # (by time, then id): a recall test. Kept right by triggers whoever writes the log, so the
    # stats count recall tests from an index instead of walking the whole log in order; and the
    # damaged ratings (reviews.py's _VALID, word for word) found from an index of them alone.
    """
    ALTER TABLE review_log ADD COLUMN after_day INTEGER NOT NULL DEFAULT 0;
    UPDATE review_log SET after_day = 1 WHERE id IN (
        SELECT id FROM (
            SELECT id, reviewed_at, LAG(reviewed_at) OVER (
                PARTITION BY role_id, question_id ORDER BY reviewed_at, id) AS prev
            FROM review_log)
        WHERE prev IS NOT NULL AND julianday(reviewed_at) >= julianday(prev, '+1 day'));
    CREATE INDEX review_log_by_recall ON review_log (role_id, after_day, grade);
    CREATE INDEX review_log_damaged ON review_log (role_id, id) WHERE NOT (
        typeof(grade) = 'integer' AND grade BETWEEN 1 AND 4
        AND julianday(reviewed_at) IS NOT NULL
        AND (duration_ms IS NULL OR typeof(duration_ms) = 'integer'));
    CREATE TRIGGER review_log_recall_insert AFTER INSERT ON review_log BEGIN
        UPDATE review_log SET after_day = COALESCE((
            SELECT julianday(review_log.reviewed_at) >= julianday(p.reviewed_at, '+1 day')
            FROM review_log AS p
            WHERE p.role_id = review_log.role_id AND p.question_id = review_log.question_id
              AND (p.reviewed_at, p.id) < (review_log.reviewed_at, review_log.id)
            ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1), 0)
        WHERE review_log.id = NEW.id OR review_log.id = (
            SELECT n.id FROM review_log AS n
            WHERE n.role_id = NEW.role_id AND n.question_id = NEW.question_id
              AND (n.reviewed_at, n.id) > (NEW.reviewed_at, NEW.id)
            ORDER BY n.reviewed_at, n.id LIMIT 1);
    END;
    CREATE TRIGGER review_log_recall_delete AFTER DELETE ON review_log BEGIN
        UPDATE review_log SET after_day = COALESCE((
            SELECT julianday(review_log.reviewed_at) >= julianday(p.reviewed_at, '+1 day')
            FROM review_log AS p
            WHERE p.role_id = review_log.role_id AND p.question_id = review_log.question_id
              AND (p.reviewed_at, p.id) < (review_log.reviewed_at, review_log.id)
            ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1), 0)
        WHERE review_log.id = (
            SELECT n.id FROM review_log AS n
            WHERE n.role_id = OLD.role_id AND n.question_id = OLD.question_id
              AND (n.reviewed_at, n.id) > (OLD.reviewed_at, OLD.id)
            ORDER BY n.reviewed_at, n.id LIMIT 1);
    END;
    CREATE TRIGGER review_log_recall_update AFTER UPDATE OF role_id, question_id, reviewed_at
    ON review_log BEGIN
        UPDATE review_log SET after_day = COALESCE((
            SELECT julianday(review_log.reviewed_at) >= julianday(p.reviewed_at, '+1 day')
            FROM review_log AS p
            WHERE p.role_id = review_log.role_id AND p.question_id = review_log.question_id
              AND (p.reviewed_at, p.id) < (review_log.reviewed_at, review_log.id)
            ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1), 0)
        WHERE (review_log.role_id = OLD.role_id AND review_log.question_id = OLD.question_id)
           OR (review_log.role_id = NEW.role_id AND review_log.question_id = NEW.question_id);
    END;
    """,
    # 11: what the status rule, the stats, Today and the due counts read of a card, kept as
    # columns beside its JSON (store/cardcolumns.py works them out; back-filled here by the
    # preptui_card() function migrate() provides): the JSON of thousands of cards is no longer
    # parsed to count what is due. A change to a card's JSON made outside the store forgets its
    # columns (the store writes them again right after its own changes); a card without them
    # is read from its JSON. The columns are read from an index of them alone. Every rating's
    # totals per question (ratings, grades, recall tests
    # and passes), kept by triggers whoever writes the log, so the stats' figures cost what the
    # questions do, not what the history does; and the log by time, for figures of every role.
    """
    ALTER TABLE cards ADD COLUMN state TEXT;
    ALTER TABLE cards ADD COLUMN due_us INTEGER;
    ALTER TABLE cards ADD COLUMN stability REAL;
    ALTER TABLE cards ADD COLUMN last_review_us INTEGER;
    UPDATE cards SET state = preptui_card(card, 0), due_us = preptui_card(card, 1),
        stability = preptui_card(card, 2), last_review_us = preptui_card(card, 3);
    CREATE INDEX cards_by_state
        ON cards (role_id, question_id, state, due_us, stability, last_review_us);
    CREATE INDEX cards_unsound ON cards (role_id, question_id) WHERE NOT (
        typeof(state) = 'text' AND state IN ('new', 'learning', 'review', 'relearning')
        AND typeof(due_us) IN ('integer', 'null') AND typeof(stability) IN ('real', 'null')
        AND typeof(last_review_us) IN ('integer', 'null'));
    CREATE TRIGGER cards_changed AFTER UPDATE OF card ON cards BEGIN
        UPDATE cards SET state = NULL, due_us = NULL, stability = NULL, last_review_us = NULL
        WHERE role_id = NEW.role_id AND question_id = NEW.question_id;
    END;
    CREATE TABLE review_totals (
        role_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        ratings     INTEGER NOT NULL,
        grades      INTEGER NOT NULL,
        tests       INTEGER NOT NULL,
        passed      INTEGER NOT NULL,
        PRIMARY KEY (role_id, question_id)
    ) WITHOUT ROWID;
    INSERT INTO review_totals
        SELECT role_id, question_id, COUNT(*), SUM(grade), SUM(after_day),
               SUM(after_day AND grade >= 2)
        FROM review_log GROUP BY role_id, question_id;
    CREATE TRIGGER review_totals_insert AFTER INSERT ON review_log BEGIN
        INSERT INTO review_totals VALUES (NEW.role_id, NEW.question_id, 1, NEW.grade,
            NEW.after_day, NEW.after_day AND NEW.grade >= 2)
        ON CONFLICT (role_id, question_id) DO UPDATE SET ratings = ratings + excluded.ratings,
            grades = grades + excluded.grades, tests = tests + excluded.tests,
            passed = passed + excluded.passed;
    END;
    CREATE TRIGGER review_totals_delete AFTER DELETE ON review_log BEGIN
        INSERT INTO review_totals VALUES (OLD.role_id, OLD.question_id, -1, -OLD.grade,
            -OLD.after_day, -(OLD.after_day AND OLD.grade >= 2))
        ON CONFLICT (role_id, question_id) DO UPDATE SET ratings = ratings + excluded.ratings,
            grades = grades + excluded.grades, tests = tests + excluded.tests,
            passed = passed + excluded.passed;
        DELETE FROM review_totals WHERE role_id = OLD.role_id AND question_id = OLD.question_id
            AND ratings = 0 AND grades = 0 AND tests = 0 AND passed = 0;
    END;
    CREATE TRIGGER review_totals_update AFTER UPDATE OF role_id, question_id, grade, after_day
    ON review_log BEGIN
        INSERT INTO review_totals VALUES (OLD.role_id, OLD.question_id, -1, -OLD.grade,
            -OLD.after_day, -(OLD.after_day AND OLD.grade >= 2))
        ON CONFLICT (role_id, question_id) DO UPDATE SET ratings = ratings + excluded.ratings,
            grades = grades + excluded.grades, tests = tests + excluded.tests,
            passed = passed + excluded.passed;
        INSERT INTO review_totals VALUES (NEW.role_id, NEW.question_id, 1, NEW.grade,
            NEW.after_day, NEW.after_day AND NEW.grade >= 2)
        ON CONFLICT (role_id, question_id) DO UPDATE SET ratings = ratings + excluded.ratings,
            grades = grades + excluded.grades, tests = tests + excluded.tests,
            passed = passed + excluded.passed;
        DELETE FROM review_totals WHERE role_id = OLD.role_id AND question_id = OLD.question_id
            AND ratings = 0 AND grades = 0 AND tests = 0 AND passed = 0;
    END;
    CREATE INDEX review_log_by_time ON review_log (reviewed_at);
    """,
)


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date in one write transaction; refuse a newer schema."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == len(MIGRATIONS):
        return
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{path} was written by a newer preptui (schema {version}); upgrade preptui"
        )
    # Migration 11 works out each card's columns in Python: the one rule, not a copy in SQL.
    conn.create_function("preptui_card", 2, _card_column, deterministic=True)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another instance may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, len(MIGRATIONS)):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT may already have rolled back
            conn.rollback()
        raise


@functools.lru_cache(maxsize=4)  # one card's four columns, asked for one after the other
def _card_columns(text: object) -> Columns:
    return card_columns(json_or_bad(text))


def _card_column(text: object, index: int) -> str | int | float | None:
    return _card_columns(text)[index]


def _statements(script: str) -> list[str]:
    """The statements of a script, split at the semicolons that end one (not inside a trigger)."""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending)
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending)
    return statements
