"""The store's SQLite connection: opening, telling damage from faults, one write at a time.

Every change is its own ``BEGIN IMMEDIATE`` transaction, committed as it happens, so a crash or a
``kill -9`` loses nothing that was done. WAL mode and a busy timeout let two instances share a file.
Only a damaged file (not a database, or malformed) is moved aside, and it is always kept; a fault
of the environment (disk full, read-only, no permission, I/O error, locked) never touches it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from preptui.store.errors import StoreFault, describe, is_corruption
from preptui.store.migrations import migrate

__all__ = ["BUSY_TIMEOUT_MS", "Database"]

BUSY_TIMEOUT_MS = 10_000


class Database:
    """An open store file. ``notices`` says what a person should know (a file moved aside)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreFault(
                f"{self.path.parent}: cannot create the folder ({describe(exc)})"
            ) from None
        try:
            self._conn = self._open()
        except sqlite3.Error as exc:
            if not is_corruption(exc):
                raise StoreFault(f"{self.path}: cannot open the store: {describe(exc)}") from None
            moved = self._move_aside()
            self.notices.append(
                f"{self.path} was not a usable database ({exc}); moved it to {moved.name} "
                "and started a new one"
            )
            try:
                self._conn = self._open()
            except sqlite3.Error as again:
                raise StoreFault(f"{self.path}: cannot open the store: {describe(again)}") from None

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                damaged = sqlite3.DatabaseError(f"integrity check failed: {check}")
                damaged.sqlite_errorname = "SQLITE_CORRUPT"
                raise damaged
            migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise
        return conn

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
        """One write transaction, committed on exit (``BEGIN IMMEDIATE`` takes the lock first).

        On any error the transaction is rolled back only if it is still open, so the error that
        reaches the caller is SQLite's own (a disk-full COMMIT is not masked by the rollback).
        """
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
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):  # the original error is the one to report
                    conn.execute("ROLLBACK")
            raise

    def read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        cur = self._conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def close(self) -> None:
        self._conn.close()
