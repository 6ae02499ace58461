"""SQLite store for what the user does: bookmarks now; attempts, reviews and mocks later.

Every change is its own ``BEGIN IMMEDIATE`` transaction, committed as it happens, so a crash or a
``kill -9`` loses nothing that was done. WAL mode and a busy timeout let two instances share a file.
A file that is not a database (or is corrupt) is moved aside, never overwritten.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

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
)


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
