"""SQLite store for what the user does: bookmarks now; attempts, reviews and mocks later.

Every change is its own ``BEGIN IMMEDIATE`` transaction, committed as it happens, so a crash or a
``kill -9`` loses nothing that was done. WAL mode and a busy timeout let two instances share a file.
A file that is not a database (or is corrupt) is moved aside, never overwritten.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from preptui import paths

BUSY_TIMEOUT_MS = 10_000

# Each entry moves the schema from version N to N + 1. Never edit a released entry; append.
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
)


@dataclass(frozen=True)
class MockRecord:
    """One mock interview as stored: enough to list it, resume it or show its scorecard."""

    id: int
    role_id: str
    role_title: str
    started_at: str
    minutes: int
    seed: int
    question_ids: list[str]
    status: str
    elapsed_seconds: float
    finished_at: str | None
    score: float | None
    answered: int

    @property
    def complete(self) -> bool:
        return self.status == "complete"


class StoreError(Exception):
    """A store problem a person can act on; the message is one line."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.store_path()
        self.notices: list[str] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise StoreError(
                    f"{self.path}: the database is locked by another program"
                ) from None
            moved = self._move_aside()
            self.notices.append(
                f"{self.path} was not a usable database ({exc}); moved it to {moved.name} "
                "and started a new one"
            )
            self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == len(MIGRATIONS):
            return
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} was written by a newer preptui (schema {version}); upgrade preptui"
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
            conn.execute("ROLLBACK")
            raise

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        self.path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        return target

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on exit (``BEGIN IMMEDIATE`` takes the lock first)."""
        conn = self._conn
        for attempt in range(3):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError:
                if attempt == 2:
                    raise
                time.sleep(0.05)
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        cur = self._conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def close(self) -> None:
        self._conn.close()

    # ------------------------------------------------------------------ bookmarks

    def bookmarks(self, role_id: str) -> set[str]:
        rows = self._conn.execute(
            "SELECT question_id FROM bookmarks WHERE role_id = ?", (role_id,)
        ).fetchall()
        return {row[0] for row in rows}

    def all_bookmarks(self) -> set[tuple[str, str]]:
        rows = self._conn.execute("SELECT role_id, question_id FROM bookmarks").fetchall()
        return {(row[0], row[1]) for row in rows}

    def set_bookmark(self, role_id: str, question_id: str, on: bool) -> None:
        with self.write() as conn:
            if on:
                conn.execute(
                    "INSERT OR IGNORE INTO bookmarks (role_id, question_id, created_at)"
                    " VALUES (?, ?, ?)",
                    (role_id, question_id, now_iso()),
                )
            else:
                conn.execute(
                    "DELETE FROM bookmarks WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )

    def toggle_bookmark(self, role_id: str, question_id: str) -> bool:
        """Flip a bookmark; returns whether it is now set. Safe against a concurrent writer."""
        with self.write() as conn:
            exists = conn.execute(
                "SELECT 1 FROM bookmarks WHERE role_id = ? AND question_id = ?",
                (role_id, question_id),
            ).fetchone()
            if exists:
                conn.execute(
                    "DELETE FROM bookmarks WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )
            else:
                conn.execute(
                    "INSERT INTO bookmarks (role_id, question_id, created_at) VALUES (?, ?, ?)",
                    (role_id, question_id, now_iso()),
                )
        return not exists

    # ------------------------------------------------------------------ mock interviews

    def create_mock(
        self, role_id: str, role_title: str, minutes: int, seed: int, question_ids: Sequence[str]
    ) -> int:
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO mocks (role_id, role_title, started_at, minutes, seed, question_ids)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (role_id, role_title, now_iso(), minutes, seed, json.dumps(list(question_ids))),
            )
            return int(cur.lastrowid or 0)

    def save_mock_result(
        self, mock_id: int, result: Mapping[str, Any], elapsed_seconds: float
    ) -> None:
        """Upsert one question's result and the time used so far, in one transaction."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO mock_results (mock_id, question_id, result, rating, updated_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (mock_id, question_id) DO UPDATE SET"
                " result = excluded.result, rating = excluded.rating,"
                " updated_at = excluded.updated_at",
                (
                    mock_id,
                    result["question_id"],
                    json.dumps(result, ensure_ascii=False),
                    result.get("rating"),
                    now_iso(),
                ),
            )
            conn.execute(
                "UPDATE mocks SET elapsed_seconds = ? WHERE id = ?", (elapsed_seconds, mock_id)
            )

    def save_mock_elapsed(self, mock_id: int, elapsed_seconds: float) -> None:
        with self.write() as conn:
            conn.execute(
                "UPDATE mocks SET elapsed_seconds = ? WHERE id = ?", (elapsed_seconds, mock_id)
            )

    def finish_mock(
        self, mock_id: int, *, complete: bool, score: float | None, elapsed_seconds: float
    ) -> None:
        with self.write() as conn:
            conn.execute(
                "UPDATE mocks SET status = ?, score = ?, elapsed_seconds = ?, finished_at = ?"
                " WHERE id = ?",
                (
                    "complete" if complete else "ended-early",
                    score,
                    elapsed_seconds,
                    now_iso(),
                    mock_id,
                ),
            )

    def mock_results(self, mock_id: int) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT result FROM mock_results WHERE mock_id = ? ORDER BY rowid", (mock_id,)
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def mocks(self, role_id: str | None = None, limit: int = 200) -> list[MockRecord]:
        sql = (
            "SELECT m.id, m.role_id, m.role_title, m.started_at, m.minutes, m.seed,"
            " m.question_ids, m.status, m.elapsed_seconds, m.finished_at, m.score,"
            " (SELECT COUNT(*) FROM mock_results r WHERE r.mock_id = m.id)"
            " FROM mocks m"
        )
        params: tuple[object, ...] = ()
        if role_id is not None:
            sql += " WHERE m.role_id = ?"
            params = (role_id,)
        sql += " ORDER BY m.id DESC LIMIT ?"
        rows = self._conn.execute(sql, (*params, limit)).fetchall()
        return [
            MockRecord(
                id=row[0],
                role_id=row[1],
                role_title=row[2],
                started_at=row[3],
                minutes=row[4],
                seed=row[5],
                question_ids=list(json.loads(row[6])),
                status=row[7],
                elapsed_seconds=row[8],
                finished_at=row[9],
                score=row[10],
                answered=row[11],
            )
            for row in rows
        ]

    def mock(self, mock_id: int) -> MockRecord | None:
        return next((m for m in self.mocks() if m.id == mock_id), None)

    def latest_unfinished_mock(self, role_id: str | None = None) -> MockRecord | None:
        return next((m for m in self.mocks(role_id) if m.status == "in-progress"), None)

    def recent_mock_ratings(self, role_id: str) -> dict[str, int]:
        """The latest self-rating of each question of the role across mock interviews."""
        rows = self._conn.execute(
            "SELECT r.question_id, r.rating FROM mock_results r JOIN mocks m ON m.id = r.mock_id"
            " WHERE m.role_id = ? AND r.rating IS NOT NULL ORDER BY r.updated_at, r.rowid",
            (role_id,),
        ).fetchall()
        return {row[0]: int(row[1]) for row in rows}

    # ------------------------------------------------------------------ spaced repetition

    def cards(self, role_id: str) -> dict[str, dict[str, Any]]:
        """FSRS card dicts of a role, by question id (orphans included: ids may be gone)."""
        rows = self._conn.execute(
            "SELECT question_id, card FROM cards WHERE role_id = ?", (role_id,)
        ).fetchall()
        return {row[0]: json.loads(row[1]) for row in rows}

    def all_cards(self) -> dict[tuple[str, str], dict[str, Any]]:
        rows = self._conn.execute("SELECT role_id, question_id, card FROM cards").fetchall()
        return {(row[0], row[1]): json.loads(row[2]) for row in rows}

    def record_review(
        self,
        role_id: str,
        question_id: str,
        grade: int,
        reviewed_at: str,
        card_before: Mapping[str, Any] | None,
        card_after: Mapping[str, Any],
        scheduler: Mapping[str, Any],
        duration_ms: int | None = None,
    ) -> int:
        """Store a rating and the card it produced in one transaction; returns the log id."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO cards (role_id, question_id, card, due, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (role_id, question_id) DO UPDATE SET"
                " card = excluded.card, due = excluded.due, updated_at = excluded.updated_at",
                (
                    role_id,
                    question_id,
                    json.dumps(card_after),
                    str(card_after.get("due", "")),
                    reviewed_at,
                ),
            )
            cur = conn.execute(
                "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, duration_ms,"
                " card_before, card_after, scheduler) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    role_id,
                    question_id,
                    grade,
                    reviewed_at,
                    duration_ms,
                    None if card_before is None else json.dumps(card_before),
                    json.dumps(card_after),
                    json.dumps(scheduler),
                ),
            )
            return int(cur.lastrowid or 0)

    def undo_review(self, log_id: int) -> tuple[str, str] | None:
        """Take back one rating: the card returns to what it was before it. Returns its key."""
        with self.write() as conn:
            row = conn.execute(
                "SELECT role_id, question_id, card_before FROM review_log WHERE id = ?", (log_id,)
            ).fetchone()
            if row is None:
                return None
            role_id, question_id, before = row
            later = conn.execute(
                "SELECT 1 FROM review_log WHERE role_id = ? AND question_id = ? AND id > ?",
                (role_id, question_id, log_id),
            ).fetchone()
            if later is not None:
                raise StoreError("only the latest rating of a question can be undone")
            conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            if before is None:
                conn.execute(
                    "DELETE FROM cards WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )
            else:
                card = json.loads(before)
                conn.execute(
                    "UPDATE cards SET card = ?, due = ?, updated_at = ?"
                    " WHERE role_id = ? AND question_id = ?",
                    (before, str(card.get("due", "")), now_iso(), role_id, question_id),
                )
        return role_id, question_id

    def review_log(self, role_id: str | None = None) -> list[dict[str, Any]]:
        """Every rating, oldest first: id, role_id, question_id, grade, reviewed_at, duration_ms."""
        sql = "SELECT id, role_id, question_id, grade, reviewed_at, duration_ms FROM review_log"
        params: tuple[object, ...] = ()
        if role_id is not None:
            sql += " WHERE role_id = ?"
            params = (role_id,)
        rows = self._conn.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
        keys = ("id", "role_id", "question_id", "grade", "reviewed_at", "duration_ms")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def new_cards_since(self, role_id: str, since_iso: str) -> int:
        """How many questions of the role were reviewed for the first time since a moment."""
        row = self._conn.execute(
            "SELECT COUNT(*) FROM review_log WHERE role_id = ? AND card_before IS NULL"
            " AND reviewed_at >= ?",
            (role_id, since_iso),
        ).fetchone()
        return int(row[0])

    # ------------------------------------------------------------------ personal notes

    def note(self, role_id: str, question_id: str) -> str:
        row = self._conn.execute(
            "SELECT note FROM notes WHERE role_id = ? AND question_id = ?", (role_id, question_id)
        ).fetchone()
        return str(row[0]) if row else ""

    def set_note(self, role_id: str, question_id: str, note: str) -> None:
        """Save a note; an empty note deletes it."""
        with self.write() as conn:
            if note.strip():
                conn.execute(
                    "INSERT INTO notes (role_id, question_id, note, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (role_id, question_id) DO UPDATE SET note = excluded.note,"
                    " updated_at = excluded.updated_at",
                    (role_id, question_id, note, now_iso()),
                )
            else:
                conn.execute(
                    "DELETE FROM notes WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )
