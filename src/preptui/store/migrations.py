"""The store's schema, one migration per version. Never edit a released entry; append."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

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
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another instance may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, len(MIGRATIONS)):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT may already have rolled back
            conn.rollback()
        raise
